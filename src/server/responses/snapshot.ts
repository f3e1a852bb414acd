/**
 * The analytics snapshot as JSON (schema r2k.analytics.snapshot/1): one schema per section type
 * of src/core/analytics (each declared beside the snapshot-*.ts code that computes it), each
 * checked against that type at compile time. The measured endpoints reuse the sections and rows
 * defined here.
 */
import { z } from "zod";
import type {
  BreadthReport as CoreBreadthReport,
  CaseStudyReport as CoreCaseStudyReport,
  CompanyValuationReport as CoreCompanyValuationReport,
  CompositionReport as CoreCompositionReport,
  Conventions as CoreConventions,
  LeadershipReport as CoreLeadershipReport,
  LeadLagReport as CoreLeadLagReport,
  PairReport as CorePairReport,
  RatesReport as CoreRatesReport,
  RegionalBanksReport as CoreRegionalBanksReport,
  RollingSummary as CoreRollingSummary,
  Snapshot as CoreSnapshot,
  SymbolReport as CoreSymbolReport,
  TrackingReport as CoreTrackingReport,
  ValuationReport as CoreValuationReport,
} from "../../core/analytics/index.ts";
import { named, type Assert, Basis, DateWindow, Figure, figureWith, IsoDate, IsoMonth, type Mirrors, obj, SeriesOut, Sources, Unavailable, UnavailableSymbol } from "./shared.ts";

const nullableInt = z.number().int().nullable();

// ---------------------------------------------------------------------------------------------
// Conventions

export const Conventions = named("Conventions", obj({
  periodsPerYear: z.number(),
  calendarDaysPerYear: z.number(),
  returnBasis: z.enum(["auto", "price", "total"]),
  riskFree: z.string().nullable(),
  sortinoExcess: z.boolean(),
  rollingVolatilityWindows: z.array(z.number()),
  rollingBetaWindow: z.number(),
  rollingReturnYears: z.array(z.number()),
  lossHorizonYears: z.array(z.number()),
  varConfidences: z.array(z.number()),
  monthSessions: z.number(),
  topDrawdowns: z.number(),
  caseStudies: z.array(obj({ name: z.string(), from: IsoDate, to: IsoDate })),
  afterTroughMonths: z.array(z.number()),
  monthMode: z.enum(["calendar", "365-day"]),
  leadershipThreshold: z.number(),
  turningPointThreshold: z.number(),
  turningPointMaxDays: z.number(),
  maxLag: z.number(),
  weeklyWindow: z.enum(["closes", "labels"]),
  recessionMonths: z.array(z.number()),
  policySource: z.enum(["auto", "rate", "table"]),
  policyRule: obj({ cycleThreshold: z.number(), flatBand: z.number(), pauseMonths: z.number() }),
  holdingRows: z.enum(["listed", "equity"]),
  negativeEarnings: z.enum(["include", "exclude"]),
}), "every convention the figures were computed with");

// ---------------------------------------------------------------------------------------------
// Per symbol

export const HorizonRow = obj({
  horizon: z.string(),
  price: Figure,
  priceAnnualized: Figure.nullable(),
  total: Figure.nullable(),
  totalAnnualized: Figure.nullable(),
});

const TABLE_META = { asOf: IsoDate, window: DateWindow, sources: Sources };

export const CalendarYears = obj({
  ...TABLE_META,
  rows: z.array(obj({ year: z.number().int(), from: IsoDate, to: IsoDate, price: z.number().nullable(), total: z.number().nullable(), partial: z.boolean() })),
});

export const MonthlyTable = obj({
  ...TABLE_META,
  basis: Basis,
  rows: z.array(
    obj({
      year: z.number().int(),
      months: z.array(z.number().nullable()).meta({ description: "twelve cells, January first" }),
      partial: z.array(z.number().int()).meta({ description: "months (0 = January) whose return is partial" }),
      year_total: z.number().nullable(),
    }),
  ),
});

export const RollingReturnRow = obj({
  years: z.number(),
  windows: z.number().int(),
  min: Figure,
  median: Figure,
  max: Figure,
  sharePositive: Figure,
  annualizedMin: Figure,
  annualizedMedian: Figure,
  annualizedMax: Figure,
});

export const RollingSummary = named("RollingSummary", obj({ window: z.number().int(), latest: Figure, min: Figure, median: Figure, max: Figure }));

