/**
 * ECharts, tree-shaken to what the dashboard draws (line, bar; canvas). Every chart lives in a
 * card whose footer names its source and as-of date; `data-points` on the chart element counts
 * what was plotted (the end-to-end tests read it).
 */
import { BarChart, LineChart } from "echarts/charts";
import { DataZoomComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import type { ChartStyle, EChartsOption, Palette } from "../../src/views/charts.ts";

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, MarkAreaComponent, MarkLineComponent, CanvasRenderer]);

// The chart definitions are shared with the report (src/views/charts.ts): sections build their
// options with those builders and `chartStyle()`, and only draw them here.
export * from "../../src/views/charts.ts";

/** The palette of the current theme, read from the CSS custom properties of web/src/style.css. */
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

/** The dashboard's chart style: the theme's palette, tooltips on, the page's font. */
export function chartStyle(): ChartStyle {
  return { palette: palette(), interactive: true, fontFamily: "inherit" };
}

const live = new Set<echarts.ECharts>();

/** Draws (or redraws) a chart in `el`. */
export function draw(el: HTMLElement, option: EChartsOption | echarts.EChartsCoreOption, points: number): void {
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
