import type { SeriesFrame } from "../../model/series.ts";
import { innerJoin } from "./align.ts";
import { TRADING_DAYS_PER_YEAR, calendarYearReturns, simpleReturns } from "./returns.ts";
import { stdev } from "./stats.ts";

/** Printed with every tracking figure where the fund is total return and the index price only. */
export const TRACKING_CAVEAT =
  "The fund's adjusted close reinvests dividends (total return) while the index here is a price index " +
  "without dividends, so the tracking difference is biased upward by roughly the index dividend yield " +
  "(about 1-2% a year for the Russell 2000) and is not the fund's true shortfall; compare against the " +
  "total-return index (e.g. RUTTR) for that. Tracking error is less affected (the dividends arrive on " +
  "a few days a year).";

export interface YearTracking {
  year: number;
  /** The fund's calendar-year return on the series given (adjusted closes = total return). */
  fund: number;
  index: number;
  /** fund - index. */
  difference: number;
  /** Either year partial (first year of either series, or the data stops before late December). */
  partial: boolean;
}

/**
 * Tracking difference per calendar year: the fund's calendar-year return minus the index's, each
 * on its own closes (last close of the year over the last close of the previous year), for the
 * years both series have.
 */
export function trackingDifferenceByYear(fund: SeriesFrame, index: SeriesFrame): YearTracking[] {
  const a = calendarYearReturns(fund.dates, fund.values);
  const b = new Map(calendarYearReturns(index.dates, index.values).map((r) => [r.period, r]));
  const out: YearTracking[] = [];
  for (const r of a) {
    const q = b.get(r.period);
    // Years without both series, or holding a single close (no return), are left out.
    if (!q || r.baseDate === r.endDate || q.baseDate === q.endDate) continue;
    out.push({ year: r.period, fund: r.value, index: q.value, difference: r.value - q.value, partial: r.partial || q.partial });
  }
  return out;
}

/**
 * Tracking error: std(daily fund return - daily index return, ddof = 1) * sqrt(252), the returns
 * taken on the dates both series have (closes inner-joined first). NaN with fewer than three
 * joined closes.
 */
export function trackingError(fund: SeriesFrame, index: SeriesFrame, periodsPerYear = TRADING_DAYS_PER_YEAR): { value: number; days: number } {
  const j = innerJoin(fund, index);
  const ra = simpleReturns(j.values[0]);
  const rb = simpleReturns(j.values[1]);
  const d = new Float64Array(ra.length);
  for (let i = 0; i < d.length; i++) d[i] = ra[i] - rb[i];
  return { value: stdev(d) * Math.sqrt(periodsPerYear), days: d.length };
}
