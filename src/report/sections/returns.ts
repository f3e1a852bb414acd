/** Section 3: returns over horizons, growth of 10,000, calendar years. */
import type { SymbolReport } from "../../core/analytics/index.ts";
import * as charts from "../../views/charts.ts";
import { growthOf10k } from "../../views/series.ts";
import { HALF, STYLE, chart, fx, line, table, unavailable } from "../blocks.ts";
import { onBasis } from "../comparison.ts";
import type { ReportContext } from "../context.ts";
import { figureCell, textCell } from "../format.ts";
import type { Block, Section } from "../types.ts";

const HORIZONS = ["1M", "3M", "6M", "YTD", "1Y", "3Y", "5Y", "10Y", "20Y"];
const ANNUAL = ["3Y", "5Y", "10Y", "20Y"];

export function returns(ctx: ReportContext): Section {
  const head = { id: "returns", title: "Returns", question: "What did it return, over which horizons and in which years?" };
  if (!ctx.reps.length) return { ...head, finding: null, blocks: [unavailable("Returns", "no index has closes in the window")] };
  const basis = ctx.basisWord;
  const m = ctx.data.measurement;
  const blocks: Block[] = [];
  const rows = HORIZONS.map((h) => {
    const annual = ANNUAL.includes(h);
    return [
      textCell(annual ? `${h}, % a year` : h),
      ...ctx.reps.map((r) => figureCell(onBasis(r, r.returns.find((y) => y.horizon === h), annual), "pctSigned")),
    ];
  });
  blocks.push(table("horizon-returns", `Returns (${basis}) over horizons ending ${ctx.data.asOf}`, ["horizon", ...ctx.reps.map((r) => r.symbol)], rows));

  const lines = ctx.reps
    .map((r) => {
      const b = ctx.bars(r.symbol);
      const g = b ? growthOf10k(b, m.window.from, m.window.to, m.basis) : null;
      return g ? { r, g } : null;
    })
    .filter((x) => x !== null);
  if (lines.length) {
    const tl = lines.map((x) => line(x.r.symbol, x.g));
    const start = m.window.mode === "common" ? `from ${m.window.firstClose}` : "from each index's first close";
    blocks.push(
      chart("growth", `Growth of 10,000 ${start} (${basis}, log scale)`, charts.growthChart(STYLE, tl, { log: true }), tl.reduce((n, l) => n + l.dates.length, 0), {
        asOf: lines.map((x) => x.g.asOf).filter((x): x is string => !!x).sort().at(-1) ?? null,
        sources: lines.flatMap((x) => x.g.sources),
      }),
    );
  }
  const years = [...new Set(ctx.reps.flatMap((r) => r.calendarYears.rows.map((y) => y.year)))].sort((a, b) => a - b).slice(-15);
  const cy = (r: SymbolReport, y: number) => r.calendarYears.rows.find((x) => x.year === y);
  const yearValue = (r: SymbolReport, y: number) => {
    const x = cy(r, y);
    return x ? (r.basis === "total" && x.total !== null ? x.total : x.price) : null;
  };
  blocks.push(
    chart(
      "calendar-years",
      `Calendar-year returns (${basis}), ${years[0]}-${years.at(-1)}`,
      charts.calendarYearChart(STYLE, years, ctx.reps.map((r) => ({ name: r.symbol, values: years.map((y) => yearValue(r, y)) }))),
      years.length * ctx.reps.length,
      { asOf: ctx.reps.map((r) => r.calendarYears.asOf).sort().at(-1) ?? null, sources: ctx.reps.flatMap((r) => r.calendarYears.sources) },
      undefined,
      HALF,
    ),
  );
  blocks.push(
    table(
      "calendar-table",
      `Calendar-year returns (${basis}; * partial year)`,
      ["year", ...ctx.reps.map((r) => r.symbol)],
      [...years].reverse().map((y) => [
        textCell(String(y)),
        ...ctx.reps.map((r) => {
          const x = cy(r, y);
          const c = fx(yearValue(r, y), "fraction", { asOf: x?.to ?? null, window: x ? { from: x.from, to: x.to } : null, sources: r.calendarYears.sources }, "pctSigned");
          if (x?.partial) c.text += "*";
          return c;
        }),
      ]),
    ),
  );

  // Finding: the small cap's 10-year (else 5-year) return against the benchmark's.
  let finding: Section["finding"] = null;
  const small = ctx.small;
  const bench = ctx.rep(ctx.data.benchmark);
  if (small && bench) {
    const h = ["10Y", "5Y", "3Y"].find((k) => onBasis(small, small.returns.find((x) => x.horizon === k), true)?.value != null && onBasis(bench, bench.returns.find((x) => x.horizon === k), true)?.value != null);
    if (h) {
      const a = onBasis(small, small.returns.find((x) => x.horizon === h), true)!;
      const b = onBasis(bench, bench.returns.find((x) => x.horizon === h), true)!;
      const gap = (a.value as number) - (b.value as number);
      const years = h.replace("Y", "");
      finding = ctx.finding([
        `Over the ${years} years to ${a.window?.to ?? ctx.data.asOf}, ${ctx.the(small.symbol)} returned `,
        ctx.cite(`${ctx.name(small.symbol)} ${years}-year return, % a year (${basis})`, a, "pctSigned"),
        " a year against ",
        ctx.cite(`${ctx.name(bench.symbol)} ${years}-year return, % a year (${basis})`, b, "pctSigned"),
        ` for ${ctx.the(bench.symbol)}: ${Math.abs(gap * 100).toFixed(1)} pp a year ${gap >= 0 ? "more" : "less"}.`,
      ]);
    }
  }
  return { ...head, finding, blocks };
}
