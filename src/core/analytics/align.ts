import type { SeriesFrame } from "../../model/series.ts";
import { firstIndexOnOrAfter, dayToIso, lastIndexOnOrBefore } from "../../model/dates.ts";

/**
 * Inner join of several series on their dates (dates ascending, unique): only the days
 * every series has survive, each value kept aligned.
 */
export function innerJoin(...frames: SeriesFrame[]): { dates: Int32Array; values: Float64Array[] } {
  if (frames.length === 0) return { dates: new Int32Array(0), values: [] };
  if (frames.length === 2) return innerJoinTwo(frames[0], frames[1]);
  const first = frames[0];
  const cap = first.dates.length;
  const idx = new Int32Array(frames.length);
  const dates = new Int32Array(cap);
  const values = frames.map(() => new Float64Array(cap));
  let k = 0;
  outer: for (let i = 0; i < cap; i++) {
    const d = first.dates[i];
    for (let f = 1; f < frames.length; f++) {
      const fd = frames[f].dates;
      let j = idx[f];
      while (j < fd.length && fd[j] < d) j++;
      idx[f] = j;
      if (j >= fd.length || fd[j] !== d) continue outer;
    }
    dates[k] = d;
    values[0][k] = first.values[i];
    for (let f = 1; f < frames.length; f++) values[f][k] = frames[f].values[idx[f]];
    k++;
  }
  return { dates: dates.slice(0, k), values: values.map((v) => v.slice(0, k)) };
}

/**
 * `innerJoin` of two frames, the common case, as one merge of two sorted date arrays: the
 * general loop's per-frame bookkeeping made it the costliest step of a cold measurement.
 */
function innerJoinTwo(a: SeriesFrame, b: SeriesFrame): { dates: Int32Array; values: Float64Array[] } {
  const ad = a.dates;
  const bd = b.dates;
  const cap = Math.min(ad.length, bd.length);
  const dates = new Int32Array(cap);
  const av = new Float64Array(cap);
  const bv = new Float64Array(cap);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < ad.length && j < bd.length) {
    const x = ad[i];
    const y = bd[j];
    if (x < y) i++;
    else if (y < x) j++;
    else {
      dates[k] = x;
      av[k] = a.values[i++];
      bv[k++] = b.values[j++];
    }
  }
  return { dates: dates.slice(0, k), values: [av.slice(0, k), bv.slice(0, k)] };
}

/** The part of a frame with from <= date <= to (day numbers; either bound optional). */
export function sliceByDate(frame: SeriesFrame, from?: number, to?: number): SeriesFrame {
  let lo = 0;
  let hi = frame.dates.length;
  if (from !== undefined) while (lo < hi && frame.dates[lo] < from) lo++;
  if (to !== undefined) while (hi > lo && frame.dates[hi - 1] > to) hi--;
  return { id: frame.id, dates: frame.dates.subarray(lo, hi), values: frame.values.subarray(lo, hi) };
}

/**
 * The index range [start, end] (inclusive) of a window over ascending dates, r2k's window
 * convention: the closes dated from..to plus the *base*, the last close before `from`, so the
 * window's returns are exactly the daily returns dated within from..to. When no close precedes
 * `from`, the window starts at the first close on or after it (there is no base, and
 * `baseIncluded` says so). `from`/`to` are day numbers; omitted = open ended.
 * Throws RangeError when no close falls in from..to.
 */
export function windowRange(
  dates: ArrayLike<number>,
  from?: number,
  to?: number,
): { start: number; end: number; baseIncluded: boolean } {
  const n = dates.length;
  if (from !== undefined && to !== undefined && from > to) {
    throw new RangeError(`window start ${dayToIso(from)} is after its end ${dayToIso(to)}`);
  }
  const end = to === undefined ? n - 1 : lastIndexOnOrBefore(dates, to);
  const first = from === undefined ? 0 : firstIndexOnOrAfter(dates, from);
  if (n === 0 || end < 0 || first >= n || first > end) {
    const span = n === 0 ? "no data is stored" : `data runs ${dayToIso(dates[0])}..${dayToIso(dates[n - 1])}`;
    throw new RangeError(
      `no closes between ${from === undefined ? "the start" : dayToIso(from)} and ${to === undefined ? "the end" : dayToIso(to)} (${span})`,
    );
  }
  const baseIncluded = first > 0 && from !== undefined;
  return { start: baseIncluded ? first - 1 : first, end, baseIncluded };
}