export const Risk = named("Risk", obj({
  dailyReturns: Figure,
  volatility: Figure,
  rollingVolatility: z.array(RollingSummary),
  downsideDeviation: Figure,
  sharpe: figureWith({ riskFree: z.string().nullable() }),
  sortino: figureWith({ riskFree: z.string().nullable() }),
  skewness: Figure,
  excessKurtosis: Figure,
  tail: z.array(obj({ horizon: z.enum(["1 day", "1 month"]), confidence: z.number(), valueAtRisk: Figure, conditionalValueAtRisk: Figure })),
  probabilityOfLoss: z.array(obj({ years: z.number(), sessions: z.number().int(), figure: Figure })),
}));

export const Episode = obj({
  rank: z.number().int(),
  peak: IsoDate,
  trough: IsoDate,
  recovery: IsoDate.nullable(),
  recovered: z.boolean(),
  depth: z.number(),
  peakClose: z.number(),
  troughClose: z.number(),
  daysToTrough: z.number().int(),
  sessionsToTrough: z.number().int(),
  daysToRecover: nullableInt,
  daysUnderwater: z.number().int(),
});

export const MaxDrawdown = figureWith({ peak: IsoDate.nullable(), trough: IsoDate.nullable() });

export const Drawdowns = named("Drawdowns", obj({
  max: MaxDrawdown,
  current: Figure,
  episodes: z.number().int(),
  top: z.array(Episode),
}));

export const SymbolReport = named("SymbolReport", obj({
  available: z.literal(true),
  symbol: z.string(),
  sources: Sources,
  data: DateWindow,
  window: DateWindow,
  basis: Basis,
  totalReturnAvailable: z.boolean(),
  firstClose: Figure,
  lastClose: Figure,
  returns: z.array(HorizonRow),
  cagr: obj({ price: Figure, total: Figure.nullable() }),
  calendarYears: CalendarYears,
  monthly: MonthlyTable,
  rollingReturns: z.array(RollingReturnRow),
  risk: Risk,
  drawdowns: Drawdowns,
  series: obj({ underwater: SeriesOut, rollingVolatility: z.record(z.string(), SeriesOut) }).optional(),
  notes: z.array(z.string()),
}));

export const SymbolResult = z.discriminatedUnion("available", [SymbolReport, UnavailableSymbol]);

export const PairReport = obj({
  available: z.literal(true),
  symbol: z.string(),
  benchmark: z.string(),
  window: DateWindow,
  beta: Figure,
  correlation: Figure,
  volatilityRatio: Figure,
  upCapture: Figure,
  downCapture: Figure,
  rolling: obj({ window: z.number().int(), beta: RollingSummary, correlation: RollingSummary }),
  series: obj({ rollingBeta: SeriesOut, rollingCorrelation: SeriesOut }).optional(),
});
export const PairResult = z.discriminatedUnion("available", [PairReport, obj({ available: z.literal(false), reason: z.string(), symbol: z.string(), benchmark: z.string() })]);

// ---------------------------------------------------------------------------------------------
// Sections

export const CaseStudyReport = obj({
  name: z.string(),
  range: DateWindow,
  monthMode: z.enum(["calendar", "365-day"]),
  rows: z.array(
    obj({
      symbol: z.string(),
      available: z.boolean(),
      reason: z.string().optional(),
      peak: IsoDate.optional(),
      trough: IsoDate.optional(),
      recovery: IsoDate.nullable().optional(),
      depth: Figure.optional(),
      daysToTrough: z.number().int().optional(),
      daysToRecover: nullableInt.optional(),
      after: z.array(obj({ months: z.number().int(), target: IsoDate, date: IsoDate.nullable(), value: Figure })).optional(),
    }),
  ),
});

