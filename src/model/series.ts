import { z } from "zod";

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

export interface BarFrame {
  symbol: string;
  dates: Int32Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  /** NaN where the source had no adjusted close. */
  adjClose: Float64Array;
  volume: Float64Array;
  sources: string[];
}
