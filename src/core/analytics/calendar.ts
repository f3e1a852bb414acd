/**
 * Calendar arithmetic on day numbers (days since 1970-01-01, UTC), without Date objects so the
 * hot loops stay allocation-free. Trading days are never generated: they are whatever dates the
 * data carries.
 */

/** Year, month (1-12) and day of a day number (proleptic Gregorian). */
export function civil(day: number): { y: number; m: number; d: number } {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** Day number of a calendar date; month 1-12. Days beyond the month's end roll over. */
export function dayFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Calendar year of a day number (same arithmetic as civil, without allocating). */
export function yearOf(day: number): number {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}

/** Months since year 0 (y * 12 + m - 1): consecutive calendar months differ by one. */
export function monthKey(day: number): number {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (m <= 2 ? 1 : 0)) * 12 + m - 1;
}

/**
 * monthKey of every date, for ascending dates: recomputed only when a date leaves the current
 * month, so a long daily series costs one division chain per month.
 */
export function monthKeys(dates: ArrayLike<number>): Int32Array {
  const out = new Int32Array(dates.length);
  let start = 1;
  let end = 0; // empty range: forces the first computation
  let key = 0;
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i];
    if (d < start || d > end) {
      key = monthKey(d);
      const y = Math.floor(key / 12);
      const m = key - y * 12 + 1;
      start = dayFromCivil(y, m, 1);
      end = start + daysInMonth(y, m) - 1;
    }
    out[i] = key;
  }
  return out;
}

/** yearOf every date, for ascending dates (recomputed once per year). */
export function yearKeys(dates: ArrayLike<number>): Int32Array {
  const out = new Int32Array(dates.length);
  let start = 1;
  let end = 0;
  let y = 0;
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i];
    if (d < start || d > end) {
      y = yearOf(d);
      start = dayFromCivil(y, 1, 1);
      end = dayFromCivil(y, 12, 31);
    }
    out[i] = y;
  }
  return out;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * The same day of the month n months later (n may be negative), clamped to the end of a
 * shorter month: 2020-02-29 + 12 months = 2021-02-28, 2024-01-31 + 1 month = 2024-02-29.
 * (pandas `DateOffset(months=n)` behaves the same.)
 */
export function addMonths(day: number, n: number): number {
  const c = civil(day);
  const total = c.y * 12 + (c.m - 1) + n;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return dayFromCivil(y, m, Math.min(c.d, daysInMonth(y, m)));
}

/** Last calendar day of the month containing `day`. */
export function endOfMonth(day: number): number {
  const c = civil(day);
  return dayFromCivil(c.y, c.m, daysInMonth(c.y, c.m));
}

/** 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/**
 * The Friday that ends the week containing `day` (weeks run Saturday..Friday, as pandas
 * `resample("W-FRI")`): a Saturday or Sunday belongs to the following Friday.
 */
export function weekEndingFriday(day: number): number {
  return day + ((4 - weekday(day) + 7) % 7);
}

/** Index of the last date <= day, or -1 (dates ascending); shared with the rest of r2k. */
export { lastIndexOnOrBefore } from "../../model/dates.ts";

/** Index of the first date >= day, or dates.length (dates ascending). */
export function firstIndexOnOrAfter(dates: ArrayLike<number>, day: number): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dates[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** ISO text of a day number (kept local so the core needs nothing but model types). */
export function isoOf(day: number): string {
  const c = civil(day);
  const y = c.y < 0 || c.y > 9999 ? String(c.y) : String(c.y).padStart(4, "0");
  return `${y}-${c.m < 10 ? "0" : ""}${c.m}-${c.d < 10 ? "0" : ""}${c.d}`;
}

/** Day number of an ISO date; throws RangeError on anything that is not a calendar date. */
export function dayOfIso(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)) return dayFromCivil(y, mo, d);
  }
  throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(text)}`);
}
