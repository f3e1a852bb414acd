/** Types of the analytics snapshot: its inputs, options, conventions and report. */
import type { Holding } from "../../model/holding.ts";
import type { BarFrame, SeriesFrame } from "../../model/series.ts";
import { type Composition, type CompositionComparison, type HoldingRows } from "./composition.ts";
import { type DateWindow, type Figure, type Unavailable } from "./figure.ts";
import { DEFAULT_POLICY_RULE, type PolicyRuleOptions, type RegimeName } from "./rates.ts";
import { CALENDAR_DAYS_PER_YEAR, TRADING_DAYS_PER_YEAR } from "./returns.ts";
import { type FundamentalRow, type Valuation } from "./valuation.ts";

// ---------------------------------------------------------------------------------------------
// Inputs and options

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

export interface CaseStudySpec {
  name: string;
  from: string;
  to: string;
}

/** Every convention in one place; the report echoes the values used. */
export interface Conventions {
  /** Annualization factor for daily figures. */
  periodsPerYear: number;
  /** Years = calendar days / this, for CAGR. */
  calendarDaysPerYear: number;
  /**
   * Which closes the daily-return metrics use: "auto" = adjusted closes (total return) when the
   * series has dividend-adjusted closes in the window, else closes; "price" / "total" force one.
   * Horizon and calendar-year returns always report both where possible.
   */
  returnBasis: "auto" | "price" | "total";
  /** Macro series id of the short rate for Sharpe/Sortino (percent p.a.), null for none. */
  riskFree: string | null;
  /** Sortino on returns in excess of the short rate (true, r2k) or on raw returns, rf 0 (false, the reference figures). */
  sortinoExcess: boolean;
  rollingVolatilityWindows: number[];
  rollingBetaWindow: number;
  rollingReturnYears: number[];
  lossHorizonYears: number[];
  varConfidences: number[];
  /** Sessions in the "1 month" VaR horizon (overlapping returns). */
  monthSessions: number;
  topDrawdowns: number;
  caseStudies: CaseStudySpec[];
  afterTroughMonths: number[];
  /** Months after a trough: calendar months (r2k) or 365/12 days each (reference: 12 months = 365 days). */
  monthMode: "calendar" | "365-day";
  leadershipThreshold: number;
  turningPointThreshold: number;
  turningPointMaxDays: number;
  maxLag: number;
  /**
   * Weekly series in a window: "closes" = weekly closes of the window's closes (base close
   * included; the last week may be partial; the reference's lead/lag figures); "labels" = weeks
   * of the full history whose Friday falls in the window (the reference's regressions).
   */
  weeklyWindow: "closes" | "labels";
  recessionMonths: number[];
  /** Policy regimes from a fed funds series ("rate"), from the cycle table ("table"), or rate when stored else table ("auto"). */
  policySource: "auto" | "rate" | "table";
  policyRule: PolicyRuleOptions;
  holdingRows: HoldingRows;
  negativeEarnings: "include" | "exclude";
}

export const DEFAULT_CONVENTIONS: Conventions = {
  periodsPerYear: TRADING_DAYS_PER_YEAR,
  calendarDaysPerYear: CALENDAR_DAYS_PER_YEAR,
  returnBasis: "price",
  riskFree: "DFF",
  sortinoExcess: true,
  rollingVolatilityWindows: [21, 63, 252],
  rollingBetaWindow: 252,
  rollingReturnYears: [1, 3, 5, 10],
  lossHorizonYears: [1, 3, 5, 10],
  varConfidences: [0.95, 0.99],
  monthSessions: 21,
  topDrawdowns: 5,
  caseStudies: [
    { name: "2007-2009", from: "2007-01-01", to: "2009-12-31" },
    { name: "2020", from: "2020-01-01", to: "2020-12-31" },
  ],
  afterTroughMonths: [6, 12, 24],
  monthMode: "calendar",
  leadershipThreshold: 0.1,
  turningPointThreshold: 0.2,
  turningPointMaxDays: 365,
  maxLag: 8,
  weeklyWindow: "closes",
  recessionMonths: [12, 24],
  policySource: "auto",
  policyRule: DEFAULT_POLICY_RULE,
  holdingRows: "listed",
  negativeEarnings: "include",
};

/** The reference figures' conventions (docs/analytics.md), where they differ from r2k's. */
export const REFERENCE_CONVENTIONS: Partial<Conventions> = {
  sortinoExcess: false,
  monthMode: "365-day",
  holdingRows: "equity",
};

