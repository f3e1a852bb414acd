/**
 * The typed client of the JSON API: one function per endpoint, each returning the response type
 * the server's contract declares (src/server/contract.ts, generated from its zod schemas). Only
 * types come from the server (`import type`), so no server code reaches the bundle; the server's
 * tests check that every real response matches those schemas.
 */
import type { ApiParams, ApiPath, ApiResponse } from "../../src/server/contract.ts";
import type { Figure, Meta, SeriesOut } from "../../src/server/responses/shared.ts";

export type { ApiPath, ApiResponse, Figure, Meta, SeriesOut };

/** The body of a route's response, whichever the route. */
export type AnyResponse = ApiResponse<ApiPath>;

/** The window the measured endpoints answer over (meta.window). */
export type MeasuredWindow = NonNullable<Meta["window"]>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** GETs a URL; its JSON body, or an ApiError with the server's message (every error answer has one). */
export async function getJson(url: string, signal?: AbortSignal): Promise<unknown> {
  const res = await fetch(url, { signal, headers: { accept: "application/json" } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = body !== null && typeof body === "object" && "message" in body && typeof body.message === "string" ? body.message : null;
    throw new ApiError(res.status, message ?? `${res.status} ${res.statusText}`);
  }
  return body;
}

export type QueryParams = Record<string, string | number | undefined>;

/** "?a=1&b=x" from the defined parameters, in order; "" when there are none. */
export function queryString(params: QueryParams): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : "";
}

export interface ClientOptions {
  /** How a URL is fetched (default: getJson). */
  fetchJson?: (url: string) => Promise<unknown>;
  /** Parameters every measured endpoint gets (the dashboard's window controls); a call's own parameters come after them. */
  window?: () => QueryParams;
  /** Sees every response body before the caller does. */
  onResponse?: (body: AnyResponse) => void;
}

/** The API's endpoints as functions. */
export function apiClient(opts: ClientOptions = {}) {
  const fetchJson = opts.fetchJson ?? ((url: string) => getJson(url));
  // The contract types the body: the server's tests validate every response against its schema.
  const call = async <P extends ApiPath>(_route: P, url: string, params: QueryParams = {}): Promise<ApiResponse<P>> => {
    const body = (await fetchJson(`${url}${queryString(params)}`)) as ApiResponse<P>;
    opts.onResponse?.(body);
    return body;
  };
  const measured =
    <P extends ApiPath>(path: P) =>
    (params: ApiParams<P> = {} as ApiParams<P>) =>
      call(path, path, { ...opts.window?.(), ...params });
  const id = encodeURIComponent;
  return {
    health: () => call("/api/health", "/api/health"),
    seriesList: (params: ApiParams<"/api/series"> = {}) => call("/api/series", "/api/series", params),
    series: (seriesId: string) => call("/api/series/:id", `/api/series/${id(seriesId)}`),
    bars: (seriesId: string, params: ApiParams<"/api/series/:id/bars"> = {}) => call("/api/series/:id/bars", `/api/series/${id(seriesId)}/bars`, params),
    observations: (seriesId: string, params: ApiParams<"/api/series/:id/observations"> = {}) =>
      call("/api/series/:id/observations", `/api/series/${id(seriesId)}/observations`, params),
    latest: measured("/api/latest"),
    comparison: measured("/api/comparison"),
    snapshot: measured("/api/snapshot"),
    returns: measured("/api/returns"),
    rolling: measured("/api/rolling"),
    drawdowns: measured("/api/drawdowns"),
    caseStudies: measured("/api/case-studies"),
    leadership: measured("/api/leadership"),
    leadLag: measured("/api/lead-lag"),
    rates: measured("/api/rates"),
    composition: measured("/api/composition"),
    valuation: measured("/api/valuation"),
    breadth: measured("/api/breadth"),
    tracking: measured("/api/tracking"),
    risk: measured("/api/risk"),
    /** The reconstitution preview ranks one stored universe: the window controls do not apply. */
    recon: (params: ApiParams<"/api/recon"> = {}) => call("/api/recon", "/api/recon", params),
    /** The quarterly valuation history values today's members at each quarter end: the window controls do not apply. */
    valuationHistory: () => call("/api/valuation/history", "/api/valuation/history"),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
