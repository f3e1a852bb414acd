import { readFileSync } from "node:fs";
import { z } from "zod";
import { FRED_API_DEFAULT_BASE, FRED_CSV_DEFAULT_BASE, FRED_ID } from "../sources/live/fred.ts";
import type { HttpPolicy } from "../sources/live/http.ts";
import { DEFAULT_HTTP_POLICY } from "../sources/live/http.ts";
import { ISHARES_DEFAULT_BASE, ISHARES_DEFAULT_FALLBACK, ISHARES_PRODUCTS } from "../sources/live/ishares.ts";
import { DEFAULT_PLAUSIBILITY } from "../sources/live/validate.ts";
import { YAHOO_DEFAULT_BASE } from "../sources/live/yahoo.ts";
import { ConfigError, DEFAULT_FUND_ROLES, findConfigFile } from "./file.ts";

export { CONFIG_FILE_NAME, ConfigError, findConfigFile } from "./file.ts";

/**
 * r2k.config.json: what `r2k update` fetches and from where. Every key is optional; a
 * missing key takes the default below (documented in docs/live-data.md). Unknown keys are
 * rejected, so a typo does not silently fall back to a default.
 */

export const DEFAULT_SYMBOLS = ["^RUT", "^GSPC", "^IXIC", "IWM", "SPY", "QQQ", "KRE"];
export const DEFAULT_FRED_SERIES = ["DFF", "DGS2", "DGS10", "T10Y2Y", "BAMLH0A0HYM2", "UNRATE", "CPIAUCSL", "USREC"];
export const DEFAULT_FUNDS = ["IWM", "IVV"];

const SYMBOL = /^[\^A-Z0-9][A-Z0-9.\-=^]{0,31}$/;

const Symbol = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .refine((s) => SYMBOL.test(s), { message: "not a symbol (letters, digits, ^ . - =; e.g. ^RUT, IWM, BRK-B)" });

const FredSeries = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .refine((s) => FRED_ID.test(s), { message: "not a FRED series id (e.g. DGS10)" });

const HttpUrl = z.string().refine(
  (s) => {
    try {
      const u = new URL(s);
      return u.protocol === "http:" || u.protocol === "https:";
    } catch {
      return false;
    }
  },
  { message: "must be an http(s) URL" },
);

const Fund = z.union([
  z.string().transform((s) => s.trim().toUpperCase()),
  z.strictObject({
    ticker: z.string().transform((s) => s.trim().toUpperCase()),
    productId: z.string().regex(/^\d+$/, "an iShares product id is a number, e.g. 239710"),
    slug: z.string().min(1).default("fund"),
  }),
]);

const SourceLimits = {
  /** Requests in flight at once to this source's host. */
  concurrency: z.number().int().min(1).max(64),
  /** Minimum milliseconds between two request starts to this host. */
  minIntervalMs: z.number().int().min(0).max(60_000),
};

