/**
 * The New York Stock Exchange's trading sessions, computed (no table to keep current): weekdays
 * minus the exchange's full-day holidays under their observance rules, minus the unscheduled
 * closures since 2000. Used to tell how far stored prices lag the last session that should be
 * in them. Pure: the current time is an argument.
 */
import { civil, dayFromCivil, dayToIso, lastWeekday, MONDAY, nthWeekday, SATURDAY, SUNDAY, THURSDAY, weekday } from "../model/dates.ts";

/** Saturday holidays move to Friday, Sunday holidays to Monday. */
function observed(day: number): number {
  const w = weekday(day);
  return w === SATURDAY ? day - 1 : w === SUNDAY ? day + 1 : day;
}

/** Easter Sunday (Gregorian, anonymous algorithm). */
function easter(y: number): number {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayFromCivil(y, month, day);
}

/** Unscheduled full-day closures (attacks, storms, national days of mourning). */
const CLOSURES = new Set(
  [
    "2001-09-11", "2001-09-12", "2001-09-13", "2001-09-14",
    "2004-06-11", "2007-01-02", "2012-10-29", "2012-10-30", "2018-12-05", "2025-01-09",
  ].map((iso) => {
    const [y, m, d] = iso.split("-").map(Number);
    return dayFromCivil(y, m, d);
  }),
);

const cache = new Map<number, Set<number>>();

/** Full-day holidays of one year (day numbers). */
export function nyseHolidays(y: number): Set<number> {
  const hit = cache.get(y);
  if (hit) return hit;
  const out = new Set<number>();
  // New Year's Day: a Saturday one is not moved to the Friday before (that Friday is in the old year).
  const ny = dayFromCivil(y, 1, 1);
  if (weekday(ny) !== SATURDAY) out.add(observed(ny));
  if (y >= 1998) out.add(nthWeekday(y, 1, MONDAY, 3)); // Martin Luther King Jr. Day
  out.add(nthWeekday(y, 2, MONDAY, 3)); // Washington's Birthday
  out.add(easter(y) - 2); // Good Friday
  out.add(lastWeekday(y, 5, MONDAY)); // Memorial Day
  if (y >= 2022) out.add(observed(dayFromCivil(y, 6, 19))); // Juneteenth
  out.add(observed(dayFromCivil(y, 7, 4)));
  out.add(nthWeekday(y, 9, MONDAY, 1)); // Labor Day
  out.add(nthWeekday(y, 11, THURSDAY, 4)); // Thanksgiving
  out.add(observed(dayFromCivil(y, 12, 25)));
  cache.set(y, out);
  return out;
}

export function isSession(day: number): boolean {
  if (weekday(day) >= SATURDAY || CLOSURES.has(day)) return false;
  return !nyseHolidays(civil(day).y).has(day);
}

/** The last session on or before `day`. */
export function sessionOnOrBefore(day: number): number {
  let d = day;
  while (!isSession(d)) d--;
  return d;
}

/**
 * Sessions strictly after `a` and on or before `b` (0 when b <= a): the weekdays counted by whole
 * weeks, less the holidays and closures among them, so that a span of years costs a few dozen
 * steps rather than a test of every day (stored prices years old made every status and compare
 * walk thousands of days).
 */
export function sessionsBetween(a: number, b: number): number {
  if (b <= a) return 0;
  const days = b - a;
  let n = Math.floor(days / 7) * 5;
  for (let d = a + 1 + Math.floor(days / 7) * 7; d <= b; d++) if (weekday(d) < SATURDAY) n++;
  const off = new Set<number>();
  for (let y = civil(a + 1).y; y <= civil(b).y; y++) for (const h of nyseHolidays(y)) off.add(h);
  for (const c of CLOSURES) off.add(c);
  for (const d of off) if (d > a && d <= b && weekday(d) < SATURDAY) n--;
  return n;
}

/** Minutes from UTC to New York time at instant `ms` (-240 in summer, -300 in winter; US rules since 2007). */
export function newYorkOffsetMinutes(ms: number): number {
  const day = Math.floor(ms / 86_400_000);
  const y = civil(day).y;
  // Second Sunday of March, 2:00 EST = 7:00 UTC; first Sunday of November, 2:00 EDT = 6:00 UTC.
  const start = nthWeekday(y, 3, SUNDAY, 2) * 86_400_000 + 7 * 3_600_000;
  const end = nthWeekday(y, 11, SUNDAY, 1) * 86_400_000 + 6 * 3_600_000;
  return ms >= start && ms < end ? -240 : -300;
}

/** Hour (New York time) after which a session's daily bar is expected to be published. */
export const BAR_PUBLISHED_HOUR = 18;

/**
 * The last session whose daily close stored prices should already hold at instant `now`: today
 * once it is a session and past 18:00 New York time, else the session before.
 */
export function expectedLastSession(now: Date): { day: number; iso: string } {
  const ms = now.getTime();
  const local = ms + newYorkOffsetMinutes(ms) * 60_000;
  const today = Math.floor(local / 86_400_000);
  const hour = (local - today * 86_400_000) / 3_600_000;
  const day = isSession(today) && hour >= BAR_PUBLISHED_HOUR ? today : sessionOnOrBefore(today - 1);
  return { day, iso: dayToIso(day) };
}
