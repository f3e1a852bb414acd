/**
 * Path tools: bridging a random walk through fixed turning points, keeping a crash's scripted
 * peak and trough its extremes, and reading step or linear schedules on a day grid. All work on plain Float64Arrays.
 */
import { isoToDay, lastIndexOnOrBefore } from "../../model/dates.ts";
import type { Anchor } from "./history.ts";

export interface AnchorPoint {
  /** Index into the day grid. */
  i: number;
  /** Target value of the path there (log level or additive level). */
  v: number;
}

/** Anchors mapped onto a day grid (dates off the grid snap to the business day before). */
export function anchorPoints(days: Int32Array, anchors: readonly Anchor[], transform: (v: number) => number): AnchorPoint[] {
  const out: AnchorPoint[] = [];
  for (const [date, value] of anchors) {
    const i = lastIndexOnOrBefore(days, isoToDay(date));
    if (i < 0) continue;
    const last = out[out.length - 1];
    if (last && last.i === i) last.v = transform(value);
    else out.push({ i, v: transform(value) });
  }
  return out;
}

/**
 * Cumulates per-day increments (`inc[0]` ignored) into a path that passes exactly through
 * every anchor: within each segment between two anchors a constant per-day drift is added, so
 * the day-to-day noise (and its co-movement with other paths) is kept. Before the first anchor
 * the path runs backward from it; after the last one it runs free with `inc` plus `tailDrift`.
 */
export function bridge(inc: Float64Array, anchors: readonly AnchorPoint[], tailDrift = 0): Float64Array {
  const n = inc.length;
  const out = new Float64Array(n);
  if (anchors.length === 0) throw new RangeError("bridge needs at least one anchor");
  const first = anchors[0];
  out[first.i] = first.v;
  for (let i = first.i - 1; i >= 0; i--) out[i] = out[i + 1] - inc[i + 1];
  for (let k = 0; k + 1 < anchors.length; k++) {
    const a = anchors[k];
    const b = anchors[k + 1];
    let sum = 0;
    for (let i = a.i + 1; i <= b.i; i++) sum += inc[i];
    const drift = (b.v - a.v - sum) / (b.i - a.i);
    for (let i = a.i + 1; i <= b.i; i++) out[i] = out[i - 1] + inc[i] + drift;
    out[b.i] = b.v;
  }
  const last = anchors[anchors.length - 1];
  for (let i = last.i + 1; i < n; i++) out[i] = out[i - 1] + inc[i] + tailDrift;
  return out;
}

/** Per-day differences of a path (`out[0]` = 0). */
export function increments(path: Float64Array): Float64Array {
  const out = new Float64Array(path.length);
  for (let i = 1; i < path.length; i++) out[i] = path[i] - path[i - 1];
  return out;
}

/**
 * Keeps every point of [from, to] on one side of `level`: below it (`side` = -1) or above it
 * (`side` = +1). Each offending point is moved by a triangular dent centred on it, at most
 * `halfWidth` days wide and never reaching a `protect`ed index (the turning points, so they
 * all stay exactly where they are). Used to make a crash's scripted peak the highest close
 * since a guard date and its scripted trough the lowest close of the episode.
 */
export function keepSide(
  logPath: Float64Array,
  from: number,
  to: number,
  level: number,
  side: 1 | -1,
  protect: readonly number[],
  halfWidth = 30,
): void {
  const n = logPath.length;
  const fixed = new Set(protect);
  const sorted = [...fixed].sort((a, b) => a - b);
  const bound = level + side * 0.002;
  for (let iter = 0; iter < 5000; iter++) {
    let k = -1;
    for (let i = from; i <= to; i++) {
      if (fixed.has(i)) continue;
      if (side * (logPath[i] - bound) < 0 && (k < 0 || side * (logPath[i] - logPath[k]) < 0)) k = i;
    }
    if (k < 0) return;
    const delta = bound - logPath[k] + side * 0.0005;
    let w = halfWidth;
    for (const p of sorted) w = Math.min(w, Math.abs(k - p));
    w = Math.max(1, w);
    for (let j = Math.max(0, k - w + 1); j <= Math.min(n - 1, k + w - 1); j++) {
      logPath[j] += delta * (1 - Math.abs(j - k) / w);
    }
  }
}

/** A step schedule (value holds from its date to the next) evaluated on each grid day. */
export function stepSchedule(days: Int32Array, schedule: readonly Anchor[]): Float64Array {
  const out = new Float64Array(days.length);
  const starts = schedule.map(([d]) => isoToDay(d));
  let k = 0;
  for (let i = 0; i < days.length; i++) {
    while (k + 1 < starts.length && starts[k + 1] <= days[i]) k++;
    out[i] = schedule[k][1];
  }
  return out;
}

/** A schedule interpolated linearly between its points (flat before the first and after the last). */
export function linearSchedule(days: ArrayLike<number>, schedule: readonly Anchor[]): Float64Array {
  const out = new Float64Array(days.length);
  const xs = schedule.map(([d]) => isoToDay(d));
  let k = 0;
  for (let i = 0; i < days.length; i++) {
    const d = days[i];
    while (k + 1 < xs.length && xs[k + 1] <= d) k++;
    if (d <= xs[0]) out[i] = schedule[0][1];
    else if (k + 1 >= xs.length) out[i] = schedule[xs.length - 1][1];
    else {
      const t = (d - xs[k]) / (xs[k + 1] - xs[k]);
      out[i] = schedule[k][1] + t * (schedule[k + 1][1] - schedule[k][1]);
    }
  }
  return out;
}

export function round(v: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
}
