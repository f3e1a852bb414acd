/** What the snapshot reads: stored price histories, macro series, holdings, fundamentals, constituent closes. */
import type { Holding } from "../../model/holding.ts";
import type { ClosesFrame, SeriesFrame } from "../../model/series.ts";
import type { CompanyRow } from "./company-valuation.ts";
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

/**
 * A fund's companies valued from their own SEC filings as of its holdings' date
 * (services/company-valuation.ts): one row per company, all its share classes together.
 */
export interface CompanyValuationInput {
  fund: string;
  /** The holdings' date: caps, prices and figures are as of this day. */
  asOf: string;
  rows: CompanyRow[];
  /** Listed equity positions in the holdings (every share class counts). */
  positions: number;
  /** Positions whose ticker no stored filer lists: outside the coverage. */
  unmatched: number;
  /** Companies with a stored filer but no cap (no cover page filed by the day, or no price): outside the coverage. */
  uncapped: number;
  /** How the caps were priced: companies at a stored close (and the closes' days), companies at the holdings' price. */
  prices: { close: number; closeDays: string[]; holdings: number };
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
  bars: ClosesFrame[];
  macro?: MacroInput[];
  holdings?: HoldingsInput[];
  fundamentals?: FundamentalsInput[];
  /** Company valuation per fund from SEC EDGAR facts (none: no facts stored). */
  companies?: CompanyValuationInput[];
  constituents?: ConstituentsInput[];
}
