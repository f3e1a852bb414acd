/**
 * Path tools: bridging a random walk through fixed turning points, pinning a crash's depth,
 * and reading step or linear schedules on a day grid. All work on plain Float64Arrays.
 */
import { indexAtOrBefore, isoToDay } from "./calendar.ts";
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
    const i = indexAtOrBefore(days, isoToDay(date));
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
 * Peak-to-trough depth of a log path inside [from, to] (indices), as the reference figures
 * define it: trough = lowest point, peak = highest point before it (within the window).
 */
export function windowDepth(logPath: Float64Array, from: number, to: number): { peak: number; trough: number; depth: number } {
  let trough = from;
  for (let i = from; i <= to; i++) if (logPath[i] < logPath[trough]) trough = i;
  let peak = from;
  for (let i = from; i <= trough; i++) if (logPath[i] > logPath[peak]) peak = i;
  return { peak, trough, depth: Math.exp(logPath[trough] - logPath[peak]) - 1 };
}

/**
 * Moves a log path so that its peak-to-trough depth inside [from, to] equals `target`
 * (a fraction, e.g. -0.5678). The correction is a tent: zero at the peak, full at the trough,
 * back to zero at `to` (or a quarter after the trough when that is later), so the per-day
 * change is tiny and nothing before the peak or after the tent moves.
 */
export function pinDepth(logPath: Float64Array, from: number, to: number, target: number): void {
  const goal = Math.log(1 + target);
  const last = logPath.length - 1;
  for (let iter = 0; iter < 50; iter++) {
    const { peak, trough } = windowDepth(logPath, from, to);
    const delta = goal - (logPath[trough] - logPath[peak]);
    if (Math.abs(delta) < 1e-12 || trough === peak) return;
    const release = Math.min(last, Math.max(to, trough + 63));
    for (let i = peak + 1; i <= release; i++) {
      const w = i <= trough ? (i - peak) / (trough - peak) : (release - i) / (release - trough);
      logPath[i] += delta * w;
    }
  }
}

/**
 * Pushes every point of [from, to] other than `keep` below the level at `keep` (minus a small
 * margin), each offending point by a triangular dent at most `halfWidth` days wide that never
 * reaches `keep`. Used to make a crash's scripted peak the highest close since a guard date.
 */
export function capBelow(logPath: Float64Array, from: number, to: number, keep: number, halfWidth = 30): void {
  const level = logPath[keep] - 0.002;
  const n = logPath.length;
  for (let iter = 0; iter < 5000; iter++) {
    let k = -1;
    for (let i = from; i <= to; i++) {
      if (i !== keep && logPath[i] > level && (k < 0 || logPath[i] > logPath[k])) k = i;
    }
    if (k < 0) return;
    const delta = level - logPath[k] - 0.0005;
    const w = Math.max(1, Math.min(halfWidth, Math.abs(k - keep)));
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
