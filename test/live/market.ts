import { readFileSync } from "node:fs";
import { parseConfig, type R2kConfig } from "../../src/config/index.ts";
import type { Reply, ReplayServer } from "./server.ts";

/**
 * Fake Yahoo, FRED and iShares endpoints answering in each source's real wire format. The
 * answers are built from the recorded-format fixtures under ./fixtures (the Yahoo chart
 * meta block, FRED CSV header styles, the API JSON envelope, the iShares layout), with the
 * rows filtered by the request's date parameters the way the real services do.
 */

export const FIX = new URL("./fixtures/", import.meta.url).pathname;

export function fixture(name: string): string {
  return readFileSync(FIX + name, "utf8");
}

export interface FakeBar {
  date: string;
  open: number | null;
  high: number | null;
  low: number | null;
  close: number | null;
  adjclose?: number | null;
  volume: number | null;
}

export interface FakeSeries {
  bars: FakeBar[];
  instrumentType: string;
  name: string;
  noAdjClose?: boolean;
  splits?: { date: string; numerator: number; denominator: number }[];
  /** `afterOpen`: seconds after the session open of the stamp sent (default 0, the open itself). */
  dividends?: { date: string; amount: number; afterOpen?: number }[];
}

const nyHour = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "numeric", hourCycle: "h23" });

/** The 09:30 New York session open of a date, in UTC seconds (13:30 or 14:30 UTC with DST). */
export function sessionOpen(date: string): number {
  const winter = Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), 14, 30) / 1000;
  return Number(nyHour.format(new Date(winter * 1000))) === 10 ? winter - 3600 : winter;
}

/** Weekday dates from `start`, `n` of them. */
export function weekdays(start: string, n: number): string[] {
  const out: string[] = [];
  let t = Date.parse(`${start}T00:00:00Z`);
  while (out.length < n) {
    const d = new Date(t);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
    t += 86_400_000;
  }
  return out;
}

/** A deterministic random walk of daily bars. */
export function walk(start: string, n: number, first: number, seed = 1): FakeBar[] {
  let x = seed;
  const rnd = () => ((x = (x * 16807) % 2147483647) / 2147483647);
  let close = first;
  return weekdays(start, n).map((date) => {
    const open = close;
    close = Math.round(close * (1 + (rnd() - 0.5) * 0.03) * 100) / 100;
    const high = Math.round(Math.max(open, close) * 1.004 * 100) / 100;
    const low = Math.round(Math.min(open, close) * 0.996 * 100) / 100;
    return { date, open, high, low, close, adjclose: close, volume: Math.round(1e6 + rnd() * 1e6) };
  });
}

/** A chart answer in Yahoo's v8 layout, meta taken from the recorded ^RUT fixture. */
export function chartJson(symbol: string, s: FakeSeries, period1: number, period2: number): string {
  const template = JSON.parse(fixture("yahoo/chart-RUT.json"));
  const result = template.chart.result[0];
  Object.assign(result.meta, { symbol, instrumentType: s.instrumentType, longName: s.name, shortName: s.name });
  const bars = s.bars.filter((b) => {
    const t = sessionOpen(b.date);
    return t >= period1 && t < period2;
  });
  if (bars.length === 0) {
    delete result.timestamp;
    result.indicators = { quote: [{}], adjclose: [{}] };
  } else {
    result.timestamp = bars.map((b) => sessionOpen(b.date));
    result.indicators = {
      quote: [
        {
          open: bars.map((b) => b.open),
          high: bars.map((b) => b.high),
          low: bars.map((b) => b.low),
          close: bars.map((b) => b.close),
          volume: bars.map((b) => b.volume),
        },
      ],
    };
    if (!s.noAdjClose) result.indicators.adjclose = [{ adjclose: bars.map((b) => b.adjclose ?? b.close) }];
  }
  const inRange = (d: string) => sessionOpen(d) >= period1 && sessionOpen(d) < period2;
  const splits = (s.splits ?? []).filter((x) => inRange(x.date));
  const dividends = (s.dividends ?? []).filter((x) => inRange(x.date));
  if (splits.length || dividends.length) {
    result.events = {};
    if (dividends.length) {
      result.events.dividends = Object.fromEntries(
        dividends.map((d) => {
          const t = sessionOpen(d.date) + (d.afterOpen ?? 0);
          return [String(t), { amount: d.amount, date: t }];
        }),
      );
    }
    if (splits.length) {
      result.events.splits = Object.fromEntries(
        splits.map((x) => [
          String(sessionOpen(x.date)),
          { date: sessionOpen(x.date), numerator: x.numerator, denominator: x.denominator, splitRatio: `${x.numerator}:${x.denominator}` },
        ]),
      );
    }
  }
  return JSON.stringify(template);
}

