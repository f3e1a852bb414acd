import { test } from "node:test";
import assert from "node:assert/strict";
import { clearDemo, loadDemo } from "../../src/services/demo.ts";
import { demoHash } from "../../src/sources/demo/index.ts";
import {
  commitStaged,
  listImports,
  readBars,
  readHoldings,
  stageBars,
  stageHoldings,
  stageObservations,
  type Store,
} from "../../src/store/index.ts";
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

test("loadDemo stores everything as source demo; a rerun changes nothing; another seed replaces it; clearDemo empties it", async () => {
  const t = await tempStore();
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
    assert.deepEqual(r.skipped, { symbols: [], series: [], funds: [], universes: [], stocksReason: null });
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
    assert.deepEqual(await tableCounts(t.store), all, "same shape, nothing left over from seed 42");
    assert.equal((await readHoldings(t.store, "IWM", END)).length, 1950);

    const cleared = await clearDemo(t.store);
    assert.equal(cleared.total, Object.values(all).reduce((a, b) => a + b, 0));
    assert.deepEqual(await tableCounts(t.store), { bars: 0, observations: 0, holdings: 0, fund_other_rows: 0, securities: 0, series: 0 });
    assert.equal((await clearDemo(t.store)).total, 0);
  } finally {
    t.cleanup();
  }
});

test("real data is never overwritten: its symbols, series and funds are skipped and kept", async () => {
  const t = await tempStore();
  try {
    const src = { sourceKind: "file" as const, sourceRef: "real.csv", format: "test", sha256: "a".repeat(64) };
    await t.store.transaction(async () => {
      await stageBars(t.store, [
        { symbol: "^GSPC", date: "2015-01-02", open: null, high: null, low: null, close: 2058.2, adjClose: 2058.2, volume: null },
        { symbol: "^GSPC", date: "2015-01-05", open: null, high: null, low: null, close: 2020.58, adjClose: 2020.58, volume: null },
      ]);
      await stageObservations(t.store, [{ seriesId: "DGS10", date: "2015-01-02", value: 2.12 }]);
      await stageHoldings(t.store, [
        {
          fund: "IWM", asOf: "2015-01-02", ticker: "REAL", name: "REAL CO", sector: "Industrials", assetClass: "equity",
          marketValue: 100, weight: 1, shares: 1, price: 100, location: "United States", exchange: "NASDAQ", currency: "USD",
        },
      ]);
      await commitStaged(t.store, src, ["bars", "observations", "holdings"], { dataSource: "file", replace: false, skipped: 0 });
    });

    const r = await loadDemo(t.store, { seed: 42, endDate: END });
    assert.deepEqual(r.skipped.symbols, ["^GSPC"]);
    assert.deepEqual(r.skipped.series, ["DGS10"]);
    assert.deepEqual(r.skipped.funds, ["IWM"]);
    assert.ok(r.skipped.stocksReason, "no orphan stock bars when IWM holdings are real");
    assert.equal(r.staged.stockBars, 0);

    const spx = await readBars(t.store, "^GSPC");
    assert.deepEqual(Array.from(spx.close), [2058.2, 2020.58]);
    assert.deepEqual(spx.sources, ["file"]);
    const dgs10 = await t.store.rows<{ n: bigint; s: string }>(`select count(*) as n, min(source) as s from observations where series_id = 'DGS10'`);
    assert.equal(Number(dgs10[0].n), 1);
    assert.equal(dgs10[0].s, "file");
    const iwm = await readHoldings(t.store, "IWM");
    assert.deepEqual(iwm.map((h) => h.ticker), ["REAL"]);
    assert.equal((await readHoldings(t.store, "IVV", END)).length, 503, "the demo IVV snapshot still loads");
    assert.ok((await readBars(t.store, "^RUT")).close.length > 7000, "demo ^RUT loads next to the real ^GSPC");

    await clearDemo(t.store);
    assert.equal((await readBars(t.store, "^GSPC")).close.length, 2);
    assert.equal((await readHoldings(t.store, "IWM")).length, 1);
    assert.equal(Number(await t.store.scalar(`select count(*) from observations`)), 1);
    assert.equal(Number(await t.store.scalar(`select count(*) from bars where source = 'demo'`)), 0);
  } finally {
    t.cleanup();
  }
});
