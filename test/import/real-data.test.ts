import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { importFile, importPaths } from "../../src/services/import.ts";
import { listSeries, listHoldingSnapshots, readBars } from "../../src/store/index.ts";
import { tempStore } from "../helpers/store.ts";
import { realDataSkip, realFile } from "../helpers/real-data.ts";

/** Rows, first and last date of every file, as the real-data folder's README lists them. */
const EXPECTED_SERIES: Record<string, [rows: number, first: string, last: string]> = {
  "^RUT": [9297, "1987-09-10", "2024-08-02"],
  "^GSPC": [8741, "1990-01-02", "2024-09-12"],
  "^IXIC": [13336, "1971-02-05", "2023-12-21"],
  IWM: [6112, "2000-05-26", "2024-09-12"],
  SPY: [7962, "1993-01-29", "2024-09-12"],
  QQQ: [6420, "1999-03-10", "2024-09-12"],
  KRE: [4487, "2006-06-22", "2024-04-19"],
  // FRED: README rows minus the empty (missing) values it lists, which are not stored.
  FEDFUNDS: [861, "1954-07-01", "2026-03-01"],
  DFF: [9526, "2000-01-01", "2026-01-29"],
  DGS10: [16694 - 713, "1962-01-02", "2025-12-26"],
  DGS2: [12934 - 545, "1976-06-01", "2025-12-26"],
  T10Y2Y: [13049 - 549, "1976-06-01", "2026-06-05"],
  BAMLH0A0HYM2: [7064 - 81, "1999-01-04", "2025-09-25"],
  UNRATE: [939 - 1, "1948-01-01", "2026-03-01"],
  CPIAUCSL: [951 - 1, "1947-01-01", "2026-03-01"],
  USREC: [2056, "1854-12-01", "2026-03-01"],
};

/** Equity rows per holdings file (README: rows (equity)). */
const EXPECTED_HOLDINGS: Record<string, number> = {
  "IWM 2026-05-05": 1924,
  "IWM 2026-04-10": 1936,
  "IWV 2025-05-02": 2656,
  "IWB 2026-07-17": 1024,
  "IVV 2025-05-08": 503,
};

test("importing every file of prices, fred and holdings matches the data README", { skip: realDataSkip }, async () => {
  const t = await tempStore();
  try {
    const dirs = ["prices", "fred", "holdings"].map((d) => realFile(d));
    const results = await importPaths(t.store, dirs);
    for (const r of results) assert.equal(r.status, "imported", `${r.file}: ${r.error?.message ?? ""}`);
    const formats = Object.fromEntries(results.map((r) => [r.file.split("/").pop(), r.format]));
    assert.equal(formats["^RUT.csv"], "yahoo");
    assert.equal(formats["KRE.csv"], "eodhd");
    assert.equal(formats["T10Y2Y.csv"], "fred");
    assert.equal(formats["IWB_holdings_2026-07-17.csv"], "ishares");

    const stored = Object.fromEntries((await listSeries(t.store)).map((s) => [s.id, s]));
    for (const [id, [rows, first, last]] of Object.entries(EXPECTED_SERIES)) {
      assert.ok(stored[id], `${id} stored`);
      assert.deepEqual([stored[id].rows, stored[id].first, stored[id].last], [rows, first, last], id);
    }
    assert.equal(stored["^RUT"].kind, "index");
    assert.equal(stored.DFF.kind, "macro");

    const snaps = Object.fromEntries((await listHoldingSnapshots(t.store)).map((s) => [`${s.fund} ${s.asOf}`, s.constituents]));
    assert.deepEqual(snaps, EXPECTED_HOLDINGS);
    const other = await t.store.rows<{ n: bigint }>(
      `select count(*) as n from fund_other_rows where fund = 'IWM' and as_of = '2026-05-05'`,
    );
    assert.equal(Number(other[0].n), 5, "cash, money market, collateral and futures rows kept apart");

    // Spot values straight from the files.
    const rut = await readBars(t.store, "^RUT", { from: "1990-01-02", to: "1990-01-02" });
    assert.equal(rut.close[0], 169.9499969482422); // the file's float32-style decimals
    const iwm = await readBars(t.store, "IWM", { to: "2000-05-26" });
    assert.ok(Math.abs(iwm.adjClose[0] - 33.31) < 0.01 && Math.abs(iwm.close[0] - 45.72) < 0.01);

    // Every stored row traces to its import.
    const orphans = await t.store.scalar(
      `select count(*) from bars where import_id not in (select id from imports)`,
    );
    assert.equal(Number(orphans), 0);

    // Re-importing the same files changes nothing and says so.
    const again = await importPaths(t.store, dirs);
    for (const r of again) {
      assert.equal(r.status, "unchanged", r.file);
      assert.equal(r.added + r.updated, 0, r.file);
      assert.ok(r.previousImports.length >= 1, r.file);
    }
  } finally {
    t.cleanup();
  }
});

