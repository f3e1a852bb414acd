import { dayFromCivil, dayToIso, FRIDAY, isoToDay, nthWeekday, SATURDAY, weekday } from "../../model/dates.ts";
import { IndexEngineError } from "./types.ts";

/**
 * Reconstitution and IPO calendar (docs/methodology.md sections 2 and 7). Dates are ISO strings.
 * Only weekends are skipped unless `holidays` lists exchange holidays; the published
 * schedules the doc lists never needed a holiday roll-back.
 */
export interface CalendarOptions {
  /** First year with a second (December) reconstitution [2.2, confirmed: 2026]. */
  semiAnnualFrom: number;
  /** December rank day [unverified]: default 31 October rolled back to a trading day. */
  decemberRankDay: (year: number) => string;
  /** December effective day (after the close) [unverified]: default 3rd Friday of December. */
  decemberEffectiveDay: (year: number) => string;
  /** Whether a December IPO window still runs once December reconstitutions exist [unverified: no]. */
  decemberIpoWithSemiAnnual: boolean;
  /** First quarterly IPO window [7, confirmed: September 2004]. */
  ipoStart: string;
  /** Days between the IPO rank date and the effective date [7, confirmed on 2018/19 examples: 35]. */
  ipoRankLeadDays: number;
  /** Exchange holidays (ISO dates) to roll back over. */
  holidays: readonly string[];
}

export type Confidence = "confirmed" | "likely" | "unverified";

export interface ScheduleEvent {
  kind: "reconstitution" | "ipo-additions";
  /** "june", "december", "march", "september". */
  window: string;
  rankDay: string;
  /** Changes take effect after this day's close. */
  effectiveAfterClose: string;
  /** First trading day on the new membership. */
  firstDay: string;
  confidence: Confidence;
  note: string;
}

function isTrading(day: number, holidays: ReadonlySet<number>): boolean {
  return weekday(day) < SATURDAY && !holidays.has(day);
}

export function onOrBefore(day: number, holidays: ReadonlySet<number>): number {
  let d = day;
  while (!isTrading(d, holidays)) d--;
  return d;
}

export function nextTradingDay(day: number, holidays: ReadonlySet<number>): number {
  let d = day + 1;
  while (!isTrading(d, holidays)) d++;
  return d;
}

export const DEFAULT_CALENDAR: Readonly<CalendarOptions> = Object.freeze({
  semiAnnualFrom: 2026,
  decemberRankDay: (year: number) => dayToIso(onOrBefore(dayFromCivil(year, 10, 31), new Set())),
  decemberEffectiveDay: (year: number) => dayToIso(nthWeekday(year, 12, FRIDAY, 3)),
  decemberIpoWithSemiAnnual: false,
  ipoStart: "2004-09-01",
  ipoRankLeadDays: 35,
  holidays: [],
});

/** First year with an annual reconstitution rule [2.1]; earlier dates have no calendar here. */
export const FIRST_RECONSTITUTION_YEAR = 1989;

/** Rank days of 2018-2022 (a Friday in early/mid May); 2018 and 2021 are confirmed (docs/methodology.md 2.1). */
const MAY_RANK_DAYS: Record<number, { day: string; confidence: Confidence }> = {
  2018: { day: "2018-05-11", confidence: "confirmed" },
  2019: { day: "2019-05-10", confidence: "unverified" },
  2020: { day: "2020-05-08", confidence: "unverified" },
  2021: { day: "2021-05-07", confidence: "confirmed" },
  2022: { day: "2022-05-06", confidence: "unverified" },
};

function resolve(opts: Partial<CalendarOptions>): { o: CalendarOptions; hol: Set<number> } {
  const o = { ...DEFAULT_CALENDAR, ...opts };
  return { o, hol: new Set(o.holidays.map(isoToDay)) };
}

/**
 * The June reconstitution of a year: rank day 30 April rolled back to a trading day from
 * 2023, a Friday in May for 2018-2022, the last trading day of May for 1989-2017; effective
 * after the close of the 4th Friday of June (the same day as the old "last Friday, or the
 * Friday before when that is the 29th or 30th" rule).
 */
export function juneReconstitution(year: number, opts: Partial<CalendarOptions> = {}): ScheduleEvent {
  if (!Number.isInteger(year) || year < FIRST_RECONSTITUTION_YEAR) {
    throw new IndexEngineError(`no annual reconstitution rule before ${FIRST_RECONSTITUTION_YEAR} (got ${year})`);
  }
  const { hol } = resolve(opts);
  let rank: number;
  let confidence: Confidence;
  let note: string;
  if (year >= 2023) {
    rank = onOrBefore(dayFromCivil(year, 4, 30), hol);
    confidence = year <= 2025 ? "confirmed" : "likely";
    note = "rank day 30 April (previous trading day if not one)";
  } else if (year >= 2018) {
    const known = MAY_RANK_DAYS[year];
    rank = isoToDay(known.day);
    confidence = known.confidence;
    note = "rank day a Friday in early/mid May";
  } else {
    rank = onOrBefore(dayFromCivil(year, 5, 31), hol);
    confidence = "likely";
    note = "rank day the last trading day of May";
  }
  const eff = onOrBefore(nthWeekday(year, 6, FRIDAY, 4), hol);
  return {
    kind: "reconstitution",
    window: "june",
    rankDay: dayToIso(rank),
    effectiveAfterClose: dayToIso(eff),
    firstDay: dayToIso(nextTradingDay(eff, hol)),
    confidence,
    note: `${note}; effective after the close of the 4th Friday of June`,
  };
}

