/**
 * Calendar dates, in one place: plain `YYYY-MM-DD` strings at the edges and integer day numbers
 * (days since 1970-01-01, UTC) inside typed arrays. Exchange dates carry no time zone. The
 * arithmetic works on day numbers without Date objects, so hot loops stay allocation-free.
 * One name per operation: dayToIso / isoToDay convert, civil / dayFromCivil split and join.
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

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Calendar year of a day number. */
export function yearOf(day: number): number {
  return civil(day).y;
}

/** Months since year 0 (y * 12 + m - 1): consecutive calendar months differ by one. */
export function monthKey(day: number): number {
  const c = civil(day);
  return c.y * 12 + c.m - 1;
}

/**
 * monthKey of every date, for ascending dates: recomputed only when a date leaves the current
 * month, so a long daily series costs one computation per month.
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

/** Day of the week: 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** The n-th (1-based) given weekday (0 = Monday) of a month, as a day number. */
export function nthWeekday(year: number, month: number, wd: number, n: number): number {
  const first = dayFromCivil(year, month, 1);
  return first + ((wd - weekday(first) + 7) % 7) + (n - 1) * 7;
}

/** The last given weekday (0 = Monday) of a month, as a day number. */
export function lastWeekday(year: number, month: number, wd: number): number {
  const last = dayFromCivil(year, month, daysInMonth(year, month));
  return last - ((weekday(last) - wd + 7) % 7);
}

export const MONDAY = 0;
export const THURSDAY = 3;
export const FRIDAY = 4;
export const SATURDAY = 5;
export const SUNDAY = 6;

/**
 * The Friday that ends the week containing `day` (weeks run Saturday..Friday, as pandas
 * `resample("W-FRI")`): a Saturday or Sunday belongs to the following Friday.
 */
export function weekEndingFriday(day: number): number {
  return day + ((4 - weekday(day) + 7) % 7);
}

// ---------------------------------------------------------------------------------------------
// ISO text

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number for an ISO date, or null when the text is not a real calendar date. */
export function parseIsoDay(text: string): number | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return dayFromCivil(y, mo, d);
}

export function isIsoDate(text: string): boolean {
  return parseIsoDay(text) !== null;
}

/** Day number of an ISO date; throws RangeError on anything that is not a calendar date. */
export function isoToDay(text: string): number {
  const day = parseIsoDay(text);
  if (day === null) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(text)}`);
  return day;
}

/** ISO text of a day number. */
export function dayToIso(day: number): string {
  const c = civil(day);
  const y = c.y < 0 || c.y > 9999 ? String(c.y) : String(c.y).padStart(4, "0");
  return `${y}-${c.m < 10 ? "0" : ""}${c.m}-${c.d < 10 ? "0" : ""}${c.d}`;
}

export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Searching ascending dates

/** Index of the last of ascending `dates` (day numbers) that is <= `day`, or -1 when none. */
export function lastIndexOnOrBefore(dates: ArrayLike<number>, day: number): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dates[mid] <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the first of ascending `dates` that is >= `day`, or dates.length when none. */
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
