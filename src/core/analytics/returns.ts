import type { SeriesFrame } from "../../model/series.ts";
import {
  addMonths,
  dayFromCivil,
  daysInMonth,
  dayToIso,
  lastIndexOnOrBefore,
  monthKeys,
  yearKeys,
  yearOf,
} from "../../model/dates.ts";
import { assertFinite, assertPrices, selectInPlace } from "./stats.ts";

/** Trading days per year used to annualize daily figures (documented convention). */
export const TRADING_DAYS_PER_YEAR = 252;

/** Simple returns v[i]/v[i-1] - 1 on consecutive values (length n - 1). */
export function simpleReturns(values: ArrayLike<number>): Float64Array {
  assertPrices(values, "simpleReturns");
  const n = values.length;
  const out = new Float64Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) out[i - 1] = values[i] / values[i - 1] - 1;
  return out;
}

/** Calendar days per year used to turn a date span into years for CAGR (documented convention). */
export const CALENDAR_DAYS_PER_YEAR = 365.25;

/**
 * Compound annual growth rate: (end / start)^(1 / years) - 1 with years = calendar days /
 * `yearDays` (365.25). NaN when the span is not positive or a value is not positive.
 */
export function cagr(start: number, end: number, calendarDays: number, yearDays = CALENDAR_DAYS_PER_YEAR): number {
  if (!(calendarDays > 0) || !(start > 0) || !(end > 0)) return NaN;
  return (end / start) ** (yearDays / calendarDays) - 1;
}

/** Last value over first value minus one (NaN for fewer than two values). */
export function cumulativeReturn(values: ArrayLike<number>): number {
  assertPrices(values, "cumulativeReturn");
  const n = values.length;
  return n < 2 ? NaN : values[n - 1] / values[0] - 1;
}

/** Growth of one unit through a run of simple returns: prod(1 + r) - 1. */
export function compound(returns: ArrayLike<number>): number {
  assertFinite(returns, "compound");
  let g = 1;
  for (let i = 0; i < returns.length; i++) g *= 1 + returns[i];
  return g - 1;
}

/**
 * Return from the last close on or before `fromDay` to the last close on or before `toDay`.
 * Throws RangeError when no close is on or before `fromDay` (the start lies before the data).
 */
export function returnBetween(
  frame: SeriesFrame,
  fromDay: number,
  toDay: number,
): { value: number; baseDate: number; endDate: number } {
  assertPrices(frame.values, `returnBetween ${frame.id}`);
  const b = lastIndexOnOrBefore(frame.dates, fromDay);
  const e = lastIndexOnOrBefore(frame.dates, toDay);
  if (frame.dates.length === 0) throw new RangeError(`${frame.id}: no data`);
  if (b < 0) {
    throw new RangeError(
      `${frame.id}: no close on or before ${dayToIso(fromDay)}; the series starts ${dayToIso(frame.dates[0])}`,
    );
  }
  if (e < b) throw new RangeError(`${frame.id}: end ${dayToIso(toDay)} is before start ${dayToIso(fromDay)}`);
  return { value: frame.values[e] / frame.values[b] - 1, baseDate: frame.dates[b], endDate: frame.dates[e] };
}

export type HorizonKind = "sessions" | "months" | "ytd" | "start";

export interface HorizonSpec {
  label: string;
  kind: HorizonKind;
  /** Sessions back (kind "sessions") or calendar months back (kind "months"). */
  n: number;
}

/** 1D, 5D (trading sessions back), 1M..20Y (calendar months back), YTD and since start. */
export const HORIZONS: readonly HorizonSpec[] = [
  { label: "1D", kind: "sessions", n: 1 },
  { label: "5D", kind: "sessions", n: 5 },
  { label: "1M", kind: "months", n: 1 },
  { label: "3M", kind: "months", n: 3 },
  { label: "6M", kind: "months", n: 6 },
  { label: "YTD", kind: "ytd", n: 0 },
  { label: "1Y", kind: "months", n: 12 },
  { label: "3Y", kind: "months", n: 36 },
  { label: "5Y", kind: "months", n: 60 },
  { label: "10Y", kind: "months", n: 120 },
  { label: "20Y", kind: "months", n: 240 },
  { label: "since start", kind: "start", n: 0 },
];

