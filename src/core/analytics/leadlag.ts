import { lastPerPeriod } from "./align.ts";
import { weekEndingFriday } from "../../model/dates.ts";
import { zigzag } from "./leadership.ts";
import { assertFinite, correlation } from "./stats.ts";

/**
 * Weekly closes: the last close of each week ending Friday (weeks Saturday..Friday, pandas
 * "W-FRI"), labelled by that Friday. A week without any close is absent.
 */
export function weeklyCloses(
  dates: ArrayLike<number>,
  values: ArrayLike<number>,
): { weeks: Int32Array; dates: Int32Array; values: Float64Array } {
  const r = lastPerPeriod(dates, values, weekEndingFriday);
  return { weeks: Int32Array.from(r.keys), dates: r.dates, values: r.values };
}

/**
 * Simple returns between consecutive weekly closes, labelled by the later week's Friday. A week
 * without any close has no return; the next return then spans both weeks.
 */
export function weeklyReturns(
  dates: ArrayLike<number>,
  values: ArrayLike<number>,
): { weeks: Int32Array; returns: Float64Array } {
  const w = weeklyCloses(dates, values);
  const n = Math.max(0, w.values.length - 1);
  const returns = new Float64Array(n);
  for (let i = 0; i < n; i++) returns[i] = w.values[i + 1] / w.values[i] - 1;
  return { weeks: w.weeks.subarray(1), returns };
}

export interface LagCorrelation {
  /** k: the correlation pairs a(t) with b(t + k); positive k = b later, i.e. a leads. */
  lag: number;
  correlation: number;
  /** Overlapping observations used (n - |k|). */
  n: number;
}

/** Pearson correlation of a(t) with b(t + k) for k = -maxLag..maxLag on aligned series. */
export function crossCorrelation(a: ArrayLike<number>, b: ArrayLike<number>, maxLag = 8): LagCorrelation[] {
  assertFinite(a, "crossCorrelation a");
  assertFinite(b, "crossCorrelation b");
  const n = a.length;
  if (b.length !== n) throw new RangeError(`cross-correlation needs aligned series (${n} vs ${b.length})`);
  const out: LagCorrelation[] = [];
  const fa = Float64Array.from(a);
  const fb = Float64Array.from(b);
  for (let k = -maxLag; k <= maxLag; k++) {
    const m = n - Math.abs(k);
    if (m < 3) {
      out.push({ lag: k, correlation: NaN, n: Math.max(0, m) });
      continue;
    }
    const x = k >= 0 ? fa.subarray(0, m) : fa.subarray(-k, n);
    const y = k >= 0 ? fb.subarray(k, n) : fb.subarray(0, m);
    out.push({ lag: k, correlation: correlation(x, y), n: m });
  }
  return out;
}

export interface TurningPointMatch {
  kind: "peak" | "trough";
  /** Index of the large-cap turning point (in the large-cap arrays). */
  largeIndex: number;
  /** Index of the matched small-cap turning point of the same kind, or -1. */
  smallIndex: number;
  /** large date - small date in calendar days: positive = the small cap turned first. */
  leadDays: number;
  /** True when the small cap's matching turn came strictly before the large cap's. */
  smallFirst: boolean;
}

/**
 * For each confirmed zigzag turning point of the large-cap index (threshold e.g. 0.20), the
 * nearest small-cap turning point of the same kind (zigzag with the same threshold) within
 * `maxDistanceDays` calendar days either side; without one, smallIndex is -1.
 */
export function turningPointLeads(
  large: { dates: ArrayLike<number>; values: ArrayLike<number> },
  small: { dates: ArrayLike<number>; values: ArrayLike<number> },
  threshold = 0.2,
  maxDistanceDays = 365,
): TurningPointMatch[] {
  const lp = zigzag(large.values, threshold).filter((p) => p.confirmedIndex >= 0);
  const sp = zigzag(small.values, threshold);
  return lp.map((p) => {
    const day = large.dates[p.index];
    let best = -1;
    let bestDist = Infinity;
    for (const q of sp) {
      if (q.kind !== p.kind) continue;
      const dist = Math.abs(day - small.dates[q.index]);
      if (dist <= maxDistanceDays && dist < bestDist) {
        best = q.index;
        bestDist = dist;
      }
    }
    const leadDays = best >= 0 ? day - small.dates[best] : NaN;
    return { kind: p.kind, largeIndex: p.index, smallIndex: best, leadDays, smallFirst: best >= 0 && leadDays > 0 };
  });
}
