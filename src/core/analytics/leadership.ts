import type { SeriesFrame } from "../../model/series.ts";
import { innerJoin } from "./align.ts";
import { addMonths, civil, dayFromCivil, daysInMonth, dayToIso, lastIndexOnOrBefore } from "../../model/dates.ts";
import { assertPrices } from "./stats.ts";

export interface Pivot {
  index: number;
  kind: "peak" | "trough";
  /**
   * Index at which the reversal reached the threshold and the pivot became known; -1 for the
   * last, provisional extreme (the move away from it has not reached the threshold yet).
   */
  confirmedIndex: number;
}

/**
 * Turning points by the zigzag rule. A peak is confirmed once the series has fallen at least
 * `threshold` below its highest value since the last trough; a trough once it has risen at least
 * `threshold` above its lowest value since the last peak. The move is relative (v / x - 1, so
 * 0.10 = 10%; values must be positive) or absolute (v - x, e.g. points of an interest rate).
 * Before the first confirmation the direction is open: whichever threshold is crossed first
 * decides whether the first pivot is the running low or the running high. Peaks and troughs
 * alternate. The final extreme is appended unconfirmed (confirmedIndex -1) when it differs from
 * the last pivot.
 */
export function zigzag(values: ArrayLike<number>, threshold: number, measure: "relative" | "absolute" = "relative"): Pivot[] {
  if (measure === "relative") assertPrices(values, "zigzag");
  if (!(threshold > 0)) throw new RangeError(`zigzag threshold must be positive, got ${threshold}`);
  // The move from x to v: a rise is >= threshold, a fall <= -threshold.
  const move = measure === "relative" ? (x: number, v: number) => v / x - 1 : (x: number, v: number) => v - x;
  const n = values.length;
  const pivots: Pivot[] = [];
  if (n === 0) return pivots;
  let dir = 0; // 0 = open, 1 = rising (tracking a high), -1 = falling (tracking a low)
  let hi = 0;
  let lo = 0;
  let ext = 0;
  for (let i = 1; i < n; i++) {
    const v = values[i];
    if (dir === 0) {
      if (v > values[hi]) hi = i;
      if (v < values[lo]) lo = i;
      if (move(values[lo], v) >= threshold) {
        pivots.push({ index: lo, kind: "trough", confirmedIndex: i });
        dir = 1;
        ext = i;
        for (let k = lo + 1; k <= i; k++) if (values[k] > values[ext]) ext = k;
      } else if (move(values[hi], v) <= -threshold) {
        pivots.push({ index: hi, kind: "peak", confirmedIndex: i });
        dir = -1;
        ext = i;
        for (let k = hi + 1; k <= i; k++) if (values[k] < values[ext]) ext = k;
      }
    } else if (dir === 1) {
      if (v > values[ext]) ext = i;
      else if (move(values[ext], v) <= -threshold) {
        pivots.push({ index: ext, kind: "peak", confirmedIndex: i });
        dir = -1;
        ext = i;
      }
    } else {
      if (v < values[ext]) ext = i;
      else if (move(values[ext], v) >= threshold) {
        pivots.push({ index: ext, kind: "trough", confirmedIndex: i });
        dir = 1;
        ext = i;
      }
    }
  }
  if (dir !== 0) {
    const last = pivots[pivots.length - 1];
    if (ext !== last.index) pivots.push({ index: ext, kind: dir === 1 ? "peak" : "trough", confirmedIndex: -1 });
  }
  return pivots;
}

/** Relative-strength ratio a / b on the dates both series have (e.g. ^RUT / ^GSPC). */
export function relativeStrength(a: SeriesFrame, b: SeriesFrame): SeriesFrame {
  const j = innerJoin(a, b);
  const values = new Float64Array(j.dates.length);
  for (let i = 0; i < values.length; i++) values[i] = j.values[0][i] / j.values[1][i];
  return { id: `${a.id}/${b.id}`, dates: j.dates, values };
}

export interface LeadershipRegime {
  /** "numerator" when the ratio rose (e.g. small caps led), "denominator" when it fell. */
  leader: "numerator" | "denominator";
  startIndex: number;
  endIndex: number;
  /** ratio[end] / ratio[start] - 1. */
  ratioChange: number;
  /** False for the last regime when its end is the provisional (unconfirmed) extreme. */
  confirmed: boolean;
}

/**
 * Leadership regimes: the stretches between consecutive zigzag pivots of a relative-strength
 * ratio. A rise from trough to peak is a numerator-led regime, a fall a denominator-led one.
 */
export function leadershipRegimes(ratio: ArrayLike<number>, threshold = 0.1): LeadershipRegime[] {
  const p = zigzag(ratio, threshold);
  const out: LeadershipRegime[] = [];
  for (let k = 1; k < p.length; k++) {
    const s = p[k - 1].index;
    const e = p[k].index;
    out.push({
      leader: p[k].kind === "peak" ? "numerator" : "denominator",
      startIndex: s,
      endIndex: e,
      ratioChange: ratio[e] / ratio[s] - 1,
      confirmed: p[k].confirmedIndex >= 0,
    });
  }
  return out;
}

