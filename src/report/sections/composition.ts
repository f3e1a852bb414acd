/** Section 8: composition and valuation of the small-cap fund against a large-cap fund. */
import type { CompanyValuationReport } from "../../core/analytics/index.ts";
import * as charts from "../../views/charts.ts";
import { comparisonLine, shownFunds, valuationLines } from "../../views/company-valuation.ts";
import { PRINT } from "../../views/format.ts";
import { quarterSummary, valuationPremiumChart } from "../../views/valuation-history.ts";
import type { ValuationHistoryReport } from "../../services/valuation-history.ts";
import { STYLE, at, chart, fx, table, text, unavailable } from "../blocks.ts";
import type { ReportContext } from "../context.ts";
import { derived, mergeProvenance, textCell } from "../format.ts";
import type { Block, Section } from "../types.ts";
import { noHoldings } from "./index-profile.ts";

/** Valuation, earnings quality and leverage from SEC filings: the small fund against the large one, as of each holdings date. */
function companyValuationBlock(report: CompanyValuationReport): Block {
  const what = "Valuation from SEC filings, small vs large";
  if (!report.available) {
    return unavailable(what, report.reason, "Caps, earnings, book value and debt come from the companies' own 10-K and 10-Q filings, as of each fund's holdings date (a universe file with per-company earnings and book value also gives a P/E and P/B).");
  }
  const funds = shownFunds(report);
  const notes = [comparisonLine(report, PRINT), ...funds.flatMap((f) => f.notes.map((n) => `${f.fund}: ${n}`))].filter((n) => n !== null);
  const sources = [...new Set(funds.flatMap((f) => f.sources))].sort();
  const asOf = funds.map((f) => f.asOf).sort().at(-1) ?? null;
  return table(
    "company-valuation",
    `${what} (${funds.map((f) => `${f.fund} holdings of ${f.asOf}`).join(", ")})`,
    ["figure", ...funds.map((f) => f.fund)],
    valuationLines(funds, PRINT).map((l) => [textCell(l.label), ...l.cells.map(textCell)]),
    { note: `${notes.join(". ")}. Aggregates are sums over companies, loss-makers included in the P/E; GAAP figures as filed.`, prov: { asOf, window: asOf ? { from: asOf, to: asOf } : null, sources } },
  );
}

/** The premium/discount of small over large at each quarter end (the P/E's, and the P/B's dashed). */
function valuationHistoryBlock(h: ValuationHistoryReport): Block {
  const what = "Valuation premium/discount over time";
  if (!h.available) return unavailable(what, h.reason, `To fill it, ${h.todo}.`);
  const funds = { small: h.small.fund, large: h.large.fund };
  const counted = h.quarters.filter((q) => q.pe.value !== null);
  const last = counted.at(-1);
  const note = [
    last ? `Latest counted quarter, ${quarterSummary(last, funds)}.` : "No quarter counts yet.",
    `Premium = ${funds.small} aggregate P/E / ${funds.large} aggregate P/E - 1; ${h.leftOut.length} of ${h.quarters.length} quarters left out (a fund's P/E covers under ${Math.round(h.minCoverage * 100)}% of its weight, or is not defined).`,
    `Survivorship: ${h.survivorship}`,
  ].join(" ");
  return chart("valuation-history", `${what}: ${funds.small} over ${funds.large}, quarter ends ${h.quarters[0].quarterEnd} to ${h.asOf}`, valuationPremiumChart(STYLE, h.quarters, funds), counted.length, { asOf: h.asOf, sources: h.sources }, note);
}

