/**
 * The demo exchange calendar: Monday to Friday, minus New Year's Day, Independence Day,
 * Thanksgiving and Christmas (moved to the Friday before / Monday after when they fall on a
 * weekend, as the NYSE does, except that a Saturday New Year's Day is not moved), minus the
 * 2001-09-11..14 closure. Other exchange holidays are trading days in the demo.
 */
import { dayToIso, isoToDay, lastIndexOnOrBefore } from "../../model/dates.ts";

/** 0 = Sunday .. 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function utcDay(y: number, m: number, d: number): number {
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

function observed(day: number, allowFriday = true): number | null {
  const w = weekday(day);
  if (w === 6) return allowFriday ? day - 1 : null;
  if (w === 0) return day + 1;
  return day;
}

/** Holiday day numbers of one year. */
export function holidays(year: number): number[] {
  const out: number[] = [];
  const ny = observed(utcDay(year, 1, 1), false);
  if (ny !== null) out.push(ny);
  out.push(observed(utcDay(year, 7, 4))!);
  const nov1 = utcDay(year, 11, 1);
  const firstThu = nov1 + ((4 - weekday(nov1) + 7) % 7);
  out.push(firstThu + 21);
  out.push(observed(utcDay(year, 12, 25))!);
  return out;
}

const CLOSURES = ["2001-09-11", "2001-09-12", "2001-09-13", "2001-09-14"].map(isoToDay);

export function isBusinessDay(day: number, holidaySet?: Set<number>): boolean {
  const w = weekday(day);
  if (w === 0 || w === 6) return false;
  if (CLOSURES.includes(day)) return false;
  const set = holidaySet ?? new Set(holidays(new Date(day * 86_400_000).getUTCFullYear()));
  return !set.has(day);
}

/** Business days from `from` to `to` inclusive (day numbers). */
export function businessDays(from: number, to: number): Int32Array {
  const out: number[] = [];
  let year = NaN;
  let set = new Set<number>();
  for (let d = from; d <= to; d++) {
    const y = new Date(d * 86_400_000).getUTCFullYear();
    if (y !== year) {
      year = y;
      set = new Set(holidays(y));
    }
    if (isBusinessDay(d, set)) out.push(d);
  }
  return Int32Array.from(out);
}

/** Years between two day numbers (calendar days / 365.25). */
export function yearsBetween(a: number, b: number): number {
  return (b - a) / 365.25;
}

export { dayToIso, isoToDay, lastIndexOnOrBefore };
