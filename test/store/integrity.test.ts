// The store's invariants (src/store/integrity.ts): each fault a commit cut off by a kill can
// leave is planted by hand with DuckDB itself, then found, named and repaired; the cheap check
// at every open repairs rows of an import with no record; a log left behind makes the open run
// the full check; a damaged file is called damaged, never "in use".
import { test } from "node:test";
import assert from "node:assert/strict";
import { closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from "node:fs";
import {
  checkMarkerPath,
  commitStaged,
  findProblems,
  repairProblems,
  stageBars,
  stageObservations,
  Store,
  StoreDamagedError,
  upsertSeries,
  verifyBlocks,
} from "../../src/store/index.ts";
import type { Bar } from "../../src/model/index.ts";
import { describeSeries } from "../../src/model/series-catalog.ts";
import { plant, tempStore } from "../helpers/store.ts";

const bars = (symbol: string, n: number): Bar[] =>
  Array.from({ length: n }, (_, i) => {
    const date = new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
    return { symbol, date, open: 10 + i, high: 11 + i, low: 9 + i, close: 10 + i, adjClose: null, volume: 100 };
  });

/** A store holding two committed imports: ^RUT and ^GSPC bars (import 1), DGS10 observations (import 2). */
async function storeWithData() {
  const t = await tempStore();
  const source = (sha: string) => ({ sourceKind: "file" as const, sourceRef: `${sha}.csv`, format: "test", sha256: sha.padEnd(64, "0") });
  await t.store.transaction(async () => {
    await stageBars(t.store, [...bars("^RUT", 30), ...bars("^GSPC", 30)]);
    await commitStaged(t.store, source("a"), ["bars"], { dataSource: "file", replace: false, skipped: 0 });
    await upsertSeries(t.store, [describeSeries("^RUT", "file"), describeSeries("^GSPC", "file")]);
  });
  await t.store.transaction(async () => {
    await stageObservations(t.store, Array.from({ length: 10 }, (_, i) => ({ seriesId: "DGS10", date: `2020-01-${String(i + 1).padStart(2, "0")}`, value: 1 + i / 10 })));
    await commitStaged(t.store, source("b"), ["observations"], { dataSource: "fred", replace: false, skipped: 0 });
    await upsertSeries(t.store, [describeSeries("DGS10", "fred", true)]);
  });
  t.store.close();
  return t;
}

test("each planted fault is found and named; the repair keeps committed rows only, one per key, and recreates series records", async () => {
  const t = await storeWithData();
  try {
    // Rows of import 7, which has no record: they never committed. A ^GSPC key stored twice by
    // a committed import. DGS10's series record gone.
    await plant(
      t.path,
      `insert into bars select symbol, date + 100, open, high, low, close, adj_close, volume, source, 7 from bars where symbol = '^RUT'`,
      `insert into bars select symbol, date, open, high, low, close + 1, adj_close, volume, source, 1 from bars where symbol = '^GSPC' and date < date '2020-01-05'`,
      `delete from series where id = 'DGS10'`,
    );
    // The uncommitted rows make the open run the full check, which repairs all three.
    const store = await Store.open(t.path);
    const repaired = store.repairedAtOpen;
    assert.deepEqual(
      repaired.map((p) => [p.kind, p.table, p.count, p.repaired]),
      [
        ["uncommittedRows", "bars", 30, true],
        ["duplicateKeys", "bars", 4, true],
        ["missingSeries", "observations", 1, true],
      ],
    );
    assert.equal(repaired[0].message, "30 rows of bars belong to import 7, which never committed (no import record)");
    assert.equal(repaired[1].message, "4 rows of bars repeat a (symbol, date) already stored");
    assert.equal(repaired[2].message, "1 series in observations has no series record (name, kind, source)");
    assert.deepEqual(await findProblems(store), []);
    assert.equal(Number(await store.scalar(`select count(*) from bars where symbol = '^RUT'`)), 30);
    // Of the repeated ^GSPC keys the row written last (close + 1) stayed.
    assert.deepEqual(
      (await store.rows<{ close: number; import_id: number }>(`select close, import_id from bars where symbol = '^GSPC' and date = date '2020-01-01'`)),
      [{ close: 11, import_id: 1 }],
    );
    assert.deepEqual(await store.rows(`select id, kind, name, frequency, source from series where id = 'DGS10'`), [
      { id: "DGS10", kind: "macro", name: "10-year Treasury yield (%)", frequency: "daily", source: "fred" },
    ]);
    store.close();
  } finally {
    t.cleanup();
  }
});

test("without uncommitted rows and after a clean close, the open checks no more: findProblems finds, repairProblems repairs", async () => {
  const t = await storeWithData();
  try {
    await plant(t.path, `insert into bars select * from bars where symbol = '^RUT' and date < date '2020-01-03'`, `delete from series where id = '^GSPC'`);
    const store = await Store.open(t.path);
    assert.deepEqual(store.repairedAtOpen, []);
    const found = await findProblems(store);
    assert.deepEqual(found.map((p) => [p.kind, p.table, p.count, p.repaired]), [
      ["duplicateKeys", "bars", 2, false],
      ["missingSeries", "bars", 1, false],
    ]);
    const repaired = await repairProblems(store, found);
    assert.ok(repaired.every((p) => p.repaired));
    assert.deepEqual(await findProblems(store), []);
    assert.equal(Number(await store.scalar(`select count(*) from bars`)), 60);
    assert.equal(await store.scalar(`select name from series where id = '^GSPC'`), "S&P 500");
    store.close();
  } finally {
    t.cleanup();
  }
});

test("a log or a check marker left behind makes the open run the full check, and the marker goes once it has", async () => {
  const t = await storeWithData();
  try {
    await plant(t.path, `insert into bars select * from bars where symbol = '^RUT' and date < date '2020-01-03'`);
    // A process killed after DuckDB replayed its log but before the check finished leaves the marker.
    writeFileSync(checkMarkerPath(t.path), "");
    const store = await Store.open(t.path);
    assert.deepEqual(store.repairedAtOpen.map((p) => [p.kind, p.count]), [["duplicateKeys", 2]]);
    assert.throws(() => statSync(checkMarkerPath(t.path)), /ENOENT/);
    store.close();
  } finally {
    t.cleanup();
  }
});

test("bytes overwritten inside the file: the blocks fail their checksum when read back; a broken header is damaged, not in use", async () => {
  const t = await storeWithData();
  try {
    // Enough rows that bars has blocks of its own: overwrite the middle of the file.
    await plant(t.path, `insert into bars select 'X' || i, date '2000-01-01' + (i % 5000)::integer, 1, 2, 0.5, i, null, 1, 'file', 1 from range(300000) t(i)`);
    const copy = `${t.path}.header.duckdb`;
    writeFileSync(copy, readFileSync(t.path));
    // A block of bars' close column: DuckDB's file is three 4 KiB headers, then 256 KiB blocks.
    const info = await Store.open(t.path);
    const block = Number(await info.scalar(`select max(block_id) from pragma_storage_info('bars') where column_name = 'close' and block_id >= 0`));
    info.close();
    const fd = openSync(t.path, "r+");
    writeSync(fd, Buffer.alloc(16384, 0xa5), 0, 16384, 3 * 4096 + block * 262144 + 1024);
    closeSync(fd);
    const store = await Store.open(t.path);
    const { problems } = await verifyBlocks(store);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].kind, "damaged");
    assert.match(problems[0].message, /is damaged \(reading bars\): .*checksum/);
    store.close();

    const header = openSync(copy, "r+");
    writeSync(header, Buffer.alloc(4096, 0x5a), 0, 4096, 0);
    closeSync(header);
    await assert.rejects(Store.open(copy), (err: Error) => {
      assert.ok(err instanceof StoreDamagedError);
      assert.doesNotMatch(err.message, /in use/);
      assert.match(err.message, /is damaged: .*not a valid DuckDB database file\. Its data cannot be trusted/);
      return true;
    });
  } finally {
    t.cleanup();
  }
});