/** The December reconstitution (from `semiAnnualFrom`), dates from the options [unverified]. */
export function decemberReconstitution(year: number, opts: Partial<CalendarOptions> = {}): ScheduleEvent | null {
  const { o, hol } = resolve(opts);
  if (year < o.semiAnnualFrom) return null;
  const eff = onOrBefore(isoToDay(o.decemberEffectiveDay(year)), hol);
  return {
    kind: "reconstitution",
    window: "december",
    rankDay: dayToIso(onOrBefore(isoToDay(o.decemberRankDay(year)), hol)),
    effectiveAfterClose: dayToIso(eff),
    firstDay: dayToIso(nextTradingDay(eff, hol)),
    confidence: "unverified",
    note: "semi-annual reconstitution; rank and effective days are configuration, not confirmed",
  };
}

/**
 * Quarterly IPO additions: effective after the close of the 3rd Friday of March, September
 * and December (June is the reconstitution), IPO rank date 35 days earlier.
 */
export function ipoWindows(year: number, opts: Partial<CalendarOptions> = {}): ScheduleEvent[] {
  const { o, hol } = resolve(opts);
  const start = isoToDay(o.ipoStart);
  const months: [number, string][] = [
    [3, "march"],
    [9, "september"],
    [12, "december"],
  ];
  const out: ScheduleEvent[] = [];
  for (const [month, window] of months) {
    if (month === 12 && year >= o.semiAnnualFrom && !o.decemberIpoWithSemiAnnual) continue;
    const eff = onOrBefore(nthWeekday(year, month, FRIDAY, 3), hol);
    if (eff < start) continue;
    out.push({
      kind: "ipo-additions",
      window,
      rankDay: dayToIso(onOrBefore(eff - o.ipoRankLeadDays, hol)),
      effectiveAfterClose: dayToIso(eff),
      firstDay: dayToIso(nextTradingDay(eff, hol)),
      confidence: year >= o.semiAnnualFrom ? "unverified" : "confirmed",
      note: "quarterly IPO additions, effective after the close of the 3rd Friday",
    });
  }
  return out;
}

/** Every reconstitution and IPO window whose effective day lies in [from, to]. */
export function schedule(from: string, to: string, opts: Partial<CalendarOptions> = {}): ScheduleEvent[] {
  const a = isoToDay(from);
  const b = isoToDay(to);
  const out: ScheduleEvent[] = [];
  for (let y = Math.max(FIRST_RECONSTITUTION_YEAR, Number(from.slice(0, 4))); y <= Number(to.slice(0, 4)); y++) {
    out.push(juneReconstitution(y, opts));
    const dec = decemberReconstitution(y, opts);
    if (dec) out.push(dec);
    out.push(...ipoWindows(y, opts));
  }
  return out
    .filter((e) => {
      const d = isoToDay(e.effectiveAfterClose);
      return d >= a && d <= b;
    })
    .sort((x, y) => (x.effectiveAfterClose < y.effectiveAfterClose ? -1 : 1));
}

/** The next reconstitution whose rank day is on or after `day` (for a preview's heading). */
export function nextReconstitution(day: string, opts: Partial<CalendarOptions> = {}): ScheduleEvent {
  const year = Number(day.slice(0, 4));
  for (let y = year; y <= year + 1; y++) {
    const list = [juneReconstitution(y, opts), decemberReconstitution(y, opts)].filter(
      (e): e is ScheduleEvent => e !== null,
    );
    for (const e of list) if (e.rankDay >= day) return e;
  }
  return juneReconstitution(year + 2, opts);
}

/** A day's place in the reconstitution calendar. */
export interface CalendarPlace {
  event: ScheduleEvent;
  /** On or after the event's rank day and on or before its effective day. */
  inWindow: boolean;
}

/**
 * Where a universe dated `day` sits in the calendar: inside a reconstitution window (on or after
 * its rank day and on or before its effective day, as holdings dated a few days after rank day
 * are), else before the next reconstitution. Throws for a day before FIRST_RECONSTITUTION_YEAR.
 */
export function reconstitutionOf(day: string, opts: Partial<CalendarOptions> = {}): CalendarPlace {
  const year = Number(day.slice(0, 4));
  for (let y = year - 1; y <= year; y++) {
    if (y < FIRST_RECONSTITUTION_YEAR) continue;
    const list = [juneReconstitution(y, opts), decemberReconstitution(y, opts)].filter((e): e is ScheduleEvent => e !== null);
    for (const e of list) if (e.rankDay <= day && day <= e.effectiveAfterClose) return { event: e, inWindow: true };
  }
  return { event: nextReconstitution(day, opts), inWindow: false };
}

/**
 * reconstitutionOf, or null for a day before FIRST_RECONSTITUTION_YEAR, which has no calendar
 * rule: faces show such a date without a window. Any other failure still throws.
 */
export function reconstitutionOrNull(day: string, opts: Partial<CalendarOptions> = {}): CalendarPlace | null {
  return Number(day.slice(0, 4)) < FIRST_RECONSTITUTION_YEAR ? null : reconstitutionOf(day, opts);
}
