/**
 * Generating the synthetic demo market (src/sources/demo) into its demo store: a file of its own
 * beside the user's store (`demoStorePath`), never the user's store itself; the store refuses demo
 * rows anywhere else. Everything is written in one transaction: a failure leaves the demo store as
 * it was. Into an empty demo store (the first run, what `npm start` does) bars and observations go
 * straight into their tables as columns with nothing to compare; into a filled one every row goes
 * through the stage and the merge, which compares it with what is stored.
 *
 * Rules:
 * - The same seed again changes nothing (every row compares unchanged); a later end date only
 *   adds days and new snapshots, because the generator is prefix-stable.
 * - A different seed or generator version replaces all earlier demo rows first, so two demo
 *   markets are never mixed.
 * - Removing the demo market is deleting its file (`removeDemoStore`).
 */
import { barFrameOf, seriesFrameOf, type SeriesMeta } from "../model/index.ts";
import { DEMO_SOURCE, DEMO_UNIVERSE, generateDemoMarket, type DemoMarket } from "../sources/demo/index.ts";
import {
  appendBarFrames,
  appendedResult,
  appendSeriesFrames,
  commitStaged,
  deleteDemoRows,
  deleteStoreFile,
  importRefsOfFormat,
  stageBars,
  stageHoldings,
  stageObservations,
  stageSecurities,
  tablesEmpty,
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

export interface LoadDemoResult {
  seed: number;
  endDate: string;
  version: number;
  sha256: string;
  sourceRef: string;
  /** Rows handed to the merge, per kind. */
  staged: DemoCounts;
  outcome: ImportOutcome;
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

export interface RemoveDemoResult {
  path: string;
  /** False when there was no demo store to remove. */
  removed: boolean;
}

/** Deletes the demo store file (after checking that it is one: a user store is never deleted). */
export async function removeDemoStore(path: string): Promise<RemoveDemoResult> {
  return { path, removed: await deleteStoreFile(path, "demo") };
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

/** The tables a demo market writes rows into (series metadata is replaced, not merged). */
const DEMO_TABLES = ["bars", "observations", "holdings", "fund_other_rows", "securities"] as const;

/** Generates the demo market into `store`, which must be a demo store (StoreError otherwise). */
export async function loadDemo(store: Store, opts: LoadDemoOptions): Promise<LoadDemoResult> {
  store.assertWritable(DEMO_SOURCE); // before the generation's seconds of work
  const progress = opts.onProgress ?? (() => {});
  progress({ phase: "generate", message: "generating the synthetic market" });
  const market: DemoMarket = generateDemoMarket({ seed: opts.seed, endDate: opts.endDate });
  const sourceRef = market.sourceRef;

  return store.transaction(async () => {
    progress({ phase: "check", message: "checking for an earlier demo market" });
    const mine = lineage(sourceRef);
    const replaced = (await importRefsOfFormat(store, "demo")).filter((r) => lineage(r) !== mine);
    const removedBeforeLoad = replaced.length > 0 ? (await deleteDemoRows(store)).total : 0;

    const staged: DemoCounts = {
      indexBars: 0, etfBars: 0, stockBars: 0, observations: 0, holdings: 0, fundOther: 0, securities: 0, series: 0,
    };
    const priced = [...market.indices, ...market.etfs];
    const metas: SeriesMeta[] = [...priced.map((s) => s.meta), ...market.macro.map((m) => m.meta), ...market.stocks.metas];
    for (const s of priced) {
      if (s.meta.kind === "index") staged.indexBars += s.bars.length;
      else staged.etfBars += s.bars.length;
    }
    staged.observations = market.macro.reduce((n, m) => n + m.observations.length, 0);
    for (const h of market.holdings) {
      if (h.assetClass === "equity") staged.holdings++;
      else staged.fundOther++;
    }
    staged.securities = market.universe.length;
    staged.stockBars = market.stocks.metas.length * market.stocks.daysPerStock;
    staged.series = metas.length;

    const stages: StageName[] = ["bars", "observations", "holdings", "fundOther", "securities"];
    const source = { sourceKind: "demo" as const, sourceRef, format: "demo", sha256: market.sha256 };
    let line = 0;
    const lines = (n: number) => Array.from({ length: n }, () => ++line);
    let outcome: ImportOutcome;
    if (await tablesEmpty(store, DEMO_TABLES)) {
      // Nothing stored (the first run, or another market just removed): every row is new, so bars
      // and observations go into their tables as columns, and nothing is compared.
      await stageHoldings(store, market.holdings, lines(market.holdings.length));
      await stageSecurities(store, DEMO_UNIVERSE, market.endDate, market.universe, lines(market.universe.length));
      const write = { source: DEMO_SOURCE };
      outcome = await commitStaged(store, source, stages, {
        dataSource: DEMO_SOURCE,
        replace: true,
        skipped: 0,
        series: metas,
        fresh: true,
        written: async (importId) => {
          progress({ phase: "stage", message: "writing indices, ETFs and macro series" });
          // The indices, ETFs and macro series (about 100,000 rows) are generated as model objects,
          // which the demo's tests check; the 2.5 million stock bars come as columns already.
          await appendBarFrames(store, priced.map((s) => barFrameOf(s.meta.id, s.bars, [DEMO_SOURCE])), { ...write, importId });
          await appendSeriesFrames(store, market.macro.map((m) => seriesFrameOf(m.meta.id, m.observations)), { ...write, importId });
          const total = market.stocks.metas.length;
          let done = 0;
          function* stockFrames() {
            for (const f of market.stocks.frames()) {
              yield f;
              if (++done % 50 === 0 || done === total) progress({ phase: "stage", message: "writing stock bars", done, total });
            }
          }
          await appendBarFrames(store, stockFrames(), { ...write, importId });
          progress({ phase: "merge", message: "storing holdings, the universe and series" });
          return {
            bars: await appendedResult(store, "bars", importId),
            observations: await appendedResult(store, "observations", importId),
          };
        },
      });
    } else {
      progress({ phase: "stage", message: "staging indices, ETFs and macro series" });
      const headBars = priced.flatMap((s) => s.bars);
      if (headBars.length) await stageBars(store, headBars, lines(headBars.length));
      const obs = market.macro.flatMap((m) => m.observations);
      if (obs.length) await stageObservations(store, obs, lines(obs.length));
      await stageHoldings(store, market.holdings, lines(market.holdings.length));
      await stageSecurities(store, DEMO_UNIVERSE, market.endDate, market.universe, lines(market.universe.length));
      const total = market.stocks.metas.length;
      let done = 0;
      for (const batch of market.stocks.batches(opts.batchSymbols ?? 250)) {
        await stageBars(store, batch, lines(batch.length));
        done += new Set(batch.map((b) => b.symbol)).size;
        progress({ phase: "stage", message: "staging stock bars", done, total });
      }
      progress({ phase: "merge", message: "merging into the demo store" });
      outcome = await commitStaged(store, source, stages, { dataSource: DEMO_SOURCE, replace: true, skipped: 0, series: metas });
    }
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
          market.macro
            .filter((m) => m.observations.length)
            .map((m) => ({ first: m.observations[0].date, last: m.observations[m.observations.length - 1].date })),
        ),
      },
    };
  });
}