export type SectionName =
  | "symbols"
  | "pairs"
  | "caseStudies"
  | "leadership"
  | "leadLag"
  | "rates"
  | "regionalBanks"
  | "composition"
  | "valuation"
  | "breadth"
  | "tracking";

export interface SnapshotOptions {
  /** Window start (ISO): the first day whose return counts; the base is the last close before it. Default: each series' start. */
  from?: string;
  /** Window end (ISO), inclusive. Default: each series' end. */
  to?: string;
  /** Symbols reported in full (default: every bar series, in input order). */
  subjects?: string[];
  /** Benchmark for beta, correlation, capture (default "^GSPC"). */
  benchmark?: string;
  /** Small- and large-cap indices for leadership, lead/lag and rate sensitivity (default ^RUT, ^GSPC). */
  smallCap?: string;
  largeCap?: string;
  /**
   * Funds tracking the small- and large-cap indices (default IWM, SPY): on the total basis, the
   * leadership ratio uses their adjusted closes when the indices have none (price indices).
   */
  capFunds?: [string, string] | null;
  /**
   * [fund, index, total-return index] for tracking (default IWM/^RUT/^RUTTR, SPY/^GSPC/^SP500TR,
   * QQQ/^NDX/^XNDX, those present). The total-return index is used on the total basis only.
   */
  trackingPairs?: ([string, string] | [string, string, string])[];
  /** [regional banks ETF, small-cap ETF] (default KRE vs IWM); null to skip. */
  regionalBanks?: [string, string] | null;
  /** Macro series regressed on: ids and labels (default DGS2, DGS10, BAMLH0A0HYM2). */
  rateSeries?: { id: string; label: string }[];
  /** Fed funds series ids in order of preference (default FEDFUNDS, DFF). */
  policyRates?: string[];
  /** Monthly recession indicator id (default USREC); without it the NBER table is used. */
  recessionIndicator?: string;
  /** Small-cap fund for composition comparisons (default IWM; compared with every other fund given). */
  smallFund?: string;
  conventions?: Partial<Conventions>;
  /** Sections to compute (all by default); set one to false to skip it. */
  sections?: Partial<Record<SectionName, boolean>>;
  /** Include full series (underwater, rolling volatility, relative strength...) for charts. */
  includeSeries?: boolean;
  /** Why no holdings are given, when the caller knows better than "none stored" (e.g. all dated after the window). */
  noHoldingsReason?: string;
}

// ---------------------------------------------------------------------------------------------
// Output types

export interface SeriesOut {
  dates: string[];
  values: (number | null)[];
}

export interface HorizonRow {
  horizon: string;
  price: Figure;
  /** CAGR for horizons of a year or more; null below a year. */
  priceAnnualized: Figure | null;
  /** On adjusted closes; null when the series has none. */
  total: Figure | null;
  totalAnnualized: Figure | null;
}

export interface TableMeta {
  asOf: string;
  window: DateWindow;
  sources: string[];
}

export interface CalendarYearRow {
  year: number;
  /** Base close date (previous year's last close, or the first close) and end close date. */
  from: string;
  to: string;
  price: number | null;
  total: number | null;
  partial: boolean;
}

export interface MonthlyTableRow {
  year: number;
  /** Twelve cells, January first; null where the data has no close in the month. */
  months: (number | null)[];
  /** Months (0 = January) whose return is partial: the first month of the data, a month after a gap, or a month still running. */
  partial: number[];
  /** The twelve months compounded; null unless all twelve are full months. */
  year_total: number | null;
}

export interface RollingReturnRow {
  years: number;
  windows: number;
  min: Figure;
  median: Figure;
  max: Figure;
  sharePositive: Figure;
  annualizedMin: Figure;
  annualizedMedian: Figure;
  annualizedMax: Figure;
}

export interface RollingSummary {
  window: number;
  latest: Figure;
  min: Figure;
  median: Figure;
  max: Figure;
}

export interface TailRow {
  horizon: "1 day" | "1 month";
  confidence: number;
  valueAtRisk: Figure;
  conditionalValueAtRisk: Figure;
}

export interface EpisodeRow {
  rank: number;
  peak: string;
  trough: string;
  recovery: string | null;
  recovered: boolean;
  depth: number;
  peakClose: number;
  troughClose: number;
  daysToTrough: number;
  sessionsToTrough: number;
  /** Trough to recovery, calendar days; null when not recovered. */
  daysToRecover: number | null;
  /** Peak to recovery (or to the last close when not recovered), calendar days. */
  daysUnderwater: number;
}