const LEADERSHIP_SHAPE = {
  available: z.literal(true),
  small: z.string(),
  large: z.string(),
  basis: Basis,
  standsFor: obj({ small: z.string(), large: z.string() }).optional().meta({ description: "on the total basis, the index each fund standing in for it tracks" }),
  window: DateWindow,
  ratio: obj({ latest: Figure, windowChange: Figure, change1Y: Figure }),
  threshold: z.number(),
  regimes: z.array(
    obj({
      leader: z.string(),
      from: IsoDate,
      to: IsoDate,
      days: z.number().int(),
      sessions: z.number().int(),
      ratioChange: z.number(),
      smallReturn: z.number(),
      largeReturn: z.number(),
      confirmed: z.boolean(),
    }),
  ),
  summary: z.array(obj({ leader: z.string(), count: z.number().int(), medianDays: z.number().nullable(), medianRatioChange: z.number().nullable() })),
  afterRecessions: obj({
    source: z.string(),
    rows: z.array(obj({ trough: IsoMonth.meta({ description: "the recession's trough month" }), months: z.number().int(), small: Figure, large: Figure, difference: Figure })),
  }),
  series: obj({ ratio: SeriesOut }).optional(),
};
export const LeadershipReport = z.discriminatedUnion("available", [obj(LEADERSHIP_SHAPE), Unavailable]);
/** The leadership report with more fields (the API's lead/lag adds asOf and sources). */
export const leadershipWith = obj(LEADERSHIP_SHAPE);

export const LEAD_LAG_SHAPE = {
  available: z.literal(true),
  small: z.string(),
  large: z.string(),
  window: DateWindow,
  weeks: z.number().int(),
  weeklyWindow: z.enum(["closes", "labels"]),
  crossCorrelation: z
    .array(obj({ lag: z.number().int(), correlation: z.number().nullable(), n: z.number().int() }))
    .meta({ description: "corr(small(t), large(t + lag)): positive lags pair small-cap weeks with later large-cap weeks" }),
  turningPoints: obj({
    threshold: z.number(),
    maxDistanceDays: z.number(),
    rows: z.array(obj({ kind: z.enum(["peak", "trough"]), large: IsoDate, small: IsoDate.nullable(), leadDays: z.number().nullable(), smallFirst: z.boolean() })),
    matched: z.number().int(),
    smallFirst: z.number().int(),
    medianLeadDays: z.number().nullable(),
  }),
};
export const LeadLagReport = z.discriminatedUnion("available", [obj(LEAD_LAG_SHAPE), Unavailable]);

const RegimeName = z.enum(["hiking", "easing", "on hold"]);

export const Policy = obj({
  available: z.literal(true),
  source: z.string(),
  rule: z.string(),
  periods: z.array(obj({ regime: RegimeName, from: IsoDate, to: IsoDate })),
  byIndex: z.array(
    obj({
      symbol: z.string(),
      window: DateWindow,
      unlabelledDays: z.number().int(),
      rows: z.array(obj({ regime: RegimeName, days: z.number().int(), annualizedReturn: Figure, annualizedVolatility: Figure })),
    }),
  ),
});

export const SensitivityRow = obj({
  series: z.string(),
  label: z.string(),
  available: z.boolean(),
  reason: z.string().optional(),
  beta: Figure.optional(),
  tStat: Figure.optional(),
  rSquared: Figure.optional(),
  intercept: z.number().optional(),
  n: z.number().int().optional(),
});

export const Sensitivity = obj({
  available: z.literal(true),
  dependent: z.string(),
  window: DateWindow,
  weeklyWindow: z.enum(["closes", "labels"]),
  rows: z.array(SensitivityRow),
  joint: z.discriminatedUnion("available", [
    obj({ available: z.literal(true), n: z.number().int(), rSquared: z.number(), coefficients: z.array(obj({ series: z.string(), beta: z.number(), tStat: z.number() })) }),
    Unavailable,
  ]),
});

export const RatesReport = z.discriminatedUnion("available", [
  obj({
    available: z.literal(true),
    policy: z.discriminatedUnion("available", [Policy, Unavailable]),
    sensitivity: z.discriminatedUnion("available", [Sensitivity, Unavailable]),
  }),
  Unavailable,
]);

export const RegionalBanksReport = z.discriminatedUnion("available", [
  obj({
    available: z.literal(true),
    banks: z.string(),
    smallCap: z.string(),
    window: DateWindow,
    banksReturn: Figure,
    smallCapReturn: Figure,
    ratioChange: Figure,
    beta: Figure,
    correlation: Figure,
    banksVolatility: Figure,
    smallCapVolatility: Figure,
    ratioMaxDrawdown: MaxDrawdown,
  }),
  Unavailable,
]);

const WeightBucket = obj({ name: z.string(), weight: z.number(), count: z.number().int() });

