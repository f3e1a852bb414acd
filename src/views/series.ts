/**
 * Chart series for the dashboard and the report: stored closes re-expressed (growth of 10,000, rolling N-year
 * returns, paths rebased at a crash's peak) and long daily series thinned for plotting. Pure
 * arithmetic on stored data; the measured figures themselves come from src/core/analytics.
 */
import { isoToDay, firstIndexOnOrAfter, dayToIso, lastIndexOnOrBefore, overlappingReturns, type SeriesOut } from "../core/analytics/index.ts";
import type { ClosesFrame } from "../model/index.ts";

export interface ChartSeries extends SeriesOut {
  /** What the values are, e.g. "growth of 10,000 (total return)". */
  label: string;
  asOf: string | null;
  window: { from: string; to: string } | null;
  sources: string[];
}

const tags = (b: ClosesFrame) => b.sources.map((s) => `${b.symbol}:${s}`);

export type Basis = "price" | "total";

/** Closes (price), or on the total basis adjusted closes when every one in the frame is usable, else closes. */
export function closesOf(b: ClosesFrame, want: Basis = "price"): { values: Float64Array; basis: Basis } {
  if (want === "price") return { values: b.close, basis: "price" };
  const n = b.close.length;
  let ok = n > 0;
  let differs = false;
  for (let i = 0; i < n && ok; i++) {
    const a = b.adjClose[i];
    if (!(a > 0 && Number.isFinite(a))) ok = false;
    else if (a !== b.close[i]) differs = true;
  }
  return ok && differs ? { values: b.adjClose, basis: "total" } : { values: b.close, basis: "price" };
}

function usable(b: ClosesFrame, want: Basis): { dates: Int32Array; values: Float64Array; basis: Basis } {
  const { values, basis } = closesOf(b, want);
  let keep = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > 0 && Number.isFinite(values[i])) keep++;
  if (keep === values.length) return { dates: b.dates, values, basis };
  const dates = new Int32Array(keep);
  const out = new Float64Array(keep);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] > 0 && Number.isFinite(values[i])) {
      dates[k] = b.dates[i];
      out[k++] = values[i];
    }
  }
  return { dates, values: out, basis };
}

const day = (iso: string | undefined) => (iso === undefined ? undefined : isoToDay(iso));

/** The closes of the window (base close included, as the analytics window it), or null when none falls in it. */
function windowed(b: ClosesFrame, from: string | undefined, to: string | undefined, want: Basis) {
  const u = usable(b, want);
  const n = u.dates.length;
  const first = from === undefined ? 0 : firstIndexOnOrAfter(u.dates, isoToDay(from));
  const end = to === undefined ? n - 1 : lastIndexOnOrBefore(u.dates, isoToDay(to));
  if (n === 0 || end < 0 || first >= n || first > end) return null;
  const start = first > 0 && from !== undefined ? first - 1 : first;
  return { dates: u.dates.subarray(start, end + 1), values: u.values.subarray(start, end + 1), basis: u.basis };
}

function out(label: string, b: ClosesFrame, dates: ArrayLike<number>, values: ArrayLike<number>): ChartSeries {
  const n = dates.length;
  return {
    label,
    dates: Array.from(dates, dayToIso),
    values: Array.from(values, (v) => (Number.isFinite(v) ? v : null)),
    asOf: n ? dayToIso(dates[n - 1]) : null,
    window: n ? { from: dayToIso(dates[0]), to: dayToIso(dates[n - 1]) } : null,
    sources: tags(b),
  };
}

/** 10,000 invested at the window's base close, on the basis asked for (total needs adjusted closes). */
export function growthOf10k(b: ClosesFrame, from?: string, to?: string, want: Basis = "price"): ChartSeries | null {
  const w = windowed(b, from, to, want);
  if (!w || w.values.length === 0) return null;
  const base = w.values[0];
  return out(`growth of 10,000 (${w.basis === "total" ? "total return" : "price return"})`, b, w.dates, Array.from(w.values, (v) => (10_000 * v) / base));
}

/** Trailing N-year return at each close of the window (252 sessions a year), from the full history. */
export function rollingReturnSeries(b: ClosesFrame, years: number, from?: string, to?: string, want: Basis = "price"): ChartSeries | null {
  const u = usable(b, want);
  const sessions = Math.round(years * 252);
  const r = overlappingReturns(u.values, sessions);
  if (r.length === 0) return null;
  const dates = u.dates.subarray(sessions);
  const lo = day(from) ?? -Infinity;
  const hi = day(to) ?? Infinity;
  const keepDates: number[] = [];
  const keepValues: number[] = [];
  for (let i = 0; i < r.length; i++) {
    if (dates[i] < lo || dates[i] > hi) continue;
    keepDates.push(dates[i]);
    keepValues.push(r[i]);
  }
  if (keepDates.length === 0) return null;
  return out(`trailing ${years}-year return (${u.basis === "total" ? "total" : "price"})`, b, keepDates, keepValues);
}