export const R2kConfig = z.strictObject({
  /** Yahoo symbols for daily bars (indices, ETFs, stocks). */
  symbols: z.array(Symbol).default(DEFAULT_SYMBOLS),
  /** FRED series ids. */
  fred: z.array(FredSeries).default(DEFAULT_FRED_SERIES),
  /** iShares funds whose holdings are fetched: a known ticker, or {ticker, productId, slug}. */
  funds: z.array(Fund).default(DEFAULT_FUNDS),
  /** Days re-fetched before the last stored date, to pick up revisions. */
  overlapDays: z.number().int().min(0).max(366).default(10),
  /** The funds the analysis describes small and large caps with (composition, breadth, total-return proxies). */
  analysis: z
    .strictObject({
      /** The small-cap fund: its holdings describe the index, its constituents give breadth. */
      smallFund: z.string().transform((s) => s.toUpperCase()).default(DEFAULT_FUND_ROLES.smallFund),
      /** Large-cap funds its composition is compared with, in order of preference. */
      largeFunds: z.array(z.string().transform((s) => s.toUpperCase())).min(1).default([...DEFAULT_FUND_ROLES.largeFunds]),
      /** Funds standing in for the small- and large-cap indices on the total-return basis. */
      capFunds: z.tuple([z.string(), z.string()]).transform(([a, b]) => [a.toUpperCase(), b.toUpperCase()] as [string, string]).default([...DEFAULT_FUND_ROLES.capFunds]),
    })
    .prefault({}),
  /** The server's own update (r2k serve / start on your store): daily, after the US close. */
  schedule: z
    .strictObject({
      enabled: z.boolean().default(true),
      time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day, HH:MM (24 h)").default("18:05"),
      timeZone: z
        .string()
        .refine((tz) => {
          try {
            new Intl.DateTimeFormat("en-US", { timeZone: tz });
            return true;
          } catch {
            return false;
          }
        }, "an IANA time zone such as America/New_York")
        .default("America/New_York"),
      /** ISO weekdays: 1 Monday ... 7 Sunday. */
      weekdays: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
      jitterMinutes: z.number().int().min(0).max(240).default(10),
    })
    .prefault({}),
  constituents: z
    .strictObject({
      /**
       * Fund, or funds, whose latest stored holdings list the symbols of `--constituents` (IWM
       * gives breadth; IWB too gives the large caps' closes the valuation history needs).
       */
      fund: z
        .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
        .default("IWM")
        .transform((v) => [...new Set((Array.isArray(v) ? v : [v]).map((s) => s.toUpperCase()))]),
      /** Symbols worked on at once (the Yahoo host limit still applies). */
      concurrency: z.number().int().min(1).max(32).default(4),
      /**
       * Spacing of Yahoo requests during a --constituents run (the larger of this and the Yahoo
       * source's own): thousands of full histories at a few requests a second draw 429s for hours.
       */
      minIntervalMs: z.number().int().min(0).max(60_000).default(1500),
      /** iShares tickers whose Yahoo symbol differs and that r2k does not know (e.g. {"XYZB": "XYZ-B"}). */
      tickerMap: z
        .record(z.string(), z.string())
        .default({})
        .transform((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k.trim().toUpperCase(), v.trim().toUpperCase()]))),
    })
    .prefault({}),
  sources: z
    .strictObject({
      yahoo: z
        .strictObject({
          baseUrl: HttpUrl.default(YAHOO_DEFAULT_BASE),
          concurrency: SourceLimits.concurrency.default(4),
          // About four requests a second: Yahoo answers bursts with 429.
          minIntervalMs: SourceLimits.minIntervalMs.default(250),
        })
        .prefault({}),
      fred: z
        .strictObject({
          csvBaseUrl: HttpUrl.default(FRED_CSV_DEFAULT_BASE),
          apiBaseUrl: HttpUrl.default(FRED_API_DEFAULT_BASE),
          concurrency: SourceLimits.concurrency.default(2),
          // The API allows about 120 requests a minute per key.
          minIntervalMs: SourceLimits.minIntervalMs.default(500),
        })
        .prefault({}),
      ishares: z
        .strictObject({
          baseUrl: HttpUrl.default(ISHARES_DEFAULT_BASE),
          /** Tried when the first route fails: a URL template ({productId}, {slug}, {ticker}), or null for none. */
          fallbackUrl: HttpUrl.nullable().default(ISHARES_DEFAULT_FALLBACK),
          concurrency: SourceLimits.concurrency.default(1),
          minIntervalMs: SourceLimits.minIntervalMs.default(1000),
        })
        .prefault({}),
      /**
       * SEC EDGAR (fundamentals): the SEC answers only requests that name who asks, with a
       * contact; r2k never sends one without it, so fundamentals are fetched only once it is set.
       */
      sec: z
        .strictObject({
          baseUrl: HttpUrl.default("https://data.sec.gov"),
          wwwBaseUrl: HttpUrl.default("https://www.sec.gov"),
          userAgent: z
            .string()
            .trim()
            .refine((s) => /@|https?:\/\//.test(s) && /[A-Za-z]{2}/.test(s.replace(/\S*@\S*|https?:\/\/\S*/g, "")), "name yourself and a contact, e.g. \"Jane Doe jane@example.org\"")
            .nullable()
            .default(null),
          /**
           * Years of calendar periods whose frames (one concept, one period, every filer) are
           * asked for; a period's frame is final 105 days after its end and then never asked again.
           * 0: no frames (each company's own documents only).
           */
          frameYears: z.number().int().min(0).max(20).default(3),
          // Both SEC hosts are asked one request at a time, 4 a second each at most (the SEC's limit is 10 a second in all).
          concurrency: SourceLimits.concurrency.default(1),
          minIntervalMs: SourceLimits.minIntervalMs.default(250),
        })
        .prefault({}),
    })
    .prefault({}),
  http: z
    .strictObject({
      timeoutMs: z.number().int().min(1).max(600_000).default(DEFAULT_HTTP_POLICY.timeoutMs),
      retries: z.number().int().min(0).max(10).default(DEFAULT_HTTP_POLICY.retries),
      backoffMs: z.number().int().min(0).max(60_000).default(DEFAULT_HTTP_POLICY.backoffMs),
      maxBackoffMs: z.number().int().min(0).max(600_000).default(DEFAULT_HTTP_POLICY.maxBackoffMs),
      maxRetryAfterMs: z.number().int().min(0).max(3_600_000).default(DEFAULT_HTTP_POLICY.maxRetryAfterMs),
      userAgent: z.string().min(1).default(DEFAULT_HTTP_POLICY.userAgent),
      /** First host-wide pause after a 429, doubling with each 429 in a row (capped by maxRetryAfterMs). */
      rateLimitPauseMs: z.number().int().min(0).max(3_600_000).default(DEFAULT_HTTP_POLICY.rateLimitPauseMs),
      /** 429s in a row after which a run stops asking that host. */
      maxConsecutive429: z.number().int().min(1).max(100).default(DEFAULT_HTTP_POLICY.maxConsecutive429),
    })
    .prefault({}),
  /** Largest believable one-day close-to-close move, as a fraction, by kind of series. */
  plausibility: z
    .strictObject({
      index: z.number().positive().default(DEFAULT_PLAUSIBILITY.index),
      etf: z.number().positive().default(DEFAULT_PLAUSIBILITY.etf),
      stock: z.number().positive().default(DEFAULT_PLAUSIBILITY.stock),
    })
    .prefault({}),
});
export type R2kConfig = z.infer<typeof R2kConfig>;
export type R2kConfigInput = z.input<typeof R2kConfig>;

