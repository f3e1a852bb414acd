/**
 * The API contract: every route's path, request schemas (src/server/schemas.ts) and response
 * schema (src/server/responses/). The server registers its handlers against this table (the
 * compiler checks each handler's result against its response schema), the OpenAPI document is
 * generated from it, and the dashboard's client (web/src/api.ts) takes its types from it.
 *
 * Responses are not validated at run time in production: serializing them is the hot path, and
 * the handlers are already checked by the compiler. The tests validate every endpoint's real
 * response against its schema instead (test/server/contract.test.ts), on the demo market and on
 * the real files.
 */
import type { z } from "zod";
import { BreadthResponse, CaseStudiesResponse, ComparisonResponse, CompositionResponse, DrawdownsResponse, LeadershipResponse, LeadLagResponse, RatesResponse, ReturnsResponse, RiskResponse, RollingResponse, SnapshotResponse, TrackingResponse, ValuationResponse } from "./responses/analytics.ts";
import { BarsResponse, LatestResponse, ObservationsResponse, SeriesListResponse, SeriesResponse } from "./responses/data.ts";
import { ReconResponse } from "./responses/index-engine.ts";
import { HealthResponse } from "./responses/meta.ts";
import { ValuationHistoryResponse } from "./responses/valuation-history.ts";
import { NoQuery, RangeQuery, ReconQuery, ReturnsQuery, RollingQuery, SeriesListQuery, SeriesParams, SnapshotQuery, WindowQuery } from "./schemas.ts";

export interface RouteContract {
  query?: z.ZodType;
  params?: z.ZodType;
  response: z.ZodType;
}

export const CONTRACT = {
  "/api/health": { response: HealthResponse },
  "/api/series": { query: SeriesListQuery, response: SeriesListResponse },
  "/api/series/:id": { params: SeriesParams, response: SeriesResponse },
  "/api/series/:id/bars": { params: SeriesParams, query: RangeQuery, response: BarsResponse },
  "/api/series/:id/observations": { params: SeriesParams, query: RangeQuery, response: ObservationsResponse },
  "/api/latest": { query: WindowQuery, response: LatestResponse },
  "/api/comparison": { query: WindowQuery, response: ComparisonResponse },
  "/api/snapshot": { query: SnapshotQuery, response: SnapshotResponse },
  "/api/returns": { query: ReturnsQuery, response: ReturnsResponse },
  "/api/rolling": { query: RollingQuery, response: RollingResponse },
  "/api/drawdowns": { query: WindowQuery, response: DrawdownsResponse },
  "/api/case-studies": { query: WindowQuery, response: CaseStudiesResponse },
  "/api/leadership": { query: WindowQuery, response: LeadershipResponse },
  "/api/lead-lag": { query: WindowQuery, response: LeadLagResponse },
  "/api/rates": { query: WindowQuery, response: RatesResponse },
  "/api/composition": { query: WindowQuery, response: CompositionResponse },
  "/api/valuation": { query: WindowQuery, response: ValuationResponse },
  "/api/valuation/history": { query: NoQuery, response: ValuationHistoryResponse },
  "/api/breadth": { query: WindowQuery, response: BreadthResponse },
  "/api/tracking": { query: WindowQuery, response: TrackingResponse },
  "/api/risk": { query: WindowQuery, response: RiskResponse },
  "/api/recon": { query: ReconQuery, response: ReconResponse },
} as const satisfies Record<string, RouteContract>;

export type ApiPath = keyof typeof CONTRACT;

/** The JSON body a route answers 200 with. */
export type ApiResponse<P extends ApiPath> = z.infer<(typeof CONTRACT)[P]["response"]>;

/** A route's query (path parameters) after validation, as its handler receives them. */
export type ApiQuery<P extends ApiPath> = (typeof CONTRACT)[P] extends { query: infer Q extends z.ZodType } ? z.output<Q> : Record<string, never>;
export type ApiPathParams<P extends ApiPath> = (typeof CONTRACT)[P] extends { params: infer Q extends z.ZodType } ? z.output<Q> : Record<string, never>;

/** What a client may send in a route's query: the parameter names the route accepts, each as text or a number. */
export type ApiParams<P extends ApiPath> = (typeof CONTRACT)[P] extends { query: infer Q extends z.ZodType } ? { [K in keyof z.input<Q>]?: string | number } : Record<string, never>;
