/** Responses of the measured endpoints (src/server/routes/analytics.ts, bodies cut by src/views/sections.ts): the envelope and each body. */
import { z } from "zod";
import {
  CaseStudyReport,
  CompositionReport,
  Drawdowns,
  HorizonRow,
  LEAD_LAG_SHAPE,
  LeadershipReport,
  MonthlyTable,
  CalendarYears,
  RatesReport,
  RegionalBanksReport,
  Risk,
  RollingReturnRow,
  RollingSummary,
  Snapshot,
  TrackingReport,
  ValuationReport,
  BreadthFund,
} from "./snapshot.ts";
import { named, Basis, ChartSeries, chartSeriesWith, DateWindow, Figure, figureWith, IsoDate, measured, obj, SeriesOut, Sources, Unavailable, UnavailableSymbol } from "./shared.ts";
import { SERIES_KINDS } from "../schemas.ts";

export const SeriesKindOut = z.enum(SERIES_KINDS);

/** A per-symbol list: measured rows, or why a symbol could not be measured. */
const perSymbol = <T extends z.ZodRawShape>(shape: T) => z.array(z.discriminatedUnion("available", [obj({ symbol: z.string(), available: z.literal(true), ...shape }), UnavailableSymbol]));

const Named = { symbol: z.string(), name: z.string(), kind: SeriesKindOut };

export const VsBenchmark = z.union([
  obj({ benchmark: z.string(), beta: Figure, correlation: Figure, volatilityRatio: Figure, upCapture: Figure, downCapture: Figure }),
  obj({ benchmark: z.string(), self: z.literal(true) }).meta({ description: "the row is the benchmark itself" }),
  obj({ benchmark: z.string(), unavailable: z.string() }).meta({ description: "why the row could not be compared with the benchmark" }),
]);

export const ComparisonRow = z.discriminatedUnion("available", [
  obj({ ...Named, available: z.literal(false), reason: z.string() }),
  obj({
    ...Named,
    available: z.literal(true),
    basis: Basis,
    window: DateWindow,
    sources: Sources,
    lastClose: Figure,
    returns: z.record(z.string(), Figure.nullable()).meta({ description: "return per horizon of `horizons` (3Y and longer cumulative), on the row's basis" }),
    cagr: Figure,
    volatility: Figure,
    sharpe: figureWith({ riskFree: z.string().nullable() }),
    maxDrawdown: figureWith({ peak: IsoDate.nullable(), trough: IsoDate.nullable() }),
    currentDrawdown: Figure,
    vsBenchmark: VsBenchmark,
  }),
]);

export const ComparisonResponse = named("ComparisonResponse", measured({
  benchmark: z.string(),
  horizons: z.array(z.string()),
  rows: z.array(ComparisonRow),
  notes: z.array(z.string()),
}));

export const SnapshotResponse = named("SnapshotResponse", measured({ snapshot: Snapshot }));

export const ReturnsResponse = named("ReturnsResponse", measured({
  rollingYears: z.number().int(),
  symbols: perSymbol({
    basis: Basis,
    window: DateWindow,
    sources: Sources,
    returns: z.array(HorizonRow),
    cagr: obj({ price: Figure, total: Figure.nullable() }),
    calendarYears: CalendarYears,
    monthly: MonthlyTable,
    rollingReturns: z.array(RollingReturnRow),
    series: obj({ growth: ChartSeries.nullable(), rolling: ChartSeries.nullable() }),
  }),
}));

export const RollingResponse = named("RollingResponse", measured({
  window: z.number().int(),
  betaWindow: z.number().int(),
  symbols: perSymbol({
    sources: Sources,
    window: DateWindow,
    volatility: Figure,
    rollingVolatility: z.array(RollingSummary),
    pair: obj({ benchmark: z.string(), rolling: obj({ window: z.number().int(), beta: RollingSummary, correlation: RollingSummary }), volatilityRatio: Figure }).nullable(),
    series: obj({ volatility: SeriesOut.nullable(), volatilityRatio: SeriesOut.nullable(), beta: SeriesOut.nullable(), correlation: SeriesOut.nullable() }),
  }),
}));

export const DrawdownsResponse = named("DrawdownsResponse", measured({
  symbols: perSymbol({ sources: Sources, window: DateWindow, drawdowns: Drawdowns, series: obj({ underwater: SeriesOut.nullable() }) }),
}));

/** A crash path: closes relative to the pre-crash peak, by sessions since it. */
export const CrashPath = chartSeriesWith({ symbol: z.string(), peak: IsoDate, sessionsFromPeak: z.array(z.number().int()) });

export const CaseStudiesResponse = named("CaseStudiesResponse", measured({
  caseStudies: z.array(obj({ ...CaseStudyReport.shape, paths: z.array(CrashPath) })),
}));

export const LeadershipResponse = named("LeadershipResponse", measured({
  leadership: LeadershipReport,
  recessions: obj({ source: z.string(), bands: z.array(DateWindow) }),
}));

export const LeadLagResponse = named("LeadLagResponse", measured({
  leadLag: z.discriminatedUnion("available", [obj({ ...LEAD_LAG_SHAPE, asOf: IsoDate, sources: Sources }), Unavailable]),
}));

export const RateSeries = obj({ id: z.string(), name: z.string(), unit: z.literal("percent"), asOf: IsoDate, sources: Sources, ...SeriesOut.shape });

export const RatesResponse = named("RatesResponse", measured({
  rates: RatesReport,
  regionalBanks: RegionalBanksReport,
  series: z.array(RateSeries),
}));

export const CompositionResponse = named("CompositionResponse", measured({ composition: CompositionReport }));

export const ValuationResponse = named("ValuationResponse", measured({ valuation: ValuationReport }));

export const BreadthResponse = named("BreadthResponse", measured({
  breadth: z.discriminatedUnion("available", [obj({ available: z.literal(true), funds: z.array(BreadthFund) }), Unavailable]),
}));

export const TrackingResponse = named("TrackingResponse", measured({ tracking: z.array(TrackingReport) }));

export const RiskResponse = named("RiskResponse", measured({
  horizonsYears: z.array(z.number()),
  symbols: perSymbol({ sources: Sources, window: DateWindow, basis: Basis, risk: Risk }),
}));
