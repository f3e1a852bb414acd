/**
 * The demo exchange calendar: Monday to Friday, minus New Year's Day, Independence Day,
 * Thanksgiving and Christmas (moved to the Friday before / Monday after when they fall on a
 * weekend, as the NYSE does, except that a Saturday New Year's Day is not moved), minus the
 * 2001-09-11..14 closure. Other exchange holidays are trading days in the demo (the generator's
 * output is pinned by tests, so this stays the demo's own, simpler calendar).
 */
import { dayFromCivil, isoToDay, nthWeekday, SATURDAY, SUNDAY, THURSDAY, weekday, yearOf } from "../../model/dates.ts";

function observed(day: number, allowFriday = true): number | null {
  const w = weekday(day);
  if (w === SATURDAY) return allowFriday ? day - 1 : null;
  if (w === SUNDAY) return day + 1;
  return day;
}

/** Holiday day numbers of one year. */
export function holidays(year: number): number[] {
  const out: number[] = [];
  const ny = observed(dayFromCivil(year, 1, 1), false);
  if (ny !== null) out.push(ny);
  out.push(observed(dayFromCivil(year, 7, 4))!);
  out.push(nthWeekday(year, 11, THURSDAY, 4));
  out.push(observed(dayFromCivil(year, 12, 25))!);
  return out;
}

const CLOSURES = ["2001-09-11", "2001-09-12", "2001-09-13", "2001-09-14"].map(isoToDay);

export function isBusinessDay(day: number, holidaySet?: Set<number>): boolean {
  if (weekday(day) >= SATURDAY) return false;
  if (CLOSURES.includes(day)) return false;
  const set = holidaySet ?? new Set(holidays(yearOf(day)));
  return !set.has(day);
}

/** Business days from `from` to `to` inclusive (day numbers). */
export function businessDays(from: number, to: number): Int32Array {
  const out: number[] = [];
  let year = NaN;
  let set = new Set<number>();
  for (let d = from; d <= to; d++) {
    const y = yearOf(d);
    if (y !== year) {
      year = y;
      set = new Set(holidays(y));
    }
    if (isBusinessDay(d, set)) out.push(d);
  }
  return Int32Array.from(out);
}