/**
 * A crash path: closes from `from` to `to` as a fraction of the peak close (the highest close
 * before the low), indexed by trading days since that peak, for overlaying episodes.
 */
export function crashPath(b: ClosesFrame, from: string, to: string): (ChartSeries & { peak: string; sessionsFromPeak: number[] }) | null {
  const w = windowed(b, from, to, "price");
  if (!w || w.values.length < 2) return null;
  let low = 0;
  for (let i = 1; i < w.values.length; i++) if (w.values[i] < w.values[low]) low = i;
  let peak = 0;
  for (let i = 1; i <= low; i++) if (w.values[i] > w.values[peak]) peak = i;
  const dates = w.dates.subarray(peak);
  const values = Array.from(w.values.subarray(peak), (v) => v / w.values[peak] - 1);
  return {
    ...out("price relative to the pre-crash peak", b, dates, values),
    peak: dayToIso(w.dates[peak]),
    sessionsFromPeak: values.map((_, i) => i),
  };
}

/** Series cut to [from, to] (inclusive). */
export function clip(s: SeriesOut, from?: string, to?: string): SeriesOut {
  if (from === undefined && to === undefined) return s;
  const lo = from ?? "";
  const hi = to ?? "\uffff";
  let a = 0;
  while (a < s.dates.length && s.dates[a] < lo) a++;
  let b = s.dates.length;
  while (b > a && s.dates[b - 1] > hi) b--;
  return { dates: s.dates.slice(a, b), values: s.values.slice(a, b) };
}

/** 7 significant digits: more than any chart shows, a third of the bytes of a full double. */
const round7 = (v: number | null) => (v === null ? null : Number(v.toPrecision(7)));

/**
 * At most `maxPoints` points: the series is cut into buckets and each keeps its lowest and
 * highest value (in date order), so troughs and peaks survive; first and last points always stay.
 * Values are rounded to 7 significant digits (chart data; the figures keep full precision).
 */
export function thin<T extends SeriesOut>(s: T, maxPoints: number): T {
  const n = s.dates.length;
  if (n <= maxPoints) return { ...s, values: s.values.map(round7) };
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const keep: number[] = [0];
  const size = (n - 2) / buckets;
  for (let k = 0; k < buckets; k++) {
    const a = 1 + Math.floor(k * size);
    const b = Math.min(n - 1, 1 + Math.floor((k + 1) * size));
    let lo = -1;
    let hi = -1;
    for (let i = a; i < b; i++) {
      const v = s.values[i];
      if (v === null) continue;
      if (lo < 0 || v < (s.values[lo] as number)) lo = i;
      if (hi < 0 || v > (s.values[hi] as number)) hi = i;
    }
    if (lo < 0) {
      if (a < b) keep.push(a);
      continue;
    }
    if (lo === hi) keep.push(lo);
    else keep.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  keep.push(n - 1);
  const extra = Object.fromEntries(Object.entries(s).filter(([k]) => k !== "dates" && k !== "values" && k !== "sessionsFromPeak"));
  const result = { ...extra, dates: keep.map((i) => s.dates[i]), values: keep.map((i) => round7(s.values[i])) } as unknown as T;
  const sfp = (s as unknown as { sessionsFromPeak?: number[] }).sessionsFromPeak;
  if (sfp) (result as unknown as { sessionsFromPeak: number[] }).sessionsFromPeak = keep.map((i) => sfp[i]);
  return result;
}

/** Element-wise a / b on the dates both series share. */
export function ratioSeries(a: SeriesOut, b: SeriesOut): SeriesOut {
  const byDate = new Map<string, number | null>();
  for (let i = 0; i < b.dates.length; i++) byDate.set(b.dates[i], b.values[i]);
  const dates: string[] = [];
  const values: (number | null)[] = [];
  for (let i = 0; i < a.dates.length; i++) {
    const y = byDate.get(a.dates[i]);
    if (y === undefined) continue;
    const x = a.values[i];
    dates.push(a.dates[i]);
    values.push(x !== null && y !== null && y !== 0 ? x / y : null);
  }
  return { dates, values };
}