export interface HorizonReturn {
  label: string;
  /** Date of the base close, or null when the horizon reaches before the data. */
  baseDate: number | null;
  endDate: number;
  /** end / base - 1; NaN when unavailable (then `reason` says why). */
  value: number;
  /** CAGR over the same span for spans of at least one year (12 months), else NaN. */
  annualized: number;
  reason?: string;
}

/**
 * Trailing returns ending at the last value. Sessions horizons step back n closes; month
 * horizons use the last close on or before (end date - n calendar months, clamped at month
 * ends, so a 1Y return from 2024-02-29 starts at the close on or before 2023-02-28); YTD starts at
 * the last close of the previous calendar year; "since start" at the first value. A horizon
 * reaching before the first date is unavailable, never silently shortened.
 */
export function horizonReturns(
  dates: ArrayLike<number>,
  values: ArrayLike<number>,
  horizons: readonly HorizonSpec[] = HORIZONS,
  yearDays = CALENDAR_DAYS_PER_YEAR,
): HorizonReturn[] {
  assertPrices(values, "horizonReturns");
  const n = dates.length;
  if (n === 0) throw new RangeError("horizonReturns: no data");
  const e = n - 1;
  const endDate = dates[e];
  return horizons.map((h) => {
    let b = -1;
    let reason: string | undefined;
    switch (h.kind) {
      case "sessions":
        b = e - h.n;
        if (b < 0) reason = `needs ${h.n + 1} closes; there are ${n}`;
        break;
      case "months": {
        const target = addMonths(endDate, -h.n);
        b = lastIndexOnOrBefore(dates, target);
        if (b < 0) reason = `needs a close on or before ${dayToIso(target)}; the data starts ${dayToIso(dates[0])}`;
        break;
      }
      case "ytd": {
        const target = dayFromCivil(yearOf(endDate) - 1, 12, 31);
        b = lastIndexOnOrBefore(dates, target);
        if (b < 0) reason = `needs a close in ${yearOf(endDate) - 1}; the data starts ${dayToIso(dates[0])}`;
        break;
      }
      case "start":
        b = 0;
        if (n < 2) reason = "a single close: no return";
        break;
    }
    if (reason !== undefined || b < 0) {
      return { label: h.label, baseDate: null, endDate, value: NaN, annualized: NaN, reason: reason ?? "no base close" };
    }
    const value = values[e] / values[b] - 1;
    const span = endDate - dates[b];
    const yearLong = h.kind === "months" ? h.n >= 12 : h.kind === "start" ? span >= 365 : false;
    return {
      label: h.label,
      baseDate: dates[b],
      endDate,
      value,
      annualized: yearLong ? cagr(values[b], values[e], span, yearDays) : NaN,
    };
  });
}

export interface PeriodReturn {
  /** Calendar year, or year * 12 + month - 1 for months. */
  period: number;
  /** Date of the base close (the previous period's last close, or the first close). */
  baseDate: number;
  endDate: number;
  value: number;
  /**
   * True when the period is not covered end to end: the first period (no close of the previous
   * period, so the base is the period's own first close) and the last period when the data
   * stops before its final week.
   */
  partial: boolean;
}

/**
 * Calendar-year returns: last close of the year over last close of the previous year, minus one.
 * The first year starts at the first close (partial); the last year is partial when the data
 * ends before 24 December.
 */
export function calendarYearReturns(dates: ArrayLike<number>, values: ArrayLike<number>): PeriodReturn[] {
  assertPrices(values, "calendarYearReturns");
  return periodReturns(dates, values, yearKeys(dates), (y) => dayFromCivil(y, 12, 24));
}

/**
 * Calendar-month returns (last close of the month over the previous month's last close). A
 * month whose previous calendar month has no close is computed from its own first close and
 * marked partial; so is the last month when the data ends before the month's last seven days.
 */
