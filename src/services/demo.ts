/**
 * Loading and clearing the synthetic demo market (src/sources/demo). Everything is written
 * through the staging API in one transaction: a failure leaves the store as it was.
 *
 * Rules:
 * - Real data wins: a symbol, macro series, fund or universe that already has rows from any
 *   other source is skipped (and reported); nothing real is ever overwritten or deleted.
 *   When the IWM holdings are skipped, so are the demo stock bars (they would be orphans).
 * - The same seed again changes nothing (every row compares unchanged); a later end date only
 *   adds days and new snapshots, because the generator is prefix-stable.
 * - A different seed or generator version replaces all earlier demo rows first, so two demo
 *   markets are never mixed.
 */
import type { SeriesMeta } from "../model/index.ts";
import {
  DEMO_SOURCE,
  DEMO_UNIVERSE,
  generateDemoMarket,
  type DemoMarket,
} from "../sources/demo/index.ts";
import {
  commitStaged,
  stageBars,
  stageHoldings,
  stageObservations,
  stageSecurities,
  type ImportOutcome,
  type StageName,
  type Store,
} from "../store/index.ts";

export interface DemoProgress {
  phase: "generate" | "check" | "stage" | "merge" | "done";
  message: string;
  done?: number;
  total?: number;
}

export interface LoadDemoOptions {
  seed?: number;
  /** Last day of data, YYYY-MM-DD (the CLI passes today's date). */
  endDate: string;
  onProgress?: (p: DemoProgress) => void;
  /** Stocks per staging batch (memory vs. call overhead). */
  batchSymbols?: number;
}

export interface DemoCounts {
  indexBars: number;
  etfBars: number;
  stockBars: number;
  observations: number;
  holdings: number;
  fundOther: number;
  securities: number;
  series: number;
}

export interface SkippedDemo {
  /** Bar symbols with real data (indices, ETFs, stocks). */
  symbols: string[];
  /** Macro series with real data. */
  series: string[];
  funds: string[];
  universes: string[];
  /** Why the stock bars were left out, when they were. */
  stocksReason: string | null;
}

export interface LoadDemoResult {
  seed: number;
  endDate: string;
  version: number;
  sha256: string;
  sourceRef: string;
  /** Rows handed to the merge, per kind. */
  staged: DemoCounts;
  outcome: ImportOutcome;
  skipped: SkippedDemo;
  /** Earlier demo data from another seed/version that was removed first (its source refs). */
  replaced: string[];
  removedBeforeLoad: number;
  ranges: {
    indices: { first: string; last: string } | null;
    etfs: { first: string; last: string } | null;
    stocks: { first: string; last: string } | null;
    macro: { first: string; last: string } | null;
  };
}

export interface ClearDemoResult {
  bars: number;
  observations: number;
  holdings: number;
  fundOther: number;
  securities: number;
  series: number;
  total: number;
}

const DEMO_TABLES = [
  ["bars", "bars"],
  ["observations", "observations"],
  ["holdings", "holdings"],
  ["fundOther", "fund_other_rows"],
  ["securities", "securities"],
  ["series", "series"],
] as const;

async function count(store: Store, sql: string): Promise<number> {
  return Number(await store.scalar(sql));
}

/** Deletes every demo row; must run inside a transaction. */
async function deleteDemoRows(store: Store): Promise<ClearDemoResult> {
  const out: ClearDemoResult = { bars: 0, observations: 0, holdings: 0, fundOther: 0, securities: 0, series: 0, total: 0 };
  for (const [key, table] of DEMO_TABLES) {
    const n = await count(store, `select count(*) from ${table} where source = '${DEMO_SOURCE}'`);
    if (n > 0) await store.run(`delete from ${table} where source = '${DEMO_SOURCE}'`);
    out[key] = n;
    out.total += n;
  }
  return out;
}

/** Removes all demo rows (bars, observations, holdings, other fund rows, securities, series). */
export async function clearDemo(store: Store): Promise<ClearDemoResult> {
  return store.transaction(() => deleteDemoRows(store));
}

const sqlText = (v: string | null) => (v === null ? "null" : `'${v.replace(/'/g, "''")}'`);