export const FundComposition = obj({
  fund: z.string(),
  asOf: IsoDate,
  rows: z.enum(["listed", "equity"]),
  count: z.number().int(),
  totalMarketValue: z.number(),
  fileWeightSum: z.number(),
  top10Weight: z.number(),
  top10: z.array(obj({ ticker: z.string(), name: z.string(), weight: z.number() })),
  herfindahl: z.number(),
  effectiveHoldings: z.number(),
  medianPositionValue: z.number(),
  meanPositionValue: z.number(),
  sectors: z.array(WeightBucket),
  locations: z.array(WeightBucket),
  sources: Sources,
});

export const CompositionReport = z.discriminatedUnion("available", [
  obj({
    available: z.literal(true),
    funds: z.array(FundComposition),
    comparisons: z.array(
      obj({
        small: z.string(),
        large: z.string(),
        sectors: z.array(obj({ name: z.string(), small: z.number(), large: z.number(), difference: z.number() })),
        ratios: obj({
          count: z.number(),
          top10Weight: z.number(),
          herfindahl: z.number(),
          effectiveHoldings: z.number(),
          medianPositionValue: z.number(),
          meanPositionValue: z.number(),
        }),
        domestic: obj({ location: z.string(), small: z.number(), large: z.number() }),
      }),
    ),
    errors: z.array(obj({ fund: z.string(), reason: z.string() })),
  }),
  Unavailable,
]);

export const FundValuation = z.discriminatedUnion("available", [
  obj({ available: z.literal(false), reason: z.string(), sources: Sources }),
  obj({
    available: z.literal(true),
    fund: z.string(),
    asOf: IsoDate,
    pe: z.number().nullable().meta({ description: "harmonic weighted P/E; null when aggregate earnings are not positive" }),
    pb: z.number().nullable(),
    negativeEarningsShare: z.number(),
    negativeEarningsWeight: z.number(),
    earningsCoverage: z.number(),
    bookCoverage: z.number(),
    covered: z.number().int(),
    count: z.number().int(),
    negativeEarnings: z.enum(["include", "exclude"]),
    sources: Sources,
  }),
]);

const AggregateRatio = obj({
  aggregate: z.number().nullable().meta({ description: "sum of the numerators over sum of the denominators; null when the latter is not positive" }),
  median: z.number().nullable().meta({ description: "median of the companies' own ratios, over positive denominators" }),
  covered: z.number().int().meta({ description: "companies reporting both parts" }),
  weight: z.number().meta({ description: "their share of the fund's listed equity value (coverage)" }),
});

export const FundCompanyValuation = obj({
  fund: z.string(),
  asOf: IsoDate.meta({ description: "the holdings' date: caps, prices and filings as of this day" }),
  companies: z.number().int(),
  weight: z.number().meta({ description: "weight of the companies valued (filer and cap known)" }),
  pe: AggregateRatio,
  pb: AggregateRatio,
  unprofitable: obj({ count: z.number().int(), share: z.number().nullable(), weightShare: z.number().nullable() }),
  debtToEquity: AggregateRatio,
  interestCoverage: AggregateRatio.meta({ description: "operating income over interest expense, trailing twelve months" }),
  positions: z.number().int(),
  unmatched: z.number().int(),
  uncapped: z.number().int(),
  prices: obj({ close: z.number().int(), closeDays: z.array(IsoDate), holdings: z.number().int() }),
  notes: z.array(z.string()),
  sources: Sources,
});

export const CompanyValuationReport = z.discriminatedUnion("available", [
  obj({
    available: z.literal(true),
    funds: z.array(FundCompanyValuation),
    comparison: obj({
      small: z.string(),
      large: z.string(),
      smallAsOf: IsoDate,
      largeAsOf: IsoDate,
      pePremium: z.number().nullable().meta({ description: "small fund's aggregate P/E over the large fund's, less one" }),
      medianPePremium: z.number().nullable(),
      pbPremium: z.number().nullable(),
    }).nullable(),
  }),
  Unavailable,
]);

export const ValuationReport = z.discriminatedUnion("available", [
  obj({
    available: z.literal(true),
    funds: z.array(FundValuation),
    smallLarge: z.array(obj({ small: z.string(), large: z.string(), pe: z.number().nullable(), pb: z.number().nullable() })),
    companies: CompanyValuationReport,
  }),
  Unavailable,
]);