/** Bars of the recorded ^RUT fixture (nulls included), for building other answers. */
export function recordedRut(): FakeBar[] {
  const r = JSON.parse(fixture("yahoo/chart-RUT.json")).chart.result[0];
  const q = r.indicators.quote[0];
  const fmt = new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York", year: "numeric", month: "2-digit", day: "2-digit" });
  return (r.timestamp as number[]).map((t, i) => ({
    date: fmt.format(new Date(t * 1000)),
    open: q.open[i],
    high: q.high[i],
    low: q.low[i],
    close: q.close[i],
    adjclose: r.indicators.adjclose[0].adjclose[i],
    volume: q.volume[i],
  }));
}

export type Step = Reply | "data";

/** Yahoo's chart endpoint over a set of fake series; per-symbol scripts for failures. */
export class FakeYahoo {
  readonly series = new Map<string, FakeSeries>();
  private readonly scripts = new Map<string, { steps: Step[]; used: number }>();

  reset(): void {
    this.series.clear();
    this.scripts.clear();
  }

  /** The next answers for a symbol, in turn ("data" = the normal answer); the last one repeats. */
  script(symbol: string, ...steps: Step[]): this {
    this.scripts.set(symbol, { steps, used: 0 });
    return this;
  }

  install(server: ReplayServer): this {
    server.route(/^\/v8\/finance\/chart\//, (url) => this.answer(url));
    return this;
  }

  answer(url: URL): Reply {
    const symbol = decodeURIComponent(url.pathname.split("/").pop() ?? "");
    const script = this.scripts.get(symbol);
    if (script) {
      const step = script.steps[Math.min(script.used, script.steps.length - 1)];
      script.used++;
      if (step !== "data") return step;
    }
    const s = this.series.get(symbol);
    if (!s) return { status: 404, body: fixture("yahoo/error-not-found.json") };
    const p1 = Number(url.searchParams.get("period1"));
    const p2 = Number(url.searchParams.get("period2") ?? Date.now() / 1000);
    return { status: 200, body: chartJson(symbol, s, p1, p2) };
  }
}

/** fredgraph.csv and the API's series/observations, over fixture files. */
export class FakeFred {
  /** id -> CSV text in FRED's layout (either header style). */
  readonly csv = new Map<string, string>();
  /** id -> API observations. */
  readonly api = new Map<string, { date: string; value: string }[]>();
  private readonly scripts = new Map<string, { steps: Step[]; used: number }>();
  apiKey = "";

  reset(): void {
    this.csv.clear();
    this.api.clear();
    this.scripts.clear();
    this.apiKey = "";
  }

  script(id: string, ...steps: Step[]): this {
    this.scripts.set(id, { steps, used: 0 });
    return this;
  }

  private scripted(id: string): Reply | null {
    const script = this.scripts.get(id);
    if (!script) return null;
    const step = script.steps[Math.min(script.used, script.steps.length - 1)];
    script.used++;
    return step === "data" ? null : step;
  }

