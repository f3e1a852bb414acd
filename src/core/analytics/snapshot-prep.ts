/** Shared preparation for the snapshot sections: cleaned series, windows, joins, weekly series. */
import type { ClosesFrame, SeriesFrame } from "../../model/series.ts";
import { assertFrame, innerJoin, lastPerPeriod, windowRange } from "./align.ts";
import { isoToDay, dayToIso, weekEndingFriday } from "../../model/dates.ts";
import { type Figure, type Provenance, type Unit, cell, figure, missing, span } from "./figure.ts";
import { quantileInPlace } from "./stats.ts";
import type { Conventions } from "./snapshot-options.ts";

// ---------------------------------------------------------------------------------------------
// Output types

export interface SeriesOut {
  dates: string[];
  values: (number | null)[];
}

export interface RollingSummary {
  window: number;
  latest: Figure;
  min: Figure;
  median: Figure;
  max: Figure;
}

// ---------------------------------------------------------------------------------------------
// Preparation

export interface Prepared {
  symbol: string;
  sources: string[];
  dates: Int32Array;
  close: Float64Array;
  /** Adjusted closes, or null when there are none that differ from the closes. */
  adj: Float64Array | null;
  notes: string[];
}

export function sourceTags(id: string, sources: readonly string[] | undefined): string[] {
  return sources && sources.length ? sources.map((s) => `${id}:${s}`) : [id];
}

export function prepareBars(b: ClosesFrame): Prepared {
  assertFrame({ id: b.symbol, dates: b.dates, values: b.close });
  const n = b.dates.length;
  const notes: string[] = [];
  let keep = 0;
  for (let i = 0; i < n; i++) if (b.close[i] > 0 && Number.isFinite(b.close[i])) keep++;
  let dates = b.dates;
  let close = b.close;
  let adjRaw = b.adjClose;
  if (keep < n) {
    dates = new Int32Array(keep);
    close = new Float64Array(keep);
    adjRaw = new Float64Array(keep);
    let k = 0;
    let firstBad = -1;
    for (let i = 0; i < n; i++) {
      if (b.close[i] > 0 && Number.isFinite(b.close[i])) {
        dates[k] = b.dates[i];
        close[k] = b.close[i];
        adjRaw[k++] = b.adjClose[i];
      } else if (firstBad < 0) firstBad = i;
    }
    notes.push(`${b.symbol}: dropped ${n - keep} rows without a usable close (first ${dayToIso(b.dates[firstBad])})`);
  }
  let adj: Float64Array | null = null;
  let differs = false;
  let allFinite = adjRaw.length === close.length && close.length > 0;
  for (let i = 0; i < close.length && allFinite; i++) {
    const a = adjRaw[i];
    if (!(a > 0 && Number.isFinite(a))) allFinite = false;
    else if (a !== close[i]) differs = true;
  }
  if (allFinite && differs) adj = adjRaw;
  else if (!allFinite && close.length) {
    let some = false;
    for (let i = 0; i < adjRaw.length && !some; i++) if (Number.isFinite(adjRaw[i])) some = true;
    if (some) notes.push(`${b.symbol}: adjusted closes are missing on some days; total return not computed`);
  }
  return { symbol: b.symbol, sources: sourceTags(b.symbol, b.sources), dates, close, adj, notes };
}

export function optionalDay(iso: string | undefined, what: string): number | undefined {
  if (iso === undefined) return undefined;
  try {
    return isoToDay(iso);
  } catch {
    throw new RangeError(`${what} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(iso)}`);
  }
}

export const toSeries = (dates: ArrayLike<number>, values: ArrayLike<number>): SeriesOut => ({
  dates: Array.from(dates, dayToIso),
  values: Array.from(values, cell),
});

