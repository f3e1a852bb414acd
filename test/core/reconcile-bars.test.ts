// reconcileBars (src/core/reconcile-bars.ts): the decision an update takes when fetched bars meet
// stored ones, on hand-made rows. No store, no HTTP. Every expected value is worked out beside it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { reconcileBars, type FetchWindow, type StoredBar } from "../../src/core/reconcile-bars.ts";
import type { Bar } from "../../src/model/index.ts";

const bar = (date: string, close: number, over: Partial<Bar> = {}): Bar => ({
  symbol: "ABC",
  date,
  open: close - 1,
  high: close + 1,
  low: close - 2,
  close,
  adjClose: close,
  volume: 1000,
  ...over,
});

const stored = (date: string, close: number, over: Partial<StoredBar> = {}): StoredBar => ({
  date,
  open: close - 1,
  high: close + 1,
  low: close - 2,
  close,
  adjClose: close,
  source: "yahoo",
  ...over,
});

const plain: FetchWindow = { from: "2024-01-02", splits: [], dividends: [], source: "yahoo" };

test("nothing stored in the window: every fetched bar is new and written as fetched", () => {
  const fetched = [bar("2024-01-02", 10), bar("2024-01-03", 11)];
  const r = reconcileBars([], fetched, plain);
  assert.equal(r.action, "append");
  assert.deepEqual(r.bars, fetched);
  // Two dates, neither stored: 2 added, 0 unchanged, nothing revised.
  assert.deepEqual([r.added, r.unchanged, r.revisions.length], [2, 0, 0]);
  assert.deepEqual(r.foreignSources, []);
  assert.equal(r.eventInWindow, false);
});

test("nothing fetched: nothing to write, nothing decided", () => {
  const r = reconcileBars([stored("2024-01-02", 10)], [], plain);
  assert.equal(r.action, "append");
  assert.deepEqual(r.bars, []);
  assert.deepEqual([r.added, r.unchanged, r.revisions.length], [0, 0, 0]);
});

test("identical overlap and new days: the overlap is unchanged, the new days are added", () => {
  const fetched = [bar("2024-01-02", 10), bar("2024-01-03", 10.2), bar("2024-01-04", 10.4)];
  const r = reconcileBars([stored("2024-01-02", 10), stored("2024-01-03", 10.2)], fetched, plain);
  assert.equal(r.action, "append");
  // 01-02 and 01-03 are stored with the same prices (2 unchanged); 01-04 is not stored (1 added).
  assert.deepEqual([r.added, r.unchanged], [1, 2]);
  assert.deepEqual(r.bars, fetched);
});

test("a stored day absent from the answer is left out of the decision", () => {
  const r = reconcileBars([stored("2024-01-02", 10), stored("2024-01-03", 11)], [bar("2024-01-03", 11)], plain);
  // Only 01-03 was fetched and it agrees: 0 added, 1 unchanged; 01-02 is not written.
  assert.deepEqual([r.action, r.added, r.unchanged], ["append", 0, 1]);
  assert.deepEqual(r.bars.map((b) => b.date), ["2024-01-03"]);
});

test("a close revised within rounding keeps the stored price exactly and takes the new volume", () => {
  // |100.00005 - 100| = 5e-5 <= 1e-6 * 100.00005 = 1.00000005e-4: the same number written differently.
  const fetched = bar("2024-01-02", 100.00005, { open: 99, high: 101, low: 98, adjClose: 100.00005, volume: 2500 });
  const r = reconcileBars([stored("2024-01-02", 100, { open: 99, high: 101, low: 98 })], [fetched], plain);
  assert.equal(r.action, "append");
  assert.deepEqual([r.added, r.unchanged, r.revisions.length], [0, 1, 0]);
  // Stored close and adjusted close (100) kept, fetched volume (2500) taken.
  assert.deepEqual(r.bars, [{ symbol: "ABC", date: "2024-01-02", open: 99, high: 101, low: 98, close: 100, adjClose: 100, volume: 2500 }]);
});

test("a price missing on one side is no disagreement: the stored row's gaps are filled, its prices kept", () => {
  // Stored: no open, no adjusted close. Fetched: an open of 9 and an adjusted close of 9.5; close 10 on both.
  const s = stored("2024-01-02", 10, { open: null, adjClose: null });
  const f = bar("2024-01-02", 10, { open: 9, adjClose: 9.5 });
  // And the other way round: the stored row has a high of 11, the fetched one none.
  const s2 = stored("2024-01-03", 10, { high: 11 });
  const f2 = bar("2024-01-03", 10, { high: null });
  const r = reconcileBars([s, s2], [f, f2], plain);
  assert.equal(r.action, "append");
  assert.equal(r.unchanged, 2);
  // 01-02: open 9 and adjusted close 9.5 from the fetch (the stored row had none), high 11 / low 8 / close 10 stored.
  assert.deepEqual(r.bars[0], { symbol: "ABC", date: "2024-01-02", open: 9, high: 11, low: 8, close: 10, adjClose: 9.5, volume: 1000 });
  // 01-03: the stored high 11 stays; the fetched null does not erase it.
  assert.equal(r.bars[1].high, 11);
});