/**
 * Series metadata in one statement (the per-row upsertSeries costs a prepared statement per
 * series, seconds for the ~2,000 demo stocks). Must run inside the load's transaction.
 */
async function upsertSeriesBulk(store: Store, metas: readonly SeriesMeta[]): Promise<void> {
  for (let k = 0; k < metas.length; k += 1000) {
    const values = metas
      .slice(k, k + 1000)
      .map((m) => `(${[m.id, m.kind, m.name, m.currency, m.frequency, m.source].map(sqlText).join(", ")})`)
      .join(",\n");
    await store.run(`insert or replace into series (id, kind, name, currency, frequency, source) values ${values}`);
  }
}

async function distinct(store: Store, sql: string): Promise<Set<string>> {
  const rows = await store.rows<{ v: string }>(sql);
  return new Set(rows.map((r) => String(r.v)));
}

/** Source refs of the generator imports (format 'demo') whose rows are stored now. */
async function storedDemoRefs(store: Store): Promise<string[]> {
  const rows = await store.rows<{ ref: string }>(
    `select distinct source_ref as ref from imports where format = 'demo' and id in (
       select distinct import_id from bars where source = '${DEMO_SOURCE}'
       union select distinct import_id from observations where source = '${DEMO_SOURCE}'
       union select distinct import_id from holdings where source = '${DEMO_SOURCE}'
       union select distinct import_id from fund_other_rows where source = '${DEMO_SOURCE}'
       union select distinct import_id from securities where source = '${DEMO_SOURCE}')
     order by 1`,
  );
  return rows.map((r) => r.ref);
}

/** "demo:seed=42;end=...;v=1" -> "seed=42;v=1" (what must match for two loads to mix). */
function lineage(ref: string): string {
  const seed = /seed=(\d+)/.exec(ref)?.[1] ?? "?";
  const v = /[;:]v=(\d+)/.exec(ref)?.[1] ?? "?";
  return `seed=${seed};v=${v}`;
}

function range(list: { first: string; last: string }[]): { first: string; last: string } | null {
  if (list.length === 0) return null;
  let first = list[0].first;
  let last = list[0].last;
  for (const r of list) {
    if (r.first < first) first = r.first;
    if (r.last > last) last = r.last;
  }
  return { first, last };
}

