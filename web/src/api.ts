/** Fetching the JSON API. Responses are typed loosely: the server's zod schemas are the contract. */
export interface Figure {
  value: number | null;
  unit: string;
  asOf: string | null;
  window: { from: string; to: string } | null;
  sources: string[];
  reason?: string;
}

export interface SeriesOut {
  dates: string[];
  values: (number | null)[];
  label?: string;
  asOf?: string | null;
  sources?: string[];
}

export interface Meta {
  storeVersion: string;
  asOf: string | null;
  sources: string[];
  demo: boolean;
  request: { from: string | null; to: string | null; symbols: string[] | null; benchmark: string | null };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson(path: string, signal?: AbortSignal): Promise<Json> {
  const res = await fetch(path, { signal, headers: { accept: "application/json" } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, body?.message ?? `${res.status} ${res.statusText}`);
  return body;
}