const BREADTH_SHAPE = {
  fund: z.string(),
  available: z.boolean(),
  reason: z.string().optional(),
  asOf: IsoDate.optional(),
  constituents: z.number().int().optional(),
  aboveShort: Figure.optional(),
  aboveLong: Figure.optional(),
  advancers: z.number().int().optional(),
  decliners: z.number().int().optional(),
  advanceDeclineLine: Figure.optional(),
  newHighs: z.number().int().optional(),
  newLows: z.number().int().optional(),
};
export const BreadthReport = obj({
  ...BREADTH_SHAPE,
  series: obj({ aboveShort: SeriesOut, aboveLong: SeriesOut, advanceDeclineLine: SeriesOut, newHighs: SeriesOut, newLows: SeriesOut }).optional(),
});
/** A fund's breadth as the API sends it: the chart series it draws (no new highs and lows series). */
export const BreadthFund = obj({
  ...BREADTH_SHAPE,
  series: obj({ aboveShort: SeriesOut, aboveLong: SeriesOut, advanceDeclineLine: SeriesOut }).optional(),
});

export const TrackingReport = named("TrackingReport", obj({
  fund: z.string(),
  index: z.string(),
  available: z.boolean(),
  reason: z.string().optional(),
  basis: Basis.optional(),
  indexSeries: z.string().optional(),
  trackingError: Figure.optional().meta({ description: "daily tracking error, annualized (sqrt 252)" }),
  trackingErrorMonthly: Figure.optional().meta({ description: "monthly tracking error, annualized (sqrt 12)" }),
  years: z
    .array(obj({ year: z.number().int(), fund: z.number(), index: z.number(), difference: z.number(), partial: z.boolean(), distributions: z.number().nullable() }))
    .optional(),
  note: z.string().optional(),
  basisNote: z.string().optional(),
  distributionsNote: z.string().optional(),
}), "a fund against its index, like for like");

export const Snapshot = named("Snapshot", obj({
  schema: z.literal("r2k.analytics.snapshot/1"),
  request: obj({
    from: IsoDate.nullable(),
    to: IsoDate.nullable(),
    subjects: z.array(z.string()),
    benchmark: z.string(),
    smallCap: z.string(),
    largeCap: z.string(),
  }),
  conventions: Conventions,
  symbols: z.array(SymbolResult),
  pairs: z.array(PairResult),
  caseStudies: z.array(CaseStudyReport),
  leadership: LeadershipReport,
  leadLag: LeadLagReport,
  rates: RatesReport,
  regionalBanks: RegionalBanksReport,
  composition: CompositionReport,
  valuation: ValuationReport,
  breadth: z.discriminatedUnion("available", [obj({ available: z.literal(true), funds: z.array(BreadthReport) }), Unavailable]),
  tracking: z.array(TrackingReport),
  notes: z.array(z.string()),
}), "the full analytics snapshot (schema r2k.analytics.snapshot/1)");

type _Conventions = Assert<Mirrors<typeof Conventions, CoreConventions>>;
type _SymbolReport = Assert<Mirrors<typeof SymbolReport, CoreSymbolReport>>;
type _RollingSummary = Assert<Mirrors<typeof RollingSummary, CoreRollingSummary>>;
type _PairReport = Assert<Mirrors<typeof PairReport, CorePairReport>>;
type _CaseStudy = Assert<Mirrors<typeof CaseStudyReport, CoreCaseStudyReport>>;
type _Leadership = Assert<Mirrors<typeof LeadershipReport, CoreLeadershipReport>>;
type _LeadLag = Assert<Mirrors<typeof LeadLagReport, CoreLeadLagReport>>;
type _Rates = Assert<Mirrors<typeof RatesReport, CoreRatesReport>>;
type _RegionalBanks = Assert<Mirrors<typeof RegionalBanksReport, CoreRegionalBanksReport>>;
type _Composition = Assert<Mirrors<(typeof CompositionReport.options)[0], CoreCompositionReport>>;
type _CompanyValuation = Assert<Mirrors<(typeof CompanyValuationReport.options)[0], Extract<CoreCompanyValuationReport, { available: true }>>>;
type _Valuation = Assert<Mirrors<(typeof ValuationReport.options)[0], CoreValuationReport>>;
type _Breadth = Assert<Mirrors<typeof BreadthReport, CoreBreadthReport>>;
type _Tracking = Assert<Mirrors<typeof TrackingReport, CoreTrackingReport>>;
type _Snapshot = Assert<Mirrors<typeof Snapshot, CoreSnapshot>>;
