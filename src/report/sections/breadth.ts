/** Section 9: breadth of the small-cap fund's constituents. */
import * as charts from "../../views/charts.ts";
import { HALF, STYLE, at, chart, fx, line, unavailable } from "../blocks.ts";
import type { ReportContext } from "../context.ts";
import { figureCell, isSynthetic, textCell } from "../format.ts";
import type { Block, Section } from "../types.ts";

export function breadth(ctx: ReportContext): Section {
  const head = { id: "breadth", title: "Breadth", question: "Is the move broad or carried by a few companies?" };
  const b = ctx.snapshot.breadth;
  const hint = `Breadth needs ${ctx.smallFund} holdings and the daily closes of its constituents (r2k update --constituents).`;
  if (!b.available) return { ...head, finding: null, blocks: [unavailable("Breadth", b.reason, hint)] };
  const f = b.funds.find((x) => x.available);
  if (!f) return { ...head, finding: null, blocks: [unavailable("Breadth", b.funds[0]?.reason ?? "no breadth data", hint)] };
  const blocks: Block[] = [];
  const src = f.aboveShort?.sources ?? [];
  const p = at(f.asOf ?? ctx.data.asOf, src);
  blocks.push({
    kind: "figures",
    id: "breadth-figures",
    items: [
      { label: `constituents with closes on ${f.asOf}`, cell: fx(f.constituents, "count", p, "num0") },
      { label: "above their 50-day average", cell: figureCell(f.aboveShort, "pct", 0) },
      { label: "above their 200-day average", cell: f.aboveLong?.value == null ? textCell(`n/a (${f.aboveLong?.reason ?? "not enough history"})`) : figureCell(f.aboveLong, "pct", 0) },
      { label: "advancing / declining that day", cell: textCell(`${f.advancers ?? 0} / ${f.decliners ?? 0}`) },
      { label: "52-week highs / lows that day", cell: textCell(`${f.newHighs ?? 0} / ${f.newLows ?? 0}`) },
    ],
    synthetic: isSynthetic(src),
  });
  if (f.series) {
    const tl = [line("above 50-day average", f.series.aboveShort), line("above 200-day average", f.series.aboveLong)];
    blocks.push(chart("breadth-above", `${f.fund} constituents above their moving averages`, charts.breadthChart(STYLE, tl), tl.reduce((n, l) => n + l.dates.length, 0), { asOf: f.asOf ?? null, sources: src }, undefined, HALF));
    const ad = line("advance/decline line", f.series.advanceDeclineLine);
    blocks.push(chart("breadth-ad", `${f.fund} advance/decline line`, charts.advanceDeclineChart(STYLE, ad), ad.dates.length, { asOf: f.asOf ?? null, sources: src }, "Cumulative advancers minus decliners among the constituents with closes on both days.", HALF));
  }
  const use = f.aboveLong?.value != null ? { fig: f.aboveLong, days: 200 } : { fig: f.aboveShort, days: 50 };
  const finding = use.fig?.value != null
    ? ctx.finding([`On ${f.asOf}, `, ctx.cite(`share of ${f.fund} constituents above their ${use.days}-day average`, use.fig, "pct", 0), ` of ${f.fund}'s ${(f.constituents ?? 0).toLocaleString("en-US")} constituents with closes stood above their ${use.days}-day average.`])
    : null;
  return { ...head, finding, blocks };
}
