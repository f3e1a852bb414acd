/** Section 6: small caps against large caps: relative strength, regimes, recessions, lead/lag. */
import { isoToDay, recessionCycles } from "../../core/analytics/index.ts";
import * as charts from "../../views/charts.ts";
import { STYLE, chart, duration, fx, line, table, text, unavailable, type Prov } from "../blocks.ts";
import type { ReportContext } from "../context.ts";
import { figureCell, formatValue, isSynthetic, numCell, textCell } from "../format.ts";
import type { Block, Cell, Section } from "../types.ts";

export function leadership(ctx: ReportContext, rsPercentile: Cell | null): Section {
  const l = ctx.snapshot.leadership;
  const head = { id: "leadership", title: "Leadership: small caps against large caps", question: "When have small caps led, for how long, and does either turn first?" };
  if (!l.available) return { ...head, finding: null, blocks: [unavailable("Leadership", l.reason)] };
  const blocks: Block[] = [];
  const small = ctx.name(l.small);
  const large = ctx.name(l.large);
  const items = [
    { label: `${l.small}/${l.large} price ratio on ${l.ratio.latest.asOf}`, cell: figureCell(l.ratio.latest, "num3", 4) },
    { label: "change over the last year", cell: figureCell(l.ratio.change1Y, "pctSigned") },
    { label: `change over the window (${l.window.from} to ${l.window.to})`, cell: figureCell(l.ratio.windowChange, "pctSigned") },
  ];
  if (rsPercentile) items.push({ label: "percentile of the latest ratio among its daily values of the last 10 years", cell: rsPercentile });
  blocks.push({ kind: "figures", id: "leadership-figures", items, synthetic: isSynthetic(l.ratio.latest.sources) });
  if (l.series) {
    const usrec = ctx.inputs.macro?.find((m) => m.id === "USREC");
    const rec = recessionCycles(usrec, isoToDay(l.window.to));
    const bands = rec.cycles.filter((c) => c.trough >= l.window.from).map((c) => ({ from: c.peak, to: c.trough }));
    const smallLed = l.regimes.filter((r) => r.leader.startsWith(l.small)).map((r) => ({ from: r.from, to: r.to }));
    const tl = line(`${l.small} / ${l.large}`, l.series.ratio);
    blocks.push(
      chart(
        "relative-strength",
        `Relative strength ${l.small} / ${l.large} (${l.basis === "total" ? "total return" : "price"}${l.standsFor ? `; the funds tracking ${l.standsFor.small} and ${l.standsFor.large}` : ""}): small-cap leadership shaded, recessions grey`,
        charts.relativeStrengthChart(STYLE, tl, smallLed, { label: `recessions (${rec.source})`, bands }),
        tl.dates.length,
        { asOf: l.ratio.latest.asOf, sources: [...l.ratio.latest.sources, ...(usrec?.sources ?? []).map((x) => `USREC:${x}`)] },
        `Regimes are swings of the ratio of at least ${formatValue(l.threshold, "pct", 0)}; the last one stays open until a swing of that size confirms it.`,
      ),
    );
  }
  const prov = (r: (typeof l.regimes)[number]): Prov => ({ asOf: r.to, window: { from: r.from, to: r.to }, sources: l.ratio.latest.sources });
  blocks.push(
    table(
      "regimes",
      `The last ${Math.min(8, l.regimes.length)} of ${l.regimes.length} leadership regimes`,
      ["leader", "from", "to", "length", "ratio change", `${l.small} return`, `${l.large} return`],
      l.regimes
        .slice(-8)
        .reverse()
        .map((r) => [
          textCell(r.leader.replace(/ \(.*\)$/, "") + (r.confirmed ? "" : " (open)")),
          textCell(r.from),
          textCell(r.to),
          textCell(duration(r.days)),
          fx(r.ratioChange, "fraction", prov(r), "pctSigned"),
          fx(r.smallReturn, "fraction", prov(r), "pctSigned"),
          fx(r.largeReturn, "fraction", prov(r), "pctSigned"),
        ]),
    ),
  );
  const wp: Prov = { asOf: l.window.to, window: l.window, sources: l.ratio.latest.sources };
  blocks.push(
    table(
      "regime-summary",
      "Confirmed regimes by leader",
      ["leader", "regimes", "median length", "median ratio change"],
      l.summary.map((x) => [textCell(x.leader), fx(x.count, "count", wp, "num0"), textCell(x.medianDays === null ? "n/a" : duration(Math.round(x.medianDays))), fx(x.medianRatioChange, "fraction", wp, "pctSigned")]),
    ),
  );
  const after = l.afterRecessions.rows.filter((x) => x.small.value !== null && x.large.value !== null);
  if (after.length) {
    blocks.push(
      table(
        "after-recessions",
        `Returns after recession troughs (${l.basis === "total" ? "total return" : "price"}; ${l.afterRecessions.source})`,
        ["trough", "months after", l.small, l.large, "difference"],
        after.map((x) => [textCell(x.trough), numCell(String(x.months)), figureCell(x.small, "pctSigned"), figureCell(x.large, "pctSigned"), figureCell(x.difference, "pp")]),
      ),
    );
  }
  const ll = ctx.snapshot.leadLag;
  if (ll.available) {
    const tp = ll.turningPoints;
    const c0 = ll.crossCorrelation.find((x) => x.lag === 0)?.correlation;
    const best = ll.crossCorrelation.filter((x) => x.lag !== 0 && x.correlation !== null).sort((a, b) => Math.abs(b.correlation as number) - Math.abs(a.correlation as number))[0];
    blocks.push(
      text(
        `Lead and lag, ${ll.window.from} to ${ll.window.to} (${ll.weeks.toLocaleString("en-US")} weeks): the weekly returns of ${l.small} and ${l.large} move together in the same week (correlation ${formatValue(c0 ?? null, "num2")}); the strongest correlation at any other lag is ${formatValue(best?.correlation ?? null, "num2")}${best ? ` (${Math.abs(best.lag)} week${Math.abs(best.lag) > 1 ? "s" : ""}, ${best.lag > 0 ? `${l.small} first` : `${l.large} first`})` : ""}. Of ${tp.rows.length} turning points of ${l.large} (swings of ${formatValue(tp.threshold, "pct", 0)}), ${tp.matched} have a ${l.small} turn within ${tp.maxDistanceDays} days; ${l.small} turned first in ${tp.smallFirst} of them${tp.medianLeadDays !== null ? `, with a median lead of ${tp.medianLeadDays} days (negative: later)` : ""}.`,
      ),
    );
  }
  // Finding: who led how often, and the latest turn.
  const confirmed = l.regimes.filter((r) => r.confirmed);
  const smallRegimes = confirmed.filter((r) => r.leader.startsWith(l.small));
  const last = l.regimes.at(-1);
  let finding: Section["finding"] = null;
  if (last) {
    finding = ctx.finding([
      `From ${l.window.from} to ${l.window.to} the ${small}/${large} ratio went through ${confirmed.length} confirmed swings of ${formatValue(l.threshold, "pct", 0)} or more, ${smallRegimes.length} of them led by small caps; the latest turn, on ${last.from}, started a stretch led by ${last.leader.startsWith(l.small) ? "small caps" : "large caps"} in which the ratio moved `,
      ctx.cite(`${small}/${large} ratio change since ${last.from}`, { value: last.ratioChange, unit: "fraction", asOf: last.to, window: { from: last.from, to: last.to }, sources: l.ratio.latest.sources }, "pctSigned"),
      `${last.confirmed ? "" : " so far"}.`,
    ]);
  }
  return { ...head, finding, blocks };
}
