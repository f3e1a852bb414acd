import type { SeriesFrame } from "../../model/series.ts";
import { zigzag } from "./leadership.ts";
import { dropMissing, lastPerPeriod } from "./align.ts";
import { isoToDay, monthKeys, weekEndingFriday } from "../../model/dates.ts";
import { TRADING_DAYS_PER_YEAR } from "./returns.ts";

/** Policy regime codes, one per day: hiking, easing, on hold, or unknown (no rate data). */
export const HIKING = 1;
export const EASING = -1;
export const ON_HOLD = 0;
export const UNKNOWN = 2;
export type RegimeName = "hiking" | "easing" | "on hold";
export const REGIME_NAMES: Record<number, RegimeName> = { [HIKING]: "hiking", [EASING]: "easing", [ON_HOLD]: "on hold" };

export interface PolicyRuleOptions {
  /** A cycle is a swing of the monthly-average rate of at least this many percentage points (0.5). */
  cycleThreshold: number;
  /** Months within this many points of a cycle's extreme, or of each other in a pause, count as flat (0.125). */
  flatBand: number;
  /** A flat run of at least this many months inside a cycle is a pause: on hold (6). */
  pauseMonths: number;
}

export const DEFAULT_POLICY_RULE: PolicyRuleOptions = { cycleThreshold: 0.5, flatBand: 0.125, pauseMonths: 6 };

export interface MonthlyPolicy {
  /** Month keys (year * 12 + month - 1), consecutive. */
  months: Int32Array;
  /** Monthly average of the rate (percent); NaN-free: a month without data repeats the last average. */
  level: Float64Array;
  /** HIKING / EASING / ON_HOLD per month. */
  regime: Int8Array;
}

/**
 * Hiking / easing / on-hold months from a fed funds series (daily DFF or monthly FEDFUNDS,
 * percent). The rule, on monthly averages M:
 * 1. Cycles: zigzag turning points of M with an absolute threshold (a rise or fall of at least
 *    `cycleThreshold` points from the last extreme confirms it); a rising leg trough -> peak is a
 *    hiking cycle, a falling leg an easing cycle; the leg to the last, unconfirmed extreme counts.
 * 2. Flat ends are trimmed: a hiking leg starts after the last month still within `flatBand` of
 *    the trough and ends at the first month within `flatBand` of the peak (easing mirrored).
 * 3. Pauses: inside a leg, a run of `pauseMonths` or more months all within `flatBand` of the
 *    run's first month is on hold (e.g. 2016 between the Dec 2015 and Dec 2016 hikes); a run
 *    cannot start on a month that moved more than `flatBand` from the month before.
 * Everything else is on hold. Month precision: the effective rate's monthly average moves in the
 * month of the decision or the next, so labels can lag FOMC dates by up to a month.
 */
export function monthlyPolicyRegimes(rate: SeriesFrame, options: Partial<PolicyRuleOptions> = {}): MonthlyPolicy {
  const o = { ...DEFAULT_POLICY_RULE, ...options };
  const f = dropMissing(rate);
  const n0 = f.dates.length;
  if (n0 === 0) return { months: new Int32Array(0), level: new Float64Array(0), regime: new Int8Array(0) };
  const fk = monthKeys(f.dates);
  const first = fk[0];
  const last = fk[n0 - 1];
  const m = last - first + 1;
  const sums = new Float64Array(m);
  const counts = new Int32Array(m);
  for (let i = 0; i < n0; i++) {
    const k = fk[i] - first;
    sums[k] += f.values[i];
    counts[k]++;
  }
  const level = new Float64Array(m);
  for (let k = 0; k < m; k++) level[k] = counts[k] ? sums[k] / counts[k] : level[k - 1];
  const months = Int32Array.from({ length: m }, (_, k) => first + k);
  const regime = new Int8Array(m); // ON_HOLD = 0

  // 1. Absolute zigzag on the monthly levels (the same rule as the leadership regimes').
  const pivots = zigzag(level, o.cycleThreshold, "absolute").map((p) => p.index);

  // 2. Legs with trimmed flat ends; 3. pauses inside them.
  for (let p = 1; p < pivots.length; p++) {
    const a = pivots[p - 1];
    const b = pivots[p];
    const up = level[b] > level[a];
    const code = up ? HIKING : EASING;
    const nearStart = (k: number) => (up ? level[k] <= level[a] + o.flatBand : level[k] >= level[a] - o.flatBand);
    const nearEnd = (k: number) => (up ? level[k] >= level[b] - o.flatBand : level[k] <= level[b] + o.flatBand);
    let s = a;
    for (let k = a; k <= b; k++) if (nearStart(k)) s = k;
    s += 1;
    let e = b;
    for (let k = s; k <= b; k++) {
      if (nearEnd(k)) {
        e = k;
        break;
      }
    }
    let k = s;
    while (k <= e) {
      // A pause starts at a month that is not itself a move (within the band of the month
      // before) and lasts while the level stays within the band of that month.
      let j = k;
      if (k > 0 && Math.abs(level[k] - level[k - 1]) <= o.flatBand) {
        while (j + 1 <= e && Math.abs(level[j + 1] - level[k]) <= o.flatBand) j++;
      }
      if (j - k + 1 >= o.pauseMonths) {
        k = j + 1; // a pause: stays on hold
      } else {
        regime[k] = code;
        k++;
      }
    }
  }
  return { months, level, regime };
}