test("a close revised beyond rounding by the source itself: a revision, written as fetched", () => {
  // |100.0002 - 100| = 2e-4 > 1e-6 * 100.0002 = 1.000002e-4: a different price.
  const fetched = bar("2024-01-02", 100.0002, { open: 99, high: 101, low: 98 });
  const s = stored("2024-01-02", 100, { open: 99, high: 101, low: 98 });
  const r = reconcileBars([s], [fetched, bar("2024-01-03", 101)], plain);
  assert.equal(r.action, "revise");
  assert.deepEqual([r.added, r.unchanged, r.revisions.length], [1, 0, 1]);
  assert.deepEqual(r.revisions[0], { stored: s, fetched, field: "close" });
  assert.equal(r.bars[0].close, 100.0002);
  // The stored row is the source's own ("yahoo"): nobody else's values are touched.
  assert.deepEqual(r.foreignSources, []);
});

test("the revised field named: close first, then adjusted close, then open/high/low; other origins listed once", () => {
  const r = reconcileBars(
    [
      stored("2024-01-02", 10, { adjClose: 9.5, source: "eodhd" }),
      stored("2024-01-03", 10, { high: 11, source: "eodhd" }),
    ],
    // 01-02: close equal (10), adjusted close 9.5 -> 9.7. 01-03: close and adjusted close equal, high 11 -> 11.5.
    [bar("2024-01-02", 10, { adjClose: 9.7 }), bar("2024-01-03", 10, { high: 11.5 })],
    plain,
  );
  // Two revisions: a spot correction, not a re-based history.
  assert.equal(r.action, "revise");
  assert.deepEqual(r.revisions.map((x) => x.field), ["adjusted close", "open/high/low"]);
  assert.deepEqual(r.foreignSources, ["eodhd"]);
});

test("more than two revised rows without an event: the history was re-based, fetch all of it", () => {
  // Closes 10, 11, 12 stored; 10.5, 11.5, 12.5 fetched: three revisions > 2.
  const r = reconcileBars(
    [stored("2024-01-02", 10), stored("2024-01-03", 11), stored("2024-01-04", 12, { source: "stooq" })],
    [bar("2024-01-02", 10.5), bar("2024-01-03", 11.5), bar("2024-01-04", 12.5)],
    plain,
  );
  assert.equal(r.action, "refetch");
  assert.equal(r.revisions.length, 3);
  assert.equal(r.eventInWindow, false);
  assert.deepEqual(r.foreignSources, ["stooq"]);
});

test("a split-like jump: a 4:1 split on the first new day divides the overlap by 4", () => {
  // Stored 400 and 404; after the split Yahoo sends 100 and 101 for those days, then 102 on the split day.
  const window: FetchWindow = { ...plain, splits: [{ date: "2024-01-04" }] };
  const r = reconcileBars(
    [stored("2024-01-02", 400), stored("2024-01-03", 404)],
    [bar("2024-01-02", 100), bar("2024-01-03", 101), bar("2024-01-04", 102)],
    window,
  );
  // Only two rows differ, but the split re-bases everything before it.
  assert.equal(r.action, "refetch");
  assert.equal(r.eventInWindow, true);
  assert.deepEqual([r.added, r.revisions.length], [1, 2]);
});

test("a dividend counts from the window's first day on; an event with nothing revised changes nothing", () => {
  const s = [stored("2024-01-02", 10)];
  const f = [bar("2024-01-02", 10.5)];
  // A dividend on 2023-12-29, before from = 2024-01-02: not an event of the window, one revision stays a revision.
  const before = reconcileBars(s, f, { ...plain, dividends: [{ date: "2023-12-29" }] });
  assert.deepEqual([before.action, before.eventInWindow], ["revise", false]);
  // A dividend on 2024-01-02 itself (date >= from): the adjusted history was re-based.
  const on = reconcileBars(s, f, { ...plain, dividends: [{ date: "2024-01-02" }] });
  assert.deepEqual([on.action, on.eventInWindow], ["refetch", true]);
  // The same dividend with the stored close unchanged: nothing differs, so nothing is re-fetched.
  const quiet = reconcileBars(s, [bar("2024-01-02", 10)], { ...plain, dividends: [{ date: "2024-01-02" }] });
  assert.deepEqual([quiet.action, quiet.eventInWindow, quiet.unchanged], ["append", true, 1]);
});