test("the latest import's record against its rows: none landed, its record goes; some landed, it is named and kept", async () => {
  const t = await storeWithData();
  try {
    // A record replayed from a commit whose rows were not: import 3 claims 5 rows, none carry it.
    await plant(t.path, `insert into imports (id, source_kind, source_ref, format, sha256, rows_added, rows_updated, rows_skipped) values (3, 'file', 'cut.csv', 'test', 'c', 5, 0, 0)`);
    writeFileSync(checkMarkerPath(t.path), "");
    let store = await Store.open(t.path);
    assert.deepEqual(
      store.repairedAtOpen.map((p) => [p.kind, p.count, p.repaired, p.message]),
      [["unappliedImport", 5, true, "import 3 (cut.csv) is recorded with 5 rows, but none of them was stored: its write was cut off"]],
    );
    assert.equal(Number(await store.scalar(`select max(id) from imports`)), 2);
    store.close();

    // Part of a replacement landed: import 3 claims 10 updated rows, 4 carry it.
    await plant(
      t.path,
      `insert into imports (id, source_kind, source_ref, format, sha256, rows_added, rows_updated, rows_skipped) values (3, 'file', 'half.csv', 'test', 'h', 0, 10, 0)`,
      `update bars set import_id = 3, close = close + 0.5 where symbol = '^RUT' and date < date '2020-01-05'`,
    );
    writeFileSync(checkMarkerPath(t.path), "");
    store = await Store.open(t.path);
    assert.deepEqual(
      store.repairedAtOpen.map((p) => [p.kind, p.count, p.repaired, p.message]),
      [["incompleteImport", 6, false, "import 3 (half.csv) is recorded with 10 rows added or updated, but only 4 carry it: its write was cut off part way"]],
    );
    assert.equal(Number(await store.scalar(`select count(*) from bars where import_id = 3`)), 4, "nothing removed: the rows are the latest values r2k has");
    store.close();
  } finally {
    t.cleanup();
  }
});

test("rows of unrecorded imports in any table, not only bars, make the open check and repair", async () => {
  const t = await storeWithData();
  try {
    await plant(
      t.path,
      `insert into observations select series_id, date + 500, value, source, 9 from observations`,
      `insert into observations select series_id, date + 900, value, source, 8 from observations`,
    );
    const store = await Store.open(t.path);
    try {
      assert.deepEqual(
        store.repairedAtOpen.map((p) => p.message),
        ["30 rows of observations belong to imports 8, 9, which never committed (no import record)"],
      );
    } finally {
      store.close();
    }
  } finally {
    t.cleanup();
  }
});
