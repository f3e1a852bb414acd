/**
 * Chart definitions shared by every face that draws r2k's charts: pure functions from plain data
 * (ISO dates, numbers, names) and a palette to an ECharts option object. No DOM, no I/O and no
 * echarts import, so the same definitions serve the dashboard (canvas, interactive) and the
 * report (server-side SVG, static).
 *
 * `interactive: false` leaves out tooltips and zoom (nothing to hover in a printed page);
 * `base()` holds what every chart shares (colors, text, no animation). Options only the dashboard
 * asks for (tooltip precision, `fitLog`) leave the report's output unchanged.
 */

export type EChartsOption = Record<string, unknown>;

export interface Palette {
  text: string;
  muted: string;
  grid: string;
  series: string[];
  up: string;
  down: string;
  /** Shading for highlighted periods (e.g. small-cap leadership, hiking cycles). */
  band: string;
  /** Shading for background periods (recessions). */
  band2: string;
}

/** The dashboard's light theme; also the report's (it prints well). */
export const LIGHT_PALETTE: Palette = {
  text: "#1b1f24",
  muted: "#5b6470",
  grid: "#e3e6ea",
  series: ["#1f6feb", "#d1495b", "#2a9d8f", "#e9a23b", "#7b5ea7"],
  up: "#1a7f37",
  down: "#c62828",
  band: "rgba(42, 157, 143, 0.14)",
  band2: "rgba(110, 118, 129, 0.2)",
};

export interface ChartStyle {
  palette: Palette;
  /** Tooltips (and, for time axes, nothing else): true for the dashboard, false for printed reports. */
  interactive?: boolean;
  /** CSS font stack for chart text; the dashboard uses "inherit". */
  fontFamily?: string;
}

/** A dated line: `values[i]` belongs to `dates[i]`; null is a gap. */
export interface TimeLine {
  name: string;
  dates: string[];
  values: (number | null)[];
}

/** Values per category (years, regimes, horizons, sectors), one bar per category and series. */
export interface CategoryBars {
  name: string;
  values: (number | null)[];
}

export interface Band {
  from: string;
  to: string;
}

export type AxisFormat = "pct" | "num0" | "num2" | "num3" | "rate";

export function formatAxis(kind: AxisFormat): (v: number) => string {
  switch (kind) {
    case "pct":
      return (v) => `${Math.round(v * 1000) / 10}%`;
    case "num0":
      return (v) => Math.round(v).toLocaleString("en-US");
    case "num2":
      return (v) => v.toFixed(2);
    case "num3":
      return (v) => v.toFixed(3);
    case "rate":
      return (v) => `${v.toFixed(1)}%`;
  }
}

/** Tooltip values: like the axis, with fixed decimals (pct2: two) and thousands separators. */
export type TipFormat = AxisFormat | "pct2";

export function formatTip(kind: TipFormat): (v: number) => string {
  const n = (v: number, digits: number) => v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  switch (kind) {
    case "pct":
      return (v) => `${(v * 100).toFixed(1)}%`;
    case "pct2":
      return (v) => `${(v * 100).toFixed(2)}%`;
    case "num0":
      return (v) => n(v, 0);
    case "num2":
      return (v) => n(v, 2);
    case "num3":
      return (v) => n(v, 3);
    case "rate":
      return (v) => `${n(v, 1)}%`;
  }
}

/** What every chart shares: the palette's series colors, text style, no animation. */
export function base(style: ChartStyle): EChartsOption {
  return {
    backgroundColor: "transparent",
    color: style.palette.series,
    textStyle: { color: style.palette.text, fontFamily: style.fontFamily ?? "inherit" },
    animation: false,
  };
}

function tooltip(style: ChartStyle, format: (v: number) => string, axisPointer?: Record<string, unknown>): EChartsOption {
  if (style.interactive === false) return {};
  return {
    tooltip: {
      trigger: "axis",
      confine: true,
      ...(axisPointer ? { axisPointer } : {}),
      valueFormatter: (v: unknown) => (typeof v === "number" ? format(v) : "–"),
    },
  };
}

function legend(style: ChartStyle): EChartsOption {
  return { legend: { top: 0, textStyle: { color: style.palette.text }, type: style.interactive === false ? "plain" : "scroll" } };
}