export interface SymbolReport {
  available: true;
  symbol: string;
  sources: string[];
  /** Stored data span (after dropping unusable rows). */
  data: DateWindow;
  /** The window's base close .. last close. */
  window: DateWindow;
  basis: "price" | "total";
  totalReturnAvailable: boolean;
  /** The window's first close (the base close when one precedes `from`) and last close. */
  firstClose: Figure;
  lastClose: Figure;
  returns: HorizonRow[];
  cagr: { price: Figure; total: Figure | null };
  calendarYears: TableMeta & { rows: CalendarYearRow[] };
  monthly: TableMeta & { basis: "price" | "total"; rows: MonthlyTableRow[] };
  rollingReturns: RollingReturnRow[];
  risk: {
    dailyReturns: Figure;
    volatility: Figure;
    rollingVolatility: RollingSummary[];
    /** MAR 0, over all returns. */
    downsideDeviation: Figure;
    sharpe: Figure & { riskFree: string | null };
    sortino: Figure & { riskFree: string | null };
    skewness: Figure;
    excessKurtosis: Figure;
    tail: TailRow[];
    probabilityOfLoss: { years: number; sessions: number; figure: Figure }[];
  };
  drawdowns: {
    max: Figure & { peak: string | null; trough: string | null };
    current: Figure;
    episodes: number;
    top: EpisodeRow[];
  };
  series?: { underwater: SeriesOut; rollingVolatility: Record<string, SeriesOut> };
  notes: string[];
}

export type SymbolResult = SymbolReport | (Unavailable & { symbol: string });

export interface PairReport {
  available: true;
  symbol: string;
  benchmark: string;
  window: DateWindow;
  beta: Figure;
  correlation: Figure;
  volatilityRatio: Figure;
  upCapture: Figure;
  downCapture: Figure;
  rolling: { window: number; beta: RollingSummary; correlation: RollingSummary };
  series?: { rollingBeta: SeriesOut; rollingCorrelation: SeriesOut };
}

export interface CaseStudyRow {
  symbol: string;
  available: boolean;
  reason?: string;
  peak?: string;
  trough?: string;
  recovery?: string | null;
  depth?: Figure;
  daysToTrough?: number;
  /** Trough to recovery, calendar days; null when not recovered. */
  daysToRecover?: number | null;
  after?: { months: number; target: string; date: string | null; value: Figure }[];
}

export interface CaseStudyReport {
  name: string;
  range: DateWindow;
  monthMode: "calendar" | "365-day";
  rows: CaseStudyRow[];
}

export interface RegimeRow {
  leader: string;
  from: string;
  to: string;
  days: number;
  sessions: number;
  ratioChange: number;
  /** Each index's return over the regime. */
  smallReturn: number;
  largeReturn: number;
  confirmed: boolean;
}

export type LeadershipReport =
  | Unavailable
  | {
      available: true;
      small: string;
      large: string;
      /** Price ratio of the indices, or total-return ratio (of the funds standing in for them, when asked for total returns). */
      basis: "price" | "total";
      /** When funds stand in for the indices on the total basis: which index each one tracks. */
      standsFor?: { small: string; large: string };
      window: DateWindow;
      ratio: { latest: Figure; windowChange: Figure; change1Y: Figure };
      threshold: number;
      regimes: RegimeRow[];
      summary: { leader: string; count: number; medianDays: number | null; medianRatioChange: number | null }[];
      afterRecessions: {
        source: string;
        rows: { trough: string; months: number; small: Figure; large: Figure; difference: Figure }[];
      };
      series?: { ratio: SeriesOut };
    };

export type LeadLagReport =
  | Unavailable
  | {
      available: true;
      small: string;
      large: string;
      window: DateWindow;
      weeks: number;
      weeklyWindow: "closes" | "labels";
      /** corr(small(t), large(t + lag)): positive lags pair small-cap weeks with later large-cap weeks. */
      crossCorrelation: { lag: number; correlation: number | null; n: number }[];
      turningPoints: {
        threshold: number;
        maxDistanceDays: number;
        rows: { kind: "peak" | "trough"; large: string; small: string | null; leadDays: number | null; smallFirst: boolean }[];
        matched: number;
        smallFirst: number;
        medianLeadDays: number | null;
      };
    };

