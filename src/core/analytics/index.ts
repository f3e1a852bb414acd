/**
 * The analytics core: pure functions over day numbers and Float64Arrays (no I/O, no clock).
 * `snapshot` is the entry point the CLI and API use; the metric functions are exported for
 * direct use and tests. Conventions are documented in docs/analytics.md.
 */
export * from "./snapshot.ts";
export * from "./snapshot-inputs.ts";
export * from "./snapshot-options.ts";
// Only the sections' output types: their builders stay internal to the snapshot.
export type { RollingSummary, SeriesOut } from "./snapshot-prep.ts";
export type {
  CalendarYearRow,
  EpisodeRow,
  HorizonRow,
  MonthlyTableRow,
  PairReport,
  RollingReturnRow,
  SymbolReport,
  SymbolResult,
  TableMeta,
  TailRow,
  TrackingReport,
  TrackingYear,
} from "./snapshot-symbol.ts";
export type { CaseStudyReport, CaseStudyRow, LeadershipReport, LeadLagReport, RegimeRow } from "./snapshot-history.ts";
export type { RatesReport, RegionalBanksReport, SensitivityRow } from "./snapshot-macro.ts";
export type { BreadthReport, CompanyValuationComparison, CompanyValuationReport, CompositionReport, FundCompanyValuation, ValuationReport } from "./snapshot-holdings.ts";
export { companyValuationReport, NO_EDGAR_FUNDAMENTALS, valuationReport } from "./snapshot-holdings.ts";
export type { CompanyRow, CompanyValuation, AggregateRatio } from "./company-valuation.ts";
export * from "./figure.ts";
export * from "../../model/dates.ts";
export * from "./align.ts";
export * from "./stats.ts";
export * from "./returns.ts";
export * from "./risk.ts";
export * from "./drawdown.ts";
export * from "./leadership.ts";
export * from "./leadlag.ts";
export * from "./rates.ts";
export * from "./composition.ts";
export * from "./valuation.ts";
export * from "./breadth.ts";
export * from "./tracking.ts";
export * from "./window.ts";
export * from "./measure.ts";
export * from "./staleness.ts";