export function composition(ctx: ReportContext): Section {
  const head = { id: "composition", title: "Composition and valuation", question: "Which sectors does it hold, and what does it cost next to large caps?" };
  const comp = ctx.snapshot.composition;
  const pair = ctx.fundPair();
  if (!pair) {
    const reason = comp.available ? `no ${ctx.smallFund} holdings stored` : noHoldings(ctx, comp.reason);
    return { ...head, finding: null, blocks: [unavailable("Composition", reason, `Import an iShares holdings file for ${ctx.smallFund} (and IWB or IVV to compare).`)] };
  }
  const blocks: Block[] = [];
  const { small, large } = pair;
  if (pair.note) blocks.push(text(`Compared: ${pair.note}`));
  const shown = large ? [small, large] : [small];
  const sectors = [...new Set(shown.flatMap((f) => f.sectors.map((s) => s.name)))];
  const weight = (f: typeof small, name: string) => f.sectors.find((x) => x.name === name)?.weight ?? 0;
  sectors.sort((a, b) => weight(small, b) - weight(small, a));
  blocks.push(
    chart(
      "sectors",
      `Sector weights: ${shown.map((f) => `${f.fund} (${f.asOf})`).join(" vs ")}`,
      charts.sectorWeightsChart(STYLE, sectors, shown.map((f) => ({ name: `${f.fund} (${f.asOf})`, values: sectors.map((s) => weight(f, s)) }))),
      sectors.length * shown.length,
      { asOf: shown.map((f) => f.asOf).sort().at(-1) ?? null, sources: shown.flatMap((f) => f.sources) },
      undefined,
      { width: 760, height: Math.max(260, 40 + sectors.length * 10 * shown.length) },
    ),
  );
  const ps = at(small.asOf, small.sources);
  const pl = large ? at(large.asOf, large.sources) : null;
  blocks.push(
    table(
      "sector-table",
      "Sector weights by market value",
      ["sector", small.fund, ...(large ? [large.fund, "difference"] : [])],
      sectors.map((name) => {
        const a = weight(small, name);
        const b = large ? weight(large, name) : 0;
        return [
          textCell(name),
          fx(a, "fraction", ps, "pct"),
          ...(large && pl ? [fx(b, "fraction", pl, "pct"), fx(a - b, "fraction", mergeProvenance([derived(0, "fraction", ps), derived(0, "fraction", pl)]), "pp")] : []),
        ];
      }),
    ),
  );
  blocks.push(table("top-holdings", `Ten largest holdings of ${small.fund} (${small.asOf})`, ["ticker", "name", "weight"], small.top10.map((h) => [textCell(h.ticker), textCell(h.name), fx(h.weight, "fraction", ps, "pct", 2)])));
  const v = ctx.snapshot.valuation;
  if (v.available) {
    const ok = v.funds.filter((f) => f.available);
    if (ok.length) {
      blocks.push(
        table(
          "valuation",
          "Valuation of the holdings (harmonic, market-value weighted)",
          ["fund", "P/E", "P/B", "loss-makers (count)", "loss-makers (weight)", "earnings coverage"],
          ok.map((f) => {
            if (!f.available) return [];
            const p = at(f.asOf, f.sources);
            return [textCell(`${f.fund} (${f.asOf})`), fx(f.pe, "ratio", p, "num2", 1), fx(f.pb, "ratio", p, "num2", 2), fx(f.negativeEarningsShare, "fraction", p, "pct"), fx(f.negativeEarningsWeight, "fraction", p, "pct"), fx(f.earningsCoverage, "fraction", p, "pct", 0)];
          }),
          { note: `Loss-making companies are ${ok[0].available && ok[0].negativeEarnings === "include" ? "included with their negative earnings, as in an aggregate P/E" : "left out"}.` },
        ),
      );
    }
    const missing = v.funds.filter((f) => !f.available);
    // With no universe file's fundamentals, the way to a valuation is the SEC's filings: their block says what to run.
    if (missing.length && ok.length) {
      blocks.push(unavailable(`Valuation of ${missing.map((f) => (f.sources[0] ?? "?").split(" ")[0]).join(", ")}`, "no per-company earnings or book value stored for these holdings", "Valuation needs per-company fundamentals (earnings and book value per company)."));
    }
  } else blocks.push(unavailable("Valuation", v.reason, "Valuation needs per-company earnings and book value; holdings files carry neither."));
  const companies = v.available ? v.companies : null;
  if (companies) blocks.push(companyValuationBlock(companies));
  // Without any company valued there is no history either; the block above already says what to run.
  if (companies?.available || ctx.data.valuationHistory.available) blocks.push(valuationHistoryBlock(ctx.data.valuationHistory));

  let finding: Section["finding"] = null;
  if (large) {
    const gaps = sectors.map((name) => ({ name, a: weight(small, name), b: weight(large, name) })).sort((x, y) => Math.abs(y.a - y.b) - Math.abs(x.a - x.b));
    const [g1, g2] = gaps;
    const c = (f: typeof small, name: string, w: number) => ctx.cite(`${f.fund} weight in ${name} (${f.asOf})`, { value: w, unit: "fraction", ...at(f.asOf, f.sources) }, "pct");
    finding = ctx.finding([
      `Against ${large.fund}, ${small.fund} differs most in ${g1.name} (`,
      c(small, g1.name, g1.a),
      " against ",
      c(large, g1.name, g1.b),
      ")",
      ...(g2 ? [` and ${g2.name} (`, c(small, g2.name, g2.a), " against ", c(large, g2.name, g2.b), ")"] : []),
      `; holdings of ${small.asOf} and ${large.asOf}.`,
    ]);
  }
  return { ...head, finding, blocks };
}
