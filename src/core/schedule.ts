/**
 * A daily schedule in an exchange's time zone (the server's update after the US close): the next
 * run after a given instant, daylight-saving changes included. Pure: the caller gives the clock
 * and the jitter.
 */

export interface DailySchedule {
  /** IANA zone the time is read in (America/New_York). */
  timeZone: string;
  /** Wall-clock time, HH:MM (24 h). */
  time: string;
  /** ISO weekdays the run happens on: 1 Monday ... 7 Sunday. */
  weekdays: readonly number[];
  /** Runs start up to this many minutes after `time`, spread so that servers do not all ask at once. */
  jitterMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock fields of instant `t` in `timeZone`. */
function wallClock(t: number, timeZone: string): { y: number; m: number; d: number; hh: number; mm: number; weekday: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday) + 1;
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day), hh: Number(parts.hour), mm: Number(parts.minute), weekday };
}

/** The instant a wall-clock time in `timeZone` names (the later one's offset when a clock change makes it ambiguous). */
export function zonedInstant(y: number, m: number, d: number, hh: number, mm: number, timeZone: string): number {
  const wanted = Date.UTC(y, m - 1, d, hh, mm);
  let t = wanted;
  // Two corrections settle the offset, including across a daylight-saving change.
  for (let i = 0; i < 2; i++) {
    const w = wallClock(t, timeZone);
    t += wanted - Date.UTC(w.y, w.m - 1, w.d, w.hh, w.mm);
  }
  return t;
}

/** A schedule's time as hours and minutes; throws on anything but HH:MM. */
export function parseScheduleTime(time: string): { hh: number; mm: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new Error(`not a time of day (HH:MM, 24 h): ${JSON.stringify(time)}`);
  return { hh: Number(m[1]), mm: Number(m[2]) };
}

/**
 * The first run strictly after `after`: the schedule's time on the next allowed weekday in its
 * zone, plus `jitter` (0 to 1) of the jitter window.
 */
export function nextScheduledRun(after: Date, s: DailySchedule, jitter: number): Date {
  const { hh, mm } = parseScheduleTime(s.time);
  const offset = Math.round(Math.min(1, Math.max(0, jitter)) * s.jitterMinutes * 60_000);
  for (let day = 0; day <= 8; day++) {
    const w = wallClock(after.getTime() + day * 86_400_000, s.timeZone);
    if (!s.weekdays.includes(w.weekday)) continue;
    const at = zonedInstant(w.y, w.m, w.d, hh, mm, s.timeZone) + offset;
    if (at > after.getTime()) return new Date(at);
  }
  throw new Error("the schedule has no weekday to run on");
}

/** "18:05 on weekdays, America/New_York" and the like. */
export function describeSchedule(s: DailySchedule): string {
  const names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  const days = [...s.weekdays].sort();
  const which = days.join() === "1,2,3,4,5" ? "on weekdays" : days.length === 7 ? "every day" : `on ${days.map((d) => names[d - 1]).join(", ")}`;
  return `${s.time} ${which}, ${s.timeZone}${s.jitterMinutes > 0 ? ` (up to ${s.jitterMinutes} min later)` : ""}`;
}
