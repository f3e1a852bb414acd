/**
 * The "valuation premium/discount over time" chart and table rows, shared by the dashboard
 * (canvas, with each quarter's coverage in the tooltip) and the report (static SVG, a table).
 */
import type { ValuationQuarter } from "../core/analytics/valuation-history.ts";
import { type ChartStyle, type EChartsOption, formatTip, lineSeries, timeAxes } from "./charts.ts";

const pct = formatTip("pct");
const ratio = (v: number | null) => (v === null ? "–" : v.toFixed(1));
const signed = (v: number | null) => (v === null ? "–" : `${v > 0 ? "+" : ""}${pct(v)}`);

/** One quarter as text: the premium, then each fund's P/E with the share of the fund behind it (or why it is left out). */
export function quarterSummary(q: ValuationQuarter, funds: { small: string; large: string }): string {
  const fund = (name: string, f: ValuationQuarter["small"]) => `${name} P/E ${ratio(f.pe.value)} (${pct(f.pe.coverage)} of weight, ${f.pe.companies} cos.)`;
  const head = q.pe.value === null ? `left out: ${q.pe.leftOut}` : `P/E premium ${signed(q.pe.value)}`;
  return `${q.quarterEnd}: ${head}; ${fund(funds.small, q.small)}, ${fund(funds.large, q.large)}`;
}

/** The P/E premium (and P/B's, dashed) of small over large at each quarter end; 0 marked; a left-out quarter is a gap. */
export function valuationPremiumChart(style: ChartStyle, quarters: readonly ValuationQuarter[], funds: { small: string; large: string }): EChartsOption {
  const dates = quarters.map((q) => q.quarterEnd);
  const base = timeAxes(style, { y: "pct" });
  // Quarters are a month apart at least: without a floor, a history of one or two quarters gets hourly ticks.
  const axes = { ...base, xAxis: { ...(base.xAxis as Record<string, unknown>), minInterval: 30 * 86_400_000 } };
  const byDate = new Map(quarters.map((q) => [q.quarterEnd, q]));
  const tip =
    style.interactive === false
      ? {}
      : {
          tooltip: {
            trigger: "axis",
            confine: true,
            formatter: (params: { value: [string, number | null] }[]) => {
              const q = byDate.get(params[0]?.value?.[0] ?? "");
              if (!q) return "";
              const lines = quarterSummary(q, funds).split("; ");
              return [...lines, `P/B premium ${signed(q.pb.value)}`].join("<br>");
            },
          },
        };
  return {
    ...axes,
    ...tip,
    series: [
      lineSeries(
        { name: `P/E premium of ${funds.small} over ${funds.large}`, dates, values: quarters.map((q) => q.pe.value) },
        { showSymbol: true, symbolSize: 6, connectNulls: false, markLine: { silent: true, symbol: "none", data: [{ yAxis: 0 }], lineStyle: { color: style.palette.muted, type: "solid" }, label: { show: false } } },
      ),
      lineSeries({ name: "P/B premium", dates, values: quarters.map((q) => q.pb.value) }, { showSymbol: true, symbolSize: 4, lineStyle: { width: 1, type: "dashed" } }),
    ],
  };
}