test("RUT_ext.csv --symbol ^RUT merges over ^RUT.csv; a conflicting value is reported; --replace accepts it", { skip: realDataSkip }, async () => {
  const t = await tempStore();
  try {
    const rut = await importFile(t.store, realFile("prices/^RUT.csv"));
    assert.equal(rut.added, 9297);
    const ext = await importFile(t.store, realFile("extra/RUT_ext.csv"), { symbol: "^RUT" });
    assert.equal(ext.format, "yfinance");
    assert.equal(ext.status, "imported");
    assert.equal(ext.unchanged, 9297, "identical overlapping closes change nothing");
    assert.equal(ext.updated, 0);
    assert.equal(ext.added, 9686 - 9297, "later dates are added");
    const bars = await readBars(t.store, "^RUT", { from: "2024-08-02" });
    assert.equal(bars.dates.length, 9686 - 9297 + 1);
    // Adjusted closes from ^RUT.csv survive the file without an Adj Close column.
    const early = await readBars(t.store, "^RUT", { to: "1987-09-10" });
    assert.equal(early.adjClose[0], early.close[0]);

    // A copy with one changed close on an existing date.
    const text = readFileSync(realFile("extra/RUT_ext.csv"), "utf8");
    const changed = text.replace(/^2008-10-10,([\d.]+),/m, (_m, c) => `2008-10-10,${Number(c) + 5},`);
    assert.notEqual(changed, text);
    const path = join(t.dir, "RUT_changed.csv");
    writeFileSync(path, changed);
    const before = await readBars(t.store, "^RUT", { from: "2008-10-10", to: "2008-10-10" });
    const rejected = await importFile(t.store, path, { symbol: "^RUT" });
    assert.equal(rejected.status, "rejected");
    assert.equal(rejected.error?.kind, "conflict");
    assert.match(rejected.error?.message ?? "", /1 row\(s\) differ/);
    assert.match(rejected.error?.message ?? "", /2008-10-10 close/);
    const same = await readBars(t.store, "^RUT", { from: "2008-10-10", to: "2008-10-10" });
    assert.equal(same.close[0], before.close[0]);
    const replaced = await importFile(t.store, path, { symbol: "^RUT", replace: true });
    assert.equal(replaced.updated, 1);
    const after = await readBars(t.store, "^RUT", { from: "2008-10-10", to: "2008-10-10" });
    assert.ok(Math.abs(after.close[0] - (before.close[0] + 5)) < 1e-9);
  } finally {
    t.cleanup();
  }
});

test("extra FRED copies merge into the main series: identical overlaps unchanged, new dates added", { skip: realDataSkip }, async () => {
  const t = await tempStore();
  try {
    await importFile(t.store, realFile("fred/DFF.csv"));
    const dff = await importFile(t.store, realFile("extra/DFF_2021-2026.csv"));
    assert.deepEqual([dff.unchanged, dff.added, dff.updated], [1638, 1827 - 1638, 0]);
    await importFile(t.store, realFile("fred/BAMLH0A0HYM2.csv"));
    const hy = await importFile(t.store, realFile("extra/BAMLH0A0HYM2_1996-2023.csv"));
    assert.equal(hy.unchanged, 6418);
    assert.equal(hy.skipped, 86, "'.' values are missing, not stored");
    assert.equal(hy.firstDate, "1996-12-31");
  } finally {
    t.cleanup();
  }
});

test("other layouts: m/d/yy dates with null rows and CRLF, Stooq names, close-only files, generic mapping", async () => {
  const t = await tempStore();
  const good = new URL("../fixtures/good/", import.meta.url).pathname;
  try {
    const yahoo = await importFile(t.store, join(good, "XYZ (1).csv"));
    assert.equal(yahoo.status, "imported", yahoo.error?.message);
    assert.deepEqual(yahoo.series, ["XYZ"]);
    assert.deepEqual([yahoo.added, yahoo.skipped, yahoo.firstDate, yahoo.lastDate], [2, 1, "1987-09-10", "1987-09-14"]);

    const stooq = await importFile(t.store, join(good, "spy_us_d.csv"));
    assert.deepEqual([stooq.format, stooq.series[0], stooq.added], ["stooq", "SPY", 2]);
    const spy = await readBars(t.store, "SPY");
    assert.ok(Number.isNaN(spy.adjClose[0]), "no adjusted close in a Stooq file");

    const closeOnly = await importFile(t.store, join(good, "CLOSEONLY.csv"));
    assert.deepEqual([closeOnly.format, closeOnly.added, closeOnly.skipped], ["bars", 2, 1], "identical repeated row kept once");

    const generic = await importFile(t.store, join(good, "generic.csv"), {
      format: "generic",
      map: { date: "Day", close: "Last Price" },
      symbol: "ABC",
    });
    assert.deepEqual([generic.added, generic.firstDate], [2, "2024-01-02"], generic.error?.message);
    const rate = await importFile(t.store, join(good, "generic.csv"), {
      format: "generic",
      map: { date: "Day", value: "Rate" },
      symbol: "MYRATE",
    });
    assert.deepEqual([rate.added, rate.skipped], [1, 1], rate.error?.message);
    const badMap = await importFile(t.store, join(good, "generic.csv"), { format: "generic", map: { date: "Day", close: "Nope" } });
    assert.match(badMap.error?.message ?? "", /no such column/);

    // Two series in one FRED-style file, one row repeated: the repeat is kept once per series.
    const two = await importFile(t.store, join(good, "fred-two-series-repeat.csv"));
    assert.deepEqual([two.format, two.series, two.added, two.skipped], ["fred", ["MACROA", "MACROB"], 3, 3], two.error?.message);

    const long = await importFile(t.store, join(good, "long-format.csv"));
    assert.deepEqual([long.format, long.series, long.added], ["yahoo", ["AAA", "BBB"], 3], long.error?.message);
    const described = (await listSeries(t.store)).filter((x) => x.id === "AAA" || x.id === "BBB");
    assert.deepEqual(described.map((x) => [x.id, x.kind, x.rows]), [["AAA", "stock", 2], ["BBB", "stock", 1]]);

    // A copy named without a symbol needs --symbol.
    const noname = join(t.dir, "my prices.csv");
    copyFileSync(join(good, "spy_us_d.csv"), noname);
    assert.match((await importFile(t.store, noname)).error?.message ?? "", /--symbol/);
  } finally {
    t.cleanup();
  }
});
