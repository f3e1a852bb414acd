import { defaultConfig, type R2kConfig } from "../config.ts";
import { FetchError } from "../sources/live/errors.ts";
import { HttpClient } from "../sources/live/http.ts";
import { latestStoredDate, Store } from "../store/index.ts";
import { pool, UpdateContext } from "./update/context.ts";
import * as constituents from "./update/constituents.ts";
import * as fred from "./update/fred.ts";
import * as holdings from "./update/holdings.ts";
import * as prices from "./update/prices.ts";
import { YAHOO_SYMBOL } from "./update/prices.ts";
import { resumeStatePath } from "./update/resume-state.ts";
import type { ConstituentsProgress, UpdateEvent, UpdateItem, UpdateOptions, UpdateReport, UpdateSource } from "./update/types.ts";

/**
 * `r2k update`: brings stored prices (Yahoo chart API), FRED series and iShares holdings up
 * to date. Each symbol, series or fund is one item: fetched, validated, then written in one
 * transaction with its provenance (sourceKind "url", the URL without any key, the sha256 of
 * the body). An item that fails leaves its stored rows exactly as they were and does not
 * stop the others. Details and failure modes: docs/live-data.md.
 */

export { UPDATE_ONLY } from "./update/types.ts";
export type { ConstituentsProgress, UpdateEvent, UpdateItem, UpdateOnly, UpdateOptions, UpdateReport, UpdateSource } from "./update/types.ts";
export { StoredConflict } from "./update/context.ts";
export { yahooSymbol } from "./update/constituents.ts";
export { readState, type ConstituentState } from "./update/resume-state.ts";

/**
 * Latest date of any stored price or observation (what "keeping the data stored up to" names).
 * Updates write only the user's store, which never holds synthetic demo rows.
 */
export async function storedUpTo(store: Store): Promise<string | null> {
  return latestStoredDate(store);
}

export class Updater {
  readonly config: R2kConfig;
  readonly http: HttpClient;
  readonly store: Store;
  readonly opts: UpdateOptions;
  private readonly ctx: UpdateContext;
  private readonly now: () => Date;
  private readonly apiKey: string | undefined;

  constructor(store: Store, opts: UpdateOptions = {}) {
    this.ctx = new UpdateContext(store, opts);
    this.store = store;
    this.opts = opts;
    this.config = this.ctx.config;
    this.http = this.ctx.http;
    this.now = this.ctx.now;
    this.apiKey = this.ctx.apiKey;
  }

  private alone<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    return this.ctx.alone(fn);
  }

  private tempDir(): string {
    return this.ctx.tempDir();
  }

  private emit(e: UpdateEvent): void {
    this.ctx.emit(e);
  }

  private failed(source: UpdateSource, id: string, err: unknown, url: string | null = null): UpdateItem {
    return this.ctx.failed(source, id, err, url);
  }

  // ---------------------------------------------------------------- prices

  /** One symbol: incremental fetch with overlap; re-fetches the whole history when a split or dividend re-based it. */
  async updateSymbol(symbol: string, source: UpdateSource = "prices"): Promise<UpdateItem> {
    return prices.updateSymbol(this.ctx, symbol, source);
  }

  // ---------------------------------------------------------------- FRED

  async updateFred(id: string): Promise<UpdateItem> {
    return fred.updateFred(this.ctx, id);
  }

  // ---------------------------------------------------------------- holdings

  async updateFund(fund: R2kConfig["funds"][number]): Promise<UpdateItem> {
    return holdings.updateFund(this.ctx, fund);
  }

  // ---------------------------------------------------------------- constituents

  statePath(): string {
    return resumeStatePath(this.store, this.opts.statePath);
  }

  /** Daily histories of every stored constituent of the configured fund, resumable (see ConstituentState). */
  async updateConstituents(items: UpdateItem[]): Promise<ConstituentsProgress> {
    return constituents.updateConstituents(this.ctx, items);
  }

  // ---------------------------------------------------------------- run

  async run(): Promise<UpdateReport> {
    const items: UpdateItem[] = [];
    const only = this.opts.only;
    const extra = (this.opts.symbols ?? []).map((s) => s.trim().toUpperCase());
    for (const s of extra) {
      if (!YAHOO_SYMBOL.test(s)) throw new FetchError("invalid", `${JSON.stringify(s)} is not a symbol (letters, digits, ^ . - =)`);
    }
    const symbols = [...new Set([...(!only || only === "prices" ? this.config.symbols : []), ...extra])];
    const series = !only || only === "fred" ? [...new Set(this.config.fred)] : [];
    const funds = !only || only === "holdings" ? this.config.funds : [];
    const record = (item: UpdateItem) => {
      if (item.errorKind === "aborted") return;
      items.push(item);
      this.emit({ type: "item", item });
    };
    if (symbols.length) this.emit({ type: "plan", source: "prices", total: symbols.length });
    if (series.length) this.emit({ type: "plan", source: "fred", total: series.length });
    if (funds.length) this.emit({ type: "plan", source: "holdings", total: funds.length });
    const signal = this.opts.signal;
    let constituents: ConstituentsProgress | null = null;
    try {
      // Different hosts: the three sources run side by side, each under its own host limit.
      await Promise.all([
        pool(symbols, this.config.sources.yahoo.concurrency, signal, async (s) => record(await this.updateSymbol(s))),
        pool(series, this.config.sources.fred.concurrency, signal, async (id) => record(await this.updateFred(id))),
        pool(funds, 1, signal, async (f) => record(await this.updateFund(f))),
      ]);
      if (this.opts.constituents && !signal?.aborted) constituents = await this.updateConstituents(items);
    } finally {
      this.ctx.removeTempDir();
    }
    const failed = items.filter((i) => i.status === "failed");
    return {
      items,
      offline: items.length > 0 && failed.length === items.length && failed.every((i) => i.errorKind === "offline"),
      storedUpTo: await storedUpTo(this.store),
      interrupted: Boolean(signal?.aborted),
      constituents,
      usedFredApi: Boolean(this.apiKey) && series.length > 0,
    };
  }
}

