// What keeps the demo market out of real data at the store layer: each file knows its kind,
// refuses rows of the other kind, and migration 3 strips demo rows from older user stores.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { Bar, SeriesMeta } from "../../src/model/index.ts";
import {
  commitStaged,
  demoStorePath,
  listImports,
  SOURCE_TABLES,
  stageBars,
  Store,
  StoreError,
  upsertSeries,
} from "../../src/store/index.ts";
import { MIGRATIONS } from "../../src/store/migrations.ts";
import { tempStore } from "../helpers/store.ts";

const BIN = new URL("../../bin/r2k.js", import.meta.url).pathname;

const bar = (symbol: string, date: string, close: number): Bar => ({ symbol, date, open: null, high: null, low: null, close, adjClose: null, volume: null });

async function countAll(store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of [...SOURCE_TABLES, "imports"]) out[t] = Number(await store.scalar(`select count(*) from ${t}`));
  return out;
}

async function writeBars(store: Store, source: { sourceKind: "file" | "demo"; dataSource: string }) {
  return store.transaction(async () => {
    await stageBars(store, [bar("XYZ", "2024-01-02", 10), bar("XYZ", "2024-01-03", 11)]);
    return commitStaged(store, { sourceKind: source.sourceKind, sourceRef: "t", format: "test", sha256: "c".repeat(64) }, ["bars"], {
      dataSource: source.dataSource,
      replace: false,
      skipped: 0,
    });
  });
}

test("demoStorePath: the demo store sits beside the user store, .demo before the extension", () => {
  assert.equal(demoStorePath("/home/u/.local/share/r2k/r2k.duckdb"), "/home/u/.local/share/r2k/r2k.demo.duckdb");
  assert.equal(demoStorePath("other.duckdb"), "other.demo.duckdb");
  assert.equal(demoStorePath("data/x.db"), "data/x.demo.db");
  assert.equal(demoStorePath("/tmp/store"), "/tmp/store.demo.duckdb");
  assert.equal(demoStorePath("/tmp/.store"), "/tmp/.store.demo.duckdb");
  assert.equal(demoStorePath(":memory:"), ":memory:");
});

test("a new file records its kind; opening it as the other kind is refused", async () => {
  const user = await tempStore();
  const demo = await tempStore({ kind: "demo" });
  try {
    assert.equal(user.store.kind, "user");
    assert.equal(demo.store.kind, "demo");
    assert.equal(await user.store.scalar(`select value from store_meta where key = 'kind'`), "user");
    assert.equal(await demo.store.scalar(`select value from store_meta where key = 'kind'`), "demo");
    user.store.close();
    demo.store.close();
    await assert.rejects(Store.open(user.path, { kind: "demo" }), {
      name: "StoreError",
      message: `the store ${user.path} holds your own data (a user store), not the synthetic demo market (a demo store)`,
    });
    await assert.rejects(Store.open(demo.path, { kind: "user" }), {
      name: "StoreError",
      message: `the store ${demo.path} holds the synthetic demo market (a demo store), not your own data (a user store)`,
    });
    // Without a kind, a file opens as what it is.
    const again = await Store.open(demo.path);
    assert.equal(again.kind, "demo");
    again.close();
  } finally {
    user.cleanup();
    demo.cleanup();
  }
});

test("the store guard: demo rows into a user store and real rows into a demo store are refused, nothing written", async () => {
  const user = await tempStore();
  const demo = await tempStore({ kind: "demo" });
  try {
    await assert.rejects(writeBars(user.store, { sourceKind: "demo", dataSource: "demo" }), (err: Error) => {
      assert.ok(err instanceof StoreError);
      assert.equal(
        err.message,
        `refusing to write synthetic demo rows into the store ${user.path}: it holds your own data; the demo market lives in its own file (r2k demo)`,
      );
      return true;
    });
    // A file import labelled demo, or a demo import labelled real, is refused as well.
    await assert.rejects(writeBars(user.store, { sourceKind: "file", dataSource: "demo" }), StoreError);
    await assert.rejects(writeBars(user.store, { sourceKind: "demo", dataSource: "file" }), /an import of kind "demo" cannot store rows with source "file"/);
    const demoMeta: SeriesMeta = { id: "XYZ", kind: "stock", name: "XYZ (synthetic demo)", currency: "USD", frequency: "daily", source: "demo" };
    await assert.rejects(user.store.transaction(() => upsertSeries(user.store, [demoMeta])), StoreError);
    assert.deepEqual(Object.values(await countAll(user.store)), SOURCE_TABLES.map(() => 0).concat(0), "nothing written");

    await assert.rejects(writeBars(demo.store, { sourceKind: "file", dataSource: "yahoo" }), (err: Error) => {
      assert.ok(err instanceof StoreError);
      assert.equal(
        err.message,
        `refusing to write rows with source "yahoo" into ${demo.path}: it is the synthetic demo store and holds only demo rows; import real data into your own store (without --demo)`,
      );
      return true;
    });
    await assert.rejects(demo.store.transaction(() => upsertSeries(demo.store, [{ ...demoMeta, source: "file" }])), StoreError);
    assert.deepEqual(Object.values(await countAll(demo.store)), SOURCE_TABLES.map(() => 0).concat(0), "nothing written");

    // The right kind of rows still go in.
    assert.equal((await writeBars(user.store, { sourceKind: "file", dataSource: "file" })).added, 2);
    assert.equal((await writeBars(demo.store, { sourceKind: "demo", dataSource: "demo" })).added, 2);
  } finally {
    user.cleanup();
    demo.cleanup();
  }
});