  install(server: ReplayServer): this {
    server.route("/graph/fredgraph.csv", (url) => {
      const id = url.searchParams.get("id") ?? "";
      const scripted = this.scripted(id);
      if (scripted) return scripted;
      const text = this.csv.get(id);
      if (!text) return { status: 404, headers: { "content-type": "text/html" }, body: fixture("html/blocked.html") };
      const from = url.searchParams.get("cosd");
      const [header, ...rows] = text.trimEnd().split("\n");
      const kept = rows.filter((r) => !from || r.slice(0, 10) >= from);
      return { status: 200, headers: { "content-type": "text/csv" }, body: [header, ...kept].join("\n") + "\n" };
    });
    server.route("/fred/series/observations", (url) => {
      const id = url.searchParams.get("series_id") ?? "";
      if (url.searchParams.get("api_key") !== this.apiKey) {
        // FRED's error text does not echo the key, but r2k must hide it even if a server did.
        const body = JSON.parse(fixture("fred/api-error-bad-key.json"));
        body.error_message += ` (got ${url.searchParams.get("api_key")})`;
        return { status: 400, body: JSON.stringify(body) };
      }
      const scripted = this.scripted(id);
      if (scripted) return scripted;
      const obs = this.api.get(id);
      if (!obs) return { status: 400, body: fixture("fred/api-error-no-series.json") };
      const from = url.searchParams.get("observation_start");
      const kept = obs.filter((o) => !from || o.date >= from);
      const envelope = JSON.parse(fixture("fred/api-DGS10.json"));
      envelope.count = kept.length;
      envelope.observations = kept.map((o) => ({ realtime_start: "2024-11-29", realtime_end: "2024-11-29", ...o }));
      return { status: 200, body: JSON.stringify(envelope) };
    });
    return this;
  }
}

/** The iShares holdings download over fixture files. */
export class FakeIshares {
  readonly files = new Map<string, string>();
  /** Files served by the fallback route (testConfig's `/fallback/{productId}/{ticker}.csv`), by fund. */
  readonly fallbackFiles = new Map<string, string>();
  private readonly scripts = new Map<string, { steps: Step[]; used: number }>();

  reset(): void {
    this.files.clear();
    this.fallbackFiles.clear();
    this.scripts.clear();
  }

  script(fund: string, ...steps: Step[]): this {
    this.scripts.set(fund, { steps, used: 0 });
    return this;
  }

  install(server: ReplayServer): this {
    server.route(/^\/us\/products\/\d+\/[^/]+\/1467271812596\.ajax$/, (url) => {
      const fund = (url.searchParams.get("fileName") ?? "").replace(/_holdings$/, "");
      const script = this.scripts.get(fund);
      if (script) {
        const step = script.steps[Math.min(script.used, script.steps.length - 1)];
        script.used++;
        if (step !== "data") return step;
      }
      const text = this.files.get(fund);
      if (!text) return { status: 200, headers: { "content-type": "text/html" }, body: fixture("html/blocked.html") };
      return { status: 200, headers: { "content-type": "text/csv; charset=utf-8" }, body: text };
    });
    server.route(/^\/fallback\/\d+\/[A-Z]+\.csv$/, (url) => {
      const text = this.fallbackFiles.get(url.pathname.split("/").pop()!.replace(/\.csv$/, ""));
      return text ? { status: 200, headers: { "content-type": "text/csv" }, body: text } : { status: 404, body: "Not Found" };
    });
    return this;
  }
}

/** A configuration pointing every source at the local server, with short timeouts. */
export function testConfig(base: string, over: Record<string, unknown> = {}): R2kConfig {
  const limits = { concurrency: 4, minIntervalMs: 0 };
  return parseConfig({
    symbols: [],
    fred: [],
    funds: [],
    sources: {
      yahoo: { baseUrl: base, ...limits },
      fred: { csvBaseUrl: base, apiBaseUrl: base, ...limits },
      ishares: { baseUrl: base, fallbackUrl: `${base}/fallback/{productId}/{ticker}.csv`, ...limits },
      sec: { baseUrl: base, wwwBaseUrl: base, ...limits },
    },
    http: { timeoutMs: 3000, retries: 2, backoffMs: 5, maxBackoffMs: 20, maxRetryAfterMs: 5000, rateLimitPauseMs: 10, maxConsecutive429: 4 },
    ...over,
  });
}
