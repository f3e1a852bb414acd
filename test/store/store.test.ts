import { test } from "node:test";
import assert from "node:assert/strict";
import { Store, commitStaged, stageBars, readBars, listSeries, ConflictError } from "../../src/store/index.ts";
import type { Bar } from "../../src/model/index.ts";
import { tempStore } from "../helpers/store.ts";

const bar = (date: string, close: number, extra: Partial<Bar> = {}): Bar => ({
  symbol: "TEST",
  date,
  open: close,
  high: close + 1,
  low: close - 1,
  close,
  adjClose: null,
  volume: 100,
  ...extra,
});

const src = (sha: string) => ({ sourceKind: "file" as const, sourceRef: "t.csv", format: "test", sha256: sha.padEnd(64, "0") });

async function importBars(store: Store, bars: Bar[], replace = false) {
  return store.transaction(async () => {
    await stageBars(store, bars);
    return commitStaged(store, src("a"), ["bars"], { dataSource: "file", replace, skipped: 0 });
  });
}

test("migrations apply once and survive reopening", async () => {
  const t = await tempStore();
  try {
    assert.equal(await t.store.schemaVersion(), 1);
    t.store.close();
    const again = await Store.open(t.path);
    assert.equal(await again.schemaVersion(), 1);
    again.close();
  } finally {
    t.cleanup();
  }
});

test("upsert: added, unchanged, filled and conflicting rows", async () => {
  const t = await tempStore();
  try {
    const r1 = await importBars(t.store, [bar("2024-01-02", 10), bar("2024-01-03", 11)]);
    assert.deepEqual([r1.added, r1.updated, r1.unchanged], [2, 0, 0]);
    assert.equal(r1.firstDate, "2024-01-02");
    const r2 = await importBars(t.store, [bar("2024-01-02", 10), bar("2024-01-03", 11)]);
    assert.deepEqual([r2.added, r2.updated, r2.unchanged], [0, 0, 2]);
    const r3 = await importBars(t.store, [bar("2024-01-03", 11, { adjClose: 10.5 }), bar("2024-01-04", 12)]);
    assert.deepEqual([r3.added, r3.updated, r3.unchanged], [1, 1, 0]);
    await assert.rejects(importBars(t.store, [bar("2024-01-04", 99), bar("2024-01-05", 1)]), ConflictError);
    const frame = await readBars(t.store, "TEST");
    assert.equal(frame.close.length, 3, "the rejected import wrote nothing");
    const r4 = await importBars(t.store, [bar("2024-01-04", 13)], true);
    assert.equal(r4.updated, 1);
    const after = await readBars(t.store, "TEST");
    assert.deepEqual(Array.from(after.close), [10, 11, 13]);
    assert.ok(Number.isNaN(after.adjClose[0]));
    assert.equal(after.adjClose[1], 10.5);
    const series = await listSeries(t.store);
    assert.equal(series[0].rows, 3);
    assert.equal(series[0].last, "2024-01-04");
  } finally {
    t.cleanup();
  }
});

test("keys stay unique through repeated, overlapping and replacing imports", async () => {
  const t = await tempStore();
  try {
    await importBars(t.store, [bar("2024-01-02", 10), bar("2024-01-03", 11), bar("2024-01-03", 11)]);
    await importBars(t.store, [bar("2024-01-03", 12), bar("2024-01-04", 12)], true);
    await importBars(t.store, [bar("2024-01-02", 10), bar("2024-01-04", 12)]);
    const dupes = await t.store.scalar(
      `select count(*) - (select count(*) from (select distinct symbol, date from bars)) from bars`,
    );
    assert.equal(Number(dupes), 0);
    assert.equal(Number(await t.store.scalar(`select count(*) from bars`)), 3);
  } finally {
    t.cleanup();
  }
});

test("reads of an empty range return empty columns, not an error", async () => {
  const t = await tempStore();
  try {
    await importBars(t.store, [bar("2024-01-02", 10)]);
    const none = await readBars(t.store, "TEST", { from: "2025-01-01" });
    assert.equal(none.dates.length, 0);
    assert.equal(none.close.length, 0);
    const unknown = await readBars(t.store, "NOPE");
    assert.equal(unknown.dates.length, 0);
  } finally {
    t.cleanup();
  }
});
