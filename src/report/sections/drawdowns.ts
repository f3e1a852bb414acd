/** Section 5: drawdowns and the 2008 and 2020 crash case studies. */
import type { SeriesOut } from "../../core/analytics/index.ts";
import * as charts from "../../views/charts.ts";
import { crashPath, thin } from "../../views/series.ts";
import { HALF, MAX_POINTS, STYLE, chart, duration, fx, latestDate, line, table, unavailable, type Prov } from "../blocks.ts";
import type { ReportContext } from "../context.ts";
import { figureCell, numCell, textCell } from "../format.ts";
import type { Block, Section } from "../types.ts";

const CASE_LABELS: Record<string, string> = { "2007-2009": "2007-2009: the financial crisis", "2020": "2020: the pandemic crash" };

export function drawdowns(ctx: ReportContext): Section {
  const blocks: Block[] = [];
  const end = ctx.data.asOf;
  const uw = ctx.reps.filter((r) => r.series?.underwater);
  if (uw.length) {
    const tl = uw.map((r) => line(r.symbol, r.series?.underwater as SeriesOut));
    blocks.push(chart("underwater", "Drawdown: decline from the highest close so far", charts.underwaterChart(STYLE, tl), tl.reduce((n, l) => n + l.dates.length, 0), { asOf: latestDate(tl[0].dates), sources: uw.flatMap((r) => r.sources) }));
  }
  if (ctx.reps.length) {
    blocks.push(
      table(
        "drawdown-summary",
        "Deepest drawdown in the window, and the decline at its end",
        ["", "maximum drawdown", "peak", "trough", "below the high at the end"],
        ctx.reps.map((r) => [textCell(r.symbol), figureCell(r.drawdowns.max, "pctSigned"), textCell(r.drawdowns.max.peak), textCell(r.drawdowns.max.trough), figureCell(r.drawdowns.current, "pctSigned")]),
      ),
    );
  }
  const r = ctx.small;
  if (r) {
    const prov = (e: (typeof r.drawdowns.top)[number]): Prov => ({ asOf: e.recovery ?? r.window.to, window: { from: e.peak, to: e.recovery ?? r.window.to }, sources: r.sources });
    blocks.push(
      table(
        "top-drawdowns",
        `Largest drawdowns of ${r.symbol} in the window`,
        ["#", "peak", "trough", "depth", "recovered on", "time to recover"],
        r.drawdowns.top.map((e) => [
          numCell(String(e.rank)),
          textCell(e.peak),
          textCell(e.trough),
          fx(e.depth, "fraction", prov(e), "pctSigned"),
          textCell(e.recovery ?? `not by ${end}`),
          e.daysToRecover === null ? textCell("-") : textCell(duration(e.daysToRecover)),
        ]),
      ),
    );
  }
  for (const cs of ctx.snapshot.caseStudies) {
    const rows = cs.rows.filter((x) => ctx.data.indices.includes(x.symbol));
    const ok = rows.filter((x) => x.available);
    const months = ok[0]?.after?.map((a) => a.months) ?? ctx.snapshot.conventions.afterTroughMonths;
    const label = CASE_LABELS[cs.name] ?? cs.name;
    if (!ok.length) {
      blocks.push(unavailable(`Case study ${label}`, rows.map((x) => x.reason).filter(Boolean).join("; ") || `no stored closes cover ${cs.range.from} to ${cs.range.to}`));
      continue;
    }
    blocks.push(
      table(
        `case-${cs.name}`,
        `Case study ${label}: peak and trough inside ${cs.range.from} to ${cs.range.to}, and the price return ${months.join(", ")} months after the trough`,
        ["", "peak", "trough", "depth", "recovered on", "time to recover", ...months.map((m) => `+${m} months`)],
        rows.map((x) =>
          x.available
            ? [
                textCell(x.symbol),
                textCell(x.peak),
                textCell(x.trough),
                figureCell(x.depth, "pctSigned"),
                textCell(x.recovery ?? `not by ${end}`),
                textCell(x.recovery ? duration(x.daysToRecover ?? 0) : "-"),
                ...(x.after ?? []).map((a) => figureCell(a.value, "pctSigned")),
              ]
            : [textCell(x.symbol), textCell(x.reason ?? "not available")],
        ),
        // Recoveries are searched up to the window's end, so the table reads as of that day, not
        // as of its latest figure (the return 24 months after the trough).
        { prov: { asOf: end, window: { from: cs.range.from, to: end }, sources: [...new Set(ok.flatMap((x) => x.depth?.sources ?? []))].sort() } },
      ),
    );
    const paths = ok
      .map((x) => {
        const b = ctx.bars(x.symbol);
        const p = b ? crashPath(b, cs.range.from, cs.range.to) : null;
        return p ? { ...thin(p, MAX_POINTS), symbol: x.symbol } : null;
      })
      .filter((x) => x !== null);
    if (paths.length) {
      blocks.push(
        chart(
          `case-path-${cs.name}`,
          `${label}: price relative to each index's pre-crash peak`,
          charts.crashPathChart(STYLE, paths.map((p) => ({ name: p.symbol, sessionsFromPeak: p.sessionsFromPeak, values: p.values }))),
          paths.reduce((n, p) => n + p.values.length, 0),
          { asOf: paths.map((p) => p.asOf).filter((x): x is string => !!x).sort().at(-1) ?? null, sources: paths.flatMap((p) => p.sources) },
          undefined,
          HALF,
        ),
      );
    }
  }
  let finding: Section["finding"] = null;
  if (r && r.drawdowns.max.value !== null && r.drawdowns.max.peak) {
    const top = r.drawdowns.top[0];
    finding = ctx.finding([
      `${ctx.name(r.symbol)}'s deepest fall in the window was `,
      ctx.cite(`${ctx.name(r.symbol)} maximum drawdown in the window`, r.drawdowns.max, "pctSigned", undefined, true),
      ` (${r.drawdowns.max.peak} to ${r.drawdowns.max.trough}), ${top?.recovery ? `regained by ${top.recovery}, ${duration(top.daysToRecover ?? 0)} after the trough` : `not regained by ${end}`}; at the window's end it stood `,
      ctx.cite(`${ctx.name(r.symbol)} decline from its highest close, at the window's end`, r.drawdowns.current, "pctSigned", undefined, true),
      " below its high.",
    ]);
  }
  return { id: "drawdowns", title: "Drawdowns and the 2008 and 2020 crashes", question: "How far has it fallen, and how long did recoveries take?", finding, blocks };
}
