/** What the snapshot reads: stored price histories, macro series, holdings, fundamentals, constituent closes. */
import type { Holding } from "../../model/holding.ts";
import type { BarFrame, SeriesFrame } from "../../model/series.ts";
import type { FundamentalRow } from "./valuation.ts";

/** A macro series (FRED style, percent units for rates); NaN values are missing observations. */
export interface MacroInput extends SeriesFrame {
  sources?: string[];
}

/** One holdings snapshot of one fund (e.g. readHoldings(store, "IWM")). */
export interface HoldingsInput {
  fund: string;
  asOf: string;
  rows: Holding[];
  sources?: string[];
}

export interface FundamentalsInput {
  fund: string;
  asOf: string;
  rows: FundamentalRow[];
  sources?: string[];
}

/** Constituent closes of a fund's index, one frame per company, for breadth. */
export interface ConstituentsInput {
  fund: string;
  closes: SeriesFrame[];
  sources?: string[];
}

export interface SnapshotInputs {
  /** Full stored histories (the snapshot windows them itself; event studies use all of it). */
  bars: BarFrame[];
  macro?: MacroInput[];
  holdings?: HoldingsInput[];
  fundamentals?: FundamentalsInput[];
  constituents?: ConstituentsInput[];
}
