/**
 * ECharts, tree-shaken to what the dashboard draws (line, bar; canvas). Every chart lives in a
 * card whose footer names its source and as-of date; `data-points` on the chart element counts
 * what was plotted (the end-to-end tests read it).
 */
import { BarChart, LineChart } from "echarts/charts";
import { DataZoomComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, MarkAreaComponent, MarkLineComponent, CanvasRenderer]);

export type EChartsOption = echarts.EChartsCoreOption;

export interface Palette {
  text: string;
  muted: string;
  grid: string;
  series: string[];
  up: string;
  down: string;
  band: string;
  band2: string;
}

export function palette(): Palette {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    text: v("--text"),
    muted: v("--muted"),
    grid: v("--grid"),
    series: [v("--s1"), v("--s2"), v("--s3"), v("--s4"), v("--s5")],
    up: v("--up"),
    down: v("--down"),
    band: v("--band"),
    band2: v("--band2"),
  };
}

const live = new Set<echarts.ECharts>();

/** Draws (or redraws) a chart in `el`. */
export function draw(el: HTMLElement, option: EChartsOption, points: number): void {
  const p = palette();
  let chart = echarts.getInstanceByDom(el);
  if (!chart) {
    chart = echarts.init(el, undefined, { renderer: "canvas" });
    live.add(chart);
  }
  chart.setOption(
    {
      backgroundColor: "transparent",
      color: p.series,
      textStyle: { color: p.text, fontFamily: "inherit" },
      animation: false,
      ...option,
    },
    { notMerge: true },
  );
  el.dataset.points = String(points);
  el.dataset.ready = "1";
  // Milliseconds from navigation start to the first chart drawn (the benchmark reads it).
  document.documentElement.dataset.firstChart ??= String(Math.round(performance.now()));
}

export function disposeAll(): void {
  for (const c of live) c.dispose();
  live.clear();
}

let resizeTimer = 0;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => {
    for (const c of live) if (!c.isDisposed()) c.resize();
  }, 100);
});

/** Axis and grid styling shared by the time-series charts. */
export function timeAxes(p: Palette, opts: { log?: boolean; yFormat?: (v: number) => string; yName?: string } = {}): EChartsOption {
  return {
    grid: { left: 8, right: 16, top: 36, bottom: 28, containLabel: true },
    tooltip: { trigger: "axis", confine: true, valueFormatter: (v: unknown) => (typeof v === "number" ? (opts.yFormat ?? String)(v) : "–") },
    legend: { top: 0, textStyle: { color: p.text }, type: "scroll" },
    xAxis: { type: "time", axisLine: { lineStyle: { color: p.muted } }, axisLabel: { color: p.muted, hideOverlap: true }, splitLine: { show: false } },
    yAxis: {
      type: opts.log ? "log" : "value",
      // A log axis snaps to powers of ten unless told the data's own range.
      ...(opts.log ? { min: (v: { min: number }) => v.min * 0.95, max: (v: { max: number }) => v.max * 1.05 } : {}),
      name: opts.yName,
      nameTextStyle: { color: p.muted },
      scale: true,
      axisLabel: { color: p.muted, formatter: opts.yFormat },
      splitLine: { lineStyle: { color: p.grid } },
    },
  };
}

export function lineSeries(name: string, dates: string[], values: (number | null)[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: "line",
    name,
    showSymbol: false,
    sampling: "lttb",
    lineStyle: { width: 1.5 },
    data: dates.map((d, i) => [d, values[i]]),
    ...extra,
  };
}