export interface BusinessCycle {
  /** First day of the NBER peak month. */
  peak: string;
  /** First day of the NBER trough month. */
  trough: string;
}

/** NBER US business-cycle peaks and troughs since 1980 (month precision; docs/cycles.md). */
export const NBER_CYCLES: readonly BusinessCycle[] = [
  { peak: "1980-01-01", trough: "1980-07-01" },
  { peak: "1981-07-01", trough: "1982-11-01" },
  { peak: "1990-07-01", trough: "1991-03-01" },
  { peak: "2001-03-01", trough: "2001-11-01" },
  { peak: "2007-12-01", trough: "2009-06-01" },
  { peak: "2020-02-01", trough: "2020-04-01" },
];

/**
 * Recessions from a monthly 0/1 indicator (FRED USREC): each run of 1s is a recession whose
 * NBER peak is the month before the run and whose trough is the run's last month.
 */
export function cyclesFromIndicator(usrec: SeriesFrame): BusinessCycle[] {
  const out: BusinessCycle[] = [];
  const { dates, values } = usrec;
  let start = -1;
  for (let i = 0; i <= values.length; i++) {
    const on = i < values.length && values[i] >= 0.5;
    if (on && start < 0) start = i;
    if (!on && start >= 0) {
      if (start > 0 && i < values.length) out.push({ peak: dayToIso(addMonths(firstOfMonth(dates[start]), -1)), trough: dayToIso(firstOfMonth(dates[i - 1])) });
      start = -1;
    }
  }
  // A recession still running at the end of the data (or one starting with the data) has no
  // known peak or trough: left out.
  return out;
}

/**
 * The recessions r2k uses everywhere (leadership tables, recession bands on charts): from the
 * stored monthly indicator when there is one, else the NBER table; only those whose trough is
 * on or before `asOf` (day number) when given, so nothing after a window's end is shown.
 */
export function recessionCycles(usrec?: SeriesFrame & { sources?: string[] }, asOf?: number): { cycles: BusinessCycle[]; source: string } {
  const useIndicator = usrec !== undefined && usrec.dates.length > 0;
  const all = useIndicator ? cyclesFromIndicator(dropMissingValues(usrec)) : [...NBER_CYCLES];
  const cut = asOf === undefined ? all : all.filter((c) => c.trough <= dayToIso(asOf));
  const source = useIndicator
    ? `${(usrec.sources?.length ? usrec.sources : ["stored"]).map((x) => `${usrec.id}:${x}`).join(", ")} (recession months; trough = last recession month)`
    : "NBER business-cycle table (docs/cycles.md)";
  return { cycles: cut, source };
}

function dropMissingValues(f: SeriesFrame): SeriesFrame {
  const keep: number[] = [];
  for (let i = 0; i < f.values.length; i++) if (Number.isFinite(f.values[i])) keep.push(i);
  if (keep.length === f.values.length) return f;
  return { id: f.id, dates: Int32Array.from(keep, (i) => f.dates[i]), values: Float64Array.from(keep, (i) => f.values[i]) };
}

function firstOfMonth(day: number): number {
  return day - civil(day).d + 1;
}

export interface AfterTroughReturn {
  months: number;
  baseDate: number;
  endDate: number;
  value: number;
  reason?: string;
}

/**
 * Return over the N months after an NBER trough month: from the last close on or before the
 * trough month's last day to the last close on or before the same calendar day N months later
 * (month-end to month-end). Unavailable (NaN with reason) when the data does not cover both ends.
 */
export function returnAfterTroughMonth(frame: SeriesFrame, troughMonth: string, months: number): AfterTroughReturn {
  const t = Number(troughMonth.slice(0, 4));
  const m = Number(troughMonth.slice(5, 7));
  const baseTarget = dayFromCivil(t, m, daysInMonth(t, m));
  const endTarget = addMonths(baseTarget - daysInMonth(t, m) + 1, months + 1) - 1;
  const { dates, values } = frame;
  const b = lastIndexOnOrBefore(dates, baseTarget);
  const n = dates.length;
  if (n === 0 || b < 0 || dates[b] < baseTarget - 7) {
    return {
      months,
      baseDate: baseTarget,
      endDate: endTarget,
      value: NaN,
      reason: `${frame.id} has no close at the end of ${troughMonth.slice(0, 7)}${n ? ` (data ${dayToIso(dates[0])}..${dayToIso(dates[n - 1])})` : ""}`,
    };
  }
  if (dates[n - 1] < endTarget) {
    return { months, baseDate: dates[b], endDate: endTarget, value: NaN, reason: `${frame.id} ends ${dayToIso(dates[n - 1])}, before ${dayToIso(endTarget)}` };
  }
  const e = lastIndexOnOrBefore(dates, endTarget);
  return { months, baseDate: dates[b], endDate: dates[e], value: values[e] / values[b] - 1 };
}
