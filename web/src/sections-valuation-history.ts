/** The "valuation premium/discount over time" card of the composition section: small over large at each quarter end. */
import { quarterSummary, valuationPremiumChart } from "../../src/views/valuation-history.ts";
import { chartStyle, draw } from "./charts.ts";
import type { SectionContext } from "./sections.ts";
import { card, h } from "./ui.ts";

export async function valuationHistoryCard(el: HTMLElement, c: SectionContext): Promise<void> {
  const d = await c.api.valuationHistory();
  const hist = d.history;
  if (!hist.available) {
    // A line, not a card: the rest of the section stands without it (the demo market has no SEC filings).
    el.append(h("p", { class: "note", "data-card": "valuation-history" }, `Valuation premium/discount over time: unavailable, ${hist.reason}. To fill it, ${hist.todo}.`));
    return;
  }
  const k = card(el, "Valuation premium/discount over time: small caps over large caps (P/E, quarterly)", { wide: true, id: "valuation-history" });
  const funds = { small: hist.small.fund, large: hist.large.fund };
  const counted = hist.quarters.filter((q) => q.pe.value !== null).length;
  draw(k.chart(), valuationPremiumChart(chartStyle(), hist.quarters, funds), counted);
  const last = [...hist.quarters].reverse().find((q) => q.pe.value !== null);
  if (last) k.body.append(h("p", { class: "note" }, `Latest counted quarter: ${quarterSummary(last, funds)}.`));
  k.body.append(
    h(
      "p",
      { class: "note" },
      `Premium = ${funds.small} aggregate P/E / ${funds.large} aggregate P/E - 1 (sum of caps over sum of trailing earnings, losses included). ` +
        `A quarter counts when each fund's P/E covers at least ${Math.round(hist.minCoverage * 100)}% of its weight; ` +
        `quarters left out (gaps in the line): ${hist.leftOut.length} of ${hist.quarters.length}.`,
    ),
  );
  if (hist.leftOut.length) {
    const shown = hist.leftOut.slice(-4).map((q) => `${q.quarterEnd}: ${q.reason}`);
    const more = hist.leftOut.length > shown.length ? ` (and ${hist.leftOut.length - shown.length} earlier)` : "";
    k.body.append(h("p", { class: "note" }, `Left out${more}: ${shown.join("; ")}.`));
  }
  k.body.append(h("p", { class: "note", "data-survivorship": "1" }, `Survivorship: ${hist.survivorship}`));
  k.foot({ sources: d.meta.sources, asOf: d.meta.asOf, window: { from: hist.quarters[0].quarterEnd, to: hist.asOf } }, "Caps from SEC cover-page shares x stored closes; earnings and book as filed by each quarter end.");
}