export async function loadDemo(store: Store, opts: LoadDemoOptions): Promise<LoadDemoResult> {
  const progress = opts.onProgress ?? (() => {});
  progress({ phase: "generate", message: "generating the synthetic market" });
  const market: DemoMarket = generateDemoMarket({ seed: opts.seed, endDate: opts.endDate });
  const sourceRef = market.sourceRef;

  return store.transaction(async () => {
    progress({ phase: "check", message: "checking for real data and earlier demo data" });
    const refs = await storedDemoRefs(store);
    const mine = lineage(sourceRef);
    const replaced = refs.filter((r) => lineage(r) !== mine);
    const removedBeforeLoad = replaced.length > 0 ? (await deleteDemoRows(store)).total : 0;

    const realSymbols = await distinct(
      store,
      `select distinct symbol as v from bars where source <> '${DEMO_SOURCE}'
       union select id from series where source <> '${DEMO_SOURCE}' and kind <> 'macro'`,
    );
    const realSeries = await distinct(
      store,
      `select distinct series_id as v from observations where source <> '${DEMO_SOURCE}'
       union select id from series where source <> '${DEMO_SOURCE}' and kind = 'macro'`,
    );
    const realFunds = await distinct(
      store,
      `select distinct fund as v from holdings where source <> '${DEMO_SOURCE}'
       union select distinct fund from fund_other_rows where source <> '${DEMO_SOURCE}'`,
    );
    const realUniverses = await distinct(store, `select distinct universe as v from securities where source <> '${DEMO_SOURCE}'`);

    const skipped: SkippedDemo = { symbols: [], series: [], funds: [], universes: [], stocksReason: null };
    const staged: DemoCounts = {
      indexBars: 0, etfBars: 0, stockBars: 0, observations: 0, holdings: 0, fundOther: 0, securities: 0, series: 0,
    };
    const metas: SeriesMeta[] = [];
    let line = 0;
    const lines = (n: number) => Array.from({ length: n }, () => ++line);

    progress({ phase: "stage", message: "staging indices, ETFs and macro series" });
    const priced = [...market.indices, ...market.etfs].filter((s) => {
      if (realSymbols.has(s.meta.id)) skipped.symbols.push(s.meta.id);
      return !realSymbols.has(s.meta.id);
    });
    const headBars = priced.flatMap((s) => s.bars);
    if (headBars.length) await stageBars(store, headBars, lines(headBars.length));
    for (const s of priced) {
      metas.push(s.meta);
      if (s.meta.kind === "index") staged.indexBars += s.bars.length;
      else staged.etfBars += s.bars.length;
    }

    const macro = market.macro.filter((m) => {
      if (realSeries.has(m.meta.id)) skipped.series.push(m.meta.id);
      return !realSeries.has(m.meta.id);
    });
    const obs = macro.flatMap((m) => m.observations);
    if (obs.length) await stageObservations(store, obs, lines(obs.length));
    staged.observations = obs.length;
    for (const m of macro) metas.push(m.meta);

    const funds = [...new Set(market.holdings.map((h) => h.fund))];
    for (const fund of funds) {
      if (realFunds.has(fund)) {
        skipped.funds.push(fund);
        continue;
      }
      const rows = market.holdings.filter((h) => h.fund === fund);
      await stageHoldings(store, rows, lines(rows.length));
      for (const h of rows) {
        if (h.assetClass === "equity") staged.holdings++;
        else staged.fundOther++;
      }
    }

    if (realUniverses.has(DEMO_UNIVERSE)) skipped.universes.push(DEMO_UNIVERSE);
    else {
      await stageSecurities(store, DEMO_UNIVERSE, market.endDate, market.universe, lines(market.universe.length));
      staged.securities = market.universe.length;
    }

    if (skipped.funds.includes("IWM")) {
      skipped.stocksReason = "IWM holdings are real data, so the demo constituents' bars were left out";
    } else if (market.stocks.metas.length > 0) {
      const stockMetas = new Map(market.stocks.metas.map((m) => [m.id, m]));
      const total = market.stocks.metas.length;
      let done = 0;
      for (const batch of market.stocks.batches(opts.batchSymbols ?? 250)) {
        const keep = batch.filter((b) => !realSymbols.has(b.symbol));
        if (keep.length) await stageBars(store, keep, lines(keep.length));
        staged.stockBars += keep.length;
        done += new Set(batch.map((b) => b.symbol)).size;
        progress({ phase: "stage", message: "staging stock bars", done, total });
      }
      for (const [id, meta] of stockMetas) {
        if (realSymbols.has(id)) skipped.symbols.push(id);
        else metas.push(meta);
      }
    }
    staged.series = metas.length;

    progress({ phase: "merge", message: "merging into the store" });
    const stages: StageName[] = ["bars", "observations", "holdings", "fundOther", "securities"];
    const outcome = await commitStaged(
      store,
      { sourceKind: "demo", sourceRef, format: "demo", sha256: market.sha256 },
      stages,
      { dataSource: DEMO_SOURCE, replace: true, skipped: 0 },
    );
    await upsertSeriesBulk(store, metas);
    progress({ phase: "done", message: "done" });

    const dateRange = (list: { bars: { date: string }[] }[]) =>
      range(list.filter((s) => s.bars.length).map((s) => ({ first: s.bars[0].date, last: s.bars[s.bars.length - 1].date })));
    return {
      seed: market.seed,
      endDate: market.endDate,
      version: market.version,
      sha256: market.sha256,
      sourceRef,
      staged,
      outcome,
      skipped,
      replaced,
      removedBeforeLoad,
      ranges: {
        indices: dateRange(priced.filter((s) => s.meta.kind === "index")),
        etfs: dateRange(priced.filter((s) => s.meta.kind === "etf")),
        stocks:
          staged.stockBars > 0 && market.stocks.firstDate && market.stocks.lastDate
            ? { first: market.stocks.firstDate, last: market.stocks.lastDate }
            : null,
        macro: range(
          macro
            .filter((m) => m.observations.length)
            .map((m) => ({ first: m.observations[0].date, last: m.observations[m.observations.length - 1].date })),
        ),
      },
    };
  });
}
