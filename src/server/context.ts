/**
 * What every route shares: the open store (one DuckDB connection: every read goes through its
 * queue, `Store.exclusive`), the store version, the loaded inputs and the computed responses cached per
 * version. DuckDB locks the file, so while the server runs only this process can write it
 * (the --refresh update runs in here too and calls `invalidate`).
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { ConstituentsInput, SnapshotInputs } from "../core/analytics/index.ts";
import { DEFAULT_FUND_ROLES, type FundRoles } from "../services/funds.ts";
import { DEFAULT_BENCHMARK, defaultCompared, loadConstituents, loadSnapshotInputs, priceSeries, storeVersion } from "../services/analytics.ts";
import { listHoldingSnapshots, listImports, listSeries, type ImportRow, type StoredSeries, type Store } from "../store/index.ts";

/** A serialized JSON response: bytes, gzip (for larger bodies) and its ETag. */
export interface CachedBody {
  json: Buffer;
  gzip: Buffer | null;
  etag: string;
}

export interface Catalog {
  version: string;
  series: StoredSeries[];
  bySymbol: Map<string, StoredSeries>;
  holdings: { fund: string; asOf: string; constituents: number; source: string }[];
  lastImport: ImportRow | null;
  /** Any demo rows among what is stored. */
  demo: boolean;
  /** The default comparison: ^RUT, ^GSPC, ^IXIC when stored, else the first price series. */
  defaultSymbols: string[];
  defaultBenchmark: string | null;
}

const GZIP_MIN_BYTES = 1024;
const MAX_CACHED_BODIES = 256;

export function serializeBody(value: unknown, version: string): CachedBody {
  const json = Buffer.from(JSON.stringify(value));
  const hash = createHash("sha1").update(json).digest("base64url").slice(0, 16);
  return { json, gzip: json.length >= GZIP_MIN_BYTES ? gzipSync(json, { level: 6 }) : null, etag: `"${version}-${hash}"` };
}


/** The server's own updates, for /api/health and the dashboard (set by the command that serves). */
export interface UpdateStatus {
  /** The latest update's outcome in words and as figures (any process's: read from beside the store). */
  last: { text: string; finishedAt: string; items: number; updated: number; failed: number; firstFailure: string | null } | null;
  /** How the server updates: "daily at 18:05 on weekdays, America/New_York", "every 6h", or null when it does not. */
  plan: string | null;
  /** The next run, ISO instant, or null. */
  next: string | null;
}

export class ServerContext {
  /** Null until the serving command says how this server updates its store. */
  updates: UpdateStatus | null = null;
  private catalogP: Promise<Catalog> | null = null;
  private inputsP: Promise<SnapshotInputs> | null = null;
  private readonly constituentsP = new Map<string, Promise<ConstituentsInput>>();
  private readonly bodies = new Map<string, Promise<CachedBody>>();
  readonly startedAt = Date.now();

  /** The clock staleness is judged by (injected in tests). */
  constructor(
    private current: Store,
    readonly now: () => Date = () => new Date(),
    /** The small- and large-cap funds of the configuration. */
    readonly funds: FundRoles = DEFAULT_FUND_ROLES,
  ) {}

  /** The store the server reads. */
  get store(): Store {
    return this.current;
  }

  /** Serves another store from now on (the user's own, once it holds data), forgetting what was derived from the last one. */
  replaceStore(next: Store): void {
    this.current = next;
    this.invalidate();
  }

  /** Runs `fn` with exclusive use of the store (the store's own queue, shared with a background update). */
  exclusive<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    return this.store.exclusive(() => fn(this.store));
  }

  /** Forget everything derived from the store (after a write). */
  invalidate(): void {
    this.catalogP = null;
    this.inputsP = null;
    this.constituentsP.clear();
    this.bodies.clear();
  }

  catalog(): Promise<Catalog> {
    if (!this.catalogP) {
      const p = this.exclusive(async (store) => {
        const version = await storeVersion(store);
        const series = await listSeries(store);
        const holdings = await listHoldingSnapshots(store);
        const lastImport = (await listImports(store, 1))[0] ?? null;
        const prices = priceSeries(series).map((s) => s.id);
        const defaultSymbols = defaultCompared(series);
        const defaultBenchmark = prices.includes(DEFAULT_BENCHMARK) ? DEFAULT_BENCHMARK : (defaultSymbols.find((s) => s !== defaultSymbols[0]) ?? null);
        return {
          version,
          series,
          bySymbol: new Map(series.map((s) => [s.id, s])),
          holdings,
          lastImport,
          demo: series.some((s) => s.sources.includes("demo")) || holdings.some((h) => h.source === "demo"),
          defaultSymbols,
          defaultBenchmark,
        };
      });
      this.catalogP = p;
      p.catch(() => {
        if (this.catalogP === p) this.catalogP = null;
      });
    }
    return this.catalogP;
  }

  /** Index and ETF histories, macro series, holdings and fundamentals (latest snapshots), loaded once per version. */
  inputs(): Promise<SnapshotInputs> {
    if (!this.inputsP) {
      const p = this.exclusive((store) => loadSnapshotInputs(store, { tickerMap: this.funds.tickerMap }));
      this.inputsP = p;
      p.catch(() => {
        if (this.inputsP === p) this.inputsP = null;
      });
    }
    return this.inputsP;
  }

  /** Constituent closes of a fund up to `to` (heavy: loaded on demand, a few windows cached). */
  constituents(fund: string, to: string | undefined): Promise<ConstituentsInput> {
    const key = `${fund}|${to ?? ""}`;
    let p = this.constituentsP.get(key);
    if (!p) {
      if (this.constituentsP.size >= 4) this.constituentsP.delete(this.constituentsP.keys().next().value as string);
      p = this.exclusive((store) => loadConstituents(store, fund, { to }));
      this.constituentsP.set(key, p);
      p.catch(() => this.constituentsP.delete(key));
    }
    return p;
  }

  /**
   * A computed response for `key` at the current store version: computed once, then served
   * from memory (bounded, least recently used first out). Failed computations are not kept.
   */
  async cached(key: string, compute: (catalog: Catalog) => Promise<unknown>): Promise<CachedBody> {
    const catalog = await this.catalog();
    const k = `${catalog.version}|${key}`;
    const hit = this.bodies.get(k);
    if (hit) {
      this.bodies.delete(k);
      this.bodies.set(k, hit);
      return hit;
    }
    const p = compute(catalog).then((value) => serializeBody(value, catalog.version));
    this.bodies.set(k, p);
    p.catch(() => this.bodies.delete(k));
    while (this.bodies.size > MAX_CACHED_BODIES) this.bodies.delete(this.bodies.keys().next().value as string);
    return p;
  }
}
