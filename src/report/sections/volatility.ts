/** Section 4: volatility now and over the window, against the benchmark. */
import type { SeriesOut, SymbolReport } from "../../core/analytics/index.ts";
import * as charts from "../../views/charts.ts";
import { HALF, STYLE, chart, latestDate, line, table, unavailable } from "../blocks.ts";
import type { ReportContext } from "../context.ts";
import { figureCell, textCell } from "../format.ts";
import type { Block, Cell, Section } from "../types.ts";

export function volatility(ctx: ReportContext): Section {
  const head = { id: "volatility", title: "Volatility", question: "How much does it move, now and usually, and against the large caps?" };
  if (!ctx.reps.length) return { ...head, finding: null, blocks: [unavailable("Volatility", "no index has closes in the window")] };
  const blocks: Block[] = [];
  const rv = (r: SymbolReport, w: number) => r.risk.rollingVolatility.find((x) => x.window === w);
  const bench = ctx.data.benchmark;
  const vsBench = (r: SymbolReport, f: (p: NonNullable<ReturnType<ReportContext["pair"]>>) => Cell) => {
    if (r.symbol === bench) return textCell("benchmark");
    const p = ctx.pair(r.symbol);
    return p ? f(p) : textCell("n/a");
  };
  const rows: [string, (r: SymbolReport) => Cell][] = [
    ["volatility over the window, % a year", (r) => figureCell(r.risk.volatility, "pct")],
    ["downside deviation, % a year", (r) => figureCell(r.risk.downsideDeviation, "pct")],
    ["last 21 sessions", (r) => figureCell(rv(r, 21)?.latest, "pct")],
    ["last 63 sessions", (r) => figureCell(rv(r, 63)?.latest, "pct")],
    ["last 252 sessions", (r) => figureCell(rv(r, 252)?.latest, "pct")],
    ["63 sessions: median of the window", (r) => figureCell(rv(r, 63)?.median, "pct")],
    ["63 sessions: highest of the window", (r) => figureCell(rv(r, 63)?.max, "pct")],
    ["skewness of daily returns", (r) => figureCell(r.risk.skewness, "num2")],
    ["excess kurtosis of daily returns", (r) => figureCell(r.risk.excessKurtosis, "num2")],
    [`volatility ratio to ${bench}`, (r) => vsBench(r, (p) => figureCell(p.volatilityRatio, "ratio"))],
    [`beta to ${bench}`, (r) => vsBench(r, (p) => figureCell(p.beta, "num2"))],
    [`beta to ${bench}, last 252 sessions`, (r) => vsBench(r, (p) => figureCell(p.rolling.beta.latest, "num2"))],
  ];
  blocks.push(table("volatility-table", "Volatility, annualized from daily returns (252 sessions a year)", ["", ...ctx.reps.map((r) => r.symbol)], rows.map(([label, f]) => [textCell(label), ...ctx.reps.map(f)])));
  const vol = ctx.reps.filter((r) => r.series?.rollingVolatility["63"]);
  if (vol.length) {
    const tl = vol.map((r) => line(r.symbol, r.series?.rollingVolatility["63"] as SeriesOut));
    blocks.push(chart("rolling-volatility", "Rolling 63-session volatility, % a year", charts.rollingVolatilityChart(STYLE, tl), tl.reduce((n, l) => n + l.dates.length, 0), { asOf: latestDate(tl[0].dates), sources: vol.flatMap((r) => r.sources) }));
  }
  const p = ctx.pair(ctx.data.smallCap);
  if (p?.series) {
    const rb = line("beta", p.series.rollingBeta);
    const rc = line("correlation", p.series.rollingCorrelation);
    blocks.push(chart("rolling-beta", `Rolling 252-session beta (dashed) and correlation of ${ctx.data.smallCap} with ${bench}`, charts.volatilityRatioChart(STYLE, [rc], [rb]), rb.dates.length + rc.dates.length, { asOf: p.beta.asOf, sources: p.beta.sources }, undefined, HALF));
  }
  let finding: Section["finding"] = null;
  const small = ctx.small;
  const b = ctx.rep(bench);
  if (small && b && p) {
    finding = ctx.finding([
      `Over the window ${ctx.the(small.symbol)}'s daily returns were `,
      ctx.cite(`${ctx.name(small.symbol)} over ${ctx.name(bench)} volatility, whole window`, p.volatilityRatio, "ratio"),
      ` as volatile as ${ctx.the(bench)}'s (`,
      ctx.cite(`${ctx.name(small.symbol)} volatility over the window`, small.risk.volatility, "pct"),
      " against ",
      ctx.cite(`${ctx.name(bench)} volatility over the window`, b.risk.volatility, "pct"),
      " a year), with a beta of ",
      ctx.cite(`${ctx.name(small.symbol)} beta to ${ctx.name(bench)}, whole window`, p.beta, "num2"),
      ".",
    ]);
  }
  return { ...head, finding, blocks };
}
