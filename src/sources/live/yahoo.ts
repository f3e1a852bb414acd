import { createHash } from "node:crypto";
import type YahooFinanceClass from "yahoo-finance2";
import { z } from "zod";
import { Bar, type SeriesKind } from "../../model/index.ts";
import { FetchError } from "./errors.ts";
import type { HttpClient } from "./http.ts";
import { parseJsonBody, rejectEmpty, rejectHtml } from "./validate.ts";

/**
 * Daily bars from Yahoo Finance's chart API (v8) through the yahoo-finance2 package (3.x:
 * 4.x needs Node 22; `chart()` is the same in both). The package builds the request and
 * reshapes the answer; r2k hands it its own `fetch` (the `fetch` module option), which
 * sends the request to the configured base URL through r2k's HTTP layer (timeouts,
 * retries, Retry-After, per-host limits) and checks the body first: an HTML page, Yahoo's
 * `{"chart":{"error":...}}` object or a cut body never reach the package. The package's own
 * schema check is off (Yahoo adds fields now and then and a strict check would fail a whole
 * update); the shape r2k relies on is checked here with zod instead.
 *
 * Wire format: docs/data-formats.md, "Yahoo Finance chart API"; timestamps are session
 * opens in UTC seconds and become exchange dates through meta.exchangeTimezoneName.
 */

export const YAHOO_DEFAULT_BASE = "https://query2.finance.yahoo.com";

/** Start of a "full history" request: early enough for any Yahoo series (^GSPC starts in 1927). */
const FULL_HISTORY_START = Date.UTC(1900, 0, 1);

export interface YahooDividend {
  date: string;
  amount: number;
}

export interface YahooSplit {
  date: string;
  numerator: number;
  denominator: number;
  ratio: string;
}

export interface YahooChart {
  symbol: string;
  /** The URL requested (the configured base, the chart path and Yahoo's parameters). */
  url: string;
  sha256: string;
  bytes: number;
  kind: SeriesKind | null;
  name: string | null;
  currency: string | null;
  timeZone: string;
  bars: Bar[];
  /** Rows without a close (holidays, halts, Yahoo's all-null rows). */
  skipped: number;
  dividends: YahooDividend[];
  splits: YahooSplit[];
  /** Things the conversion changed, for the summary (a dropped in-progress bar, bad highs/lows). */
  notes: string[];
}

export interface ChartRequest {
  symbol: string;
  /** First exchange date wanted (ISO); omitted for the full history. */
  from?: string;
  baseUrl?: string;
  signal?: AbortSignal;
  /** Clock for the "session still open" check. */
  now?: Date;
}

const num = z.number().nullable().optional();
const dateLike = z.union([z.date(), z.number(), z.string()]).nullable().optional();

const ChartArray = z.object({
  meta: z
    .object({
      symbol: z.string().optional(),
      currency: z.string().nullable().optional(),
      exchangeTimezoneName: z.string().nullable().optional(),
      gmtoffset: z.number().nullable().optional(),
      instrumentType: z.string().nullable().optional(),
      longName: z.string().nullable().optional(),
      shortName: z.string().nullable().optional(),
      currentTradingPeriod: z
        .object({ regular: z.object({ start: dateLike, end: dateLike }).passthrough().optional() })
        .passthrough()
        .nullable()
        .optional(),
    })
    .passthrough(),
  quotes: z.array(
    z
      .object({ date: z.date(), open: num, high: num, low: num, close: num, volume: num, adjclose: num })
      .passthrough(),
  ),
  events: z
    .object({
      dividends: z.array(z.object({ date: dateLike, amount: z.number() }).passthrough()).optional(),
      splits: z
        .array(
          z
            .object({ date: dateLike, numerator: z.number(), denominator: z.number(), splitRatio: z.string().optional() })
            .passthrough(),
        )
        .optional(),
    })
    .passthrough()
    .optional(),
});

const KINDS: Record<string, SeriesKind> = {
  INDEX: "index",
  ETF: "etf",
  MUTUALFUND: "etf",
  EQUITY: "stock",
};

let client: InstanceType<typeof YahooFinanceClass> | null = null;

/**
 * One package instance per process, loaded on first use (other commands do not pay for it):
 * quiet (r2k reports problems itself), no version check, no queue of its own.
 */
