import type { R2kConfig } from "../../config/index.ts";
import { FetchError } from "../../sources/live/errors.ts";
import type { HttpClient } from "../../sources/live/http.ts";
import type { Store } from "../../store/index.ts";
import * as constituents from "./constituents.ts";
import { pool, UpdateContext } from "./context.ts";
import * as fred from "./fred.ts";
import { updateFundamentals } from "./fundamentals.ts";
import * as holdings from "./holdings.ts";
import { storedUpTo } from "./offline.ts";
import * as prices from "./prices.ts";
import { resumeStatePath } from "./resume-state.ts";
import type { ConstituentsProgress, UpdateItem, UpdateOptions, UpdateReport, UpdateSource } from "./types.ts";

/** What one run covers: the configured items of the sources asked for, plus `--symbol`s. */
interface Plan {
  symbols: string[];
  series: string[];
  funds: R2kConfig["funds"];
}

/**
 * One `r2k update` run: plans the items, runs the three sources side by side (then the
 * constituents when asked), and sums up. Each source's update is in a file of its own.
 */
export class Updater {
  readonly config: R2kConfig;
  readonly http: HttpClient;
  private readonly ctx: UpdateContext;

  constructor(
    readonly store: Store,
    readonly opts: UpdateOptions = {},
  ) {
    this.ctx = new UpdateContext(store, opts);
    this.config = this.ctx.config;
    this.http = this.ctx.http;
  }

  /** One symbol: incremental fetch with overlap; re-fetches the whole history when a split or dividend re-based it. */
  async updateSymbol(symbol: string, source: UpdateSource = "prices"): Promise<UpdateItem> {
    return prices.updateSymbol(this.ctx, symbol, source);
  }

  async updateFred(id: string): Promise<UpdateItem> {
    return fred.updateFred(this.ctx, id);
  }

  async updateFund(fund: R2kConfig["funds"][number]): Promise<UpdateItem> {
    return holdings.updateFund(this.ctx, fund);
  }

  statePath(): string {
    return resumeStatePath(this.store, this.opts.statePath);
  }

  /** Daily histories of every stored constituent of the configured fund, resumable (see ConstituentState). */
  async updateConstituents(items: UpdateItem[]): Promise<ConstituentsProgress> {
    return constituents.updateConstituents(this.ctx, items);
  }

  async run(): Promise<UpdateReport> {
    const items: UpdateItem[] = [];
    const { symbols, series, funds } = this.plan();
    const record = (item: UpdateItem) => {
      // An interrupted item is not a result: the run reports itself as interrupted instead.
      if (item.errorKind === "aborted") return;
      items.push(item);
      this.ctx.emit({ type: "item", item });
    };
    if (symbols.length) this.ctx.emit({ type: "plan", source: "prices", total: symbols.length });
    if (series.length) this.ctx.emit({ type: "plan", source: "fred", total: series.length });
    if (funds.length) this.ctx.emit({ type: "plan", source: "holdings", total: funds.length });
    const signal = this.opts.signal;
    let progress: ConstituentsProgress | null = null;
    try {
      // Different hosts: the three sources run side by side, each under its own host limit.
      await Promise.all([
        pool(symbols, this.config.sources.yahoo.concurrency, signal, async (s) => record(await this.updateSymbol(s))),
        pool(series, this.config.sources.fred.concurrency, signal, async (id) => record(await this.updateFred(id))),
        pool(funds, 1, signal, async (f) => record(await this.updateFund(f))),
      ]);
      // Fundamentals after the holdings: the companies asked for are those of the latest holdings.
      const only = this.opts.only;
      if ((only === "fundamentals" || (!only && this.config.sources.sec.userAgent)) && !signal?.aborted) await updateFundamentals(this.ctx, record);
      if (this.opts.constituents && !signal?.aborted) progress = await this.updateConstituents(items);
    } finally {
      this.ctx.removeTempDir();
    }
    const failed = items.filter((i) => i.status === "failed");
    return {
      items,
      offline: items.length > 0 && failed.length === items.length && failed.every((i) => i.errorKind === "offline"),
      storedUpTo: await storedUpTo(this.store),
      interrupted: Boolean(signal?.aborted),
      constituents: progress,
      usedFredApi: Boolean(this.ctx.apiKey) && series.length > 0,
    };
  }

  private plan(): Plan {
    const only = this.opts.only;
    const extra = (this.opts.symbols ?? []).map((s) => s.trim().toUpperCase());
    for (const s of extra) {
      if (!prices.YAHOO_SYMBOL.test(s)) throw new FetchError("invalid", `${JSON.stringify(s)} is not a symbol (letters, digits, ^ . - =)`);
    }
    return {
      symbols: [...new Set([...(!only || only === "prices" ? this.config.symbols : []), ...extra])],
      series: !only || only === "fred" ? [...new Set(this.config.fred)] : [],
      funds: !only || only === "holdings" ? this.config.funds : [],
    };
  }
}

/** Runs one update over `store` (see Updater and docs/live-data.md). */
export async function runUpdate(store: Store, opts: UpdateOptions = {}): Promise<UpdateReport> {
  return new Updater(store, opts).run();
}
