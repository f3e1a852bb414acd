/** Section 7: rates and credit: levels, policy regimes, sensitivity, regional banks. */
import * as charts from "../../views/charts.ts";
import { STYLE, chart, latestDate, line, table, unavailable } from "../blocks.ts";
import type { ReportContext } from "../context.ts";
import type { Facts } from "../facts.ts";
import { figureCell, mergeProvenance, numCell, textCell } from "../format.ts";
import type { Block, Section } from "../types.ts";

const LINE_IDS = ["DFF", "FEDFUNDS", "DGS10", "DGS2", "BAMLH0A0HYM2"];

export function rates(ctx: ReportContext, facts: Facts): Section {
  const blocks: Block[] = [];
  const head = { id: "rates", title: "Rates and credit", question: "Where are rates and credit spreads, and how have small caps behaved with them?" };
  const macro = ctx.inputs.macro ?? [];
  const from = ctx.window.firstClose ?? "0000-00-00";
  const chosen = LINE_IDS.filter((id) => macro.some((m) => m.id === id && m.dates.length)).filter((id, _i, all) => !(id === "FEDFUNDS" && all.includes("DFF")));
  const r = ctx.snapshot.rates;
  const policy = r.available && r.policy.available ? r.policy : null;
  if (chosen.length) {
    const lines = chosen.map((id) => {
      const m = macro.find((x) => x.id === id) as (typeof macro)[number];
      const dates: string[] = [];
      const values: (number | null)[] = [];
      for (let i = 0; i < m.dates.length; i++) {
        const d = new Date(m.dates[i] * 86_400_000).toISOString().slice(0, 10);
        if (d < from) continue;
        dates.push(d);
        values.push(Number.isFinite(m.values[i]) ? m.values[i] : null);
      }
      return { id, m, l: line(id, { dates, values }) };
    });
    const hiking = policy ? policy.periods.filter((x) => x.regime === "hiking" && x.to >= from).map((x) => ({ from: x.from, to: x.to })) : [];
    blocks.push(
      chart(
        "rate-lines",
        "Fed funds, Treasury yields and the high-yield spread, % (hiking periods shaded)",
        charts.rateLinesChart(STYLE, lines.map((x) => x.l), hiking),
        lines.reduce((n, x) => n + x.l.dates.length, 0),
        { asOf: lines.map((x) => latestDate(x.l.dates)).filter((x): x is string => !!x).sort().at(-1) ?? null, sources: lines.flatMap((x) => (x.m.sources ?? []).map((s) => `${x.id}:${s}`)) },
        lines.map((x) => `${x.id}: ${ctx.names.get(x.id) ?? x.id}`).join("; "),
      ),
    );
  }
  const m = facts.metrics;
  const levels: [string, string][] = [
    ["fedFunds", "fed funds rate"],
    ["dgs2", "2-year Treasury yield"],
    ["dgs10", "10-year Treasury yield"],
    ["curve", "10-year minus 2-year"],
    ["hy", "high-yield spread"],
    ["hyPct", "high-yield spread: percentile of its history"],
  ];
  const present = levels.filter(([k]) => m[k]);
  if (present.length) {
    blocks.push(table("rate-levels", `Levels at the window's end (${ctx.data.asOf})`, ["", "value", "on"], present.map(([k, label]) => [textCell(label), figureCell(m[k].figure, m[k].format, m[k].digits), textCell(m[k].figure.asOf)])));
  }
  if (!r.available) {
    blocks.push(unavailable("Rates and credit", r.reason, "Import FRED DFF or FEDFUNDS, DGS2, DGS10 and BAMLH0A0HYM2 (r2k import fred/*.csv or r2k update)."));
    return { ...head, finding: null, blocks };
  }
  if (policy) {
    const regimes = ["hiking", "on hold", "easing"] as const;
    const idx = policy.byIndex.filter((b) => ctx.data.indices.includes(b.symbol));
    blocks.push(
      table(
        "policy-regimes",
        `Returns and volatility by Fed policy regime, % a year (${policy.source})`,
        ["index", ...regimes.flatMap((g) => [`${g}: return`, `${g}: volatility`])],
        idx.map((b) => [
          textCell(b.symbol),
          ...regimes.flatMap((g) => {
            const x = b.rows.find((y) => y.regime === g);
            return [figureCell(x?.annualizedReturn, "pctSigned"), figureCell(x?.annualizedVolatility, "pct")];
          }),
        ]),
        { note: `Regime rule: ${policy.rule}.` },
      ),
    );
    blocks.push(
      chart(
        "policy-chart",
        "Return by Fed policy regime, % a year",
        charts.policyRegimeChart(STYLE, [...regimes], idx.map((b) => ({ name: b.symbol, values: regimes.map((g) => b.rows.find((x) => x.regime === g)?.annualizedReturn.value ?? null) }))),
        idx.length * regimes.length,
        mergeProvenance(idx.flatMap((b) => b.rows.map((x) => x.annualizedReturn))),
        undefined,
        { width: 760, height: 240 },
      ),
    );
  } else blocks.push(unavailable("Returns by Fed policy regime", r.policy.available ? "" : r.policy.reason));
  let finding: Section["finding"] = null;
  if (r.sensitivity.available) {
    const sens = r.sensitivity;
    blocks.push(
      table(
        "rate-sensitivity",
        `Weekly return gap (${sens.dependent.replace(/^weekly /, "").replace(" - weekly ", " minus ")}) per 1 pp rise in rates and spreads`,
        ["weekly change in", "gap per 1 pp rise", "t-statistic", "R²", "weeks"],
        sens.rows.map((x) =>
          x.available
            ? [textCell(x.label), figureCell(x.beta, "pp", 2), figureCell(x.tStat, "num2", 1), figureCell(x.rSquared, "num2", 3), numCell((x.n ?? 0).toLocaleString("en-US"))]
            : [textCell(x.label), textCell(x.reason ?? "n/a"), textCell(""), textCell(""), textCell("")],
        ),
        { note: `Weeks ${sens.window.from} to ${sens.window.to}. A negative value means the small caps fell further behind the large caps in weeks when the series rose; |t| above about 2 separates the slope from zero in this sample.` },
      ),
    );
    const hy = sens.rows.find((x) => x.series === "BAMLH0A0HYM2" && x.available) ?? sens.rows.find((x) => x.available);
    if (hy && hy.available && hy.beta && hy.tStat && hy.beta.value !== null) {
      const smallName = ctx.name(ctx.data.smallCap);
      const benchName = ctx.name(ctx.data.benchmark);
      finding = ctx.finding([
        `In weekly data from ${sens.window.from} to ${sens.window.to}, each 1 pp rise in the ${hy.label} went with ${ctx.the(ctx.data.smallCap)} ${hy.beta.value < 0 ? "trailing" : "beating"} ${ctx.the(ctx.data.benchmark)} by `,
        ctx.cite(`weekly return gap (${smallName} minus ${benchName}) per 1 pp rise in the ${hy.label}`, hy.beta, "pp", 2, true),
        " more that week (t = ",
        ctx.cite(`t-statistic of that slope`, hy.tStat, "num2", 1),
        ").",
      ]);
    }
  } else blocks.push(unavailable("Rate sensitivity", r.sensitivity.reason));
  const rb = ctx.snapshot.regionalBanks;
  if (rb.available) {
    blocks.push(
      table(
        "regional-banks",
        `Regional banks: ${rb.banks} against ${rb.smallCap}, ${rb.window.from} to ${rb.window.to}`,
        ["", rb.banks, rb.smallCap],
        [
          [textCell("return over the span"), figureCell(rb.banksReturn, "pctSigned"), figureCell(rb.smallCapReturn, "pctSigned")],
          [textCell("volatility, % a year"), figureCell(rb.banksVolatility, "pct"), figureCell(rb.smallCapVolatility, "pct")],
          [textCell(`beta to ${rb.smallCap}`), figureCell(rb.beta, "num2"), textCell("")],
          [textCell(`deepest fall of the ${rb.banks}/${rb.smallCap} ratio`), figureCell(rb.ratioMaxDrawdown, "pctSigned"), textCell("")],
        ],
        { note: "Regional banks are a large part of the small-cap index's financials; their stress shows in this ratio." },
      ),
    );
  }
  return { ...head, finding, blocks };
}