async function yahoo(): Promise<InstanceType<typeof YahooFinanceClass>> {
  if (!client) {
    const { default: YahooFinance } = await import("yahoo-finance2");
    const quiet = () => undefined;
    client = new YahooFinance({
      suppressNotices: ["yahooSurvey", "ripHistorical"],
      versionCheck: false,
      validation: { logErrors: false, logOptionsErrors: false },
      // r2k's HTTP layer limits concurrency per host; the package's queue must not add a second limit.
      queue: { concurrency: 1024 },
      // Its warnings (e.g. "Node 22 recommended" in late 3.x) are not the user's concern.
      logger: { info: quiet, warn: quiet, error: quiet, debug: quiet, dir: quiet },
    });
  }
  return client;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date in `timeZone` (IANA) of an instant, as YYYY-MM-DD. */
export function exchangeDate(when: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(when);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

function toDate(v: Date | number | string | null | undefined): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v === "number") return new Date(v < 1e11 ? v * 1000 : v);
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

function validTimeZone(tz: string | null | undefined): string | null {
  if (!tz) return null;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return tz;
  } catch {
    return null;
  }
}

/**
 * Joins a base URL (possibly with a path) and the path + query of a package-built URL, as the
 * package wrote them. Not through `new URL()`: its serialisation differs between Node versions
 * (Node 24 writes `^` in a path as %5E, Node 20 keeps it), and this URL is recorded as the
 * import's source.
 */
function rebase(requested: string, baseUrl: string): string {
  const origin = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i.exec(requested);
  if (!origin) throw new FetchError("invalid", `the Yahoo client asked for a URL that is not absolute: ${requested.slice(0, 200)}`);
  return `${baseUrl.replace(/\/+$/, "")}${requested.slice(origin[0].length)}`;
}

/**
 * Fetches and converts one symbol's daily chart. Throws FetchError: "not-found" for an unknown
 * symbol, "invalid" for anything that is not a chart answer (HTML, an error object, a cut body,
 * an empty range), plus the HTTP layer's kinds.
 */
export async function fetchYahooChart(http: HttpClient, req: ChartRequest): Promise<YahooChart> {
  const base = req.baseUrl ?? YAHOO_DEFAULT_BASE;
  let captured: { url: string; body: Buffer } | null = null;
  const viaR2k = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const requested = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const url = rebase(requested, base);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => {
      if (k !== "cookie" || v) headers[k] = v;
    });
    const res = await http.get(url, {
      signal: req.signal,
      headers,
      acceptStatus: [400, 404, 422],
      validate: (r) => {
        rejectEmpty(r, url);
        rejectHtml(r, url, "Yahoo chart JSON");
        parseJsonBody(r, url);
      },
    });
    rejectHtml(res, url, "Yahoo chart JSON");
    const json = parseJsonBody(res, url) as { chart?: { result?: unknown; error?: { code?: string; description?: string } | null } } | null;
    const error = json?.chart?.error ?? (json as { finance?: { error?: { code?: string; description?: string } } })?.finance?.error;
    if (error) {
      const notFound = res.status === 404 || /not ?found/i.test(error.code ?? "") || /no data found/i.test(error.description ?? "");
      throw new FetchError(
        notFound ? "not-found" : "invalid",
        `Yahoo has no chart for ${req.symbol}: ${error.description ?? error.code ?? "error"}${res.status !== 200 ? ` (HTTP ${res.status})` : ""}`,
        res.status,
      );
    }
    if (res.status !== 200) throw new FetchError("http", `HTTP ${res.status} from ${url}`, res.status);
    if (!json || typeof json !== "object" || !json.chart || !Array.isArray(json.chart.result) || json.chart.result.length === 0) {
      throw new FetchError("invalid", `${url} answered with JSON that is not a Yahoo chart (no chart.result)`);
    }
    captured = { url, body: res.body };
    return new Response(new Uint8Array(res.body), { status: 200, headers: { "content-type": "application/json" } });
  };

  const period1 = req.from ? new Date(`${req.from}T00:00:00Z`) : new Date(FULL_HISTORY_START);
  const now = req.now ?? new Date();
  let raw: unknown;
  try {
    raw = await (await yahoo()).chart(
      req.symbol,
      { period1, period2: now, interval: "1d", events: "div|split", includePrePost: false },
      { fetch: viaR2k as typeof fetch, validateResult: false },
    );
  } catch (err) {
    if (err instanceof FetchError) throw err;
    throw new FetchError("invalid", `Yahoo's chart answer for ${req.symbol} could not be read: ${(err as Error).message.split("\n")[0].slice(0, 200)}`);
  }
  const got = captured as { url: string; body: Buffer } | null;
  if (!got) throw new FetchError("invalid", `no chart answer for ${req.symbol}`);
  const parsed = ChartArray.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FetchError("invalid", `Yahoo's chart answer for ${req.symbol} has an unexpected shape (${issue.path.join(".")}: ${issue.message})`);
  }
  return convertChart(req.symbol, parsed.data, got, now);
}