/** Axis and grid styling shared by the time-series charts. */
export function timeAxes(style: ChartStyle, opts: { log?: boolean; fitLog?: boolean; y?: AxisFormat; yName?: string } = {}): EChartsOption {
  const p = style.palette;
  const fmt = formatAxis(opts.y ?? "num2");
  return {
    ...base(style),
    grid: grid(8, 16, 36, 28),
    ...tooltip(style, formatTip(opts.y ?? "num2")),
    ...legend(style),
    xAxis: { type: "time", axisLine: { lineStyle: { color: p.muted } }, axisLabel: { color: p.muted, hideOverlap: true }, splitLine: { show: false } },
    yAxis: {
      type: opts.log ? "log" : "value",
      // `fitLog`: a log axis snaps to powers of ten unless told the data's own range.
      ...(opts.log && opts.fitLog ? { min: (v: { min: number }) => v.min * 0.95, max: (v: { max: number }) => v.max * 1.05 } : {}),
      name: opts.yName,
      nameTextStyle: { color: p.muted },
      scale: true,
      axisLabel: { color: p.muted, formatter: fmt },
      splitLine: { lineStyle: { color: p.grid } },
    },
  };
}

export function lineSeries(line: TimeLine, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: "line",
    name: line.name,
    showSymbol: false,
    sampling: "lttb",
    lineStyle: { width: 1.5 },
    data: line.dates.map((d, i) => [d, line.values[i]]),
    ...extra,
  };
}

/** A plot area whose axis labels stay inside the given margins (ECharts 6's replacement for containLabel). */
function grid(left: number, right: number, top: number, bottom: number): Record<string, unknown> {
  return { left, right, top, bottom, outerBoundsMode: "same", outerBoundsContain: "axisLabel" };
}

const bandData = (bands: readonly Band[]) => bands.map((b) => [{ xAxis: b.from }, { xAxis: b.to }]);

function categoryChart(style: ChartStyle, categories: string[], bars: CategoryBars[], y: AxisFormat, opts: { xName?: string; yMax?: number; tip?: TipFormat } = {}): EChartsOption {
  const p = style.palette;
  const fmt = formatAxis(y);
  return {
    ...base(style),
    grid: grid(8, 8, 36, opts.xName ? 36 : 28),
    ...legend(style),
    ...tooltip(style, formatTip(opts.tip ?? y)),
    xAxis: {
      type: "category",
      data: categories,
      axisLabel: { color: p.muted, hideOverlap: true },
      ...(opts.xName ? { name: opts.xName, nameLocation: "middle", nameGap: 26, nameTextStyle: { color: p.muted } } : {}),
    },
    yAxis: { type: "value", ...(opts.yMax !== undefined ? { max: opts.yMax } : {}), axisLabel: { color: p.muted, formatter: fmt }, splitLine: { lineStyle: { color: p.grid } } },
    series: bars.map((b) => ({ type: "bar", name: b.name, data: b.values })),
  };
}

// ---------------------------------------------------------------------------------------------
// The charts (names follow the dashboard's sections)

/** Growth of 10,000 invested at the window's start (log scale optional; `fitLog` fits it to the data). */
export function growthChart(style: ChartStyle, lines: TimeLine[], opts: { log?: boolean; fitLog?: boolean } = {}): EChartsOption {
  return { ...timeAxes(style, { log: opts.log, fitLog: opts.fitLog, y: "num0" }), series: lines.map((l) => lineSeries(l)) };
}

/** Cumulative returns by horizon (1M, YTD, 1Y, ...), one bar per index and horizon. */
export function horizonReturnsChart(style: ChartStyle, horizons: string[], bars: CategoryBars[]): EChartsOption {
  return categoryChart(style, horizons, bars, "pct");
}

/** Calendar-year returns, one bar per index and year. */
export function calendarYearChart(style: ChartStyle, years: number[], bars: CategoryBars[]): EChartsOption {
  return categoryChart(style, years.map(String), bars, "pct");
}

/** Trailing N-year returns at each close. */
export function rollingReturnChart(style: ChartStyle, lines: TimeLine[]): EChartsOption {
  return { ...timeAxes(style, { y: "pct" }), series: lines.map((l) => lineSeries(l)) };
}

/** The small/large price ratio, small-cap leadership periods shaded, recessions in grey. */
export function relativeStrengthChart(
  style: ChartStyle,
  ratio: TimeLine,
  smallLed: readonly Band[],
  recessions: { label: string; bands: readonly Band[] },
  opts: { log?: boolean; fitLog?: boolean } = {},
): EChartsOption {
  const p = style.palette;
  return {
    ...timeAxes(style, { log: opts.log, fitLog: opts.fitLog, y: "num3" }),
    series: [
      lineSeries(ratio, { markArea: { silent: true, itemStyle: { color: p.band }, data: bandData(smallLed) } }),
      { type: "line", name: recessions.label, data: [], markArea: { silent: true, itemStyle: { color: p.band2 }, data: bandData(recessions.bands) } },
    ],
  };
}