/** Daily labels from monthly ones: each day takes its month's regime; UNKNOWN outside the rate data. */
export function labelDays(dates: ArrayLike<number>, monthly: MonthlyPolicy): Int8Array {
  const out = new Int8Array(dates.length).fill(UNKNOWN);
  const m = monthly.months.length;
  if (m === 0) return out;
  const first = monthly.months[0];
  const keys = monthKeys(dates);
  for (let i = 0; i < dates.length; i++) {
    const k = keys[i] - first;
    if (k >= 0 && k < m) out[i] = monthly.regime[k];
  }
  return out;
}

export interface PolicyCycle {
  direction: "hiking" | "easing";
  /** First move (FOMC decision date; month approximations before 1994). */
  start: string;
  /** Last move of the cycle. */
  end: string;
}

/**
 * Fed policy cycles since 1987 (docs/cycles.md; pre-1994 dates approximate to
 * the month; a range "Feb/May 1989" ends at the later month's end).
 */
export const FED_CYCLES: readonly PolicyCycle[] = [
  { direction: "hiking", start: "1988-03-01", end: "1989-05-31" },
  { direction: "easing", start: "1989-06-01", end: "1992-09-30" },
  { direction: "hiking", start: "1994-02-04", end: "1995-02-01" },
  { direction: "easing", start: "1995-07-06", end: "1996-01-31" },
  { direction: "easing", start: "1998-09-29", end: "1998-11-17" },
  { direction: "hiking", start: "1999-06-30", end: "2000-05-16" },
  { direction: "easing", start: "2001-01-03", end: "2003-06-25" },
  { direction: "hiking", start: "2004-06-30", end: "2006-06-29" },
  { direction: "easing", start: "2007-09-18", end: "2008-12-16" },
  { direction: "hiking", start: "2015-12-16", end: "2018-12-19" },
  { direction: "easing", start: "2019-07-31", end: "2020-03-15" },
  { direction: "hiking", start: "2022-03-16", end: "2023-07-26" },
  { direction: "easing", start: "2024-09-18", end: "2024-12-18" },
  { direction: "easing", start: "2025-09-17", end: "2025-12-10" },
];

/** The table's coverage: checked against DFF through 2026-08-06. */
export const FED_CYCLES_COVERAGE = { from: "1987-01-01", to: "2026-08-06" } as const;

/** Daily labels from a cycle table: inside [start, end] of a cycle its direction, else on hold; UNKNOWN outside coverage. */
export function labelDaysFromCycles(
  dates: ArrayLike<number>,
  cycles: readonly PolicyCycle[] = FED_CYCLES,
  coverage: { from: string; to: string } = FED_CYCLES_COVERAGE,
): Int8Array {
  const spans = cycles.map((c) => ({ s: isoToDay(c.start), e: isoToDay(c.end), code: c.direction === "hiking" ? HIKING : EASING }));
  const cf = isoToDay(coverage.from);
  const ct = isoToDay(coverage.to);
  const out = new Int8Array(dates.length);
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i];
    if (d < cf || d > ct) {
      out[i] = UNKNOWN;
      continue;
    }
    out[i] = ON_HOLD;
    for (const sp of spans) {
      if (d >= sp.s && d <= sp.e) {
        out[i] = sp.code;
        break;
      }
    }
  }
  return out;
}

export interface RegimeStats {
  regime: RegimeName;
  /** Daily returns labelled with this regime. */
  days: number;
  /** Geometric: prod(1 + r)^(252 / days) - 1. */
  annualizedReturn: number;
  /** std(r, ddof = 1) * sqrt(252). */
  annualizedVolatility: number;
}

/**
 * Annualized return and volatility of daily returns grouped by the regime of each return's
 * date (labels aligned with the returns; UNKNOWN days are left out).
 */
export function statsByRegime(returns: ArrayLike<number>, labels: ArrayLike<number>, periodsPerYear = TRADING_DAYS_PER_YEAR): RegimeStats[] {
  if (labels.length !== returns.length) throw new RangeError(`labels (${labels.length}) must align with returns (${returns.length})`);
  const codes = [HIKING, EASING, ON_HOLD];
  const count = [0, 0, 0];
  const sum = [0, 0, 0];
  const growth = [1, 1, 1];
  const slot = (label: number) => (label === HIKING ? 0 : label === EASING ? 1 : label === ON_HOLD ? 2 : -1);
  for (let i = 0; i < returns.length; i++) {
    const k = slot(labels[i]);
    if (k < 0) continue;
    count[k]++;
    sum[k] += returns[i];
    growth[k] *= 1 + returns[i];
  }
  const ss = [0, 0, 0];
  for (let i = 0; i < returns.length; i++) {
    const k = slot(labels[i]);
    if (k >= 0) ss[k] += (returns[i] - sum[k] / count[k]) ** 2;
  }
  return codes.map((code, k) => ({
    regime: REGIME_NAMES[code],
    days: count[k],
    annualizedReturn: count[k] ? growth[k] ** (periodsPerYear / count[k]) - 1 : NaN,
    annualizedVolatility: count[k] > 1 ? Math.sqrt(ss[k] / (count[k] - 1)) * Math.sqrt(periodsPerYear) : NaN,
  }));
}

/**
 * Week-over-week changes of a level series (yields, spreads; in its own units, percentage
 * points for FRED rates): last non-missing value of each week ending Friday, differenced.
 * Labelled by the later week's Friday.
 */
export function weeklyChanges(frame: SeriesFrame): { weeks: Int32Array; changes: Float64Array } {
  const f = dropMissing(frame);
  const w = lastPerPeriod(f.dates, f.values, weekEndingFriday);
  const n = Math.max(0, w.values.length - 1);
  const changes = new Float64Array(n);
  for (let i = 0; i < n; i++) changes[i] = w.values[i + 1] - w.values[i];
  return { weeks: Int32Array.from(w.keys.subarray(1)), changes };
}
