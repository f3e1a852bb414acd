/**
 * The analytics entry point: `snapshot(inputs, options)` turns stored histories (bars, macro
 * series, holdings, fundamentals, constituent closes) into one typed, JSON-serializable report.
 * Pure: no I/O, no clock; everything it says is derived from the inputs, and every figure carries
 * its provenance (as-of date, window, sources). Missing inputs make sections unavailable with a
 * reason; they never throw. Malformed inputs (dates not ascending, unknown ISO dates in options)
 * throw RangeError.
 */
import type { Holding } from "../../model/holding.ts";
import type { BarFrame, SeriesFrame } from "../../model/series.ts";
import { asOfValues, assertFrame, dropMissing, innerJoin, lastPerPeriod, windowRange } from "./align.ts";
import { dayFromCivil, dayOfIso, daysInMonth, isoOf, monthKeys, weekEndingFriday } from "./calendar.ts";
import { type Composition, type CompositionComparison, type HoldingRows, compareComposition, composition } from "./composition.ts";
import { crashStudy, drawdownEpisodes, maxDrawdown, topDrawdowns, underwater } from "./drawdown.ts";
import { type DateWindow, type Figure, type Provenance, type Unavailable, type Unit, cell, figure, missing, span } from "./figure.ts";
import { crossCorrelation, turningPointLeads } from "./leadlag.ts";
import { NBER_CYCLES, cyclesFromIndicator, leadershipRegimes, returnAfterTroughMonth } from "./leadership.ts";
import {
  DEFAULT_POLICY_RULE,
  FED_CYCLES,
  FED_CYCLES_COVERAGE,
  type PolicyRuleOptions,
  REGIME_NAMES,
  type RegimeName,
  UNKNOWN,
  labelDays,
  labelDaysFromCycles,
  monthlyPolicyRegimes,
  statsByRegime,
} from "./rates.ts";
import {
  CALENDAR_DAYS_PER_YEAR,
  HORIZONS,
  TRADING_DAYS_PER_YEAR,
  calendarYearReturns,
  cagr,
  horizonReturns,
  monthlyReturns,
  overlappingReturns,
  rollingReturnDistribution,
  simpleReturns,
} from "./returns.ts";
import {
  annualizedVolatility,
  beta,
  captureRatios,
  downsideDeviation,
  historicalTailRisk,
  probabilityOfLoss,
  rollingBetaCorrelation,
  rollingVolatility,
  sharpeRatio,
  sortinoRatio,
  volatilityRatio,
} from "./risk.ts";
import { correlation, excessKurtosis, median, ols, quantileInPlace, skewness, stdev } from "./stats.ts";
import { TRACKING_CAVEAT, trackingDifferenceByYear, trackingError } from "./tracking.ts";
import { breadth } from "./breadth.ts";
import { type FundamentalRow, type Valuation, valuation } from "./valuation.ts";

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
  returnBasis: "auto",
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

/** The reference figures' conventions (shared/docs/reference-figures.md), where they differ from r2k's. */
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
  /** [fund, index] pairs for tracking (default IWM/^RUT, SPY/^GSPC, QQQ/^NDX, those present). */
  trackingPairs?: [string, string][];
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
  funds: (Composition & { sources: string[] })[];
  comparisons: CompositionComparison[];
  errors: { fund: string; reason: string }[];
}

export interface ValuationReport {
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
  series?: { aboveShort: SeriesOut; aboveLong: SeriesOut; advanceDeclineLine: SeriesOut };
}

export interface TrackingReport {
  fund: string;
  index: string;
  available: boolean;
  reason?: string;
  /** Whether the fund side is total return (adjusted closes) and the index side price only. */
  fundBasis?: "price" | "total";
  indexBasis?: "price" | "total";
  trackingError?: Figure;
  years?: { year: number; fund: number; index: number; difference: number; partial: boolean }[];
  caveat?: string;
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
  breadth: BreadthReport[] | Unavailable;
  tracking: TrackingReport[];
  notes: string[];
}

// ---------------------------------------------------------------------------------------------
// Preparation

interface Prepared {
  symbol: string;
  sources: string[];
  dates: Int32Array;
  close: Float64Array;
  /** Adjusted closes, or null when there are none that differ from the closes. */
  adj: Float64Array | null;
  notes: string[];
}

function sourceTags(id: string, sources: readonly string[] | undefined): string[] {
  return sources && sources.length ? sources.map((s) => `${id}:${s}`) : [id];
}

