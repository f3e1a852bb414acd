import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { loadDemo, removeDemoStore } from "../../src/services/demo.ts";
import { demoHash } from "../../src/sources/demo/index.ts";
import { listImports, readHoldings, StoreError, type Store } from "../../src/store/index.ts";
import { tempStore } from "../helpers/store.ts";

// A short end date keeps the stock bars small (2015-01-02 .. END) and the test fast.
const END = "2015-02-27";

async function tableCounts(store: Store, source?: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ["bars", "observations", "holdings", "fund_other_rows", "securities", "series"]) {
    out[t] = Number(await store.scalar(`select count(*) from ${t}${source ? ` where source = '${source}'` : ""}`));
  }
  return out;
}

test("loadDemo fills a demo store with source demo only; a rerun changes nothing; another seed replaces it", async () => {
  const t = await tempStore({ kind: "demo" });
  try {
    const phases: string[] = [];
    const r = await loadDemo(t.store, { seed: 42, endDate: END, onProgress: (p) => phases.push(p.phase) });
    assert.deepEqual([...new Set(phases)], ["generate", "check", "stage", "merge", "done"]);
    const staged = Object.values(r.staged).reduce((a, b) => a + b, 0) - r.staged.series;
    assert.equal(r.outcome.added, staged);
    assert.deepEqual([r.outcome.updated, r.outcome.unchanged], [0, 0]);
    assert.equal(r.staged.holdings, 1950 + 503);
    assert.equal(r.staged.fundOther, 6);
    assert.equal(r.staged.securities, 4000);
    assert.equal(r.staged.stockBars, 1950 * 41); // 41 demo business days in 2015-01-02..02-27
    assert.deepEqual(r.ranges.stocks, { first: "2015-01-02", last: END });

    const all = await tableCounts(t.store);
    const demo = await tableCounts(t.store, "demo");
    assert.deepEqual(demo, all, "every stored row is labelled demo");
    assert.equal(all.bars, r.staged.indexBars + r.staged.etfBars + r.staged.stockBars);
    assert.equal(all.series, 3 + 4 + 7 + 1950);
    assert.equal(all.securities, 4000);

    const [imp] = await listImports(t.store, 1);
    assert.equal(imp.sourceKind, "demo");
    assert.equal(imp.format, "demo");
    assert.match(imp.sourceRef, /^demo:seed=42;/);
    assert.equal(imp.sha256, demoHash(42, END));
    assert.equal(imp.sha256, r.sha256);
    assert.equal(imp.rowsAdded, staged);

    const again = await loadDemo(t.store, { seed: 42, endDate: END });
    assert.deepEqual([again.outcome.added, again.outcome.updated, again.outcome.unchanged], [0, 0, staged]);
    assert.deepEqual(again.replaced, []);
    assert.deepEqual(await tableCounts(t.store), all);

    // Another seed replaces the earlier demo market instead of mixing with it.
    const other = await loadDemo(t.store, { seed: 7, endDate: END });
    assert.equal(other.replaced.length, 1);
    assert.match(other.replaced[0], /seed=42/);
    assert.equal(other.removedBeforeLoad, Object.values(all).reduce((a, b) => a + b, 0));
    assert.deepEqual(await tableCounts(t.store), all, "same shape, nothing left over from seed 42");
    assert.equal((await readHoldings(t.store, "IWM", END)).length, 1950);
    assert.deepEqual((await listImports(t.store)).map((i) => i.sourceRef.replace(/;end=.*/, "")), ["demo:seed=7"]);
  } finally {
    t.cleanup();
  }
});

test("an empty demo store gets its rows as columns, exactly the rows the merge stores into a filled one", async () => {
  // Bars and observations are prefix-stable. A market loaded up to END and then extended to LATER
  // gets the days after END through the stage and the merge (the store is filled by then); LATER
  // loaded at once into an empty store gets every row as columns. Both must hold the same rows.
  const LATER = "2015-03-31";
  const fresh = await tempStore({ kind: "demo" });
  const merged = await tempStore({ kind: "demo" });
  try {
    const r = await loadDemo(fresh.store, { seed: 42, endDate: LATER });
    await loadDemo(merged.store, { seed: 42, endDate: END });
    const m = await loadDemo(merged.store, { seed: 42, endDate: LATER });
    assert.ok(m.outcome.unchanged > 0 && m.outcome.added > 0, "the second load went through the merge");
    const rows = (s: Store, table: string, cols: string) =>
      s.rows(`select ${cols} from ${table} order by all`).then((x) => JSON.stringify(x, (_, v) => (typeof v === "bigint" ? Number(v) : v)));
    const bars = "symbol, date::varchar as d, open, high, low, close, adj_close, volume, source";
    assert.equal(await rows(fresh.store, "bars", bars), await rows(merged.store, "bars", bars));
    const obs = "series_id, date::varchar as d, value, source";
    assert.equal(await rows(fresh.store, "observations", obs), await rows(merged.store, "observations", obs));
    assert.equal(Number(await fresh.store.scalar(`select count(*) from bars`)), r.staged.indexBars + r.staged.etfBars + r.staged.stockBars);
    // Nulls stay nulls: index bars have every field, and no stored value is NaN.
    assert.equal(Number(await fresh.store.scalar(`select count(*) from bars where isnan(open) or isnan(volume) or isnan(adj_close)`)), 0);
    const stages = r.outcome.stages;
    assert.equal(stages.bars?.added, r.staged.indexBars + r.staged.etfBars + r.staged.stockBars);
    assert.equal(stages.observations?.added, r.staged.observations);
    assert.deepEqual([stages.bars?.firstDate, stages.bars?.lastDate], ["1987-09-10", LATER]);
    assert.equal(stages.bars?.groups.length, 3 + 4 + 1950);
  } finally {
    fresh.cleanup();
    merged.cleanup();
  }
});

test("loadDemo refuses a user store before generating anything, and writes nothing", async () => {
  const t = await tempStore();
  try {
    const phases: string[] = [];
    await assert.rejects(loadDemo(t.store, { seed: 42, endDate: END, onProgress: (p) => phases.push(p.phase) }), (err: Error) => {
      assert.ok(err instanceof StoreError);
      assert.match(err.message, /refusing to write synthetic demo rows into the store .*r2k\.duckdb: it holds your own data/);
      return true;
    });
    assert.deepEqual(phases, []);
    assert.deepEqual(await tableCounts(t.store), { bars: 0, observations: 0, holdings: 0, fund_other_rows: 0, securities: 0, series: 0 });
    assert.equal((await listImports(t.store)).length, 0);
  } finally {
    t.cleanup();
  }
});

test("removeDemoStore deletes the demo store file, and never a user store", async () => {
  const demo = await tempStore({ kind: "demo" });
  const user = await tempStore();
  try {
    demo.store.close();
    user.store.close();
    assert.deepEqual(await removeDemoStore(demo.path), { path: demo.path, removed: true });
    assert.equal(existsSync(demo.path), false);
    assert.deepEqual(await removeDemoStore(demo.path), { path: demo.path, removed: false });
    await assert.rejects(removeDemoStore(user.path), /holds your own data \(a user store\), not the synthetic demo market/);
    assert.equal(existsSync(user.path), true);
  } finally {
    demo.cleanup();
    user.cleanup();
  }
});
