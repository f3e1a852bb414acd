import type { SeriesFrame } from "../../model/series.ts";
import { innerJoin, lastPerPeriod } from "./align.ts";
import { monthKeys } from "../../model/dates.ts";
import { TRADING_DAYS_PER_YEAR, calendarYearReturns, simpleReturns } from "./returns.ts";
import { stdev } from "./stats.ts";

/**
 * What a like-for-like price comparison of a fund with its index shows, and why daily and
 * monthly tracking errors differ. Printed with every price-basis tracking figure.
 */
export const PRICE_TRACKING_NOTE =
  "Fund and index are both price returns (the fund's split-adjusted close, the index level): neither counts dividends, " +
  "so the yearly difference is roughly the fund's costs plus the timing of its distributions against the index's " +
  "constituents' ex-dividend days. The daily tracking error is inflated by close timing: the fund's last trade and the " +
  "index's official closing value are struck on different prices, and that gap reverses the next day, so it largely " +
  "cancels in monthly returns; the monthly figure is the better measure of how closely the fund follows.";

/** Printed with a total-return comparison (the fund's adjusted close against a total-return index). */
export const TOTAL_TRACKING_NOTE =
  "Fund and index are both total returns (the fund's adjusted close reinvests its distributions; the index is its " +
  "total-return version), so the yearly difference is the fund's shortfall: costs, cash drag, sampling. The daily " +
  "tracking error is inflated by close timing (the fund's last trade against the index's official close, a gap that " +
  "reverses the next day); the monthly figure largely removes it.";

/** Why distributions are shown apart: they are not tracking. */
export const DISTRIBUTIONS_NOTE =
  "Distributions (the fund's total return minus its price return) show what the fund paid out; they are part of the " +
  "fund's return, not a tracking difference, and are never mixed into one.";

export interface YearTracking {
  year: number;
  /** The fund's calendar-year return on the basis compared. */
  fund: number;
  /** The index's calendar-year return on the same basis. */
  index: number;
  /** fund - index: the tracking difference. */
  difference: number;
  /** Either year partial (first year of either series, or the data stops before late December). */
  partial: boolean;
}

/**
 * Tracking difference per calendar year: the fund's calendar-year return minus the index's, each
 * on its own closes (last close of the year over the last close of the previous year), for the
 * years both series have. Both series must be on the same basis (price or total return).
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
 * Per calendar year, what a fund's distributions added: its total return (adjusted closes)
 * minus its price return (closes). Keyed by year.
 */
export function distributionsByYear(dates: Int32Array, close: Float64Array, adjClose: Float64Array): Map<number, number> {
  const p = calendarYearReturns(dates, close);
  const t = calendarYearReturns(dates, adjClose);
  const out = new Map<number, number>();
  p.forEach((r, i) => {
    if (r.baseDate !== r.endDate) out.set(r.period, t[i].value - r.value);
  });
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

/**
 * Monthly tracking error: std(monthly fund return - monthly index return, ddof = 1) * sqrt(12),
 * from the last joined close of each calendar month (the first month's last close is the base).
 * NaN with fewer than three month-ends.
 */
export function monthlyTrackingError(fund: SeriesFrame, index: SeriesFrame): { value: number; months: number } {
  const j = innerJoin(fund, index);
  const keys = monthKeys(j.dates);
  const a = lastPerPeriod(j.dates, j.values[0], keys).values;
  const b = lastPerPeriod(j.dates, j.values[1], keys).values;
  const ra = simpleReturns(a);
  const rb = simpleReturns(b);
  const d = new Float64Array(ra.length);
  for (let i = 0; i < d.length; i++) d[i] = ra[i] - rb[i];
  return { value: stdev(d) * Math.sqrt(12), months: d.length };
}
