import { z } from "zod";
import type { Bar } from "./bar.ts";
import { isoToDay } from "./dates.ts";
import type { Observation } from "./observation.ts";

export const SeriesKind = z.enum(["index", "etf", "stock", "macro"]);
export type SeriesKind = z.infer<typeof SeriesKind>;

export const Frequency = z.enum(["daily", "weekly", "monthly", "quarterly", "annual"]);
export type Frequency = z.infer<typeof Frequency>;

/** Describes a stored series: bars (index, etf, stock) or observations (macro). */
export const SeriesMeta = z.object({
  id: z.string().min(1),
  kind: SeriesKind,
  name: z.string(),
  currency: z.string().nullable(),
  frequency: Frequency,
  /** Who produced the data: "yahoo", "fred", "ishares", "eodhd", "stooq", "file", "demo". */
  source: z.string().min(1),
});
export type SeriesMeta = z.infer<typeof SeriesMeta>;

/**
 * Column-oriented series as the analytics core consumes it: `dates` are day numbers
 * (see dates.ts), ascending and unique; `values` aligned with them.
 */
export interface SeriesFrame {
  id: string;
  dates: Int32Array;
  values: Float64Array;
}

/** A price series' closes: all the analytics read of its bars. */
export interface ClosesFrame {
  symbol: string;
  dates: Int32Array;
  close: Float64Array;
  /** NaN where the source had no adjusted close. */
  adjClose: Float64Array;
  sources: string[];
}

export interface BarFrame extends ClosesFrame {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  volume: Float64Array;
}

/** Bars as columns (a missing value as NaN). */
export function barFrameOf(symbol: string, bars: readonly Bar[], sources: string[]): BarFrame {
  const col = (f: (b: Bar) => number | null) => Float64Array.from(bars, (b) => f(b) ?? NaN);
  return {
    symbol,
    dates: Int32Array.from(bars, (b) => isoToDay(b.date)),
    open: col((b) => b.open),
    high: col((b) => b.high),
    low: col((b) => b.low),
    close: col((b) => b.close),
    adjClose: col((b) => b.adjClose),
    volume: col((b) => b.volume),
    sources,
  };
}

/** Observations as columns. */
export function seriesFrameOf(id: string, observations: readonly Observation[]): SeriesFrame {
  return { id, dates: Int32Array.from(observations, (o) => isoToDay(o.date)), values: Float64Array.from(observations, (o) => o.value) };
}
