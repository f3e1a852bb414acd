/**
 * The real historical files (test/helpers/real-data.ts: prices, FRED, iShares holdings) as the analytics tests see
 * them: imported once per test process into a temporary store with importPaths, the path
 * `r2k import` takes, and read back with the store's readers, the path the CLI and server take.
 *
 * What the store gives differs from the raw files in ways the snapshot does not see: FRED's
 * missing values ('' or '.') are not stored (the snapshot drops NaN observations anyway), a
 * fund's cash, collateral and futures rows live apart from its holdings (every holdings
 * convention keeps equity rows only), and row sources are the file format ("yahoo", "eodhd").
 */
import { after } from "node:test";
import type { BarFrame, Holding, SeriesFrame } from "../../src/model/index.ts";
import { importPaths } from "../../src/services/import.ts";
import { listSeries, readBars, readHoldings, readObservations, type Store } from "../../src/store/index.ts";
import { tempStore } from "../helpers/store.ts";
import { REAL_DATA, realFile } from "../helpers/real-data.ts";

let cleanup: (() => void) | undefined;
let shared: Promise<Store> | undefined;

after(() => cleanup?.());

/** The temporary store holding every file of prices/, fred/ and holdings/ (filled on first use). */
export function sharedStore(): Promise<Store> {
  shared ??= (async () => {
    const t = await tempStore();
    cleanup = t.cleanup;
    const results = await importPaths(t.store, ["prices", "fred", "holdings"].map((d) => realFile(d)));
    const failed = results.filter((r) => r.status !== "imported");
    if (failed.length) throw new Error(`import of the real-data folder (${REAL_DATA}) failed:\n${failed.map((r) => `${r.file}: ${r.status} ${r.error?.message ?? ""}`).join("\n")}`);
    return t.store;
  })();
  return shared;
}

/**
 * Reads run one at a time (the tests of a file share the store's one connection) and each
 * result is kept for the process, like the files the tests used to read.
 */
const cache = new Map<string, Promise<unknown>>();
let queue: Promise<unknown> = Promise.resolve();
function cached<T>(key: string, read: (store: Store) => Promise<T>): Promise<T> {
  let hit = cache.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = queue.then(async () => read(await sharedStore()));
    queue = hit.catch(() => undefined);
    cache.set(key, hit);
  }
  return hit;
}

/** Stored daily bars of a symbol (prices/<symbol>.csv). */
export function loadBars(symbol: string): Promise<BarFrame> {
  return cached(`bars:${symbol}`, async (store) => {
    const frame = await readBars(store, symbol);
    if (frame.dates.length === 0) throw new Error(`no stored bars for ${symbol}`);
    return frame;
  });
}

/** Stored observations of a FRED series (fred/<id>.csv), with their sources as loadSnapshotInputs gives them. */
export function loadFred(id: string): Promise<SeriesFrame & { sources: string[] }> {
  return cached(`fred:${id}`, async (store) => {
    const stored = (await listSeries(store)).find((s) => s.table === "observations" && s.id === id);
    if (!stored) throw new Error(`no stored observations for ${id}`);
    return { ...(await readObservations(store, id)), sources: stored.sources };
  });
}

/** Stored holdings of a fund's snapshot on a date (holdings/<fund>_holdings_<asOf>.csv). */
export function loadHoldings(fund: string, asOf: string): Promise<Holding[]> {
  return cached(`holdings:${fund}:${asOf}`, async (store) => {
    const rows = await readHoldings(store, fund, asOf);
    if (rows.length === 0) throw new Error(`no stored holdings for ${fund} on ${asOf}`);
    return rows;
  });
}