/** Runs one update over `store` (see Updater and docs/live-data.md). */
export async function runUpdate(store: Store, opts: UpdateOptions = {}): Promise<UpdateReport> {
  return new Updater(store, opts).run();
}

/** The one line an offline run prints (the CLI and `npm start` use it). */
export function offlineMessage(storedUpToDate: string | null): string {
  if (storedUpToDate) return `no network: keeping the data stored up to ${storedUpToDate}`;
  return "no network: nothing is stored yet (`r2k demo` generates the synthetic demo market, in a file of its own)";
}

/**
 * A cheap reachability probe: true as soon as any configured source host answers at all
 * (any HTTP status), false when none does within `timeoutMs` (DNS failure, refused, no route).
 */
export async function isOnline(opts: { config?: R2kConfig; timeoutMs?: number; fetch?: typeof fetch } = {}): Promise<boolean> {
  const config = opts.config ?? defaultConfig();
  const doFetch = opts.fetch ?? globalThis.fetch;
  const origins = [
    ...new Set([config.sources.yahoo.baseUrl, config.sources.fred.csvBaseUrl, config.sources.ishares.baseUrl].map((u) => new URL(u).origin)),
  ];
  const timeoutMs = opts.timeoutMs ?? 3000;
  try {
    return await Promise.any(
      origins.map(async (origin) => {
        const res = await doFetch(`${origin}/`, { method: "HEAD", signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
        await res.body?.cancel().catch(() => undefined);
        return true;
      }),
    );
  } catch {
    return false;
  }
}

/** "6h", "30m", "90s", "1d", "500ms" -> milliseconds (for `r2k serve --refresh`). */
export function parseInterval(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/i.exec(text);
  if (!m) throw new Error(`not an interval: ${JSON.stringify(text)} (use e.g. 30m, 6h, 1d)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2].toLowerCase() as "ms" | "s" | "m" | "h" | "d"];
  const ms = Math.round(Number(m[1]) * unit);
  if (ms < 1000) throw new Error(`refresh interval ${text} is too short (at least 1s)`);
  return ms;
}

export interface RefreshLoop {
  /** Stops the timer, interrupts a run in progress and waits for it to end. */
  stop(): Promise<void>;
  /** Runs an update now unless one is running (then returns that one). */
  runNow(): Promise<UpdateReport | null>;
  readonly lastReport: UpdateReport | null;
}

/**
 * Keeps a store current in the background (`r2k serve --refresh 6h`): an update at start
 * (unless `runAtStart` is false), then one `intervalMs` after the previous one finished, so
 * runs never overlap. `target` is an open Store (the server's own: writes go through its
 * transactions) or a store path, opened for each run and closed after it. The timer does not
 * keep the process alive. Reports go to `onReport`, unexpected errors to `onError`; nothing throws.
 */
export function startRefreshLoop(
  target: Store | string,
  intervalMs: number,
  opts: Omit<UpdateOptions, "signal"> & {
    runAtStart?: boolean;
    onReport?: (r: UpdateReport) => void;
    onError?: (err: unknown) => void;
  } = {},
): RefreshLoop {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<UpdateReport | null> | null = null;
  let lastReport: UpdateReport | null = null;
  let stopped = false;

  const once = async (): Promise<UpdateReport | null> => {
    const store = typeof target === "string" ? await Store.open(target) : target;
    try {
      const report = await runUpdate(store, { ...opts, signal: controller.signal });
      lastReport = report;
      opts.onReport?.(report);
      return report;
    } finally {
      if (typeof target === "string") store.close();
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void runNow(), intervalMs);
    timer.unref();
  };
  const runNow = (): Promise<UpdateReport | null> => {
    if (running) return running;
    if (stopped) return Promise.resolve(null);
    if (timer) clearTimeout(timer);
    running = once()
      .catch((err: unknown) => {
        opts.onError?.(err);
        return null;
      })
      .finally(() => {
        running = null;
        schedule();
      });
    return running;
  };
  if (opts.runAtStart === false) schedule();
  else void runNow();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      controller.abort();
      await running;
    },
    runNow,
    get lastReport() {
      return lastReport;
    },
  };
}