function convertChart(
  symbol: string,
  chart: z.infer<typeof ChartArray>,
  got: { url: string; body: Buffer },
  now: Date,
): YahooChart {
  const meta = chart.meta;
  const notes: string[] = [];
  let tz = validTimeZone(meta.exchangeTimezoneName);
  const offset = meta.gmtoffset ?? null;
  if (!tz && offset === null) tz = "America/New_York";
  const dateOf = (d: Date) => (tz ? exchangeDate(d, tz) : new Date(d.getTime() + (offset as number) * 1000).toISOString().slice(0, 10));
  if (!tz) notes.push(`no exchange time zone in Yahoo's answer; dates from its UTC offset ${offset} s`);

  // While a session is open the last bar is a running snapshot, not a close: leave it for the next update.
  const sessionEnd = toDate(meta.currentTradingPeriod?.regular?.end ?? null);
  const openSessionDate = sessionEnd && now.getTime() < sessionEnd.getTime() ? dateOf(sessionEnd) : null;

  const byDate = new Map<string, Bar>();
  let skipped = 0;
  let badRange = 0;
  const pos = (v: number | null | undefined) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : null);
  for (const q of chart.quotes) {
    const date = dateOf(q.date);
    if (date === openSessionDate) {
      notes.push(`${date}: session still open, bar left for the next update`);
      continue;
    }
    const close = pos(q.close);
    if (close === null) {
      if (typeof q.close === "number" && q.close <= 0) {
        throw new FetchError("implausible", `implausible value: ${symbol} close ${q.close} on ${date}; nothing stored`);
      }
      skipped++;
      continue;
    }
    let high = pos(q.high);
    let low = pos(q.low);
    if (high !== null && low !== null && high < low) {
      badRange++;
      high = null;
      low = null;
    }
    const volume = typeof q.volume === "number" && Number.isFinite(q.volume) && q.volume >= 0 ? q.volume : null;
    const bar = { symbol, date, open: pos(q.open), high, low, close, adjClose: pos(q.adjclose), volume };
    const ok = Bar.safeParse(bar);
    if (!ok.success) {
      const issue = ok.error.issues[0];
      throw new FetchError("invalid", `Yahoo's bar for ${symbol} on ${date} is invalid (${issue.path.join(".")}: ${issue.message})`);
    }
    // Two stamps on one exchange date (a live bar next to the day's open stamp): the later one wins.
    byDate.set(date, ok.data);
  }
  if (badRange > 0) notes.push(`${badRange} bar(s) with high below low: high and low left empty`);
  const bars = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
  const dividends = (chart.events?.dividends ?? [])
    .map((d) => ({ date: toDate(d.date), amount: d.amount }))
    .filter((d): d is { date: Date; amount: number } => d.date !== null)
    .map((d) => ({ date: dateOf(d.date), amount: d.amount }))
    .sort((a, b) => (a.date < b.date ? -1 : 1));
  const splits = (chart.events?.splits ?? [])
    .map((s) => ({ ...s, at: toDate(s.date) }))
    .filter((s) => s.at !== null)
    .map((s) => ({
      date: dateOf(s.at as Date),
      numerator: s.numerator,
      denominator: s.denominator,
      ratio: s.splitRatio ?? `${s.numerator}:${s.denominator}`,
    }))
    .sort((a, b) => (a.date < b.date ? -1 : 1));
  return {
    symbol,
    url: got.url,
    sha256: createHash("sha256").update(got.body).digest("hex"),
    bytes: got.body.length,
    kind: KINDS[(meta.instrumentType ?? "").toUpperCase()] ?? null,
    name: meta.longName ?? meta.shortName ?? null,
    currency: meta.currency ?? null,
    timeZone: tz ?? `UTC${offset !== null ? (offset >= 0 ? "+" : "") + offset / 3600 : ""}`,
    bars,
    skipped,
    dividends,
    splits,
    notes,
  };
}