const REAL = "file";
const DEMO = "demo";

/**
 * A store as r2k wrote it at schema version 2, when the demo market went into the user's store:
 * real and demo rows side by side in every table that carries a source.
 */
async function writeV2Store(path: string): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const db = await instance.connect();
  try {
    await db.run(`create table schema_version (
      version integer primary key, description varchar, applied_at timestamp default current_timestamp)`);
    for (const m of MIGRATIONS.filter((x) => x.version <= 2)) {
      for (const sql of m.sql) await db.run(sql);
      await db.run(`insert into schema_version (version, description) values (${m.version}, 'v${m.version}')`);
    }
    const imp = (kind: string, ref: string, format: string) =>
      db.run(`insert into imports (source_kind, source_ref, format, sha256, rows_added, rows_updated, rows_skipped)
              values ('${kind}', '${ref}', '${format}', '${"d".repeat(64)}', 1, 0, 0)`);
    await imp("file", "/data/^RUT.csv", "yahoo"); // 1
    await imp("demo", "demo:seed=42;end=2024-01-05;v=1", "demo"); // 2
    await imp("url", "https://example.test/IWM.csv", "ishares"); // 3
    await db.run(`insert into bars (symbol, date, close, source, import_id) values
      ('^RUT', '2024-01-02', 2000.5, '${REAL}', 1), ('^RUT', '2024-01-03', 1990.25, '${REAL}', 1),
      ('^GSPC', '2024-01-02', 4700, '${DEMO}', 2), ('^GSPC', '2024-01-03', 4690, '${DEMO}', 2), ('AAA', '2024-01-02', 10, '${DEMO}', 2)`);
    await db.run(`insert into observations (series_id, date, value, source, import_id) values
      ('DGS10', '2024-01-02', 3.95, 'fred', 1), ('DFF', '2024-01-02', 5.33, '${DEMO}', 2)`);
    await db.run(`insert into fund_snapshots (fund, as_of, fund_name, shares_outstanding, source, import_id) values
      ('IWM', '2024-01-05', 'iShares Russell 2000 ETF', 1e8, 'ishares', 3), ('IVV', '2024-01-05', 'demo IVV', 1e8, '${DEMO}', 2)`);
    const holding = (table: string, fund: string, ticker: string, cls: string, source: string, imp: number) =>
      db.run(`insert into ${table} (fund, as_of, ticker, name, sector, asset_class, market_value, weight, shares, price, source, import_id)
              values ('${fund}', '2024-01-05', '${ticker}', '${ticker} INC', 'Industrials', '${cls}', 100, 0.5, 10, 10, '${source}', ${imp})`);
    await holding("holdings", "IWM", "REAL1", "equity", "ishares", 3);
    await holding("holdings", "IVV", "FAKE1", "equity", DEMO, 2);
    await holding("holdings", "IVV", "FAKE2", "equity", DEMO, 2);
    await holding("fund_other_rows", "IWM", "USD", "cash", "ishares", 3);
    await holding("fund_other_rows", "IVV", "USD", "cash", DEMO, 2);
    await db.run(`insert into securities (universe, as_of, id, ticker, name, country, shares_outstanding, float_shares, price, earnings, source, import_id) values
      ('mine', '2024-01-05', 'R1', 'REAL1', 'REAL1 INC', 'US', 1e6, 9e5, 10, 1e5, '${REAL}', 1),
      ('demo', '2024-01-05', 'D1', 'REAL1', 'FAKE CO', 'US', 1e6, 9e5, 10, 3e5, '${DEMO}', 2)`);
    await db.run(`insert into series (id, kind, name, currency, frequency, source) values
      ('^RUT', 'index', 'Russell 2000', 'USD', 'daily', 'yahoo'), ('DGS10', 'macro', '10-year', null, 'daily', 'fred'),
      ('^GSPC', 'index', 'S&P 500 (synthetic demo)', 'USD', 'daily', '${DEMO}'), ('AAA', 'stock', 'AAA (synthetic demo)', 'USD', 'daily', '${DEMO}'),
      ('DFF', 'macro', 'Fed funds (synthetic demo)', null, 'daily', '${DEMO}')`);
    await db.run(`insert into corporate_actions (symbol, date, kind, amount, source, import_id) values
      ('^RUT', '2024-01-03', 'dividend', 0.5, '${REAL}', 1), ('AAA', '2024-01-03', 'dividend', 0.1, '${DEMO}', 2)`);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

const json = (r: unknown) => JSON.stringify(r, (_, v) => (typeof v === "bigint" ? Number(v) : v));

/** Every row of every table carrying a source, as sorted JSON lines (what "untouched" compares). */
async function dump(store: Store, where: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of SOURCE_TABLES) out[t] = (await store.rows(`select * from ${t} where ${where}`)).map(json).sort();
  return out;
}

