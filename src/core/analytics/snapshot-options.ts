/** How the snapshot measures: its options (window, subjects, pairs, sections) and its conventions. */
import type { HoldingRows } from "./composition.ts";
import { DEFAULT_POLICY_RULE, type PolicyRuleOptions } from "./rates.ts";
import { CALENDAR_DAYS_PER_YEAR, TRADING_DAYS_PER_YEAR } from "./returns.ts";

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
  /** Large-cap funds the small fund's company valuation is set against, in order of preference: the first valued is used (default IWB, IVV). */
  largeFunds?: string[];
  conventions?: Partial<Conventions>;
  /** Sections to compute (all by default); set one to false to skip it. */
  sections?: Partial<Record<SectionName, boolean>>;
  /** Include full series (underwater, rolling volatility, relative strength...) for charts. */
  includeSeries?: boolean;
  /** Why no holdings are given, when the caller knows better than "none stored" (e.g. all dated after the window). */
  noHoldingsReason?: string;
}

/** The tracking pairs measured when none are given: each fund, its price index, its total-return index. */
export const DEFAULT_TRACKING_PAIRS: readonly [string, string, string][] = [
  ["IWM", "^RUT", "^RUTTR"],
  ["SPY", "^GSPC", "^SP500TR"],
  ["QQQ", "^NDX", "^XNDX"],
];

/** The regional-bank comparison when none is given: the regional banks ETF against the small-cap fund. */
export const DEFAULT_REGIONAL_BANKS: readonly [string, string] = ["KRE", "IWM"];