export interface SensitivityRow {
  series: string;
  label: string;
  available: boolean;
  reason?: string;
  beta?: Figure;
  tStat?: Figure;
  rSquared?: Figure;
  intercept?: number;
  n?: number;
}

export type RatesReport =
  | Unavailable
  | {
      available: true;
      policy:
        | Unavailable
        | {
            available: true;
            source: string;
            rule: string;
            periods: { regime: RegimeName; from: string; to: string }[];
            byIndex: {
              symbol: string;
              window: DateWindow;
              /** Returns on days without a regime label (outside the rate data) are left out. */
            unlabelledDays: number;
            rows: { regime: RegimeName; days: number; annualizedReturn: Figure; annualizedVolatility: Figure }[];
            }[];
          };
      sensitivity:
        | Unavailable
        | {
            available: true;
            dependent: string;
            window: DateWindow;
            weeklyWindow: "closes" | "labels";
            rows: SensitivityRow[];
            joint: Unavailable | { available: true; n: number; rSquared: number; coefficients: { series: string; beta: number; tStat: number }[] };
          };
    };

export type RegionalBanksReport =
  | Unavailable
  | {
      available: true;
      banks: string;
      smallCap: string;
      window: DateWindow;
      banksReturn: Figure;
      smallCapReturn: Figure;
      ratioChange: Figure;
      beta: Figure;
      correlation: Figure;
      banksVolatility: Figure;
      smallCapVolatility: Figure;
      ratioMaxDrawdown: Figure & { peak: string | null; trough: string | null };
    };

export interface CompositionReport {
  available: true;
  funds: (Composition & { sources: string[] })[];
  comparisons: CompositionComparison[];
  errors: { fund: string; reason: string }[];
}

export interface ValuationReport {
  available: true;
  funds: (Valuation & { sources: string[] })[];
  smallLarge: { small: string; large: string; pe: number | null; pb: number | null }[];
}

export interface BreadthReport {
  fund: string;
  available: boolean;
  reason?: string;
  asOf?: string;
  constituents?: number;
  aboveShort?: Figure;
  aboveLong?: Figure;
  advancers?: number;
  decliners?: number;
  advanceDeclineLine?: Figure;
  newHighs?: number;
  newLows?: number;
  series?: { aboveShort: SeriesOut; aboveLong: SeriesOut; advanceDeclineLine: SeriesOut; newHighs: SeriesOut; newLows: SeriesOut };
}

export interface TrackingYear {
  year: number;
  fund: number;
  index: number;
  /** fund - index on the same basis: the tracking difference. */
  difference: number;
  partial: boolean;
  /** The fund's total minus price return that year (its distributions); null without adjusted closes. Not tracking. */
  distributions: number | null;
}

/** A fund against its index, like for like: both price returns, or both total returns. */
export interface TrackingReport {
  fund: string;
  /** The index the fund follows (e.g. ^RUT). */
  index: string;
  available: boolean;
  reason?: string;
  /** The basis both sides are on. */
  basis?: "price" | "total";
  /** The index series compared: the index itself on price, its total-return version on total. */
  indexSeries?: string;
  /** Daily tracking error, annualized (sqrt 252). */
  trackingError?: Figure;
  /** Monthly tracking error, annualized (sqrt 12): little affected by close timing. */
  trackingErrorMonthly?: Figure;
  years?: TrackingYear[];
  /** What the difference means on this basis, and why daily and monthly tracking errors differ. */
  note?: string;
  /** Why a total-return comparison was not possible, when it was asked for. */
  basisNote?: string;
  distributionsNote?: string;
}

export interface Snapshot {
  schema: "r2k.analytics.snapshot/1";
  request: {
    from: string | null;
    to: string | null;
    subjects: string[];
    benchmark: string;
    smallCap: string;
    largeCap: string;
  };
  conventions: Conventions;
  symbols: SymbolResult[];
  pairs: (PairReport | (Unavailable & { symbol: string; benchmark: string }))[];
  caseStudies: CaseStudyReport[];
  leadership: LeadershipReport;
  leadLag: LeadLagReport;
  rates: RatesReport;
  regionalBanks: RegionalBanksReport;
  composition: CompositionReport | Unavailable;
  valuation: ValuationReport | Unavailable;
  breadth: { available: true; funds: BreadthReport[] } | Unavailable;
  tracking: TrackingReport[];
  notes: string[];
}