/** `windowRange`, or null when no close falls in the window (instead of throwing). */
export function windowRangeOrNull(dates: ArrayLike<number>, from?: number, to?: number): { start: number; end: number; baseIncluded: boolean } | null {
  const n = dates.length;
  if (from !== undefined && to !== undefined && from > to) return null;
  const end = to === undefined ? n - 1 : lastIndexOnOrBefore(dates, to);
  const first = from === undefined ? 0 : firstIndexOnOrAfter(dates, from);
  if (n === 0 || end < 0 || first >= n || first > end) return null;
  const baseIncluded = first > 0 && from !== undefined;
  return { start: baseIncluded ? first - 1 : first, end, baseIncluded };
}

/** A frame cut to `windowRange` (subarrays: no copy). */
export function windowFrame(frame: SeriesFrame, from?: number, to?: number): SeriesFrame & { baseIncluded: boolean } {
  const r = windowRange(frame.dates, from, to);
  return {
    id: frame.id,
    dates: frame.dates.subarray(r.start, r.end + 1),
    values: frame.values.subarray(r.start, r.end + 1),
    baseIncluded: r.baseIncluded,
  };
}

/**
 * For each target date, the value of `frame` on the last date <= it ("as of" join), or NaN
 * when there is none or it is older than `maxStaleDays` calendar days.
 */
export function asOfValues(frame: SeriesFrame, targetDates: ArrayLike<number>, maxStaleDays = Infinity): Float64Array {
  const out = new Float64Array(targetDates.length);
  const d = frame.dates;
  let j = -1;
  for (let i = 0; i < targetDates.length; i++) {
    const t = targetDates[i];
    if (i > 0 && t < targetDates[i - 1]) j = -1; // targets not ascending: restart the scan
    while (j + 1 < d.length && d[j + 1] <= t) j++;
    out[i] = j >= 0 && t - d[j] <= maxStaleDays ? frame.values[j] : NaN;
  }
  return out;
}

/**
 * Last observation of each period, periods given by a key per date: a key function of the day
 * (e.g. weekEndingFriday) or precomputed keys aligned with the dates (e.g. monthKeys(dates)).
 * Dates ascending. Returns the period keys, the date of the observation kept and its value.
 */
export function lastPerPeriod(
  dates: ArrayLike<number>,
  values: ArrayLike<number>,
  key: ((day: number) => number) | ArrayLike<number>,
): { keys: Float64Array; dates: Int32Array; values: Float64Array } {
  const n = dates.length;
  const keys = new Float64Array(n);
  const kd = new Int32Array(n);
  const kv = new Float64Array(n);
  let m = -1;
  let prev = NaN;
  if (typeof key === "function") {
    for (let i = 0; i < n; i++) {
      const k = key(dates[i]);
      if (k !== prev) {
        keys[++m] = k;
        prev = k;
      }
      kd[m] = dates[i];
      kv[m] = values[i];
    }
  } else {
    for (let i = 0; i < n; i++) {
      const k = key[i];
      if (k !== prev) {
        keys[++m] = k;
        prev = k;
      }
      kd[m] = dates[i];
      kv[m] = values[i];
    }
  }
  return { keys: keys.slice(0, m + 1), dates: kd.slice(0, m + 1), values: kv.slice(0, m + 1) };
}

/** Values without NaN entries (and their dates): FRED's missing observations. */
export function dropMissing(frame: SeriesFrame): SeriesFrame {
  let count = 0;
  for (let i = 0; i < frame.values.length; i++) if (Number.isFinite(frame.values[i])) count++;
  if (count === frame.values.length) return frame;
  const dates = new Int32Array(count);
  const values = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < frame.values.length; i++) {
    if (Number.isFinite(frame.values[i])) {
      dates[k] = frame.dates[i];
      values[k++] = frame.values[i];
    }
  }
  return { id: frame.id, dates, values };
}

/** Throws RangeError unless dates are strictly ascending and as many as the values. */
export function assertFrame(frame: SeriesFrame): void {
  const { dates, values } = frame;
  if (dates.length !== values.length) {
    throw new RangeError(`${frame.id}: ${dates.length} dates but ${values.length} values`);
  }
  for (let i = 1; i < dates.length; i++) {
    if (!(dates[i] > dates[i - 1])) {
      throw new RangeError(
        `${frame.id}: dates must be strictly ascending, ${dayToIso(dates[i])} follows ${dayToIso(dates[i - 1])} (row ${i})`,
      );
    }
  }
}