function prepareBars(b: BarFrame): Prepared {
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
    notes.push(`${b.symbol}: dropped ${n - keep} rows without a usable close (first ${isoOf(b.dates[firstBad])})`);
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

function optionalDay(iso: string | undefined, what: string): number | undefined {
  if (iso === undefined) return undefined;
  try {
    return dayOfIso(iso);
  } catch {
    throw new RangeError(`${what} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(iso)}`);
  }
}

const toSeries = (dates: ArrayLike<number>, values: ArrayLike<number>): SeriesOut => ({
  dates: Array.from(dates, isoOf),
  values: Array.from(values, cell),
});

function summarizeRolling(window: number, values: Float64Array, dates: ArrayLike<number>, sources: string[], unit: Unit): RollingSummary {
  const m = values.length;
  if (m === 0) {
    const p: Provenance = { asOf: dates.length ? isoOf(dates[dates.length - 1]) : null, window: null, sources };
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

// ---------------------------------------------------------------------------------------------
// Per symbol

function symbolReport(
  p: Prepared,
  from: number | undefined,
  to: number | undefined,
  c: Conventions,
  rf: MacroInput | undefined,
  includeSeries: boolean,
): SymbolResult {
  if (p.dates.length === 0) return { symbol: p.symbol, available: false, reason: `${p.symbol}: no usable closes stored` };
  let w: ReturnType<typeof windowRange>;
  try {
    w = windowRange(p.dates, from, to);
  } catch (e) {
    return { symbol: p.symbol, available: false, reason: `${p.symbol}: ${(e as Error).message}` };
  }
  const notes = [...p.notes];
  const dates = p.dates.subarray(w.start, w.end + 1);
  const price = p.close.subarray(w.start, w.end + 1);
  const total = p.adj ? p.adj.subarray(w.start, w.end + 1) : null;
  const n = dates.length;
  const first = dates[0];
  const last = dates[n - 1];
  if (from !== undefined && from < p.dates[0]) {
    notes.push(`${p.symbol}: requested start ${isoOf(from)} is before the first stored close ${isoOf(p.dates[0])}; the window starts there`);
  }
  const src = p.sources;
  const prov = span(first, last, src);
  const basis: "price" | "total" = c.returnBasis === "price" ? "price" : c.returnBasis === "total" ? (total ? "total" : "price") : total ? "total" : "price";
  if (c.returnBasis === "total" && !total) notes.push(`${p.symbol}: no adjusted closes; daily metrics use closes (price return)`);
  const values = basis === "total" && total ? total : price;
  const returns = simpleReturns(values);
  const ppy = c.periodsPerYear;

  // Returns over horizons, CAGR.
  const hp = horizonReturns(dates, price, HORIZONS, c.calendarDaysPerYear);
  const ht = total ? horizonReturns(dates, total, HORIZONS, c.calendarDaysPerYear) : null;
  const hFig = (h: (typeof hp)[number], annual: boolean): Figure => {
    const pr = h.baseDate === null ? { asOf: isoOf(last), window: null, sources: src } : span(h.baseDate, h.endDate, src);
    if (h.baseDate === null) return missing("fraction", pr, h.reason ?? "unavailable");
    return annual ? figure(h.annualized, "fraction", pr) : figure(h.value, "fraction", pr, h.reason);
  };
  const returnRows: HorizonRow[] = hp.map((h, i) => {
    const annualizable = Number.isFinite(h.annualized) || (h.baseDate === null && /Y$/.test(h.label));
    return {
      horizon: h.label,
      price: hFig(h, false),
      priceAnnualized: annualizable ? hFig(h, true) : null,
      total: ht ? hFig(ht[i], false) : null,
      totalAnnualized: ht && annualizable ? hFig(ht[i], true) : null,
    };
  });
  const cagrFig = (v: Float64Array) =>
    n < 2 ? missing("fraction", prov, "a single close: no return") : figure(cagr(v[0], v[n - 1], last - first, c.calendarDaysPerYear), "fraction", prov);

  // Calendar years and months (drop a leading period that is only the base close).
  const yp = calendarYearReturns(dates, price);
  const yt = total ? calendarYearReturns(dates, total) : null;
  // A period holding a single close (e.g. the window's base close alone in its year) has no return.
  const baseOnly = (r: { baseDate: number; endDate: number }) => r.baseDate === r.endDate;
  const yearRows: CalendarYearRow[] = [];
  yp.forEach((r, i) => {
    if (baseOnly(r)) return;
    yearRows.push({ year: r.period, from: isoOf(r.baseDate), to: isoOf(r.endDate), price: cell(r.value), total: yt ? cell(yt[i].value) : null, partial: r.partial });
  });
  const mr = monthlyReturns(dates, values).filter((r) => !baseOnly(r));
  const monthRows: MonthlyTableRow[] = [];
  for (const r of mr) {
    const y = Math.floor(r.period / 12);
    let row = monthRows[monthRows.length - 1];
    if (!row || row.year !== y) {
      row = { year: y, months: new Array<number | null>(12).fill(null), partial: [], year_total: null };
      monthRows.push(row);
    }
    row.months[r.period - y * 12] = cell(r.value);
    if (r.partial) row.partial.push(r.period - y * 12);
  }
  for (const row of monthRows) {
    if (row.months.every((x) => x !== null) && row.partial.length === 0) row.year_total = (row.months as number[]).reduce((g, x) => g * (1 + x), 1) - 1;
  }

  // Rolling N-year returns.
  const rollingReturns: RollingReturnRow[] = c.rollingReturnYears.map((years) => {
    const d = rollingReturnDistribution(values, years, ppy);
    const reason = `needs more than ${d.sessions} sessions; the window has ${n} closes`;
    const f = (x: number) => figure(x, "fraction", prov, d.count ? undefined : reason);
    return {
      years,
      windows: d.count,
      min: f(d.min),
      median: f(d.median),
      max: f(d.max),
      sharePositive: f(d.sharePositive),
      annualizedMin: f(d.annualizedMin),
      annualizedMedian: f(d.annualizedMedian),
      annualizedMax: f(d.annualizedMax),
    };
  });

  // Risk.
  const tooShort = n < 3 ? "needs at least two daily returns" : undefined;
  const flat = stdev(returns) === 0 ? "returns do not vary" : undefined;
  const rv = c.rollingVolatilityWindows.map((win) => ({ win, v: rollingVolatility(returns, win, ppy) }));
  let sharpe: Figure & { riskFree: string | null };
  let sortino: Figure & { riskFree: string | null };
  const rfId = c.riskFree;
  if (rfId && rf) {
    const rd = dates.subarray(1);
    const rates = asOfValues(dropMissing(rf), rd, 7);
    let a = 0;
    while (a < rd.length && !Number.isFinite(rates[a])) a++;
    let b = rd.length - 1;
    while (b >= a && !Number.isFinite(rates[b])) b--;
    let gaps = 0;
    for (let i = a; i <= b; i++) if (!Number.isFinite(rates[i])) gaps++;
    const rfSources = [...src, ...sourceTags(rfId, rf.sources)];
    if (a > b || gaps > 0) {
      const reason = a > b ? `${rfId} has no values in the window` : `${rfId} has ${gaps} gaps longer than 7 days in the window`;
      sharpe = { ...missing("ratio", { ...prov, sources: rfSources }, reason), riskFree: rfId };
      sortino = c.sortinoExcess
        ? { ...missing("ratio", { ...prov, sources: rfSources }, reason), riskFree: rfId }
        : { ...figure(sortinoRatio(returns, 0, ppy), "ratio", prov, flat ?? tooShort), riskFree: null };
    } else {
      const sub = returns.subarray(a, b + 1);
      const rfp = new Float64Array(b - a + 1);
      for (let i = 0; i < rfp.length; i++) rfp[i] = rates[a + i] / 100 / ppy;
      const pr = { ...span(dates[a], dates[b + 1], rfSources) };
      if (a > 0 || b < rd.length - 1) {
        notes.push(`${p.symbol}: Sharpe${c.sortinoExcess ? " and Sortino" : ""} cover ${isoOf(dates[a])}..${isoOf(dates[b + 1])}, the part of the window with ${rfId} values`);
      }
      sharpe = { ...figure(sharpeRatio(sub, rfp, ppy), "ratio", pr, flat ?? tooShort), riskFree: rfId };
      sortino = c.sortinoExcess
        ? { ...figure(sortinoRatio(sub, rfp, ppy), "ratio", pr, tooShort ?? "no return below the risk-free rate"), riskFree: rfId }
        : { ...figure(sortinoRatio(returns, 0, ppy), "ratio", prov, tooShort ?? "no negative return"), riskFree: null };
    }
  } else {
    if (rfId) notes.push(`${p.symbol}: no ${rfId} series stored; Sharpe and Sortino use a zero risk-free rate`);
    sharpe = { ...figure(sharpeRatio(returns, 0, ppy), "ratio", prov, flat ?? tooShort), riskFree: null };
    sortino = { ...figure(sortinoRatio(returns, 0, ppy), "ratio", prov, tooShort ?? "no negative return"), riskFree: null };
  }
  const tail1 = historicalTailRisk(returns, c.varConfidences);
  const monthReturns = n > c.monthSessions ? overlappingReturns(values, c.monthSessions) : new Float64Array(0);
  const tailM = historicalTailRisk(monthReturns, c.varConfidences);
  const tail: TailRow[] = [];
  const noTail = (len: number, what: string) => (len === 0 ? `no ${what} returns in the window` : undefined);
  tail1.forEach((t) =>
    tail.push({
      horizon: "1 day",
      confidence: t.confidence,
      valueAtRisk: figure(t.valueAtRisk, "fraction", prov, noTail(returns.length, "daily")),
      conditionalValueAtRisk: figure(t.conditionalValueAtRisk, "fraction", prov, noTail(returns.length, "daily")),
    }),
  );
  tailM.forEach((t) =>
    tail.push({
      horizon: "1 month",
      confidence: t.confidence,
      valueAtRisk: figure(t.valueAtRisk, "fraction", prov, noTail(monthReturns.length, `${c.monthSessions}-session`)),
      conditionalValueAtRisk: figure(t.conditionalValueAtRisk, "fraction", prov, noTail(monthReturns.length, `${c.monthSessions}-session`)),
    }),
  );
  const pol = c.lossHorizonYears.map((years) => {
    const sessions = Math.round(years * ppy);
    const r = probabilityOfLoss(values, sessions);
    return { years, sessions, figure: figure(r.probability, "fraction", prov, `needs more than ${sessions} sessions; the window has ${n} closes`) };
  });

  // Drawdowns.
  const md = maxDrawdown(values);
  const uw = underwater(values);
  const episodes = drawdownEpisodes(values);
  const top = topDrawdowns(episodes, c.topDrawdowns).map((e, i): EpisodeRow => ({
    rank: i + 1,
    peak: isoOf(dates[e.peakIndex]),
    trough: isoOf(dates[e.troughIndex]),
    recovery: e.recoveryIndex >= 0 ? isoOf(dates[e.recoveryIndex]) : null,
    recovered: e.recoveryIndex >= 0,
    depth: e.depth,
    peakClose: values[e.peakIndex],
    troughClose: values[e.troughIndex],
    daysToTrough: dates[e.troughIndex] - dates[e.peakIndex],
    sessionsToTrough: e.troughIndex - e.peakIndex,
    daysToRecover: e.recoveryIndex >= 0 ? dates[e.recoveryIndex] - dates[e.troughIndex] : null,
    daysUnderwater: (e.recoveryIndex >= 0 ? dates[e.recoveryIndex] : last) - dates[e.peakIndex],
  }));

  const report: SymbolReport = {
    available: true,
    symbol: p.symbol,
    sources: src,
    data: { from: isoOf(p.dates[0]), to: isoOf(p.dates[p.dates.length - 1]) },
    window: { from: isoOf(first), to: isoOf(last) },
    basis,
    totalReturnAvailable: total !== null,
    firstClose: figure(price[0], "level", span(first, first, src)),
    lastClose: figure(price[n - 1], "level", span(last, last, src)),
    returns: returnRows,
    cagr: { price: cagrFig(price), total: total ? cagrFig(total) : null },
    calendarYears: { asOf: isoOf(last), window: { from: isoOf(first), to: isoOf(last) }, sources: src, rows: yearRows },
    monthly: { asOf: isoOf(last), window: { from: isoOf(first), to: isoOf(last) }, sources: src, basis, rows: monthRows },
    rollingReturns,
    risk: {
      dailyReturns: figure(returns.length, "count", prov),
      volatility: figure(annualizedVolatility(returns, ppy), "fraction", prov, tooShort),
      rollingVolatility: rv.map(({ win, v }) => summarizeRolling(win, v, dates, src, "fraction")),
      downsideDeviation: figure(downsideDeviation(returns, 0, ppy), "fraction", prov, tooShort),
      sharpe,
      sortino,
      skewness: figure(skewness(returns), "ratio", prov, n < 4 ? "needs at least three daily returns" : flat),
      excessKurtosis: figure(excessKurtosis(returns), "ratio", prov, n < 5 ? "needs at least four daily returns" : flat),
      tail,
      probabilityOfLoss: pol,
    },
    drawdowns: {
      max: {
        ...figure(md.depth, "fraction", prov),
        peak: md.depth < 0 ? isoOf(dates[md.peakIndex]) : null,
        trough: md.depth < 0 ? isoOf(dates[md.troughIndex]) : null,
      },
      current: figure(uw[n - 1], "fraction", span(last, last, src)),
      episodes: episodes.length,
      top,
    },
    notes,
  };
  if (includeSeries) {
    report.series = {
      underwater: toSeries(dates, uw),
      rollingVolatility: Object.fromEntries(rv.map(({ win, v }) => [String(win), toSeries(dates.subarray(win), v)])),
    };
  }
  return report;
}

// ---------------------------------------------------------------------------------------------
// Pairs (subject vs benchmark)

function seriesOf(p: Prepared, basis: Conventions["returnBasis"]): SeriesFrame {
  const useTotal = basis !== "price" && p.adj !== null;
  return { id: p.symbol, dates: p.dates, values: useTotal ? (p.adj as Float64Array) : p.close };
}

function joinedWindow(a: SeriesFrame, b: SeriesFrame, from: number | undefined, to: number | undefined) {
  const j = innerJoin(a, b);
  const w = windowRange(j.dates, from, to);
  return {
    dates: j.dates.subarray(w.start, w.end + 1),
    a: j.values[0].subarray(w.start, w.end + 1),
    b: j.values[1].subarray(w.start, w.end + 1),
    baseIncluded: w.baseIncluded,
  };
}

function pairReport(
  a: Prepared,
  b: Prepared,
  from: number | undefined,
  to: number | undefined,
  c: Conventions,
  includeSeries: boolean,
): PairReport | (Unavailable & { symbol: string; benchmark: string }) {
  let j: ReturnType<typeof joinedWindow>;
  try {
    j = joinedWindow(seriesOf(a, c.returnBasis), seriesOf(b, c.returnBasis), from, to);
  } catch (e) {
    return { available: false, symbol: a.symbol, benchmark: b.symbol, reason: `${a.symbol} and ${b.symbol} share no dates in the window (${(e as Error).message})` };
  }
  const src = [...a.sources, ...b.sources];
  const n = j.dates.length;
  const prov = span(j.dates[0], j.dates[n - 1], src);
  const ra = simpleReturns(j.a);
  const rb = simpleReturns(j.b);
  const short = ra.length < 2 ? "needs at least two joined daily returns" : undefined;
  const flatB = stdev(rb) === 0 ? `${b.symbol} returns do not vary` : undefined;
  const flatA = stdev(ra) === 0 ? `${a.symbol} returns do not vary` : undefined;
  // Month-end closes of the joined series.
  const mk = monthKeys(j.dates);
  const ma = lastPerPeriod(j.dates, j.a, mk);
  const mb = lastPerPeriod(j.dates, j.b, mk);
  const mra = simpleReturns(ma.values);
  const mrb = simpleReturns(mb.values);
  const cap = captureRatios(mra, mrb);
  const mprov = ma.dates.length ? span(ma.dates[0], ma.dates[ma.dates.length - 1], src) : prov;
  const rw = c.rollingBetaWindow;
  const rolling = rollingBetaCorrelation(ra, rb, rw);
  const out: PairReport = {
    available: true,
    symbol: a.symbol,
    benchmark: b.symbol,
    window: prov.window as DateWindow,
    beta: figure(beta(ra, rb), "ratio", prov, short ?? flatB),
    correlation: figure(correlation(ra, rb), "correlation", prov, short ?? flatB ?? flatA),
    volatilityRatio: figure(volatilityRatio(ra, rb), "ratio", prov, short ?? flatB),
    upCapture: figure(cap.up, "ratio", mprov, cap.upPeriods ? undefined : `no month with a positive ${b.symbol} return`),
    downCapture: figure(cap.down, "ratio", mprov, cap.downPeriods ? undefined : `no month with a negative ${b.symbol} return`),
    rolling: {
      window: rw,
      beta: summarizeRolling(rw, rolling.beta, j.dates, src, "ratio"),
      correlation: summarizeRolling(rw, rolling.correlation, j.dates, src, "correlation"),
    },
  };
  if (includeSeries) {
    out.series = { rollingBeta: toSeries(j.dates.subarray(rw), rolling.beta), rollingCorrelation: toSeries(j.dates.subarray(rw), rolling.correlation) };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Case studies (fixed historical ranges; full stored history)

function caseStudies(preps: Prepared[], c: Conventions): CaseStudyReport[] {
  return c.caseStudies.map((cs) => {
    const f = dayOfIso(cs.from);
    const t = dayOfIso(cs.to);
    const rows = preps.map((p): CaseStudyRow => {
      const first = p.dates[0];
      const last = p.dates[p.dates.length - 1];
      if (p.dates.length === 0 || first > f || last < t) {
        const cover = p.dates.length ? `data ${isoOf(first)}..${isoOf(last)}` : "no data";
        return { symbol: p.symbol, available: false, reason: `${p.symbol} does not cover ${cs.from}..${cs.to} (${cover})` };
      }
      const s = crashStudy(p.dates, p.close, f, t, c.afterTroughMonths, c.monthMode);
      const prov = span(p.dates[s.peakIndex], p.dates[s.troughIndex], p.sources);
      return {
        symbol: p.symbol,
        available: true,
        peak: isoOf(p.dates[s.peakIndex]),
        trough: isoOf(p.dates[s.troughIndex]),
        recovery: s.recoveryIndex >= 0 ? isoOf(p.dates[s.recoveryIndex]) : null,
        depth: figure(s.depth, "fraction", prov),
        daysToTrough: p.dates[s.troughIndex] - p.dates[s.peakIndex],
        daysToRecover: s.recoveryIndex >= 0 ? p.dates[s.recoveryIndex] - p.dates[s.troughIndex] : null,
        after: s.after.map((a) => ({
          months: a.months,
          target: isoOf(a.targetDay),
          date: a.index >= 0 ? isoOf(p.dates[a.index]) : null,
          value:
            a.index >= 0
              ? figure(a.value, "fraction", span(p.dates[s.troughIndex], p.dates[a.index], p.sources))
              : missing("fraction", { asOf: isoOf(last), window: null, sources: p.sources }, a.reason ?? "beyond the data"),
        })),
      };
    });
    return { name: cs.name, range: { from: cs.from, to: cs.to }, monthMode: c.monthMode, rows };
  });
}

// ---------------------------------------------------------------------------------------------
// Leadership, lead/lag

function leadershipReport(
  small: Prepared,
  large: Prepared,
  from: number | undefined,
  to: number | undefined,
  c: Conventions,
  usrec: MacroInput | undefined,
  includeSeries: boolean,
): LeadershipReport {
  let j: ReturnType<typeof joinedWindow>;
  try {
    j = joinedWindow(seriesOf(small, "price"), seriesOf(large, "price"), from, to);
  } catch (e) {
    return { available: false, reason: `${small.symbol} and ${large.symbol} share no dates in the window (${(e as Error).message})` };
  }
  const n = j.dates.length;
  const src = [...small.sources, ...large.sources];
  const ratio = new Float64Array(n);
  for (let i = 0; i < n; i++) ratio[i] = j.a[i] / j.b[i];
  const first = j.dates[0];
  const last = j.dates[n - 1];
  const regimes = leadershipRegimes(ratio, c.leadershipThreshold);
  const names = { numerator: `${small.symbol} (small caps)`, denominator: `${large.symbol} (large caps)` };
  const rows: RegimeRow[] = regimes.map((r) => ({
    leader: names[r.leader],
    from: isoOf(j.dates[r.startIndex]),
    to: isoOf(j.dates[r.endIndex]),
    days: j.dates[r.endIndex] - j.dates[r.startIndex],
    sessions: r.endIndex - r.startIndex,
    ratioChange: r.ratioChange,
    smallReturn: j.a[r.endIndex] / j.a[r.startIndex] - 1,
    largeReturn: j.b[r.endIndex] / j.b[r.startIndex] - 1,
    confirmed: r.confirmed,
  }));
  const summary = (["numerator", "denominator"] as const).map((k) => {
    const sel = rows.filter((r) => r.leader === names[k] && r.confirmed);
    return {
      leader: names[k],
      count: sel.length,
      medianDays: sel.length ? median(sel.map((r) => r.days)) : null,
      medianRatioChange: sel.length ? median(sel.map((r) => r.ratioChange)) : null,
    };
  });
  const yearAgo = horizonReturns(j.dates, ratio, [{ label: "1Y", kind: "months", n: 12 }])[0];
  // Recessions: the indicator series when stored, else the NBER table.
  const cycles = usrec ? cyclesFromIndicator(dropMissing(usrec)) : NBER_CYCLES;
  const smallFull = seriesOf(small, "price");
  const largeFull = seriesOf(large, "price");
  const recRows: { trough: string; months: number; small: Figure; large: Figure; difference: Figure }[] = [];
  for (const cy of cycles) {
    for (const months of c.recessionMonths) {
      const s = returnAfterTroughMonth(smallFull, cy.trough, months);
      const l = returnAfterTroughMonth(largeFull, cy.trough, months);
      const ps = span(s.baseDate, s.endDate, small.sources);
      const pl = span(l.baseDate, l.endDate, large.sources);
      recRows.push({
        trough: cy.trough.slice(0, 7),
        months,
        small: figure(s.value, "fraction", ps, s.reason),
        large: figure(l.value, "fraction", pl, l.reason),
        difference: figure(s.value - l.value, "fraction", span(Math.min(s.baseDate, l.baseDate), Math.max(s.endDate, l.endDate), src), s.reason ?? l.reason),
      });
    }
  }
  const out: LeadershipReport = {
    available: true,
    small: small.symbol,
    large: large.symbol,
    window: { from: isoOf(first), to: isoOf(last) },
    ratio: {
      latest: figure(ratio[n - 1], "ratio", span(last, last, src)),
      windowChange: figure(ratio[n - 1] / ratio[0] - 1, "fraction", span(first, last, src), n < 2 ? "a single joined close" : undefined),
      change1Y:
        yearAgo.baseDate === null
          ? missing("fraction", { asOf: isoOf(last), window: null, sources: src }, yearAgo.reason ?? "unavailable")
          : figure(yearAgo.value, "fraction", span(yearAgo.baseDate, last, src)),
    },
    threshold: c.leadershipThreshold,
    regimes: rows,
    summary,
    afterRecessions: {
      source: usrec ? `${usrec.id} (recession months; trough = last recession month)` : "NBER business-cycle table (shared/docs data-sources 6.1)",
      rows: recRows,
    },
  };
  if (includeSeries) out.series = { ratio: toSeries(j.dates, ratio) };
  return out;
}

/** Weekly closes of a frame under the weekly-window convention; keys = week-ending Fridays. */
function weeklyFrame(
  dates: Int32Array,
  values: Float64Array,
  from: number | undefined,
  to: number | undefined,
  mode: "closes" | "labels",
): { weeks: Int32Array; values: Float64Array } {
  if (mode === "closes") {
    const w = windowRange(dates, from, to);
    const r = lastPerPeriod(dates.subarray(w.start, w.end + 1), values.subarray(w.start, w.end + 1), weekEndingFriday);
    return { weeks: Int32Array.from(r.keys), values: r.values };
  }
  const r = lastPerPeriod(dates, values, weekEndingFriday);
  return { weeks: Int32Array.from(r.keys), values: r.values };
}

/** Week-over-week returns (or differences) labelled by week; for "labels", only weeks in the window. */
function weeklyDeltas(
  wk: { weeks: Int32Array; values: Float64Array },
  kind: "return" | "change",
  from: number | undefined,
  to: number | undefined,
  mode: "closes" | "labels",
): SeriesFrame {
  const n = wk.weeks.length;
  const dates = new Int32Array(n);
  const values = new Float64Array(n);
  let m = 0;
  for (let i = 1; i < n; i++) {
    const week = wk.weeks[i];
    if (mode === "labels" && ((from !== undefined && week < from) || (to !== undefined && week > to))) continue;
    dates[m] = week;
    values[m++] = kind === "return" ? wk.values[i] / wk.values[i - 1] - 1 : wk.values[i] - wk.values[i - 1];
  }
  return { id: kind, dates: dates.subarray(0, m), values: values.subarray(0, m) };
}

function leadLagReport(small: Prepared, large: Prepared, from: number | undefined, to: number | undefined, c: Conventions): LeadLagReport {
  const j = innerJoin(seriesOf(small, "price"), seriesOf(large, "price"));
  if (j.dates.length < 2) return { available: false, reason: `${small.symbol} and ${large.symbol} share fewer than two dates` };
  let ws: ReturnType<typeof weeklyFrame>;
  let wl: ReturnType<typeof weeklyFrame>;
  try {
    ws = weeklyFrame(j.dates, j.values[0], from, to, c.weeklyWindow);
    wl = weeklyFrame(j.dates, j.values[1], from, to, c.weeklyWindow);
  } catch (e) {
    return { available: false, reason: (e as Error).message };
  }
  const rs = weeklyDeltas(ws, "return", from, to, c.weeklyWindow);
  const rl = weeklyDeltas(wl, "return", from, to, c.weeklyWindow);
  // Both come from the same joined dates, so their weeks coincide.
  const weeks = rs.dates;
  if (weeks.length < 3) return { available: false, reason: `only ${weeks.length} weekly returns in the window` };
  const cc = crossCorrelation(rs.values, rl.values, c.maxLag).map((x) => ({ lag: x.lag, correlation: cell(x.correlation), n: x.n }));
  // Turning points on each index's own window closes.
  const ww = windowRange(j.dates, from, to);
  const d = j.dates.subarray(ww.start, ww.end + 1);
  const tp = turningPointLeads(
    { dates: d, values: j.values[1].subarray(ww.start, ww.end + 1) },
    { dates: d, values: j.values[0].subarray(ww.start, ww.end + 1) },
    c.turningPointThreshold,
    c.turningPointMaxDays,
  );
  const rows = tp.map((m) => ({
    kind: m.kind,
    large: isoOf(d[m.largeIndex]),
    small: m.smallIndex >= 0 ? isoOf(d[m.smallIndex]) : null,
    leadDays: cell(m.leadDays),
    smallFirst: m.smallFirst,
  }));
  const leads = rows.filter((r) => r.leadDays !== null).map((r) => r.leadDays as number);
  return {
    available: true,
    small: small.symbol,
    large: large.symbol,
    window: { from: isoOf(weeks[0]), to: isoOf(weeks[weeks.length - 1]) },
    weeks: weeks.length,
    weeklyWindow: c.weeklyWindow,
    crossCorrelation: cc,
    turningPoints: {
      threshold: c.turningPointThreshold,
      maxDistanceDays: c.turningPointMaxDays,
      rows,
      matched: leads.length,
      smallFirst: rows.filter((r) => r.smallFirst).length,
      medianLeadDays: leads.length ? median(leads) : null,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Rates and credit

/** Hiking/easing spans of the cycle table with the on-hold stretches between them. */
function cyclePeriods(): { regime: RegimeName; from: string; to: string }[] {
  const out: { regime: RegimeName; from: string; to: string }[] = [];
  let cursor = dayOfIso(FED_CYCLES_COVERAGE.from);
  for (const cy of FED_CYCLES) {
    const s = dayOfIso(cy.start);
    if (s > cursor) out.push({ regime: "on hold", from: isoOf(cursor), to: isoOf(s - 1) });
    out.push({ regime: cy.direction, from: cy.start, to: cy.end });
    cursor = dayOfIso(cy.end) + 1;
  }
  const end = dayOfIso(FED_CYCLES_COVERAGE.to);
  if (cursor <= end) out.push({ regime: "on hold", from: isoOf(cursor), to: FED_CYCLES_COVERAGE.to });
  return out;
}

const POLICY_RULE_TEXT = (o: PolicyRuleOptions) =>
  `monthly averages of the fed funds rate; cycles = zigzag swings of at least ${o.cycleThreshold} points; ` +
  `hiking/easing from the first month beyond ${o.flatBand} points of the cycle's start to the first month within ` +
  `${o.flatBand} points of its end; flat runs of ${o.pauseMonths}+ months inside a cycle and everything else are on hold`;

function ratesReport(
  preps: Prepared[],
  small: Prepared | undefined,
  large: Prepared | undefined,
  macro: Map<string, MacroInput>,
  from: number | undefined,
  to: number | undefined,
  c: Conventions,
  opts: { rateSeries: { id: string; label: string }[]; policyRates: string[] },
): RatesReport {
  // Policy regimes.
  let policy: Extract<RatesReport, { available: true }>["policy"];
  const rateId = opts.policyRates.find((id) => macro.has(id));
  const useRate = c.policySource === "rate" || (c.policySource === "auto" && rateId !== undefined);
  if (useRate && !rateId) {
    policy = { available: false, reason: `no fed funds series stored (looked for ${opts.policyRates.join(", ")})` };
  } else {
    const monthly = useRate ? monthlyPolicyRegimes(macro.get(rateId as string) as MacroInput, c.policyRule) : null;
    const labelFor = (d: Int32Array) => (monthly ? labelDays(d, monthly) : labelDaysFromCycles(d));
    const periods: { regime: RegimeName; from: string; to: string }[] = [];
    if (monthly) {
      for (let k = 0; k < monthly.months.length; k++) {
        const code = monthly.regime[k];
        const key = monthly.months[k];
        const y = Math.floor(key / 12);
        const m = key - y * 12 + 1;
        const startIso = isoOf(dayFromCivil(y, m, 1));
        const endIso = isoOf(dayFromCivil(y, m, daysInMonth(y, m)));
        const prev = periods[periods.length - 1];
        if (prev && prev.regime === REGIME_NAMES[code]) prev.to = endIso;
        else periods.push({ regime: REGIME_NAMES[code], from: startIso, to: endIso });
      }
    }
    const byIndex = [];
    for (const p of preps) {
      let w: ReturnType<typeof windowRange>;
      try {
        w = windowRange(p.dates, from, to);
      } catch {
        continue;
      }
      const d = p.dates.subarray(w.start, w.end + 1);
      const v = seriesOf(p, c.returnBasis).values.subarray(w.start, w.end + 1);
      const r = simpleReturns(v);
      const labels = labelFor(d.subarray(1));
      const stats = statsByRegime(r, labels, c.periodsPerYear);
      let unlabelledDays = 0;
      for (let i = 0; i < labels.length; i++) if (labels[i] === UNKNOWN) unlabelledDays++;
      const src = [...p.sources, ...(rateId && monthly ? sourceTags(rateId, (macro.get(rateId) as MacroInput).sources) : ["fed cycle table"])];
      const prov = span(d[0], d[d.length - 1], src);
      byIndex.push({
        symbol: p.symbol,
        window: prov.window as DateWindow,
        unlabelledDays,
        rows: stats.map((s) => ({
          regime: s.regime,
          days: s.days,
          annualizedReturn: figure(s.annualizedReturn, "fraction", prov, s.days ? undefined : "no day in this regime"),
          annualizedVolatility: figure(s.annualizedVolatility, "fraction", prov, s.days > 1 ? undefined : "fewer than two days in this regime"),
        })),
      });
    }
    if (!monthly) periods.push(...cyclePeriods());
    policy = {
      available: true,
      source: monthly ? (rateId as string) : "fed cycle table (shared/docs data-sources 6.2)",
      rule: monthly ? POLICY_RULE_TEXT(c.policyRule) : "days from a cycle's first to its last move are hiking/easing; all others on hold",
      periods,
      byIndex,
    };
  }

  // Sensitivity regressions.
  let sensitivity: Extract<RatesReport, { available: true }>["sensitivity"];
  if (!small || !large) {
    sensitivity = { available: false, reason: "needs both the small-cap and the large-cap index" };
  } else {
    const j = innerJoin(seriesOf(small, "price"), seriesOf(large, "price"));
    let y: SeriesFrame | null = null;
    try {
      const ws = weeklyFrame(j.dates, j.values[0], from, to, c.weeklyWindow);
      const wl = weeklyFrame(j.dates, j.values[1], from, to, c.weeklyWindow);
      const rs = weeklyDeltas(ws, "return", from, to, c.weeklyWindow);
      const rl = weeklyDeltas(wl, "return", from, to, c.weeklyWindow);
      const diff = new Float64Array(rs.values.length);
      for (let i = 0; i < diff.length; i++) diff[i] = rs.values[i] - rl.values[i];
      y = { id: "small-large", dates: rs.dates, values: diff };
    } catch (e) {
      sensitivity = { available: false, reason: (e as Error).message };
    }
    if (y) {
      const yf = y;
      const xs: { id: string; frame: SeriesFrame }[] = [];
      const rows: SensitivityRow[] = opts.rateSeries.map(({ id, label }) => {
        const m = macro.get(id);
        if (!m) return { series: id, label, available: false, reason: `${id} is not stored` };
        const f = dropMissing(m);
        let wx: ReturnType<typeof weeklyFrame>;
        try {
          wx = weeklyFrame(f.dates, f.values, from, to, c.weeklyWindow);
        } catch (e) {
          return { series: id, label, available: false, reason: `${id}: ${(e as Error).message}` };
        }
        const dx = weeklyDeltas(wx, "change", from, to, c.weeklyWindow);
        xs.push({ id, frame: dx });
        const jj = innerJoin(yf, dx);
        const weeks = jj.dates;
        if (weeks.length < 3) return { series: id, label, available: false, reason: `only ${weeks.length} weeks with both ${id} and index data` };
        const prov = span(weeks[0], weeks[weeks.length - 1], [...small.sources, ...large.sources, ...sourceTags(id, m.sources)]);
        try {
          const r = ols(jj.values[0], [jj.values[1]]);
          return {
            series: id,
            label,
            available: true,
            beta: figure(r.coefficients[1], "ratio", prov),
            tStat: figure(r.tStats[1], "ratio", prov),
            rSquared: figure(r.rSquared, "ratio", prov),
            intercept: r.coefficients[0],
            n: r.n,
          };
        } catch (e) {
          return { series: id, label, available: false, reason: (e as Error).message };
        }
      });
      // Joint regression on the weeks every series has.
      let joint: Extract<Extract<RatesReport, { available: true }>["sensitivity"], { available: true }>["joint"] = {
        available: false,
        reason: "needs at least two stored rate series",
      };
      if (xs.length >= 2) {
        const jj = innerJoin(yf, ...xs.map((x) => x.frame));
        try {
          const r = ols(jj.values[0], jj.values.slice(1));
          joint = {
            available: true,
            n: r.n,
            rSquared: r.rSquared,
            coefficients: xs.map((x, i) => ({ series: x.id, beta: r.coefficients[i + 1], tStat: r.tStats[i + 1] })),
          };
        } catch (e) {
          joint = { available: false, reason: (e as Error).message };
        }
      }
      sensitivity =
        yf.dates.length === 0
          ? { available: false, reason: "no weekly returns in the window" }
          : {
              available: true,
              dependent: `weekly ${small.symbol} return - weekly ${large.symbol} return`,
              window: { from: isoOf(yf.dates[0]), to: isoOf(yf.dates[yf.dates.length - 1]) },
              weeklyWindow: c.weeklyWindow,
              rows,
              joint,
            };
    }
  }
  return { available: true, policy, sensitivity: sensitivity! };
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Regional banks vs the small-cap ETF

function regionalBanksReport(
  banks: Prepared,
  smallEtf: Prepared,
  from: number | undefined,
  to: number | undefined,
  c: Conventions,
): RegionalBanksReport {
  let j: ReturnType<typeof joinedWindow>;
  try {
    j = joinedWindow(seriesOf(banks, c.returnBasis), seriesOf(smallEtf, c.returnBasis), from, to);
  } catch (e) {
    return { available: false, reason: `${banks.symbol} and ${smallEtf.symbol} share no dates in the window (${(e as Error).message})` };
  }
  const n = j.dates.length;
  const src = [...banks.sources, ...smallEtf.sources];
  const prov = span(j.dates[0], j.dates[n - 1], src);
  const ra = simpleReturns(j.a);
  const rb = simpleReturns(j.b);
  const ratio = new Float64Array(n);
  for (let i = 0; i < n; i++) ratio[i] = j.a[i] / j.b[i];
  const md = maxDrawdown(ratio);
  const short = ra.length < 2 ? "needs at least two joined daily returns" : undefined;
  return {
    available: true,
    banks: banks.symbol,
    smallCap: smallEtf.symbol,
    window: prov.window as DateWindow,
    banksReturn: figure(j.a[n - 1] / j.a[0] - 1, "fraction", prov),
    smallCapReturn: figure(j.b[n - 1] / j.b[0] - 1, "fraction", prov),
    ratioChange: figure(ratio[n - 1] / ratio[0] - 1, "fraction", prov),
    beta: figure(beta(ra, rb), "ratio", prov, short),
    correlation: figure(correlation(ra, rb), "correlation", prov, short),
    banksVolatility: figure(annualizedVolatility(ra, c.periodsPerYear), "fraction", prov, short),
    smallCapVolatility: figure(annualizedVolatility(rb, c.periodsPerYear), "fraction", prov, short),
    ratioMaxDrawdown: {
      ...figure(md.depth, "fraction", prov),
      peak: md.depth < 0 ? isoOf(j.dates[md.peakIndex]) : null,
      trough: md.depth < 0 ? isoOf(j.dates[md.troughIndex]) : null,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Holdings-based sections

function compositionReport(holdings: HoldingsInput[], smallFund: string, c: Conventions): CompositionReport {
  const funds: (Composition & { sources: string[] })[] = [];
  const errors: { fund: string; reason: string }[] = [];
  for (const h of holdings) {
    try {
      funds.push({ ...composition(h.rows, c.holdingRows), sources: sourceTags(`${h.fund} holdings ${h.asOf}`, h.sources) });
    } catch (e) {
      errors.push({ fund: h.fund, reason: (e as Error).message });
    }
  }
  const small = funds.find((f) => f.fund === smallFund);
  const comparisons = small ? funds.filter((f) => f !== small).map((f) => compareComposition(small, f)) : [];
  return { funds, comparisons, errors };
}

function valuationReport(holdings: HoldingsInput[], fundamentals: FundamentalsInput[], smallFund: string, c: Conventions): ValuationReport {
  const funds = holdings.map((h) => {
    const f = fundamentals.find((x) => x.fund === h.fund);
    const v = valuation(h.rows, f?.rows, { rows: c.holdingRows, negativeEarnings: c.negativeEarnings });
    const sources = [...sourceTags(`${h.fund} holdings ${h.asOf}`, h.sources), ...(f ? sourceTags(`${f.fund} fundamentals ${f.asOf}`, f.sources) : [])];
    return { ...v, sources };
  });
  const small = funds.find((f) => f.available && f.fund === smallFund);
  const smallLarge: ValuationReport["smallLarge"] = [];
  if (small && small.available) {
    const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b !== 0 ? a / b : null);
    for (const f of funds) {
      if (f === small || !f.available) continue;
      smallLarge.push({ small: small.fund, large: f.fund, pe: ratio(small.pe, f.pe), pb: ratio(small.pb, f.pb) });
    }
  }
  return { funds, smallLarge };
}

function breadthReports(constituents: ConstituentsInput[], includeSeries: boolean): BreadthReport[] {
  return constituents.map((ci) => {
    const usable = ci.closes.filter((f) => f.dates.length > 0);
    if (usable.length === 0) return { fund: ci.fund, available: false, reason: `no constituent closes stored for ${ci.fund}` };
    const b = breadth(usable);
    const m = b.dates.length;
    const src = sourceTags(`${ci.fund} constituents`, ci.sources);
    const last = b.dates[m - 1];
    const at = span(last, last, src);
    const out: BreadthReport = {
      fund: ci.fund,
      available: true,
      asOf: isoOf(last),
      constituents: b.reporting[m - 1],
      aboveShort: figure(b.aboveShort[m - 1], "fraction", at, "no constituent has 50 closes yet"),
      aboveLong: figure(b.aboveLong[m - 1], "fraction", at, "no constituent has 200 closes yet"),
      advancers: b.advancers[m - 1],
      decliners: b.decliners[m - 1],
      advanceDeclineLine: figure(b.advanceDeclineLine[m - 1], "count", span(b.dates[0], last, src)),
      newHighs: b.newHighs[m - 1],
      newLows: b.newLows[m - 1],
    };
    if (includeSeries) {
      out.series = {
        aboveShort: toSeries(b.dates, b.aboveShort),
        aboveLong: toSeries(b.dates, b.aboveLong),
        advanceDeclineLine: toSeries(b.dates, b.advanceDeclineLine),
      };
    }
    return out;
  });
}

function trackingReport(fund: Prepared, index: Prepared, from: number | undefined, to: number | undefined, c: Conventions): TrackingReport {
  const f = seriesOf(fund, "total");
  const x = seriesOf(index, "total");
  const fundBasis = fund.adj ? "total" : "price";
  const indexBasis = index.adj ? "total" : "price";
  let j: ReturnType<typeof joinedWindow>;
  try {
    j = joinedWindow(f, x, from, to);
  } catch (e) {
    return { fund: fund.symbol, index: index.symbol, available: false, reason: `${fund.symbol} and ${index.symbol} share no dates in the window (${(e as Error).message})` };
  }
  const n = j.dates.length;
  const src = [...fund.sources, ...index.sources];
  const te = trackingError({ id: fund.symbol, dates: j.dates, values: j.a }, { id: index.symbol, dates: j.dates, values: j.b }, c.periodsPerYear);
  // Calendar years on each series' own window closes.
  const wf = windowRange(f.dates, from, to);
  const wi = windowRange(x.dates, from, to);
  const years = trackingDifferenceByYear(
    { id: fund.symbol, dates: f.dates.subarray(wf.start, wf.end + 1), values: f.values.subarray(wf.start, wf.end + 1) },
    { id: index.symbol, dates: x.dates.subarray(wi.start, wi.end + 1), values: x.values.subarray(wi.start, wi.end + 1) },
  );
  return {
    fund: fund.symbol,
    index: index.symbol,
    available: true,
    fundBasis,
    indexBasis,
    trackingError: figure(te.value, "fraction", span(j.dates[0], j.dates[n - 1], src), te.days < 2 ? "needs at least two joined daily returns" : undefined),
    years,
    caveat: fundBasis === "total" && indexBasis === "price" ? TRACKING_CAVEAT : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Entry point

const DEFAULT_RATE_SERIES = [
  { id: "DGS2", label: "2-year Treasury yield" },
  { id: "DGS10", label: "10-year Treasury yield" },
  { id: "BAMLH0A0HYM2", label: "high-yield spread" },
];
const DEFAULT_TRACKING: [string, string][] = [
  ["IWM", "^RUT"],
  ["SPY", "^GSPC"],
  ["QQQ", "^NDX"],
];

/**
 * Every metric for the given histories. Per symbol (`symbols`): returns over horizons, CAGR,
 * calendar-year and monthly tables, rolling N-year returns, volatility and tail risk, drawdowns.
 * Per subject vs benchmark (`pairs`): beta, correlation, volatility ratio, capture. Plus case
 * studies, small vs large leadership and lead/lag, rates and credit, regional banks, composition,
 * valuation, breadth and ETF tracking when their inputs are present.
 */
export function snapshot(inputs: SnapshotInputs, options: SnapshotOptions = {}): Snapshot {
  const c: Conventions = { ...DEFAULT_CONVENTIONS, ...options.conventions };
  c.policyRule = { ...DEFAULT_POLICY_RULE, ...options.conventions?.policyRule };
  const from = optionalDay(options.from, "from");
  const to = optionalDay(options.to, "to");
  if (from !== undefined && to !== undefined && from > to) throw new RangeError(`from ${options.from} is after to ${options.to}`);
  const on = (s: SectionName) => options.sections?.[s] !== false;
  const includeSeries = options.includeSeries === true;
  const notes: string[] = [];

  const seen = new Set<string>();
  const preps: Prepared[] = [];
  for (const b of inputs.bars) {
    if (seen.has(b.symbol)) throw new RangeError(`${b.symbol} is given twice`);
    seen.add(b.symbol);
    preps.push(prepareBars(b));
  }
  const bySymbol = new Map(preps.map((p) => [p.symbol, p]));
  const macro = new Map<string, MacroInput>();
  for (const m of inputs.macro ?? []) {
    assertFrame(m);
    macro.set(m.id, m);
  }
  const subjects = options.subjects ?? preps.map((p) => p.symbol);
  for (const s of subjects) if (!bySymbol.has(s)) throw new RangeError(`subject ${s} has no price history in the inputs`);
  const benchmark = options.benchmark ?? "^GSPC";
  const smallCap = options.smallCap ?? "^RUT";
  const largeCap = options.largeCap ?? "^GSPC";
  const small = bySymbol.get(smallCap);
  const large = bySymbol.get(largeCap);
  const subjectPreps = subjects.map((s) => bySymbol.get(s) as Prepared);
  const rf = c.riskFree ? macro.get(c.riskFree) : undefined;

  const symbols = on("symbols") ? subjectPreps.map((p) => symbolReport(p, from, to, c, rf, includeSeries)) : [];
  for (const s of symbols) if (s.available) notes.push(...s.notes);

  const bench = bySymbol.get(benchmark);
  const pairs: Snapshot["pairs"] = [];
  if (on("pairs")) {
    for (const p of subjectPreps) {
      if (p.symbol === benchmark) continue;
      if (!bench) {
        pairs.push({ available: false, symbol: p.symbol, benchmark, reason: `benchmark ${benchmark} has no price history in the inputs` });
        continue;
      }
      pairs.push(pairReport(p, bench, from, to, c, includeSeries));
    }
  }

  const unavailablePair = (what: string): Unavailable => ({
    available: false,
    reason: `${what} needs ${smallCap} and ${largeCap}; ${[small ? null : smallCap, large ? null : largeCap].filter(Boolean).join(" and ")} not given`,
  });

  const tracking: TrackingReport[] = [];
  if (on("tracking")) {
    for (const [fund, index] of options.trackingPairs ?? DEFAULT_TRACKING) {
      const f = bySymbol.get(fund);
      const x = bySymbol.get(index);
      if (f && x) tracking.push(trackingReport(f, x, from, to, c));
      else if (options.trackingPairs) tracking.push({ fund, index, available: false, reason: `${f ? index : fund} has no price history in the inputs` });
    }
  }

  const rb = options.regionalBanks === undefined ? (["KRE", "IWM"] as [string, string]) : options.regionalBanks;
  let regionalBanks: RegionalBanksReport = { available: false, reason: "not requested" };
  if (on("regionalBanks") && rb) {
    const a = bySymbol.get(rb[0]);
    const b = bySymbol.get(rb[1]);
    regionalBanks = a && b ? regionalBanksReport(a, b, from, to, c) : { available: false, reason: `needs ${rb[0]} and ${rb[1]} price histories` };
  }

  const holdings = inputs.holdings ?? [];
  const smallFund = options.smallFund ?? "IWM";
  const noHoldings: Unavailable = { available: false, reason: "no holdings snapshot stored" };

  return {
    schema: "r2k.analytics.snapshot/1",
    request: { from: options.from ?? null, to: options.to ?? null, subjects, benchmark, smallCap, largeCap },
    conventions: c,
    symbols,
    pairs,
    caseStudies: on("caseStudies") ? caseStudies(subjectPreps, c) : [],
    leadership: !on("leadership")
      ? { available: false, reason: "not requested" }
      : small && large
        ? leadershipReport(small, large, from, to, c, options.recessionIndicator === undefined ? macro.get("USREC") : macro.get(options.recessionIndicator), includeSeries)
        : unavailablePair("leadership"),
    leadLag: !on("leadLag") ? { available: false, reason: "not requested" } : small && large ? leadLagReport(small, large, from, to, c) : unavailablePair("lead/lag"),
    rates: !on("rates")
      ? { available: false, reason: "not requested" }
      : ratesReport(subjectPreps, small, large, macro, from, to, c, {
          rateSeries: options.rateSeries ?? DEFAULT_RATE_SERIES,
          policyRates: options.policyRates ?? ["FEDFUNDS", "DFF"],
        }),
    regionalBanks,
    composition: !on("composition") ? { available: false, reason: "not requested" } : holdings.length ? compositionReport(holdings, smallFund, c) : noHoldings,
    valuation: !on("valuation")
      ? { available: false, reason: "not requested" }
      : holdings.length
        ? valuationReport(holdings, inputs.fundamentals ?? [], smallFund, c)
        : { available: false, reason: "no valuation data stored: valuation needs a holdings snapshot and per-company fundamentals" },
    breadth: !on("breadth")
      ? { available: false, reason: "not requested" }
      : inputs.constituents?.length
        ? breadthReports(inputs.constituents, includeSeries)
        : { available: false, reason: "no constituent price histories stored" },
    tracking,
    notes,
  };
}