export function summarizeRolling(window: number, values: Float64Array, dates: ArrayLike<number>, sources: string[], unit: Unit): RollingSummary {
  const m = values.length;
  if (m === 0) {
    const p: Provenance = { asOf: dates.length ? dayToIso(dates[dates.length - 1]) : null, window: null, sources };
    const r = `fewer than ${window} returns`;
    return { window, latest: missing(unit, p, r), min: missing(unit, p, r), median: missing(unit, p, r), max: missing(unit, p, r) };
  }
  // values[k] covers returns k..k+window-1, i.e. closes k..k+window (dates index k+window).
  let lo = -1;
  let hi = -1;
  const finite = new Float64Array(m);
  let f = 0;
  for (let k = 0; k < m; k++) {
    const v = values[k];
    if (!Number.isFinite(v)) continue; // e.g. a correlation over a flat stretch
    finite[f++] = v;
    if (lo < 0 || v < values[lo]) lo = k;
    if (hi < 0 || v > values[hi]) hi = k;
  }
  const pAll = span(dates[0], dates[dates.length - 1], sources);
  const at = (k: number) => span(dates[k], dates[k + window], sources);
  const none = "not defined for this data";
  return {
    window,
    latest: figure(values[m - 1], unit, at(m - 1)),
    min: lo >= 0 ? figure(values[lo], unit, at(lo)) : missing(unit, pAll, none),
    median: f ? figure(quantileInPlace(finite.subarray(0, f), 0.5), unit, pAll) : missing(unit, pAll, none),
    max: hi >= 0 ? figure(values[hi], unit, at(hi)) : missing(unit, pAll, none),
  };
}

export function seriesOf(p: Prepared, basis: Conventions["returnBasis"]): SeriesFrame {
  const useTotal = basis !== "price" && p.adj !== null;
  return { id: p.symbol, dates: p.dates, values: useTotal ? (p.adj as Float64Array) : p.close };
}

export function joinedWindow(a: SeriesFrame, b: SeriesFrame, from: number | undefined, to: number | undefined) {
  const j = innerJoin(a, b);
  const w = windowRange(j.dates, from, to);
  return {
    dates: j.dates.subarray(w.start, w.end + 1),
    a: j.values[0].subarray(w.start, w.end + 1),
    b: j.values[1].subarray(w.start, w.end + 1),
    baseIncluded: w.baseIncluded,
  };
}

/**
 * Weekly closes of a frame under the weekly-window convention. `weeks` are the week-ending
 * Fridays (they decide which weeks belong to a window); `dates` are the sessions whose closes
 * are kept, the dates figures are labelled with (a week cut short by the data or the window
 * is never labelled with a Friday that comes after it).
 */
export function weeklyFrame(
  dates: Int32Array,
  values: Float64Array,
  from: number | undefined,
  to: number | undefined,
  mode: "closes" | "labels",
): { weeks: Int32Array; dates: Int32Array; values: Float64Array } {
  if (mode === "closes") {
    const w = windowRange(dates, from, to);
    const r = lastPerPeriod(dates.subarray(w.start, w.end + 1), values.subarray(w.start, w.end + 1), weekEndingFriday);
    return { weeks: Int32Array.from(r.keys), dates: r.dates, values: r.values };
  }
  const r = lastPerPeriod(dates, values, weekEndingFriday);
  return { weeks: Int32Array.from(r.keys), dates: r.dates, values: r.values };
}

/**
 * Week-over-week returns (or differences), keyed by week-ending Friday (so weekly series of
 * different sources join week by week); `sessions` holds the session that ends each week, the
 * date to show (a week cut short by the data or the window ends before its Friday). For
 * "labels", only weeks whose Friday falls in the window.
 */
export function weeklyDeltas(
  wk: { weeks: Int32Array; dates: Int32Array; values: Float64Array },
  kind: "return" | "change",
  from: number | undefined,
  to: number | undefined,
  mode: "closes" | "labels",
): SeriesFrame & { sessions: Int32Array } {
  const n = wk.weeks.length;
  const dates = new Int32Array(n);
  const sessions = new Int32Array(n);
  const values = new Float64Array(n);
  let m = 0;
  for (let i = 1; i < n; i++) {
    const week = wk.weeks[i];
    if (mode === "labels" && ((from !== undefined && week < from) || (to !== undefined && week > to))) continue;
    dates[m] = week;
    sessions[m] = wk.dates[i];
    values[m++] = kind === "return" ? wk.values[i] / wk.values[i - 1] - 1 : wk.values[i] - wk.values[i - 1];
  }
  return { id: kind, dates: dates.subarray(0, m), values: values.subarray(0, m), sessions: sessions.subarray(0, m) };
}

/** The session that ends the week keyed `friday` in a weekly frame from weeklyDeltas (the Friday itself when absent). */
export function weekSession(frame: { dates: Int32Array; sessions: Int32Array }, friday: number): number {
  let lo = 0;
  let hi = frame.dates.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (frame.dates[mid] === friday) return frame.sessions[mid];
    if (frame.dates[mid] < friday) lo = mid + 1;
    else hi = mid - 1;
  }
  return friday;
}