test("migration 3 removes every demo row of an older user store in one go, touches no real row, and runs once", async () => {
  const dir = mkdtempSync(join(tmpdir(), "r2k-test-"));
  const path = join(dir, "r2k.duckdb");
  try {
    await writeV2Store(path);
    // The real rows as the old file holds them, read with the current code's queries.
    const raw = await DuckDBInstance.create(path);
    const conn = await raw.connect();
    const realBefore: Record<string, string[]> = {};
    for (const t of SOURCE_TABLES) {
      const rows = (await conn.runAndReadAll(`select * from ${t} where source <> 'demo'`)).getRowObjectsJS();
      realBefore[t] = rows.map(json).sort();
    }
    conn.closeSync();
    raw.closeSync();

    const store = await Store.open(path);
    try {
      assert.equal(store.kind, "user");
      assert.equal(await store.schemaVersion(), MIGRATIONS[MIGRATIONS.length - 1].version);
      assert.deepEqual(store.demoRowsRemoved, {
        tables: {
          bars: 3,
          observations: 1,
          holdings: 2,
          fund_other_rows: 1,
          securities: 1,
          series: 3,
          corporate_actions: 1,
          fund_snapshots: 1,
        },
        imports: 1,
        total: 13,
      });
      assert.deepEqual(await dump(store, "source = 'demo'"), Object.fromEntries(SOURCE_TABLES.map((t) => [t, []])));
      assert.deepEqual(await dump(store, "true"), realBefore, "every real row is exactly as it was");
      assert.equal(realBefore.bars.length, 2);
      assert.deepEqual(
        (await listImports(store)).map((i) => [i.id, i.sourceKind]),
        [
          [3, "url"],
          [1, "file"],
        ],
      );
      // The store is a user store like any other now: demo rows stay out.
      await assert.rejects(writeBars(store, { sourceKind: "demo", dataSource: "demo" }), StoreError);
    } finally {
      store.close();
    }
    const again = await Store.open(path);
    assert.equal(again.demoRowsRemoved, null, "said once: the next open migrates nothing");
    again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an older store is never migrated when opened as the demo store: refused first, its rows left as they were", async () => {
  const dir = mkdtempSync(join(tmpdir(), "r2k-test-"));
  const path = join(dir, "old.duckdb");
  try {
    await writeV2Store(path);
    await assert.rejects(Store.open(path, { kind: "demo" }), /holds your own data \(a user store\), not the synthetic demo market/);
    const raw = await DuckDBInstance.create(path);
    const conn = await raw.connect();
    const demoRows = Number((await conn.runAndReadAll(`select count(*) from bars where source = 'demo'`)).getRows()[0][0]);
    const version = Number((await conn.runAndReadAll(`select max(version) from schema_version`)).getRows()[0][0]);
    conn.closeSync();
    raw.closeSync();
    assert.deepEqual([demoRows, version], [3, 2]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the command that opens an older store says once what the migration removed", async () => {
  const dir = mkdtempSync(join(tmpdir(), "r2k-test-"));
  const path = join(dir, "r2k.duckdb");
  try {
    await writeV2Store(path);
    const run = () => spawnSync(process.execPath, [BIN, "--db", path, "status"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    const first = run();
    assert.equal(first.status, 0, first.stderr);
    assert.equal(
      first.stderr,
      `r2k: upgraded ${path}: removed 13 synthetic demo rows (bars 3, observations 1, holdings 2, fund other rows 1, securities 1, series 3, ` +
        `corporate actions 1, fund snapshots 1) and 1 demo import record(s); your real data was not touched. ` +
        `The demo market now lives in its own file: \`r2k demo\` regenerates it in ${join(dir, "r2k.demo.duckdb")}.\n`,
    );
    assert.doesNotMatch(first.stdout, /SYNTHETIC|demo/);
    assert.match(first.stdout, /\^RUT\s+index\s+Russell 2000\s+2\s/);
    const second = run();
    assert.equal(second.status, 0, second.stderr);
    assert.equal(second.stderr, "");
    assert.equal(existsSync(join(dir, "r2k.demo.duckdb")), false, "no demo store is made on the user's behalf");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
