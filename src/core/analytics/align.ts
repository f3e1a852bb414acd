import type { SeriesFrame } from "../../model/series.ts";

/**
 * Inner join of several series on their dates (dates ascending, unique): only the days
 * every series has survive, each value kept aligned.
 */
export function innerJoin(...frames: SeriesFrame[]): { dates: Int32Array; values: Float64Array[] } {
  if (frames.length === 0) return { dates: new Int32Array(0), values: [] };
  const idx = frames.map(() => 0);
  const dates: number[] = [];
  const values: number[][] = frames.map(() => []);
  const first = frames[0];
  outer: for (let i = 0; i < first.dates.length; i++) {
    const d = first.dates[i];
    for (let f = 1; f < frames.length; f++) {
      const fd = frames[f].dates;
      while (idx[f] < fd.length && fd[idx[f]] < d) idx[f]++;
      if (idx[f] >= fd.length || fd[idx[f]] !== d) continue outer;
    }
    dates.push(d);
    values[0].push(first.values[i]);
    for (let f = 1; f < frames.length; f++) values[f].push(frames[f].values[idx[f]]);
  }
  return { dates: Int32Array.from(dates), values: values.map((v) => Float64Array.from(v)) };
}

/** The part of a frame with from <= date <= to (day numbers; either bound optional). */
export function sliceByDate(frame: SeriesFrame, from?: number, to?: number): SeriesFrame {
  let lo = 0;
  let hi = frame.dates.length;
  if (from !== undefined) while (lo < hi && frame.dates[lo] < from) lo++;
  if (to !== undefined) while (hi > lo && frame.dates[hi - 1] > to) hi--;
  return { id: frame.id, dates: frame.dates.subarray(lo, hi), values: frame.values.subarray(lo, hi) };
}
