import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { DuckDBInstance } from "@duckdb/node-api";
import {
  Store,
  commitStaged,
  stageBars,
  stageCorporateActions,
  readBars,
  readBarsOf,
  readCloseFramesOf,
  readCloses,
  readCorporateActions,
  readHoldings,
  readHoldingsOf,
  readLatestHoldings,
  readObservationsOf,
  listSeries,
  ConflictError,
} from "../../src/store/index.ts";
import { MIGRATIONS } from "../../src/store/migrations.ts";
import type { Bar, CorporateActionInput } from "../../src/model/index.ts";
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
    const latest = MIGRATIONS[MIGRATIONS.length - 1].version;
    assert.equal(latest, 4);
    assert.equal(await t.store.schemaVersion(), latest);
    t.store.close();
    const again = await Store.open(t.path);
    assert.equal(await again.schemaVersion(), latest);
    assert.equal(Number(await again.scalar(`select count(*) from schema_version`)), MIGRATIONS.length);
    again.close();
  } finally {
    t.cleanup();
  }
});

test("a store at schema version 1 upgrades to the latest on open and keeps its rows", async () => {
  const dir = mkdtempSync(join(tmpdir(), "r2k-test-"));
  const path = join(dir, "v1.duckdb");
  try {
    // A file as r2k left it before migration 2: only MIGRATIONS[0], applied by hand, plus data.
    const instance = await DuckDBInstance.create(path);
    const db = await instance.connect();
    await db.run(`create table schema_version (
      version integer primary key, description varchar, applied_at timestamp default current_timestamp)`);
    for (const sql of MIGRATIONS[0].sql) await db.run(sql);
    await db.run(`insert into schema_version (version, description) values (1, 'v1')`);
    await db.run(`insert into imports (source_kind, source_ref, format, sha256, rows_added, rows_updated, rows_skipped)
                  values ('file', 'old.csv', 'test', '${"b".repeat(64)}', 2, 0, 0)`);
    await db.run(`insert into bars (symbol, date, close, source, import_id) values
                  ('OLD', '2024-01-02', 10, 'file', 1), ('OLD', '2024-01-03', 11, 'file', 1)`);
    await db.run(`insert into observations (series_id, date, value, source, import_id) values ('DFF', '2024-01-02', 5.33, 'fred', 1)`);
    const tables = await (await db.runAndReadAll(`select table_name from information_schema.tables where table_name = 'corporate_actions'`)).getRows();
    assert.equal(tables.length, 0);
    db.closeSync();
    instance.closeSync();

    const store = await Store.open(path);
    try {
      assert.equal(await store.schemaVersion(), MIGRATIONS[MIGRATIONS.length - 1].version);
      assert.equal(store.kind, "user");
      assert.deepEqual(Array.from((await readBars(store, "OLD")).close), [10, 11]);
      assert.equal(Number(await store.scalar(`select count(*) from observations`)), 1);
      assert.equal(Number(await store.scalar(`select count(*) from imports`)), 1);
      assert.deepEqual(await readCorporateActions(store, "OLD"), []);
      // The new table takes rows, and the import sequence carries on from the old file.
      const r = await store.transaction(async () => {
        await stageCorporateActions(store, [{ symbol: "OLD", date: "2024-01-03", kind: "dividend", amount: 0.1 }]);
        return commitStaged(store, src("c"), ["corporateActions"], { dataSource: "file", replace: false, skipped: 0 });
      });
      assert.equal(r.importId, 2);
      assert.equal(r.added, 1);
    } finally {
      store.close();
    }
    // Opening again applies nothing more.
    const again = await Store.open(path);
    assert.equal(await again.schemaVersion(), MIGRATIONS[MIGRATIONS.length - 1].version);
    assert.equal(Number(await again.scalar(`select count(*) from corporate_actions`)), 1);
    again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("corporate actions merge like bars: added, unchanged, conflicts, replace", async () => {
  const t = await tempStore();
  try {
    const actions: CorporateActionInput[] = [
      { symbol: "TEST", date: "2024-03-01", kind: "dividend", amount: 0.25 },
      { symbol: "TEST", date: "2024-03-01", kind: "split", numerator: 2, denominator: 1 },
      { symbol: "TEST", date: "2024-06-03", kind: "dividend", amount: 0.125 },
    ];
    const write = (rows: CorporateActionInput[], opts: { replace?: boolean; source?: string } = {}) =>
      t.store.transaction(async () => {
        await stageCorporateActions(t.store, rows);
        return commitStaged(t.store, src("d"), ["corporateActions"], {
          dataSource: opts.source ?? "yahoo",
          replace: opts.replace ?? false,
          skipped: 0,
        });
      });
    const r1 = await write(actions);
    assert.deepEqual([r1.added, r1.updated, r1.unchanged], [3, 0, 0]);
    assert.deepEqual([r1.firstDate, r1.lastDate], ["2024-03-01", "2024-06-03"]);
    const r2 = await write([...actions, actions[0]]);
    assert.deepEqual([r2.added, r2.updated, r2.unchanged, r2.duplicates], [0, 0, 3, 1]);
    await assert.rejects(write([{ symbol: "TEST", date: "2024-03-01", kind: "split", numerator: 3, denominator: 1 }]), ConflictError);
    const r3 = await write([{ symbol: "TEST", date: "2024-06-03", kind: "dividend", amount: 0.13 }], { replace: true });
    assert.equal(r3.updated, 1);
    const stored = await readCorporateActions(t.store, "TEST");
    assert.deepEqual(stored, [
      { symbol: "TEST", date: "2024-03-01", kind: "dividend", amount: 0.25, source: "yahoo" },
      { symbol: "TEST", date: "2024-03-01", kind: "split", numerator: 2, denominator: 1, source: "yahoo" },
      { symbol: "TEST", date: "2024-06-03", kind: "dividend", amount: 0.13, source: "yahoo" },
    ]);
    assert.deepEqual((await readCorporateActions(t.store, "TEST", { to: "2024-05-31" }, "split")).length, 1);
    assert.deepEqual(await readCorporateActions(t.store, "TEST", { from: "2025-01-01" }), []);
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

test("columns are read from DuckDB's vectors: thousands of rows over many chunks, NULL as NaN, sources in date order", async () => {
  const t = await tempStore();
  try {
    // 5,000 days (DuckDB hands results over in chunks of 2,048 rows); yahoo first by date, then stooq.
    await t.store.run(
      `insert into bars (symbol, date, open, high, low, close, adj_close, volume, source, import_id)
       select 'MANY', date '2000-01-01' + i::integer, null, 100 + i + 0.5, null, 100 + i, case when i % 2 = 0 then null else i end, i * 10,
              case when i < 10 then 'yahoo' else 'stooq' end, 1
       from range(5000) t(i)`,
    );
    const f = await readBars(t.store, "MANY");
    assert.equal(f.dates.length, 5000);
    assert.ok(f.dates instanceof Int32Array && f.close instanceof Float64Array);
    assert.deepEqual([f.dates[0], f.dates[2048], f.dates[4999]], [10957, 10957 + 2048, 10957 + 4999]); // 2000-01-01 is day 10,957
    assert.deepEqual([f.close[0], f.close[4097], f.high[4999], f.volume[3]], [100, 4197, 5099.5, 30]);
    assert.ok(Number.isNaN(f.open[0]) && Number.isNaN(f.adjClose[4998]) && f.adjClose[4999] === 4999);
    assert.deepEqual(f.sources, ["yahoo", "stooq"]);
    assert.deepEqual((await readBars(t.store, "MANY", { from: "2000-01-11" })).sources, ["stooq"]);
    const closes = await readCloses(t.store, "MANY", { to: "2000-01-03" }, "adj_close");
    assert.deepEqual([Array.from(closes.dates), Array.from(closes.values)], [[10957, 10958, 10959], [100, 1, 102]]); // adj close, else close

    const [ints, doubles, strings] = await t.store.typedColumns(
      `select * from (values (1, 1.5::double, 'a'), (null, null, null)) v(i, d, s)`,
      [],
      ["int32", "float64", "string"],
    );
    assert.deepEqual([Array.from(ints), Array.from(doubles), strings], [[1, 0], [1.5, NaN], ["a", null]]);
    await assert.rejects(t.store.typedColumns(`select 1::bigint`, [], ["int32"]), /column 0 of a query is BIGINT, not int32/);
    const empty = await t.store.typedColumns(`select 1::integer, 'x' where false`, [], ["int32", "string"]);
    assert.deepEqual([empty[0].length, empty[1].length], [0, 0]);
    // NULLs anywhere in chunks of 2,048 rows (the columns are copied from DuckDB's memory and
    // their NULLs set from the validity mask): every row as an item-by-item read gives it.
    const [every7, every5] = await t.store.typedColumns(
      `select (case when i < 100 or i % 7 = 0 then null else i end)::integer, (case when i % 5 = 3 then null else i / 4 end)::double from range(10000) r(i) order by i`,
      [],
      ["int32", "float64"],
    );
    const expect7 = Array.from({ length: 10000 }, (_, i) => (i < 100 || i % 7 === 0 ? 0 : i));
    const expect5 = Array.from({ length: 10000 }, (_, i) => (i % 5 === 3 ? NaN : i / 4));
    assert.deepEqual([Array.from(every7), Array.from(every5)], [expect7, expect5]);
  } finally {
    t.cleanup();
  }
});

test("holdings read back with their snapshot date and NULLs as null, largest first", async () => {
  const t = await tempStore();
  try {
    await t.store.run(
      `insert into holdings (fund, as_of, ticker, name, sector, asset_class, market_value, weight, shares, price, location, exchange, currency, source, import_id)
       values ('IWM', date '2026-05-05', 'AAA', 'Aaa Inc', 'Financials', 'equity', 100.0, 0.25, 10.0, 10.0, 'United States', 'NASDAQ', 'USD', 'ishares', 1),
              ('IWM', date '2026-05-05', 'BBB', 'Bbb Corp', null, 'equity', 300.0, 0.75, null, null, null, null, null, 'ishares', 1),
              ('IWM', date '2026-04-10', 'OLD', 'Old', null, 'equity', 1.0, 1.0, null, null, null, null, null, 'ishares', 1)`,
    );
    const rows = await readHoldings(t.store, "IWM");
    assert.deepEqual(rows, [
      { fund: "IWM", asOf: "2026-05-05", ticker: "BBB", name: "Bbb Corp", sector: null, assetClass: "equity", marketValue: 300, weight: 0.75, shares: null, price: null, location: null, exchange: null, currency: null },
      { fund: "IWM", asOf: "2026-05-05", ticker: "AAA", name: "Aaa Inc", sector: "Financials", assetClass: "equity", marketValue: 100, weight: 0.25, shares: 10, price: 10, location: "United States", exchange: "NASDAQ", currency: "USD" },
    ]);
    assert.deepEqual((await readHoldings(t.store, "IWM", "2026-04-10")).map((h) => [h.ticker, h.asOf]), [["OLD", "2026-04-10"]]);
    assert.deepEqual(await readHoldings(t.store, "IWM", "2020-01-01"), []);
  } finally {
    t.cleanup();
  }
});

test("several series and snapshots in one read: each in the order asked, the same as one by one", async () => {
  const t = await tempStore();
  try {
    await t.store.run(
      `insert into bars (symbol, date, open, high, low, close, adj_close, volume, source, import_id)
       select case when i % 3 = 0 then 'AAA' when i % 3 = 1 then 'BBB' else '^CCC' end, date '2001-01-01' + i::integer,
              null, null, null, 10 + i, null, null, case when i < 3000 then 'yahoo' else 'stooq' end, 1
       from range(6000) t(i)`,
    );
    await t.store.run(
      `insert into observations (series_id, date, value, source, import_id)
       select case when i % 2 = 0 then 'DGS10' else 'DFF' end, date '2001-01-01' + i::integer, i / 100, 'fred', 1 from range(500) t(i)`,
    );
    const many = await readBarsOf(t.store, ["^CCC", "NONE", "AAA"]);
    assert.deepEqual(many.map((f) => [f.symbol, f.dates.length, f.close[0], f.sources]), [
      ["^CCC", 2000, 12, ["yahoo", "stooq"]],
      ["NONE", 0, undefined, []],
      ["AAA", 2000, 10, ["yahoo", "stooq"]],
    ]);
    for (const f of many) assert.deepEqual(f, await readBars(t.store, f.symbol));
    const ranged = await readBarsOf(t.store, ["BBB", "AAA"], { from: "2001-01-02", to: "2001-01-07" });
    assert.deepEqual(ranged.map((f) => Array.from(f.close)), [[11, 14], [13, 16]]);
    const obs = await readObservationsOf(t.store, ["DGS10", "DFF"], { to: "2001-01-04" });
    assert.deepEqual(obs.map((f) => [f.id, Array.from(f.values)]), [["DGS10", [0, 0.02]], ["DFF", [0.01, 0.03]]]);
    assert.deepEqual(await readBarsOf(t.store, []), []);
    // The closes alone: what readBarsOf reads of the same rows, nothing else.
    const range = { from: "2001-01-02" };
    const closes = await readCloseFramesOf(t.store, ["^CCC", "NONE", "AAA"], range);
    assert.deepEqual(closes.map((f) => [f.symbol, f.dates.length, f.close[0], Object.keys(f).sort()]), [
      ["^CCC", 2000, 12, ["adjClose", "close", "dates", "sources", "symbol"]],
      ["NONE", 0, undefined, ["adjClose", "close", "dates", "sources", "symbol"]],
      ["AAA", 1999, 13, ["adjClose", "close", "dates", "sources", "symbol"]],
    ]);
    const bars = await readBarsOf(t.store, ["^CCC", "NONE", "AAA"], range);
    assert.deepEqual(closes, bars.map(({ symbol, dates, close, adjClose, sources }) => ({ symbol, dates, close, adjClose, sources })));
    assert.deepEqual(await readCloseFramesOf(t.store, []), []);

    // Holdings: text fields come back joined and split; one holding a separator character is read row by row.
    await t.store.run(
      `insert into holdings (fund, as_of, ticker, name, sector, asset_class, market_value, weight, shares, price, location, exchange, currency, source, import_id)
       values ('IWM', date '2026-05-05', 'AAA', 'Aaa Inc', 'Financials', 'equity', 100.0, 0.25, 10.0, 10.0, 'United States', 'NASDAQ', 'USD', 'ishares', 1),
              ('IWM', date '2026-05-05', 'BBB', 'Bbb Corp', null, 'equity', 300.0, 0.75, null, null, null, null, null, 'ishares', 1),
              ('IWM', date '2026-05-05', 'TIE', 'Tie B', '', 'equity', 100.0, 0.25, null, null, '', null, null, 'ishares', 1),
              ('IWM', date '2026-05-05', 'TIE', 'Tie A', null, 'equity', 100.0, 0.25, null, null, null, null, null, 'ishares', 1),
              ('IVV', date '2026-05-01', 'ODD', 'Odd' || chr(31) || 'Name', null, 'equity', 5.0, 1.0, null, null, null, null, null, 'ishares', 1),
              ('IVV', date '2026-05-01', 'ODE', 'Ode' || chr(29) || 'Name', null, 'equity', 4.0, 1.0, null, null, null, null, null, 'manual', 1),
              ('IWM', date '2026-04-30', 'OLD', 'Old Co', 'Energy', 'equity', 7.0, 1.0, 1.0, 7.0, null, null, null, 'stooq', 1)`,
    );
    const [iwm, none, ivv] = await readHoldingsOf(t.store, [
      { fund: "IWM", asOf: "2026-05-05" },
      { fund: "IWM", asOf: "2020-01-01" },
      { fund: "IVV", asOf: "2026-05-01" },
    ]);
    assert.deepEqual(iwm.map((h) => [h.ticker, h.name, h.sector, h.location]), [
      ["BBB", "Bbb Corp", null, null],
      ["AAA", "Aaa Inc", "Financials", "United States"],
      ["TIE", "Tie A", null, null],
      ["TIE", "Tie B", "", ""],
    ]);
    assert.deepEqual(none, []);
    assert.deepEqual(ivv.map((h) => [h.ticker, h.name, h.marketValue]), [["ODD", "Odd\u001fName", 5], ["ODE", "Ode\u001dName", 4]]);
    assert.deepEqual(await readHoldings(t.store, "IWM"), iwm);
    // Each fund's latest snapshot (on or before a day), ordered by fund, with its sources; the
    // same whether the texts are read on the same connection or another.
    const other = await t.store.connectAnother();
    try {
      for (const texts of [undefined, other]) {
        const latest = await readLatestHoldings(t.store, undefined, texts);
        assert.deepEqual(latest, [
          { fund: "IVV", asOf: "2026-05-01", rows: ivv, sources: ["ishares", "manual"] },
          { fund: "IWM", asOf: "2026-05-05", rows: iwm, sources: ["ishares"] },
        ]);
        const earlier = await readLatestHoldings(t.store, "2026-05-04", texts);
        assert.deepEqual(earlier.map((x) => [x.fund, x.asOf, x.sources, x.rows.map((h) => [h.ticker, h.sector, h.shares])]), [
          ["IVV", "2026-05-01", ["ishares", "manual"], [["ODD", null, null], ["ODE", null, null]]],
          ["IWM", "2026-04-30", ["stooq"], [["OLD", "Energy", 1]]],
        ]);
        assert.deepEqual(await readLatestHoldings(t.store, "2000-01-01", texts), []);
      }
    } finally {
      other.close();
    }
  } finally {
    t.cleanup();
  }
});

test("readers: more connections to the same file, read side by side, closed after; inside a transaction the store itself", async () => {
  const t = await tempStore();
  try {
    await t.store.run(
      `insert into observations (series_id, date, value, source, import_id)
       select 'DGS10', date '2001-01-01' + i::integer, i, 'fred', 1 from range(10) t(i)`,
    );
    const [a, b] = await t.store.withReaders(2, async (readers, separate) => {
      assert.ok(separate);
      assert.equal(readers.length, 2);
      assert.ok(readers.every((r) => r !== t.store));
      return Promise.all(readers.map((r) => readObservationsOf(r, ["DGS10"])));
    });
    assert.deepEqual([a[0].values.length, b[0].values.length], [10, 10]);
    // The readers closed their connections only: the store still reads.
    assert.equal((await readObservationsOf(t.store, ["DGS10"]))[0].values.length, 10);
    await assert.rejects(t.store.withReaders(1, async ([r]) => r.rows("select * from no_such_table")), /no_such_table/);
    // Uncommitted rows are seen only by the transaction's own connection: readers are the store.
    await t.store.transaction(async () => {
      await t.store.run(`insert into observations (series_id, date, value, source, import_id) values ('DFF', date '2001-01-01', 1, 'fred', 1)`);
      const seen = await t.store.withReaders(1, async ([r], separate) => {
        assert.equal(r, t.store);
        assert.equal(separate, false);
        return readObservationsOf(r, ["DFF"]);
      });
      assert.equal(seen[0].values.length, 1);
    });
  } finally {
    t.cleanup();
  }
});

test("close releases the file at once: another process opens it even when the garbage collector has just run", async () => {
  // A prepared statement the collector frees keeps DuckDB's database (and its file lock) until
  // its finalizer runs on a later turn of the event loop; spawnSync blocks that turn. The store
  // destroys each statement itself, so nothing is left for a finalizer.
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const t = await tempStore();
  try {
    for (let i = 0; i < 50; i++) {
      await t.store.rows("select $1::integer as n", [i]);
      await t.store.scalar("select $1::integer", [i]);
      await t.store.typedColumns("select $1::integer", [i], ["int32"] as const);
      await t.store.run("select $1::integer", [i]);
    }
    gc();
    t.store.close();
    const child = spawnSync(
      process.execPath,
      ["-e", `require("@duckdb/node-api").DuckDBInstance.create(process.argv[1]).then(() => console.log("opened"), (e) => console.log(e.message.split("\\n")[0]))`, t.path],
      { encoding: "utf8", cwd: fileURLToPath(new URL("../../", import.meta.url)) },
    );
    assert.equal(child.stdout.trim(), "opened", child.stderr);
  } finally {
    t.cleanup();
  }
});
