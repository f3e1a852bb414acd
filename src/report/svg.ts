/**
 * Server-side chart rendering: ECharts' SSR mode turns a chart option into an SVG string, no
 * browser and no DOM involved. ECharts is loaded on first use (it is large), tree-shaken to the
 * chart types and components the shared definitions use.
 */
import type { ChartBlock } from "./types.ts";

type EChartsCore = typeof import("echarts/core");

let loading: Promise<EChartsCore> | null = null;

async function echarts(): Promise<EChartsCore> {
  loading ??= (async () => {
    const core = await import("echarts/core");
    const { LineChart, BarChart } = await import("echarts/charts");
    const { GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent } = await import("echarts/components");
    const { SVGRenderer } = await import("echarts/renderers");
    core.use([LineChart, BarChart, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, SVGRenderer]);
    return core;
  })();
  return loading;
}

/**
 * The chart as an inline SVG element: namespace attributes dropped (HTML parses inline SVG
 * without them, and the file then names no URL at all), sized by its viewBox so it scales to
 * the page width, labelled for screen readers.
 */
export async function renderChartSvg(block: ChartBlock): Promise<string> {
  const core = await echarts();
  const chart = core.init(null, null, { renderer: "svg", ssr: true, width: block.width, height: block.height });
  try {
    chart.setOption(block.option);
    const svg = chart.renderToSVGString();
    return svg
      .replace(/\s+xmlns(:xlink)?="[^"]*"/g, "")
      .replace(/^<svg width="\d+(\.\d+)?" height="\d+(\.\d+)?"/, `<svg role="img" aria-label="${escapeAttr(block.caption)}" preserveAspectRatio="xMidYMid meet"`);
  } finally {
    chart.dispose();
  }
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
