/** Section 10: access through ETFs: each fund against its index, like for like. */
import type { SymbolReport } from "../../core/analytics/index.ts";
import * as charts from "../../views/charts.ts";
import { HALF, STYLE, chart, fx, table, unavailable, type Prov } from "../blocks.ts";
import type { ReportContext } from "../context.ts";
import { figureCell, mergeProvenance, textCell } from "../format.ts";
import type { Block, Section } from "../types.ts";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function etf(ctx: ReportContext): Section {
  const head = { id: "etf", title: "Access through ETFs", question: "How closely does a fund deliver the index?" };
  const pairs = ctx.snapshot.tracking.filter((t) => t.available);
  if (!pairs.length) return { ...head, finding: null, blocks: [unavailable("ETF tracking", "no fund and index pair stored", "Import IWM with ^RUT (and SPY with ^GSPC) price histories.")] };
  const blocks: Block[] = [];
  const rows = pairs.map((t) => {
    const full = (t.years ?? []).filter((y) => !y.partial);
    const te = t.trackingError;
    const prov: Prov = { asOf: te?.asOf ?? null, window: te?.window ?? null, sources: te?.sources ?? [] };
    const med = median(full.map((y) => y.difference));
    const dist = median(full.map((y) => y.distributions).filter((x): x is number => x !== null));
    return { t, full, prov, med, dist };
  });
  blocks.push(
    table(
      "tracking",
      `Funds against their indices, like for like (${[...new Set(pairs.map((t) => (t.basis === "total" ? "total vs total" : "price vs price")))].join(", ")}); tracking errors in % a year`,
      ["fund vs index", "daily TE", "monthly TE", "full years", "median yearly difference", "median distributions"],
      rows.map(({ t, full, prov, med, dist }) => [
        textCell(`${t.fund} vs ${t.indexSeries ?? t.index}`),
        figureCell(t.trackingError, "pct", 2),
        figureCell(t.trackingErrorMonthly, "pct", 2),
        fx(full.length, "count", prov, "num0"),
        fx(med, "fraction", prov, "pp", 2),
        fx(dist, "fraction", prov, "pp", 2),
      ]),
      { note: [...new Set(pairs.flatMap((t) => [t.note, t.basisNote, t.distributionsNote]).filter(Boolean))].join(" ") },
    ),
  );
  const years = [...new Set(pairs.flatMap((t) => (t.years ?? []).filter((y) => !y.partial).map((y) => y.year)))].sort((a, b) => a - b);
  if (years.length) {
    blocks.push(
      chart(
        "tracking-difference",
        `Yearly return difference, fund minus index (${pairs.every((t) => t.basis === "total") ? "total vs total" : "price vs price"}; full years)`,
        charts.trackingDifferenceChart(STYLE, years, pairs.map((t) => ({ name: `${t.fund} − ${t.indexSeries ?? t.index}`, values: years.map((y) => t.years?.find((x) => x.year === y && !x.partial)?.difference ?? null) }))),
        years.length * pairs.length,
        mergeProvenance(pairs.map((t) => t.trackingError)),
        undefined,
        HALF,
      ),
    );
  }
  const etfs = ctx.data.etfs.map((s) => ctx.rep(s)).filter((r): r is SymbolReport => !!r);
  if (etfs.length) {
    const h = (r: SymbolReport, k: string, total: boolean) => {
      const x = r.returns.find((y) => y.horizon === k);
      const annual = k !== "1Y";
      return total ? (annual ? x?.totalAnnualized : x?.total) : annual ? x?.priceAnnualized : x?.price;
    };
    blocks.push(
      table(
        "etf-returns",
        `Fund returns to ${ctx.data.asOf}: price, and total with distributions reinvested (adjusted closes)`,
        ["fund", "basis", "1 year", "3 years, % a year", "5 years, % a year"],
        etfs.flatMap((r) =>
          [false, ...(r.totalReturnAvailable ? [true] : [])].map((total) => [
            textCell(`${r.symbol} (${ctx.name(r.symbol)})`),
            textCell(total ? "total return" : "price"),
            figureCell(h(r, "1Y", total), "pctSigned"),
            figureCell(h(r, "3Y", total), "pctSigned"),
            figureCell(h(r, "5Y", total), "pctSigned"),
          ]),
        ),
      ),
    );
  }
  let finding: Section["finding"] = null;
  const first = rows.find((x) => x.t.fund === ctx.smallFund) ?? rows[0];
  if (first && first.med !== null) {
    const { t, full, prov, med, dist } = first;
    const basis = t.basis === "total" ? "On total return" : "On price";
    finding = ctx.finding([
      `${basis}, ${t.fund}'s calendar-year return differed from ${t.indexSeries ?? t.index}'s by a median `,
      ctx.cite(`${t.fund} minus ${t.indexSeries ?? t.index}, median yearly difference (${t.basis})`, { value: med, unit: "fraction", ...prov }, "pp", 2),
      ` over ${full.length} full years, with a monthly tracking error of `,
      ctx.cite(`${t.fund} vs ${t.indexSeries ?? t.index} monthly tracking error, % a year`, t.trackingErrorMonthly, "pct", 2),
      " a year (daily: ",
      ctx.cite(`${t.fund} vs ${t.indexSeries ?? t.index} daily tracking error, % a year`, t.trackingError, "pct", 2),
      ", inflated by close timing)",
      ...(dist !== null ? ["; its distributions added a median ", ctx.cite(`${t.fund} distributions, median per year`, { value: dist, unit: "fraction", ...prov }, "pp", 2), " a year, which is return, not tracking"] : []),
      ".",
    ]);
  }
  return { ...head, finding, blocks };
}