/** Rolling annualized volatility. */
export function rollingVolatilityChart(style: ChartStyle, lines: TimeLine[]): EChartsOption {
  return { ...timeAxes(style, { y: "pct" }), series: lines.map((l) => lineSeries(l)) };
}

/** Volatility ratios (solid) and rolling betas (dashed) against the benchmark. */
export function volatilityRatioChart(style: ChartStyle, ratios: TimeLine[], betas: TimeLine[]): EChartsOption {
  return {
    ...timeAxes(style, { y: "num2" }),
    series: [...ratios.map((l) => lineSeries(l)), ...betas.map((l) => lineSeries(l, { lineStyle: { width: 1, type: "dashed" } }))],
  };
}

/** Drawdown from the running peak. */
export function underwaterChart(style: ChartStyle, lines: TimeLine[]): EChartsOption {
  return { ...timeAxes(style, { y: "pct" }), series: lines.map((l) => lineSeries(l, { areaStyle: { opacity: 0.12 } })) };
}

/** Crash paths: price relative to the pre-crash peak by sessions since the peak. */
export function crashPathChart(style: ChartStyle, paths: { name: string; sessionsFromPeak: number[]; values: (number | null)[] }[]): EChartsOption {
  const p = style.palette;
  const fmt = formatAxis("pct");
  return {
    ...base(style),
    grid: grid(8, 16, 36, 36),
    ...legend(style),
    ...tooltip(style, formatTip("pct")),
    xAxis: { type: "value", name: "sessions from peak", nameLocation: "middle", nameGap: 26, nameTextStyle: { color: p.muted }, axisLabel: { color: p.muted }, splitLine: { show: false } },
    yAxis: { type: "value", axisLabel: { color: p.muted, formatter: fmt }, splitLine: { lineStyle: { color: p.grid } } },
    series: paths.map((x) => ({ type: "line", name: x.name, showSymbol: false, data: x.sessionsFromPeak.map((s, i) => [s, x.values[i]]) })),
  };
}

/** Policy and market rates (percent), hiking periods shaded on the first line. */
export function rateLinesChart(style: ChartStyle, lines: TimeLine[], hiking: readonly Band[]): EChartsOption {
  const p = style.palette;
  return {
    ...timeAxes(style, { y: "rate" }),
    series: lines.map((l, i) => lineSeries(l, i === 0 && hiking.length ? { markArea: { silent: true, itemStyle: { color: p.band }, data: bandData(hiking) } } : {})),
  };
}

/** Annualized returns by Fed policy regime. */
export function policyRegimeChart(style: ChartStyle, regimes: string[], bars: CategoryBars[]): EChartsOption {
  return categoryChart(style, regimes, bars, "pct");
}

/** Sector weights of several funds, horizontal bars. */
export function sectorWeightsChart(style: ChartStyle, sectors: string[], funds: CategoryBars[]): EChartsOption {
  const p = style.palette;
  const fmt = formatAxis("pct");
  return {
    ...base(style),
    grid: grid(8, 16, 36, 8),
    ...legend(style),
    ...tooltip(style, formatTip("pct"), { type: "shadow" }),
    xAxis: { type: "value", axisLabel: { color: p.muted, formatter: fmt }, splitLine: { lineStyle: { color: p.grid } } },
    yAxis: { type: "category", data: sectors, inverse: true, axisLabel: { color: p.muted } },
    series: funds.map((f) => ({ type: "bar", name: f.name, data: f.values })),
  };
}

/** Share of constituents above their moving averages. */
export function breadthChart(style: ChartStyle, lines: TimeLine[]): EChartsOption {
  return { ...timeAxes(style, { y: "pct" }), series: lines.map((l) => lineSeries(l)) };
}

/** Advance/decline line. */
export function advanceDeclineChart(style: ChartStyle, line: TimeLine): EChartsOption {
  return { ...timeAxes(style, { y: "num0" }), series: [lineSeries(line)] };
}

/** Yearly return difference, fund minus index (tooltips to basis points). */
export function trackingDifferenceChart(style: ChartStyle, years: number[], bars: CategoryBars[]): EChartsOption {
  return categoryChart(style, years.map(String), bars, "pct", { tip: "pct2" });
}

/** Probability of a loss by holding period. */
export function lossProbabilityChart(style: ChartStyle, horizonsYears: number[], bars: CategoryBars[]): EChartsOption {
  return categoryChart(style, horizonsYears.map((y) => `${y}y`), bars, "pct", { xName: "holding period", yMax: 1 });
}
