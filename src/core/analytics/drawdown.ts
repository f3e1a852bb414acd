import { addMonths, firstIndexOnOrAfter, dayToIso, lastIndexOnOrBefore } from "../../model/dates.ts";
import { assertPrices } from "./stats.ts";

export interface MaxDrawdown {
  /** Most negative value of close / running peak - 1 (0 when never below a peak). */
  depth: number;
  peakIndex: number;
  troughIndex: number;
}

export function maxDrawdown(values: ArrayLike<number>): MaxDrawdown {
  assertPrices(values, "maxDrawdown");
  let peak = -Infinity;
  let peakIndex = -1;
  let best: MaxDrawdown = { depth: 0, peakIndex: 0, troughIndex: 0 };
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > peak) {
      peak = v;
      peakIndex = i;
    }
    const dd = v / peak - 1;
    if (dd < best.depth) best = { depth: dd, peakIndex, troughIndex: i };
  }
  return best;
}

/** close / running peak - 1 for every value (0 at new highs). */
export function underwater(values: ArrayLike<number>): Float64Array {
  assertPrices(values, "underwater");
  const out = new Float64Array(values.length);
  let peak = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > peak) peak = v;
    out[i] = v / peak - 1;
  }
  return out;
}

export interface DrawdownEpisode {
  /** Index of the peak close (the last close at the running high before the fall). */
  peakIndex: number;
  troughIndex: number;
  /** First close at or above the peak after the trough, or -1 when not recovered. */
  recoveryIndex: number;
  /** trough / peak - 1 (negative). */
  depth: number;
}

/**
 * Every drawdown episode: it starts at a running high, reaches its lowest close (the trough,
 * first occurrence) and ends at the first close at or above that high (recovery), or at the end
 * of the data unrecovered. Episodes are in time order and do not overlap.
 */
export function drawdownEpisodes(values: ArrayLike<number>): DrawdownEpisode[] {
  assertPrices(values, "drawdownEpisodes");
  const out: DrawdownEpisode[] = [];
  const n = values.length;
  if (n === 0) return out;
  let peak = values[0];
  let peakIndex = 0;
  let trough = -1;
  for (let i = 1; i < n; i++) {
    const v = values[i];
    if (v >= peak) {
      if (trough >= 0) {
        out.push({ peakIndex, troughIndex: trough, recoveryIndex: i, depth: values[trough] / peak - 1 });
        trough = -1;
      }
      peak = v;
      peakIndex = i;
    } else if (trough < 0 || v < values[trough]) {
      trough = i;
    }
  }
  if (trough >= 0) out.push({ peakIndex, troughIndex: trough, recoveryIndex: -1, depth: values[trough] / peak - 1 });
  return out;
}

/** The n deepest episodes, deepest first (ties: earlier first). */
export function topDrawdowns(episodes: readonly DrawdownEpisode[], n: number): DrawdownEpisode[] {
  return [...episodes].sort((a, b) => a.depth - b.depth || a.peakIndex - b.peakIndex).slice(0, Math.max(0, n));
}

export interface CrashStudy {
  peakIndex: number;
  troughIndex: number;
  /** First close at or above the peak after the trough (searching all later data), or -1. */
  recoveryIndex: number;
  depth: number;
  /** One entry per requested horizon: the close used and the return from the trough close. */
  after: { months: number; targetDay: number; index: number; value: number; reason?: string }[];
}

/**
 * A crash inside a date range: the trough is the lowest close within [fromDay, toDay] (first
 * occurrence), the peak the highest close in the range before it, the recovery the first later
 * close at or above the peak. Returns after the trough use the last close on or before
 * trough date + N months, where a month is a calendar month (`monthMode` "calendar", clamped
 * at month ends) or 365/12 days (`"365-day"`: 12 months = 365 days, 6 = 183, 24 = 730; the
 * reference figures' convention). A target beyond the data is unavailable (NaN with reason).
 * Throws RangeError when the range holds no close.
 */
export function crashStudy(
  dates: ArrayLike<number>,
  values: ArrayLike<number>,
  fromDay: number,
  toDay: number,
  afterMonths: readonly number[] = [6, 12, 24],
  monthMode: "calendar" | "365-day" = "calendar",
): CrashStudy {
  assertPrices(values, "crashStudy");
  const lo = firstIndexOnOrAfter(dates, fromDay);
  const hi = lastIndexOnOrBefore(dates, toDay);
  if (lo > hi) throw new RangeError(`no closes between ${dayToIso(fromDay)} and ${dayToIso(toDay)}`);
  let troughIndex = lo;
  for (let i = lo + 1; i <= hi; i++) if (values[i] < values[troughIndex]) troughIndex = i;
  let peakIndex = lo;
  for (let i = lo + 1; i <= troughIndex; i++) if (values[i] > values[peakIndex]) peakIndex = i;
  let recoveryIndex = -1;
  for (let i = troughIndex + 1; i < dates.length; i++) {
    if (values[i] >= values[peakIndex]) {
      recoveryIndex = i;
      break;
    }
  }
  const troughDay = dates[troughIndex];
  const last = dates[dates.length - 1];
  const after = afterMonths.map((months) => {
    const targetDay = monthMode === "calendar" ? addMonths(troughDay, months) : troughDay + Math.round((months * 365) / 12);
    if (targetDay > last) {
      return { months, targetDay, index: -1, value: NaN, reason: `needs data through ${dayToIso(targetDay)}; it ends ${dayToIso(last)}` };
    }
    const index = lastIndexOnOrBefore(dates, targetDay);
    return { months, targetDay, index, value: values[index] / values[troughIndex] - 1 };
  });
  return { peakIndex, troughIndex, recoveryIndex, depth: values[troughIndex] / values[peakIndex] - 1, after };
}