/** The configuration with every default filled in (what an absent r2k.config.json means). */
export function defaultConfig(): R2kConfig {
  return R2kConfig.parse({});
}

/** Validates a config object (e.g. from tests or another service); throws ConfigError. */
export function parseConfig(input: unknown, origin = "configuration"): R2kConfig {
  const r = R2kConfig.safeParse(input);
  if (!r.success) {
    const lines = r.error.issues.slice(0, 5).map((i) => `  ${i.path.join(".") || "(top level)"}: ${i.message}`);
    throw new ConfigError(`${origin} is invalid:\n${lines.join("\n")}`);
  }
  for (const f of r.data.funds) {
    if (typeof f === "string" && !ISHARES_PRODUCTS[f]) {
      throw new ConfigError(
        `${origin} is invalid:\n  funds: r2k does not know the iShares product id of ${f}; give it as {"ticker": "${f}", "productId": "...", "slug": "..."}`,
      );
    }
  }
  return r.data;
}

export function loadConfig(explicit?: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): { config: R2kConfig; path: string | null } {
  const path = findConfigFile(explicit, env, cwd);
  if (!path) return { config: defaultConfig(), path: null };
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new ConfigError(`cannot read the config file ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    throw new ConfigError(`the config file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return { config: parseConfig(json, `the config file ${path}`), path };
}

/** The iShares product of a configured fund. */
export function fundProduct(f: R2kConfig["funds"][number]): { ticker: string; productId: string; slug: string } {
  if (typeof f === "string") return { ticker: f, ...ISHARES_PRODUCTS[f] };
  return f;
}

/** HTTP policy for a run: the http section, with each source's limits applied to its host. */
export function httpPolicy(config: R2kConfig): HttpPolicy {
  const hosts: HttpPolicy["hosts"] = {};
  const add = (url: string, limit: { concurrency: number; minIntervalMs: number }) => {
    const host = new URL(url).host;
    const prev = hosts[host];
    // Two sources on one host (a local mirror, tests): the stricter limit wins.
    hosts[host] = prev
      ? {
          concurrency: Math.min(prev.concurrency ?? Infinity, limit.concurrency),
          minIntervalMs: Math.max(prev.minIntervalMs ?? 0, limit.minIntervalMs),
        }
      : { concurrency: limit.concurrency, minIntervalMs: limit.minIntervalMs };
  };
  const s = config.sources;
  add(s.yahoo.baseUrl, s.yahoo);
  add(s.fred.csvBaseUrl, s.fred);
  add(s.fred.apiBaseUrl, s.fred);
  add(s.ishares.baseUrl, s.ishares);
  add(s.sec.baseUrl, s.sec);
  add(s.sec.wwwBaseUrl, s.sec);
  return {
    ...DEFAULT_HTTP_POLICY,
    ...config.http,
    perHost: DEFAULT_HTTP_POLICY.perHost,
    hosts,
  };
}