export function monthlyReturns(dates: ArrayLike<number>, values: ArrayLike<number>): PeriodReturn[] {
  assertPrices(values, "monthlyReturns");
  return periodReturns(dates, values, monthKeys(dates), (k) => {
    const y = Math.floor(k / 12);
    const m = k - y * 12 + 1;
    return dayFromCivil(y, m, daysInMonth(y, m) - 6);
  });
}

function periodReturns(
  dates: ArrayLike<number>,
  values: ArrayLike<number>,
  keys: Int32Array,
  lastWeekStart: (period: number) => number,
): PeriodReturn[] {
  const out: PeriodReturn[] = [];
  const n = dates.length;
  let i = 0;
  let prevKey = NaN;
  let prevEnd = -1;
  while (i < n) {
    const k = keys[i];
    let j = i;
    while (j + 1 < n && keys[j + 1] === k) j++;
    const contiguous = prevEnd >= 0 && prevKey === k - 1;
    const b = contiguous ? prevEnd : i;
    const partial = !contiguous || (j === n - 1 && dates[j] < lastWeekStart(k));
    out.push({ period: k, baseDate: dates[b], endDate: dates[j], value: values[j] / values[b] - 1, partial });
    prevKey = k;
    prevEnd = j;
    i = j + 1;
  }
  return out;
}

/**
 * Overlapping returns over `sessions` trading sessions: v[t + sessions] / v[t] - 1 for every t
 * with both ends present (length n - sessions, empty when too short).
 */
export function overlappingReturns(values: ArrayLike<number>, sessions: number): Float64Array {
  assertPrices(values, "overlappingReturns");
  if (!(sessions >= 1) || !Number.isInteger(sessions)) throw new RangeError(`sessions must be a positive integer, got ${sessions}`);
  const m = Math.max(0, values.length - sessions);
  const out = new Float64Array(m);
  for (let t = 0; t < m; t++) out[t] = values[t + sessions] / values[t] - 1;
  return out;
}

export interface RollingReturnDistribution {
  years: number;
  sessions: number;
  /** Number of overlapping windows (0 when the history is shorter than the window). */
  count: number;
  min: number;
  median: number;
  max: number;
  /** Share of windows with a return above zero. */
  sharePositive: number;
  /** Share of windows with a return below zero: the probability of loss over the holding period. */
  shareNegative: number;
  /** Same windows annualized: (1 + R)^(1 / years) - 1. */
  annualizedMin: number;
  annualizedMedian: number;
  annualizedMax: number;
}

/**
 * Distribution of overlapping N-year returns, N years = 252 * N sessions (trading-day offsets,
 * the same windows as the probability of loss). NaN statistics when no window fits.
 */
export function rollingReturnDistribution(
  values: ArrayLike<number>,
  years: number,
  periodsPerYear = TRADING_DAYS_PER_YEAR,
): RollingReturnDistribution {
  const sessions = Math.round(years * periodsPerYear);
  const r = overlappingReturns(values, sessions);
  const m = r.length;
  let positive = 0;
  let negative = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < m; i++) {
    const x = r[i];
    if (x > 0) positive++;
    else if (x < 0) negative++;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const ann = (x: number) => (1 + x) ** (1 / years) - 1;
  let med = NaN;
  let annMedian = NaN;
  if (m > 0) {
    // Annualizing is monotonic: the middle order statistics are the same, interpolate after
    // annualizing (what numpy gives on the annualized array).
    const h = (m - 1) / 2;
    const lo = Math.floor(h);
    const a = selectInPlace(r, lo);
    let b = a;
    if (h > lo) {
      b = Infinity;
      for (let i = lo + 1; i < m; i++) if (r[i] < b) b = r[i];
    }
    med = a + (h - lo) * (b - a);
    annMedian = ann(a) + (h - lo) * (ann(b) - ann(a));
  }
  return {
    years,
    sessions,
    count: m,
    min: m ? min : NaN,
    median: med,
    max: m ? max : NaN,
    sharePositive: m ? positive / m : NaN,
    shareNegative: m ? negative / m : NaN,
    annualizedMin: m ? ann(min) : NaN,
    annualizedMedian: annMedian,
    annualizedMax: m ? ann(max) : NaN,
  };
}
