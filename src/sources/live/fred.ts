import { createHash } from "node:crypto";
import { z } from "zod";
import { isIsoDate, Observation } from "../../model/index.ts";
import { splitCsvLine } from "../files/sniff.ts";
import { FetchError, redactText, redactUrl } from "./errors.ts";
import type { HttpClient } from "./http.ts";
import { parseJsonBody, rejectEmpty, rejectHtml, rejectTruncatedCsv } from "./validate.ts";

/**
 * FRED series, two ways (wire formats: docs/data-formats.md, "FRED"):
 * - keyless `fredgraph.csv` (the default): the body is the same file a browser download
 *   gives, so r2k stores it through the FRED file importer (src/sources/files);
 * - the official API (`series/observations`, JSON) when FRED_API_KEY is set. The key is sent
 *   only in the request: provenance stores the URL without it, and every message is redacted.
 */

export const FRED_CSV_DEFAULT_BASE = "https://fred.stlouisfed.org";
export const FRED_API_DEFAULT_BASE = "https://api.stlouisfed.org";

/** FRED series ids: upper-case letters, digits and underscores. */
export const FRED_ID = /^[A-Z0-9_]{1,64}$/;

export interface FredCsv {
  id: string;
  url: string;
  body: Buffer;
  sha256: string;
  /** Data rows in the body (missing values included). */
  rows: number;
}

export interface FredApiSeries {
  id: string;
  /** Request URL without the API key (what provenance stores). */
  url: string;
  sha256: string;
  observations: Observation[];
  /** Observations FRED lists as missing ("."). */
  skipped: number;
}

export interface FredRequest {
  id: string;
  /** First date wanted (ISO); omitted for the full history. */
  from?: string;
  baseUrl?: string;
  signal?: AbortSignal;
}

export function fredCsvUrl(id: string, from?: string, baseUrl = FRED_CSV_DEFAULT_BASE): string {
  const u = new URL(`${baseUrl.replace(/\/+$/, "")}/graph/fredgraph.csv`);
  u.searchParams.set("id", id);
  if (from) u.searchParams.set("cosd", from);
  return u.toString();
}

/** Downloads a series as fredgraph.csv and checks it is a complete FRED CSV for that series. */
export async function fetchFredCsv(http: HttpClient, req: FredRequest): Promise<FredCsv> {
  const url = fredCsvUrl(req.id, req.from, req.baseUrl);
  const res = await http.get(url, {
    signal: req.signal,
    headers: { accept: "text/csv,*/*" },
    validate: (r) => {
      rejectEmpty(r, url);
      rejectHtml(r, url, "a FRED CSV");
      rejectTruncatedCsv(r, url);
    },
  });
  const text = res.text.replace(/^\uFEFF/, "");
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = splitCsvLine(lines[0] ?? "").map((c) => c.trim());
  if (!/^(DATE|observation_date)$/i.test(header[0] ?? "")) {
    throw new FetchError("invalid", `${url} is not a FRED CSV: its header is ${JSON.stringify((lines[0] ?? "").slice(0, 80))}`);
  }
  if (header.length !== 2 || header[1].toUpperCase() !== req.id.toUpperCase()) {
    throw new FetchError("invalid", `${url} holds ${header.slice(1).join(", ") || "no series"}, not ${req.id}`);
  }
  if (lines.length < 2) {
    throw new FetchError("invalid", `empty range: ${url} has a header but no observations${req.from ? ` since ${req.from}` : ""}`);
  }
  // A row cut short still ends with a newline when a proxy closes the body cleanly at a line end;
  // the importer rejects malformed rows, but a last row without a value column is caught here.
  const last = splitCsvLine(lines[lines.length - 1]);
  if (last.length !== 2 || !isIsoDate(last[0].trim())) {
    throw new FetchError("invalid", `${url} ends with an incomplete row ${JSON.stringify(lines[lines.length - 1].slice(0, 60))} (truncated)`);
  }
  return { id: req.id, url, body: res.body, sha256: createHash("sha256").update(res.body).digest("hex"), rows: lines.length - 1 };
}

const ApiPage = z.object({
  count: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  observations: z.array(z.object({ date: z.string(), value: z.string() }).passthrough()),
});

const ApiError = z.object({ error_code: z.number().optional(), error_message: z.string() }).passthrough();

const PAGE = 100_000;

/** Downloads a series through the FRED API (all pages). The key never leaves this function's request URLs. */
export async function fetchFredApi(http: HttpClient, req: FredRequest & { apiKey: string }): Promise<FredApiSeries> {
  const base = (req.baseUrl ?? FRED_API_DEFAULT_BASE).replace(/\/+$/, "");
  const secrets = [req.apiKey];
  const observations: Observation[] = [];
  const hash = createHash("sha256");
  let skipped = 0;
  let offset = 0;
  let publicUrl = "";
  for (;;) {
    const u = new URL(`${base}/fred/series/observations`);
    u.searchParams.set("series_id", req.id);
    u.searchParams.set("api_key", req.apiKey);
    u.searchParams.set("file_type", "json");
    u.searchParams.set("sort_order", "asc");
    if (req.from) u.searchParams.set("observation_start", req.from);
    u.searchParams.set("limit", String(PAGE));
    if (offset > 0) u.searchParams.set("offset", String(offset));
    const url = u.toString();
    const shown = redactUrl(url);
    if (!publicUrl) publicUrl = redactUrl(url, "remove");
    const res = await http.get(url, {
      signal: req.signal,
      secrets,
      acceptStatus: [400, 401, 403, 404, 423],
      validate: (r) => {
        rejectEmpty(r, shown);
        rejectHtml(r, shown, "FRED API JSON");
        parseJsonBody(r, shown);
      },
    });
    rejectHtml(res, shown, "FRED API JSON");
    const json = parseJsonBody(res, shown);
    const err = ApiError.safeParse(json);
    if (err.success) {
      const message = redactText(err.data.error_message, secrets).replace(/\s+/g, " ").trim();
      const notFound = /does not exist/i.test(message);
      throw new FetchError(notFound ? "not-found" : "http", `FRED API (${req.id}): ${message}${res.status !== 200 ? ` (HTTP ${res.status})` : ""}`, res.status);
    }
    if (res.status !== 200) throw new FetchError("http", `HTTP ${res.status} from ${shown}`, res.status);
    const page = ApiPage.safeParse(json);
    if (!page.success) {
      throw new FetchError("invalid", `${shown} answered with JSON that is not a FRED observations list (${page.error.issues[0].path.join(".")}: ${page.error.issues[0].message})`);
    }
    hash.update(res.body);
    for (const o of page.data.observations) {
      if (o.value === "." || o.value.trim() === "") {
        skipped++;
        continue;
      }
      const value = Number(o.value);
      const checked = Observation.safeParse({ seriesId: req.id, date: o.date, value });
      if (!checked.success || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(o.value.trim())) {
        throw new FetchError("invalid", `FRED API (${req.id}): observation ${JSON.stringify(o.date)} has value ${JSON.stringify(o.value)}, not a number`);
      }
      observations.push(checked.data);
    }
    offset = page.data.offset + page.data.observations.length;
    if (page.data.observations.length === 0 || offset >= page.data.count) break;
  }
  if (observations.length === 0 && skipped === 0) {
    throw new FetchError("invalid", `empty range: the FRED API has no observations of ${req.id}${req.from ? ` since ${req.from}` : ""}`);
  }
  return { id: req.id, url: publicUrl, sha256: hash.digest("hex"), observations, skipped };
}
