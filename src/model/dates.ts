/**
 * Calendar dates as plain `YYYY-MM-DD` strings at the edges and as integer day numbers
 * (days since 1970-01-01, UTC) inside typed arrays. Exchange dates carry no time zone.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number for an ISO date, or null when the text is not a real calendar date. */
export function parseIsoDay(text: string): number | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return Math.round(ms / 86_400_000);
}

export function isIsoDate(text: string): boolean {
  return parseIsoDay(text) !== null;
}

export function dayToIso(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function isoToDay(text: string): number {
  const day = parseIsoDay(text);
  if (day === null) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(text)}`);
  return day;
}

export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

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
