import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { after, before, beforeEach, describe, test } from "node:test";
import { commitStaged, findProblems, listImports, readBars, readCorporateActions, readHoldings, readObservations, stageBars, type Store } from "../../src/store/index.ts";
import {
  isOnline,
  offlineMessage,
  parseInterval,
  readState,
  runUpdate,
  startRefreshLoop,
  type UpdateItem,
  type UpdateReport,
} from "../../src/services/update.ts";
import { httpPolicy } from "../../src/config/index.ts";
import { HttpClient } from "../../src/sources/live/http.ts";
import { tempStore } from "../helpers/store.ts";
import { TestClock } from "./clock.ts";
import { FakeFred, FakeIshares, FakeYahoo, fixture, recordedRut, testConfig, walk } from "./market.ts";
import { closedPort, ReplayServer } from "./server.ts";

const BIN = new URL("../../bin/r2k.js", import.meta.url).pathname;
const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const item = (r: UpdateReport, id: string): UpdateItem => {
  const found = r.items.find((i) => i.id === id);
  assert.ok(found, `no item ${id} in ${r.items.map((i) => i.id).join(", ")}`);
  return found;
};
const dates = (frame: { dates: Int32Array }) => [...frame.dates].map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
/** The chart answer a fake Yahoo gives for a symbol's whole history (call before scripting the symbol). */
function chartBodyFor(yahoo: FakeYahoo, symbol: string): string {
  return yahoo.answer(new URL(`http://x/v8/finance/chart/${symbol}?period1=-2208988800&period2=${Math.floor(Date.now() / 1000)}`)).body as string;
}
const count = async (store: Store, sql: string, params: string[] = []) => Number(await store.scalar(sql, params));

describe("r2k update against a local replay server", () => {
  let server: ReplayServer;
  let yahoo: FakeYahoo;
  let fred: FakeFred;
  let ishares: FakeIshares;

  before(async () => {
    server = await new ReplayServer().start();
    yahoo = new FakeYahoo().install(server);
    fred = new FakeFred().install(server);
    ishares = new FakeIshares().install(server);
  });
  after(async () => server.close());
  beforeEach(() => {
    yahoo.reset();
    fred.reset();
    ishares.reset();
    server.log.length = 0;
  });

  test("first run: full history of each source, canonical rows with URL provenance", async () => {
    const t = await tempStore();
    try {
      yahoo.series.set("^RUT", { bars: recordedRut(), instrumentType: "INDEX", name: "Russell 2000" });
      fred.csv.set("DFF", fixture("fred/DFF.csv"));
      fred.csv.set("BAMLH0A0HYM2", fixture("fred/BAMLH0A0HYM2.csv"));
      ishares.files.set("IWM", fixture("ishares/IWM_holdings.csv"));
      const config = testConfig(server.base, { symbols: ["^RUT"], fred: ["DFF", "BAMLH0A0HYM2"], funds: ["IWM"] });
      const report = await runUpdate(t.store, { config });
      assert.deepEqual(
        report.items.map((i) => [i.id, i.status]).sort(),
        [["BAMLH0A0HYM2", "updated"], ["DFF", "updated"], ["IWM", "updated"], ["^RUT", "updated"]],
        JSON.stringify(report.items, null, 1),
      );
      assert.equal(report.offline, false);
      // Every import record matches the rows that carry it (the last one is checked exactly).
      assert.deepEqual(await findProblems(t.store), []);

      // Yahoo: session-open timestamps become New York trading dates; the all-null row is skipped,
      // the row with a null open keeps its close.
      const rut = await readBars(t.store, "^RUT");
      assert.deepEqual(dates(rut), ["2024-11-21", "2024-11-22", "2024-11-25", "2024-11-27", "2024-11-29"]);
      assert.equal(rut.close[0], 2330.12);
      assert.ok(Number.isNaN(rut.open[3]), "null open stays empty");
      assert.equal(rut.close[3], 2425.34);
      assert.deepEqual(rut.sources, ["yahoo"]);

      // The chart request: first run asks for the whole history.
      const req = server.requests("/v8/finance/chart/^RUT")[0];
      assert.ok(Number(req.url.searchParams.get("period1")) < 0, "period1 before 1970 for the full history");
      assert.equal(req.url.searchParams.get("interval"), "1d");

      // FRED: both header styles, "." and empty are missing values.
      const dff = await readObservations(t.store, "DFF");
      assert.equal(dff.dates.length, 8);
      assert.ok(!dates(dff).includes("2024-11-27"));
      const hy = await readObservations(t.store, "BAMLH0A0HYM2");
      assert.deepEqual(dates(hy), ["2024-11-18", "2024-11-19", "2024-11-20", "2024-11-22", "2024-11-25"]);

      // iShares: equities stored per fund and as-of date; cash and futures kept apart.
      const iwm = await readHoldings(t.store, "IWM");
      assert.equal(iwm.length, 13);
      assert.equal(iwm[0].asOf, "2024-11-29");
      assert.equal(await count(t.store, `select count(*) from fund_other_rows where fund = 'IWM'`), 3);

      // Provenance: one import per item, kind "url", the URL asked, the sha256 of the body.
      const imports = await listImports(t.store);
      assert.equal(imports.length, 4);
      for (const i of imports) assert.equal(i.sourceKind, "url");
      const rutImport = imports.find((i) => i.format === "yahoo-chart");
      assert.ok(rutImport?.sourceRef.startsWith(`${server.base}/v8/finance/chart/^RUT?`), rutImport?.sourceRef);
      const dffImport = imports.find((i) => i.sourceRef.includes("id=DFF"));
      assert.equal(dffImport?.format, "fred-csv");
      assert.equal(dffImport?.sha256, sha(fixture("fred/DFF.csv")));
      const iwmImport = imports.find((i) => i.format === "ishares-holdings");
      assert.equal(iwmImport?.sha256, sha(fixture("ishares/IWM_holdings.csv")));
      assert.equal(await count(t.store, `select count(*) from fund_snapshots where fund = 'IWM'`), 1);
      assert.equal(await count(t.store, `select count(*) from series where id = '^RUT' and kind = 'index'`), 1);

      // Second run: only the overlap window is asked for; nothing changed.
      server.log.length = 0;
      const again = await runUpdate(t.store, { config });
      assert.deepEqual(again.items.map((i) => i.status), ["unchanged", "unchanged", "unchanged", "unchanged"], JSON.stringify(again.items, null, 1));
      const p1 = Number(server.requests("/v8/finance/chart/^RUT")[0].url.searchParams.get("period1"));
      assert.equal(new Date(p1 * 1000).toISOString().slice(0, 10), "2024-11-19", "last stored date minus 10 days");
      const cosd = server.requests("/graph/fredgraph.csv").map((r) => [r.url.searchParams.get("id"), r.url.searchParams.get("cosd")]);
      assert.deepEqual(cosd.sort(), [["BAMLH0A0HYM2", "2024-11-15"], ["DFF", "2024-11-18"]]);
      assert.equal(await count(t.store, `select count(*) from bars`), 5);

      // A new bar arrives: one row added, the import covers only the window.
      yahoo.series.get("^RUT")?.bars.push({ date: "2024-12-02", open: 2440, high: 2450.5, low: 2430.2, close: 2446.8, adjclose: 2446.8, volume: 4e9 });
      const third = await runUpdate(t.store, { config: { ...config, fred: [], funds: [] } });
      assert.equal(item(third, "^RUT").status, "updated");
      assert.equal(item(third, "^RUT").added, 1);
      assert.equal((await readBars(t.store, "^RUT")).dates.length, 6);
    } finally {
      t.cleanup();
    }
  });

  test("failures are reported, not stored, and do not stop the others", async () => {
    const t = await tempStore();
    try {
      yahoo.series.set("GOOD", { bars: walk("2024-10-01", 20, 50, 3), instrumentType: "EQUITY", name: "Good Co" });
      const jump = walk("2024-10-01", 20, 2000, 4);
      jump[12] = { ...jump[12], open: jump[11].close, high: (jump[11].close ?? 0) * 1.91, low: jump[11].close, close: (jump[11].close ?? 0) * 1.9 };
      yahoo.series.set("^JUMP", { bars: jump, instrumentType: "INDEX", name: "Jumpy index" });
      yahoo.script("BADREQ", { status: 400, body: fixture("yahoo/error-bad-request.json") });
      yahoo.script("HTMLY", { status: 200, headers: { "content-type": "text/html" }, body: fixture("html/blocked.html") });
      yahoo.script("ZZZZ", { status: 200, body: fixture("yahoo/chart-empty.json") });
      yahoo.script("ERR200", { status: 200, body: fixture("yahoo/error-not-found.json") });
      fred.csv.set("DGS2", fixture("fred/DFF.csv").replace("DFF", "DGS2"));
      fred.script("DGS2", { status: 200, headers: { "content-type": "text/html" }, body: fixture("html/blocked.html") });
      // Cut mid-row, no final newline (a dropped connection without Content-Length).
      const cut = fixture("fred/BAMLH0A0HYM2.csv").replace(/BAMLH0A0HYM2/, "DGS10");
      fred.script("DGS10", { status: 200, headers: { "content-type": "text/csv" }, body: cut.slice(0, cut.indexOf("2024-11-21") + 6) });
      fred.script("UNRATE", { status: 200, headers: { "content-type": "text/csv" }, body: "DATE,CPIAUCSL\n2024-10-01,315.5\n" });
      const iwm = fixture("ishares/IWM_holdings.csv");
      const table = iwm.indexOf("\n", iwm.indexOf("Ticker,"));
      ishares.script("IWM", { status: 200, headers: { "content-type": "text/csv" }, body: iwm.slice(0, iwm.indexOf("\n", table + 900)) + "\n" });
      ishares.script("IVV", { status: 200, headers: { "content-type": "text/html" }, body: fixture("html/blocked.html") });

      const config = testConfig(server.base, {
        symbols: ["GOOD", "NOPE", "BADREQ", "HTMLY", "ZZZZ", "ERR200", "^JUMP"],
        fred: ["DGS2", "DGS10", "UNRATE"],
        funds: ["IWM", "IVV"],
        http: { timeoutMs: 3000, retries: 1, backoffMs: 5, maxBackoffMs: 10, maxRetryAfterMs: 5000 },
      });
      const report = await runUpdate(t.store, { config });
      const expect: [string, string, RegExp][] = [
        ["NOPE", "not-found", /No data found, symbol may be delisted/],
        ["ERR200", "not-found", /No data found/],
        ["BADREQ", "invalid", /Data doesn't exist/],
        ["HTMLY", "invalid", /HTML page \("Access Denied"\)/],
        ["ZZZZ", "invalid", /empty range/],
        ["^JUMP", "implausible", /implausible value: \^JUMP close .* \+90\.0%/],
        ["DGS2", "invalid", /HTML page/],
        ["DGS10", "invalid", /truncated CSV/],
        ["UNRATE", "invalid", /holds CPIAUCSL, not UNRATE/],
        ["IWM", "invalid", /truncated/],
        ["IVV", "invalid", /HTML page/],
      ];
      for (const [id, kind, reason] of expect) {
        const i = item(report, id);
        assert.equal(i.status, "failed", id);
        assert.equal(i.errorKind, kind, `${id}: ${i.reason}`);
        assert.match(i.reason ?? "", reason, id);
      }
      assert.equal(item(report, "GOOD").status, "updated", item(report, "GOOD").reason);
      assert.equal(report.offline, false);
      // Only GOOD was written: one import, its 20 bars, nothing else.
      assert.equal(await count(t.store, `select count(*) from bars`), 20);
      assert.equal(await count(t.store, `select count(*) from bars where symbol <> 'GOOD'`), 0);
      assert.equal(await count(t.store, `select count(*) from observations`), 0);
      assert.equal(await count(t.store, `select count(*) from holdings`), 0);
      assert.equal((await listImports(t.store)).length, 1);
      // A body cut short is asked for again (retries: 1), an HTML page too; a 404 is not.
      assert.equal(server.requests("/v8/finance/chart/NOPE").length, 1);
      assert.equal(server.requests("/graph/fredgraph.csv").filter((r) => r.url.searchParams.get("id") === "DGS10").length, 2);

      // Stored data survives a failing source: GOOD answers with an HTML page now.
      yahoo.script("GOOD", { status: 200, headers: { "content-type": "text/html" }, body: fixture("html/blocked.html") });
      const again = await runUpdate(t.store, { config: { ...config, symbols: ["GOOD"], fred: [], funds: [] } });
      assert.equal(item(again, "GOOD").status, "failed");
      assert.equal(await count(t.store, `select count(*) from bars where symbol = 'GOOD'`), 20);
    } finally {
      t.cleanup();
    }
  });

  test("429 with Retry-After, 500 then success, a hung connection, a dropped body", async () => {
    const t = await tempStore();
    try {
      for (const [i, s] of ["BUSY", "FLAKY", "SLOW", "CUT"].entries()) {
        yahoo.series.set(s, { bars: walk("2024-10-01", 10, 20 + i, 10 + i), instrumentType: "EQUITY", name: s });
      }
      yahoo.script("BUSY", { status: 429, headers: { "content-type": "text/plain", "retry-after": "1" }, body: fixture("yahoo/too-many-requests.txt") }, "data");
      yahoo.script("FLAKY", { status: 500, headers: { "content-type": "text/plain" }, body: "Internal Server Error" }, "data");
      yahoo.script("SLOW", { hang: true });
      const body = chartBodyFor(yahoo, "CUT");
      yahoo.script("CUT", { status: 200, body, dropAfterBytes: Math.floor(body.length / 2) }, "data");
      const config = testConfig(server.base, {
        symbols: ["BUSY", "FLAKY", "SLOW", "CUT"],
        http: { timeoutMs: 700, retries: 2, backoffMs: 5, maxBackoffMs: 20, maxRetryAfterMs: 5000, rateLimitPauseMs: 10 },
      });
      // The client's waits run on a test clock (the 0.7 s timeouts stay real): what is asserted
      // is the wait asked for, never the time it took.
      const clock = new TestClock();
      const http = new HttpClient(httpPolicy(config), clock.deps(() => 0.5));
      const report = await runUpdate(t.store, { config, http });
      for (const s of ["BUSY", "FLAKY", "CUT"]) {
        assert.equal(item(report, s).status, "updated", `${s}: ${item(report, s).reason}`);
        assert.equal(await count(t.store, `select count(*) from bars where symbol = $1`, [s]), 10, s);
        assert.equal(server.requests(`/v8/finance/chart/${s}`).length, 2, s);
      }
      // Retry-After: 1 is waited as asked; the others back off by the policy (5 ms doubling,
      // equal jitter at 0.5: 2.5 + 1.25 -> 4 ms, then 5 + 2.5 -> 8 ms).
      assert.deepEqual(clock.retryWaits(/\/BUSY\?/), [1000]);
      assert.deepEqual(clock.retryWaits(/\/FLAKY\?/), [4]);
      assert.deepEqual(clock.retryWaits(/\/CUT\?/), [4]);
      assert.deepEqual(clock.retryWaits(/\/SLOW\?/), [4, 8]);
      const [first, second] = clock.requestTimes(/\/BUSY\?/);
      assert.ok(second - first >= 1000, `the second BUSY request came ${second - first} ms (test clock) after the first`);
      // Retries stay short: nothing waits longer than the Retry-After asked for.
      assert.ok(clock.waits.length > 0 && clock.waits.every((w) => w <= 1000), `waits: ${clock.waits.join(", ")}`);
      const slow = item(report, "SLOW");
      assert.equal(slow.errorKind, "timeout");
      assert.match(slow.reason ?? "", /no complete answer .* within 0\.7 s/);
      assert.equal(server.requests("/v8/finance/chart/SLOW").length, 3, "first try and two retries");
      assert.equal(await count(t.store, `select count(*) from bars where symbol = 'SLOW'`), 0);
    } finally {
      t.cleanup();
    }
  });

  test("a split in the range: the whole history is re-fetched and replaced, split-adjusted", async () => {
    const t = await tempStore();
    try {
      const bars = walk("2024-09-02", 40, 400, 21);
      yahoo.series.set("SPLT", { bars: bars.map((b) => ({ ...b })), instrumentType: "EQUITY", name: "Split Corp" });
      const config = testConfig(server.base, { symbols: ["SPLT"] });
      assert.equal(item(await runUpdate(t.store, { config }), "SPLT").added, 40);
      const before = await readBars(t.store, "SPLT");
      assert.ok(before.close[0] > 300);

      // A 4:1 split on the first new day: Yahoo now sends every earlier price divided by 4.
      const more = walk("2024-10-28", 5, (bars[39].close ?? 0) / 4, 22);
      const adjusted = [...bars.map((b) => ({ ...b, open: b.open! / 4, high: b.high! / 4, low: b.low! / 4, close: b.close! / 4, adjclose: b.close! / 4, volume: b.volume! * 4 })), ...more];
      yahoo.series.set("SPLT", {
        bars: adjusted,
        instrumentType: "EQUITY",
        name: "Split Corp",
        splits: [{ date: more[0].date, numerator: 4, denominator: 1 }],
      });
      server.log.length = 0;
      const report = await runUpdate(t.store, { config });
      const i = item(report, "SPLT");
      assert.equal(i.status, "updated", i.reason);
      assert.equal(i.added, 5);
      assert.equal(i.updated, 40);
      assert.ok(i.notes.some((n) => n.includes(`split 4:1 on ${more[0].date}`)), i.notes.join("; "));
      assert.ok(i.notes.some((n) => /whole history re-fetched/.test(n)), i.notes.join("; "));
      const periods = server.requests("/v8/finance/chart/SPLT").map((r) => Number(r.url.searchParams.get("period1")));
      assert.equal(periods.length, 2, "the window, then the whole history");
      assert.ok(periods[0] > 0 && periods[1] < 0);
      const after = await readBars(t.store, "SPLT");
      assert.equal(after.dates.length, 45);
      assert.ok(Math.abs(after.close[0] - before.close[0] / 4) < 1e-9, "old closes divided by 4");
      const imports = await listImports(t.store);
      assert.equal(imports[0].rowsUpdated, 40);
      // The split is stored with the re-fetched history, in the same import.
      assert.deepEqual(await readCorporateActions(t.store, "SPLT"), [
        { symbol: "SPLT", date: more[0].date, kind: "split", numerator: 4, denominator: 1, source: "yahoo" },
      ]);
      assert.equal(await count(t.store, `select count(*) from corporate_actions where import_id = ${imports[0].id}`), 1);
    } finally {
      t.cleanup();
    }
  });

  test("dividends and splits in the range are stored with exchange dates, once, in the bars' import", async () => {
    const t = await tempStore();
    try {
      const bars = walk("2024-09-02", 40, 80, 41);
      const split = bars[8].date;
      const div = bars[36].date;
      const early = bars[2].date;
      // The late dividend is stamped 20:00 New York, already the next day in UTC.
      const series = {
        bars,
        instrumentType: "ETF",
        name: "Dividend Fund",
        splits: [{ date: split, numerator: 3, denominator: 2 }],
        dividends: [
          { date: early, amount: 0.21 },
          { date: div, amount: 0.3478, afterOpen: 10.5 * 3600 },
        ],
      };
      yahoo.series.set("DIVY", series);
      const config = testConfig(server.base, { symbols: ["DIVY"] });
      const first = item(await runUpdate(t.store, { config }), "DIVY");
      assert.equal(first.status, "updated", first.reason);
      assert.equal(first.added, 40, "the item counts its bars");
      assert.ok(first.notes.some((n) => n === "dividends and splits: 3 stored"), first.notes.join("; "));
      const stored = await readCorporateActions(t.store, "DIVY");
      assert.deepEqual(stored, [
        { symbol: "DIVY", date: early, kind: "dividend", amount: 0.21, source: "yahoo" },
        { symbol: "DIVY", date: split, kind: "split", numerator: 3, denominator: 2, source: "yahoo" },
        { symbol: "DIVY", date: div, kind: "dividend", amount: 0.3478, source: "yahoo" },
      ]);
      assert.deepEqual(
        (await readCorporateActions(t.store, "DIVY", { from: split, to: div }, "dividend")).map((a) => a.date),
        [div],
        "range and kind filters",
      );
      // One import record for the bars and the events, counting both.
      const imports = await listImports(t.store);
      assert.equal(imports.length, 1);
      assert.equal(imports[0].rowsAdded, 43);
      assert.equal(first.importId, imports[0].id);
      assert.equal(await count(t.store, `select count(*) from corporate_actions where import_id = ${imports[0].id}`), 3);

      // Again: the overlap window holds the late dividend, which is unchanged; nothing new is stored.
      const again = item(await runUpdate(t.store, { config }), "DIVY");
      assert.equal(again.status, "unchanged", JSON.stringify(again));
      assert.deepEqual([again.added, again.updated], [0, 0]);
      assert.ok(!again.notes.some((n) => n.startsWith("dividends and splits")), again.notes.join("; "));
      assert.deepEqual(await readCorporateActions(t.store, "DIVY"), stored);
      assert.equal(await count(t.store, `select count(*) from corporate_actions`), 3);
      assert.equal(await count(t.store, `select count(*) from corporate_actions where import_id <> ${imports[0].id}`), 0);
      const second = (await listImports(t.store))[0];
      assert.deepEqual([second.rowsAdded, second.rowsUpdated], [0, 0]);

      // Yahoo revises its own dividend: taken, not a conflict.
      yahoo.series.set("DIVY", { ...series, dividends: [series.dividends[0], { ...series.dividends[1], amount: 0.35 }] });
      const revised = item(await runUpdate(t.store, { config }), "DIVY");
      assert.equal(revised.status, "updated", revised.reason);
      assert.ok(revised.notes.some((n) => n === "dividends and splits: 0 stored, 1 revised"), revised.notes.join("; "));
      assert.equal((await readCorporateActions(t.store, "DIVY", { from: div })).map((a) => (a.kind === "dividend" ? a.amount : null))[0], 0.35);
      assert.equal(await count(t.store, `select count(*) from corporate_actions`), 3);
    } finally {
      t.cleanup();
    }
  });

  test("stored rows of another origin that disagree: reported as a conflict unless replace", async () => {
    const t = await tempStore();
    try {
      const bars = walk("2024-10-01", 15, 60, 31);
      yahoo.series.set("KRX", { bars, instrumentType: "ETF", name: "Regional banks" });
      // The same symbol from another vendor's file, with different adjusted closes.
      await t.store.transaction(async () => {
        await stageBars(t.store, bars.slice(0, 12).map((b) => ({ symbol: "KRX", date: b.date, open: b.open, high: b.high, low: b.low, close: b.close!, adjClose: b.close! * 0.97, volume: b.volume })));
        await commitStaged(t.store, { sourceKind: "file", sourceRef: "/tmp/KRX.csv", format: "eodhd", sha256: "a".repeat(64) }, ["bars"], { dataSource: "eodhd", replace: false, skipped: 0 });
      });
      const config = testConfig(server.base, { symbols: ["KRX"] });
      const report = await runUpdate(t.store, { config });
      const i = item(report, "KRX");
      assert.equal(i.status, "failed");
      assert.equal(i.errorKind, "conflict");
      assert.match(i.reason ?? "", /stored row\(s\) of KRX from eodhd differ .* --replace/);
      assert.equal(await count(t.store, `select count(*) from bars where symbol = 'KRX'`), 12);
      assert.equal(await count(t.store, `select count(*) from bars where source = 'yahoo'`), 0);

      const replaced = await runUpdate(t.store, { config, replace: true });
      assert.equal(item(replaced, "KRX").status, "updated");
      assert.equal(await count(t.store, `select count(*) from bars where symbol = 'KRX' and source = 'yahoo'`), 15);
    } finally {
      t.cleanup();
    }
  });

  test("one or two changed rows in the overlap: Yahoo's own are revised in place, another origin's need --replace", async () => {
    const t = await tempStore();
    try {
      const bars = walk("2024-10-01", 20, 70, 51);
      yahoo.series.set("REVS", { bars: bars.map((b) => ({ ...b })), instrumentType: "EQUITY", name: "Revised Co" });
      const config = testConfig(server.base, { symbols: ["REVS"] });
      assert.equal(item(await runUpdate(t.store, { config }), "REVS").added, 20);

      // Yahoo corrects one close in the window (no split, no dividend): that row is revised, only the window asked for.
      const old = bars[17].close;
      const fixed = Math.round((old ?? 0) * 1.01 * 100) / 100;
      yahoo.series.get("REVS")!.bars[17] = { ...bars[17], close: fixed, adjclose: fixed };
      server.log.length = 0;
      const revised = item(await runUpdate(t.store, { config }), "REVS");
      assert.equal(revised.status, "updated", revised.reason);
      assert.deepEqual([revised.added, revised.updated], [0, 1]);
      assert.deepEqual(revised.notes, [`1 revised row(s) taken from Yahoo (${bars[17].date} close: stored ${old}, Yahoo ${fixed})`]);
      assert.equal(server.requests("/v8/finance/chart/REVS").length, 1, "no re-fetch of the history");
      assert.equal((await readBars(t.store, "REVS")).close[17], fixed);

      // Three changed rows without a split or dividend: Yahoo re-based its history; all of it is taken again.
      const rebased = yahoo.series.get("REVS")!.bars;
      for (const i of [15, 16, 18]) rebased[i] = { ...rebased[i], close: rebased[i].close! + 1, adjclose: rebased[i].close! + 1 };
      server.log.length = 0;
      const refetched = item(await runUpdate(t.store, { config }), "REVS");
      assert.equal(refetched.status, "updated", refetched.reason);
      assert.deepEqual([refetched.added, refetched.updated], [0, 3]);
      assert.deepEqual(refetched.notes, [
        `3 stored row(s) differ from Yahoo's (${bars[15].date} close: stored ${bars[15].close}, Yahoo ${rebased[15].close}): whole history re-fetched and replaced`,
      ]);
      assert.equal(server.requests("/v8/finance/chart/REVS").length, 2, "the window, then the whole history");

      // Another vendor's file disagrees on one adjusted close: a conflict, nothing written; --replace takes Yahoo's.
      const other = walk("2024-10-01", 12, 30, 52);
      yahoo.series.set("FRGN", { bars: other, instrumentType: "EQUITY", name: "Foreign Co" });
      await t.store.transaction(async () => {
        await stageBars(t.store, other.map((b, i) => ({ symbol: "FRGN", date: b.date, open: b.open, high: b.high, low: b.low, close: b.close!, adjClose: i === 9 ? 29 : b.close!, volume: b.volume })));
        await commitStaged(t.store, { sourceKind: "file", sourceRef: "/tmp/FRGN.csv", format: "eodhd", sha256: "b".repeat(64) }, ["bars"], { dataSource: "eodhd", replace: false, skipped: 0 });
      });
      const clash = item(await runUpdate(t.store, { config: { ...config, symbols: ["FRGN"] } }), "FRGN");
      assert.equal(clash.status, "failed");
      assert.equal(clash.errorKind, "conflict");
      assert.equal(
        clash.reason,
        `1 stored row(s) of FRGN from eodhd differ from the source (${other[9].date} adjusted close: stored 29, Yahoo ${other[9].close}); nothing written (\`r2k update --replace\` takes the source's values)`,
      );
      const taken = item(await runUpdate(t.store, { config: { ...config, symbols: ["FRGN"] }, replace: true }), "FRGN");
      assert.equal(taken.status, "updated", taken.reason);
      assert.deepEqual([taken.added, taken.updated], [0, 1]);
      assert.deepEqual(taken.notes, [`1 revised row(s) taken from Yahoo (${other[9].date} adjusted close: stored 29, Yahoo ${other[9].close})`]);
    } finally {
      t.cleanup();
    }
  });

  test("no stored row in the window to compare: the join with the last stored close must be believable", async () => {
    const t = await tempStore();
    try {
      // Stored: a file up to 2024-09-13. Yahoo's answer starts on 2024-09-16, so nothing overlaps.
      const early = walk("2024-09-02", 10, 100, 61);
      await t.store.transaction(async () => {
        await stageBars(t.store, early.map((b) => ({ symbol: "GAPS", date: b.date, open: b.open, high: b.high, low: b.low, close: b.close!, adjClose: b.close!, volume: b.volume })));
        await commitStaged(t.store, { sourceKind: "file", sourceRef: "/tmp/GAPS.csv", format: "eodhd", sha256: "c".repeat(64) }, ["bars"], { dataSource: "eodhd", replace: false, skipped: 0 });
      });
      const config = testConfig(server.base, { symbols: ["GAPS"] });
      const late = walk("2024-09-16", 5, 300, 62);
      yahoo.series.set("GAPS", { bars: late, instrumentType: "ETF", name: "Gap Fund" });
      const jump = item(await runUpdate(t.store, { config }), "GAPS");
      assert.equal(jump.status, "failed");
      assert.equal(jump.errorKind, "implausible");
      const pct = ((late[0].close! / early[9].close! - 1) * 100).toFixed(1);
      assert.equal(jump.reason, `implausible value: GAPS close ${late[0].close} on ${late[0].date} is +${pct}% from ${early[9].close} on ${early[9].date} (limit ±50% a day); nothing stored`);
      assert.equal(await count(t.store, `select count(*) from bars where symbol = 'GAPS'`), 10);

      const near = walk("2024-09-16", 5, early[9].close!, 63);
      yahoo.series.set("GAPS", { bars: near, instrumentType: "ETF", name: "Gap Fund" });
      const joined = item(await runUpdate(t.store, { config }), "GAPS");
      assert.equal(joined.status, "updated", joined.reason);
      assert.deepEqual([joined.added, joined.updated, joined.firstDate, joined.lastDate], [5, 0, near[0].date, near[4].date]);
      assert.deepEqual(joined.notes, []);
    } finally {
      t.cleanup();
    }
  });

  test("FRED API with FRED_API_KEY: stored through the API, the key nowhere in the store or the report", async () => {
    const t = await tempStore();
    const key = "0123456789abcdef0123456789abcdef";
    try {
      fred.apiKey = key;
      fred.api.set("DGS10", JSON.parse(fixture("fred/api-DGS10.json")).observations);
      const config = testConfig(server.base, { fred: ["DGS10", "NOSUCH"] });
      const report = await runUpdate(t.store, { config, env: { FRED_API_KEY: key } });
      assert.equal(report.usedFredApi, true);
      assert.equal(item(report, "DGS10").status, "updated", item(report, "DGS10").reason);
      assert.equal(item(report, "NOSUCH").errorKind, "not-found");
      const dgs10 = await readObservations(t.store, "DGS10");
      assert.deepEqual(dates(dgs10), ["2024-11-22", "2024-11-25", "2024-11-26", "2024-11-27"]);
      const imports = await listImports(t.store);
      assert.equal(imports[0].format, "fred-api");
      assert.match(imports[0].sourceRef, /\/fred\/series\/observations\?series_id=DGS10&file_type=json/);
      assert.ok(!imports[0].sourceRef.includes("api_key"), imports[0].sourceRef);
      // The API was really asked with the key.
      assert.equal(server.requests("/fred/series/observations")[0].url.searchParams.get("api_key"), key);

      // A wrong key: the server's error echoes what it got; r2k shows it masked.
      const wrong = "ffffffffffffffffffffffffffffffff";
      const bad = await runUpdate(t.store, { config, env: { FRED_API_KEY: wrong } });
      assert.equal(item(bad, "DGS10").status, "failed");
      assert.match(item(bad, "DGS10").reason ?? "", /api_key is not registered/);
      for (const text of [JSON.stringify(report), JSON.stringify(bad), JSON.stringify(await listImports(t.store))]) {
        assert.ok(!text.includes(key) && !text.includes(wrong), "no key in reports or provenance");
      }
    } finally {
      fred.apiKey = "";
      t.cleanup();
    }
  });

  test("--constituents: an interrupted run resumes where it stopped", async () => {
    const t = await tempStore();
    try {
      ishares.files.set("IWM", fixture("ishares/IWM_holdings.csv"));
      const config = testConfig(server.base, { funds: ["IWM"], constituents: { fund: "IWM", concurrency: 2, minIntervalMs: 0 } });
      assert.equal(item(await runUpdate(t.store, { config, only: "holdings" }), "IWM").status, "updated");
      const tickers = ["ALPN", "BRVX", "CDRL", "DLTA-B", "ELMS", "FRGE", "GLDN", "HVST", "IRIS", "JUNO", "KSTL", "LMNR"];
      tickers.forEach((s, i) => yahoo.series.set(s, { bars: walk("2024-10-01", 8, 10 + i, 40 + i), instrumentType: "EQUITY", name: s }));
      // One symbol fails the first time (a 404), and works on the rerun.
      yahoo.script("BRVX", { status: 404, body: fixture("yahoo/error-not-found.json") }, "data");

      // Stopped after the 5th symbol, once BRVX's 404 is in: with two symbols in flight, the other
      // worker may finish several before BRVX's answer arrives.
      const controller = new AbortController();
      let seen = 0;
      let failedSeen = false;
      const first = await runUpdate(t.store, {
        config,
        only: "holdings",
        constituents: true,
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type !== "item" || e.item.source !== "constituents") return;
          seen++;
          failedSeen ||= e.item.id === "BRVX";
          if (seen >= 5 && failedSeen && !controller.signal.aborted) controller.abort();
        },
      });
      assert.equal(first.interrupted, true);
      const progress = first.constituents;
      assert.ok(progress);
      assert.equal(progress.total, 12);
      assert.equal(progress.complete, false);
      assert.equal(progress.fund, "IWM");
      assert.equal(progress.asOf, "2024-11-29");
      const read = readState(progress.statePath);
      assert.ok(read && !("unreadable" in read), JSON.stringify(read));
      const state = read;
      assert.ok(state.done.length >= 4 && state.done.length < 12, JSON.stringify(state));
      assert.ok(state.failed.BRVX, "the 404 is recorded as failed");
      assert.ok(!state.done.includes("BRVX"));
      const storedFirst = (await t.store.rows<{ symbol: string }>(`select distinct symbol from bars order by 1`)).map((r) => r.symbol);
      assert.deepEqual(storedFirst, [...state.done].sort(), "each finished symbol is stored and recorded");

      server.log.length = 0;
      const second = await runUpdate(t.store, { config, only: "holdings", constituents: true });
      assert.equal(second.constituents?.resumed, true);
      assert.equal(second.constituents?.complete, true);
      const asked = server.requests(/^\/v8\/finance\/chart\//).map((r) => r.path.split("/").pop());
      assert.deepEqual([...asked].sort(), tickers.filter((x) => !state.done.includes(x)).sort(), "only the unfinished symbols are fetched again");
      assert.equal(await count(t.store, `select count(distinct symbol) from bars`), 12);
      assert.equal(await count(t.store, `select count(*) from bars where symbol = 'DLTA-B'`), 8, "class shares: DLTA.B is Yahoo's DLTA-B");
      const done = readState(progress.statePath);
      assert.ok(done && !("unreadable" in done) && done.completedAt);
      assert.deepEqual(done.failed, {});

      // A resume file that is not one is reported and the run starts over.
      writeFileSync(progress.statePath, "{ not json");
      assert.match((readState(progress.statePath) as { unreadable: string }).unreadable, /is not valid JSON/);

      // A complete run is not resumed: the next --constituents starts over (incrementally).
      server.log.length = 0;
      const third = await runUpdate(t.store, { config, only: "holdings", constituents: true });
      assert.equal(third.constituents?.resumed, false);
      assert.equal(server.requests(/^\/v8\/finance\/chart\//).length, 12);
      assert.ok(third.items.filter((i) => i.source === "constituents").every((i) => i.status === "unchanged"));
    } finally {
      t.cleanup();
    }
  });

  test("--constituents of two funds: each symbol asked once, both holdings dates in the progress", async () => {
    const t = await tempStore();
    try {
      ishares.files.set("IWM", fixture("ishares/IWM_holdings.csv"));
      // A large-cap fund sharing eleven names and holding one of its own.
      ishares.files.set("IWB", fixture("ishares/IWM_holdings.csv").replace("iShares Russell 2000 ETF", "iShares Russell 1000 ETF").replace('"ELMS",', '"BIGC",'));
      const config = testConfig(server.base, { funds: ["IWM", "IWB"], constituents: { fund: ["IWM", "iwb"], concurrency: 2, minIntervalMs: 0 } });
      await runUpdate(t.store, { config, only: "holdings" });
      const tickers = ["ALPN", "BIGC", "BRVX", "CDRL", "DLTA-B", "ELMS", "FRGE", "GLDN", "HVST", "IRIS", "JUNO", "KSTL", "LMNR"];
      tickers.forEach((s, i) => yahoo.series.set(s, { bars: walk("2024-10-01", 8, 10 + i, 40 + i), instrumentType: "EQUITY", name: s }));
      server.log.length = 0;
      const run = await runUpdate(t.store, { config, only: "holdings", constituents: true });
      assert.deepEqual(
        [run.constituents?.fund, run.constituents?.asOf, run.constituents?.total, run.constituents?.complete],
        ["IWM, IWB", "IWM 2024-11-29, IWB 2024-11-29", 13, true],
      );
      const asked = server.requests(/^\/v8\/finance\/chart\//).map((r) => r.path.split("/").pop());
      assert.deepEqual([...asked].sort(), tickers);
      assert.equal(await count(t.store, `select count(distinct symbol) from bars`), 13);
    } finally {
      t.cleanup();
    }
  });

  test("--constituents: share classes iShares writes without the dot are asked as Yahoo spells them; a 429 storm stops the run, the next resumes", async () => {
    const t = await tempStore();
    try {
      // The fixture with four classes: MOGA and BRKB (table), GTNA (the name's class, after a 404), ZETA (Yahoo knows it as it is).
      const holdings = fixture("ishares/IWM_holdings.csv")
        .replace('"ALPN","ALPINE NORTH TECHNOLOGIES INC"', '"MOGA","MOOG INC CLASS A"')
        .replace('"BRVX","BRAVEX THERAPEUTICS INC"', '"BRKB","BERKSHIRE HATHAWAY INC CLASS B"')
        .replace('"CDRL","CEDAR RIDGE LOGISTICS CORP"', '"GTNA","GRAY MEDIA INC CLASS A"')
        .replace('"ELMS",', '"ZETA",')
        .replace(/"ELMS[^"]*INC"/, '"ZETA GLOBAL HOLDINGS CORP CLASS A"');
      ishares.files.set("IWM", holdings);
      const base = testConfig(server.base, { funds: ["IWM"], constituents: { fund: "IWM", concurrency: 1, minIntervalMs: 0 } });
      const config = { ...base, http: { ...base.http, maxConsecutive429: 3 } };
      assert.equal(item(await runUpdate(t.store, { config, only: "holdings" }), "IWM").status, "updated");
      const tickers = ["BRK-B", "DLTA-B", "FRGE", "GLDN", "GTN-A", "HVST", "IRIS", "JUNO", "KSTL", "LMNR", "MOG-A", "ZETA"];
      tickers.forEach((s, i) => yahoo.series.set(s, { bars: walk("2024-10-01", 8, 10 + i, 40 + i), instrumentType: "EQUITY", name: s }));
      // Yahoo rate-limits from HVST on (symbols go in order), without Retry-After.
      for (const s of tickers.slice(5)) yahoo.script(s, { status: 429, headers: { "content-type": "text/plain" }, body: "Too Many Requests" });
      const notes: string[] = [];
      const first = await runUpdate(t.store, { config, only: "holdings", constituents: true, onEvent: (e) => e.type === "note" && notes.push(e.message) });
      const progress = first.constituents;
      assert.ok(progress);
      assert.equal(progress.stoppedByRateLimit, true);
      assert.equal(progress.complete, false);
      assert.match(notes.join("\n"), /Yahoo kept answering 429 Too Many Requests: stopped with 7 symbols left; `r2k update --constituents` later resumes with them/);
      const asked = server.requests(/^\/v8\/finance\/chart\//).map((r) => r.path.split("/").pop());
      // No request for BRKB as iShares writes it; GTNA first, then GTN-A; then HVST three times:
      // three 429s in a row stop the run, and nothing more is asked.
      assert.deepEqual(asked, ["BRK-B", "DLTA-B", "FRGE", "GLDN", "GTNA", "GTN-A", "HVST", "HVST", "HVST"]);
      const gtn = item(first, "GTN-A");
      assert.match(gtn.notes.join(" "), /iShares ticker GTNA: Yahoo lists it as GTN-A/);
      const stored = (await t.store.rows<{ symbol: string }>(`select distinct symbol from bars order by 1`)).map((r) => r.symbol);
      assert.deepEqual(stored, ["BRK-B", "DLTA-B", "FRGE", "GLDN", "GTN-A"]);
      const state = readState(progress.statePath);
      assert.ok(state && !("unreadable" in state));
      assert.deepEqual(Object.keys(state.failed), [], "symbols stopped by the rate limit are not failures: the next run takes them");

      // Yahoo answers again: the next run resumes with the eight left.
      yahoo.reset();
      tickers.forEach((s, i) => yahoo.series.set(s, { bars: walk("2024-10-01", 8, 10 + i, 40 + i), instrumentType: "EQUITY", name: s }));
      server.log.length = 0;
      const second = await runUpdate(t.store, { config, only: "holdings", constituents: true });
      assert.equal(second.constituents?.resumed, true);
      assert.equal(second.constituents?.complete, true);
      // MOGA straight as MOG-A (table); ZETA, a Class A Yahoo knows as it is, never as ZET-A.
      assert.deepEqual(
        server.requests(/^\/v8\/finance\/chart\//).map((r) => r.path.split("/").pop()),
        ["HVST", "IRIS", "JUNO", "KSTL", "LMNR", "MOG-A", "ZETA"],
      );
      assert.equal(await count(t.store, `select count(distinct symbol) from bars`), 12);
    } finally {
      t.cleanup();
    }
  });

  test("the configured User-Agent reaches Yahoo through the package, and iShares and FRED", async () => {
    const t = await tempStore();
    try {
      yahoo.series.set("^RUT", { bars: recordedRut(), instrumentType: "INDEX", name: "Russell 2000" });
      fred.csv.set("DFF", fixture("fred/DFF.csv"));
      ishares.files.set("IWM", fixture("ishares/IWM_holdings.csv"));
      const base = testConfig(server.base, { symbols: ["^RUT"], fred: ["DFF"], funds: ["IWM"] });
      const config = { ...base, http: { ...base.http, userAgent: "r2k-replay/1.0 (owner@example.com)" } };
      const report = await runUpdate(t.store, { config });
      assert.ok(report.items.every((i) => i.status === "updated"), JSON.stringify(report.items));
      const agents = new Set(server.log.map((l) => l.headers["user-agent"]));
      assert.deepEqual([...agents], ["r2k-replay/1.0 (owner@example.com)"]);
    } finally {
      t.cleanup();
    }
  });

  test("iShares: a bot-check page on the first route takes the fallback route; both failing says how to get the file by hand", async () => {
    const t = await tempStore();
    try {
      // No file on the first route: it answers 200 with an HTML page, as the real site does.
      ishares.fallbackFiles.set("IWM", fixture("ishares/IWM_holdings.csv"));
      const config = testConfig(server.base, { funds: ["IWM", "IVV"] });
      const report = await runUpdate(t.store, { config, only: "holdings" });
      const iwm = item(report, "IWM");
      assert.equal(iwm.status, "updated", iwm.reason);
      assert.match(iwm.url ?? "", /\/fallback\/239710\/IWM\.csv$/);
      assert.equal(await count(t.store, `select count(*) from holdings where fund = 'IWM'`) > 0, true);
      const ivv = item(report, "IVV");
      assert.equal(ivv.status, "failed");
      assert.match(ivv.reason ?? "", /not an iShares holdings CSV|HTML/);
      assert.match(ivv.reason ?? "", /the fallback route failed too: HTTP 404/);
      assert.match(ivv.reason ?? "", /save the holdings CSV from the fund's page in a browser \(https:\/\/www\.ishares\.com\/us\/products\/239726\/ishares-core-sp-500-etf.*and run `r2k import` on it/);
    } finally {
      t.cleanup();
    }
  });

  test("FRED's keyless download failing suggests FRED_API_KEY; with a key set it does not", async () => {
    const t = await tempStore();
    try {
      const config = testConfig(server.base, { fred: ["NOSUCH"] });
      const report = await runUpdate(t.store, { config, env: {} });
      const failed = item(report, "NOSUCH");
      assert.equal(failed.status, "failed");
      assert.match(failed.reason ?? "", /FRED's keyless download failed; a free API key in FRED_API_KEY makes r2k use FRED's API instead/);
      const withKey = item(await runUpdate(t.store, { config, env: { FRED_API_KEY: "abcdef0123456789abcdef0123456789" } }), "NOSUCH");
      assert.equal(withKey.status, "failed");
      assert.doesNotMatch(withKey.reason ?? "", /FRED_API_KEY/);
    } finally {
      t.cleanup();
    }
  });

  test("offline: every host refuses; reported as offline, stored data kept", async () => {
    const t = await tempStore();
    try {
      yahoo.series.set("^RUT", { bars: recordedRut(), instrumentType: "INDEX", name: "Russell 2000" });
      await runUpdate(t.store, { config: testConfig(server.base, { symbols: ["^RUT"] }) });
      const dead = `http://127.0.0.1:${await closedPort()}`;
      const config = testConfig(dead, { symbols: ["^RUT", "IWM", "SPY"], fred: ["DFF", "DGS10"], funds: ["IWM", "IVV"] });
      const clock = new TestClock();
      const http = new HttpClient(httpPolicy(config), clock.deps(() => 0.5));
      const report = await runUpdate(t.store, { config, http });
      // Items fetched at the same time may each try twice (one quick retry after 4 ms); once the
      // host is known to be down, nothing is asked for again and nothing waits.
      const byUrl = new Map<string, number>();
      for (const e of clock.events) if (e.type === "request") byUrl.set(e.url, (byUrl.get(e.url) ?? 0) + 1);
      assert.ok([...byUrl.values()].every((n) => n <= 2), JSON.stringify([...byUrl]));
      assert.ok(clock.waits.every((w) => w === 4), `waits: ${clock.waits.join(", ")}`);
      const [requests, waits] = [http.requests, clock.waits.length];
      const again = await runUpdate(t.store, { config, http });
      assert.ok(again.items.every((i) => i.errorKind === "offline"));
      assert.deepEqual([http.requests, clock.waits.length], [requests, waits], "fails fast once the host is known to be down");
      assert.equal(report.offline, true);
      assert.equal(report.items.length, 7);
      assert.ok(report.items.every((i) => i.errorKind === "offline"), JSON.stringify(report.items.map((i) => i.reason)));
      assert.match(report.items[0].reason ?? "", /connection refused/);
      assert.equal(report.storedUpTo, "2024-11-29");
      assert.equal(offlineMessage(report.storedUpTo), "no network: keeping the data stored up to 2024-11-29");
      assert.equal(await count(t.store, `select count(*) from bars`), 5);
      assert.equal(await isOnline({ config, timeoutMs: 500 }), false);
      assert.equal(await isOnline({ config: testConfig(server.base), timeoutMs: 500 }), true);
    } finally {
      t.cleanup();
    }
  });

  test("r2k serve --refresh runs with the configuration file, as r2k update does; an invalid one is exit 3 before serving", async () => {
    const t = await tempStore();
    t.store.close();
    const dir = t.dir;
    try {
      yahoo.series.set("^RUT", { bars: recordedRut(), instrumentType: "INDEX", name: "Russell 2000" });
      const good = join(dir, "r2k.config.json");
      writeFileSync(good, JSON.stringify(testConfig(server.base, { symbols: ["^RUT"] })));
      const child = spawn(process.execPath, [BIN, "--db", t.path, "serve", "--port", "0", "--refresh", "6h", "--config", good], {
        env: { ...process.env, NO_COLOR: "1" },
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (d) => (out += d));
      const refreshed = new Promise<void>((resolve) =>
        child.stderr.on("data", (d) => {
          err += d;
          if (/refresh: /.test(err)) resolve();
        }),
      );
      await Promise.race([refreshed, new Promise((_, reject) => setTimeout(() => reject(new Error(`no refresh: ${out} ${err}`)), 60_000))]);
      child.kill("SIGTERM");
      await new Promise((resolve) => child.on("exit", resolve));
      assert.match(out, new RegExp(`refreshing stored data every 6h \\(configuration ${good.replace(/[.^$()[\]\\/]/g, "\\$&")}\\)`));
      assert.match(err, /refresh: updated \d\d:\d\d E[SD]T \(\d{4}-\d\d-\d\d\), 1 item, 1 changed, none failed/);
      // Only what the file names was asked for: not the built-in set (^GSPC, FRED series, funds).
      assert.deepEqual([...new Set(server.log.map((l) => l.path))], ["/v8/finance/chart/^RUT"]);

      const bad = join(dir, "bad.json");
      writeFileSync(bad, JSON.stringify({ symbols: "^RUT" }));
      const refused = spawnSync(process.execPath, [BIN, "--db", t.path, "serve", "--port", "0", "--refresh", "6h", "--config", bad], { encoding: "utf8" });
      assert.equal(refused.status, 3, refused.stderr);
      assert.match(refused.stderr, /bad\.json/);
      assert.doesNotMatch(refused.stdout, /r2k dashboard/);
    } finally {
      t.cleanup();
    }
  });

  test("the last update is recorded beside the store: r2k status and /api/health show it; serve runs the daily schedule and stops on SIGTERM", async () => {
    const t = await tempStore();
    t.store.close();
    try {
      yahoo.series.set("^RUT", { bars: recordedRut(), instrumentType: "INDEX", name: "Russell 2000" });
      const cfg = join(t.dir, "r2k.config.json");
      writeFileSync(cfg, JSON.stringify(testConfig(server.base, { symbols: ["^RUT"] })));
      const env = { ...process.env, NO_COLOR: "1" };
      // Not spawnSync: the replay server answers from this process's event loop.
      const run = (args: string[]) =>
        new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
          const c = spawn(process.execPath, [BIN, "--db", t.path, ...args], { env });
          let stdout = "";
          let stderr = "";
          c.stdout.on("data", (d) => (stdout += d));
          c.stderr.on("data", (d) => (stderr += d));
          c.on("exit", (status) => resolve({ status, stdout, stderr }));
        });
      const update = await run(["update", "--config", cfg]);
      assert.equal(update.status, 0, update.stderr);
      const status = await run(["status"]);
      assert.match(status.stdout, /^last update: updated \d\d:\d\d E[SD]T \(\d{4}-\d\d-\d\d\), 1 item, 1 changed, none failed$/m);

      const child = spawn(process.execPath, [BIN, "--db", t.path, "serve", "--port", "0", "--config", cfg], { env });
      let out = "";
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL: ${out}`)), 60_000);
        child.stdout.on("data", (d) => {
          out += d;
          const m = /r2k dashboard: (\S+)/.exec(out);
          if (m && /updating stored data daily/.test(out)) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
      });
      assert.match(out, /updating stored data daily at 18:05 on weekdays, America\/New_York \(up to 10 min later\); next \d{4}-\d\d-\d\dT\d\d:\d\d/);
      const health = (await (await fetch(`${url}api/health`)).json()) as { update: { plan: string | null; next: string | null; last: { text: string; items: number } | null } };
      assert.equal(health.update.plan, "daily at 18:05 on weekdays, America/New_York (up to 10 min later)");
      assert.ok(health.update.next && Date.parse(health.update.next) > Date.now());
      assert.equal(health.update.last?.items, 1);
      assert.match(health.update.last?.text ?? "", /^updated .*, 1 item, 1 changed, none failed$/);

      // While it serves, r2k update is handed to the server, which owns the store: same output
      // and exit code as without it, and the health endpoint shows the run at once.
      yahoo.series.set("^IXIC", { bars: recordedRut(), instrumentType: "INDEX", name: "Nasdaq Composite" });
      writeFileSync(cfg, JSON.stringify(testConfig(server.base, { symbols: ["^RUT", "^IXIC"] })));
      const beside = await run(["update", "--config", cfg]);
      assert.equal(beside.status, 0, beside.stderr);
      assert.match(beside.stdout, /^ prices +\^IXIC +updated +5 +0 /m);
      assert.match(beside.stdout, /1 updated, 1 unchanged, 0 failed/);
      const afterUpdate = (await (await fetch(`${url}api/health`)).json()) as { series: number; update: { last: { text: string } | null } };
      assert.equal(afterUpdate.series, 2, "the server reads what the handed-over update wrote");
      assert.match(afterUpdate.update.last?.text ?? "", /2 items, 1 changed, none failed$/);
      const offline = await run(["update", "--config", join(t.dir, "missing.json")]);
      assert.equal(offline.status, 3, "an error in the handed-over command is its exit code here");
      assert.match(offline.stderr, /^r2k: .*missing\.json/m);
      child.kill("SIGTERM");
      const code = await new Promise((resolve) => child.on("exit", (c) => resolve(c)));
      assert.equal(code, 0, "SIGTERM ends the server cleanly");

      // The scheduled run itself: the server's clock (R2K_NOW) two seconds before 18:05 New York
      // time on a Tuesday, no jitter: the update runs against the replay server with the file's
      // configuration, and the result reaches /api/health.
      yahoo.series.set("^GSPC", { bars: recordedRut(), instrumentType: "INDEX", name: "S&P 500" });
      writeFileSync(cfg, JSON.stringify({ ...testConfig(server.base, { symbols: ["^RUT", "^GSPC"] }), schedule: { jitterMinutes: 0 } }));
      server.log.length = 0;
      const scheduled = spawn(process.execPath, [BIN, "--db", t.path, "serve", "--port", "0", "--config", cfg], { env: { ...env, R2K_NOW: "2026-12-01T23:04:58Z" } });
      let log = "";
      let stdout = "";
      scheduled.stdout.on("data", (d) => (stdout += d));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no scheduled update: ${stdout} ${log}`)), 60_000);
        scheduled.stderr.on("data", (d) => {
          log += d;
          if (/scheduled update: /.test(log)) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      assert.match(stdout, /next 2026-12-01T23:05:00\.000Z/);
      assert.match(log, /scheduled update: updated 18:0\d EST \(2026-12-01\), 2 items, 1 changed, none failed/);
      assert.deepEqual([...new Set(server.log.map((l) => l.path))].sort(), ["/v8/finance/chart/^GSPC", "/v8/finance/chart/^RUT"]);
      const served = (await (await fetch(`${/r2k dashboard: (\S+)/.exec(stdout)?.[1]}api/health`)).json()) as { update: { last: { text: string } | null } };
      assert.match(served.update.last?.text ?? "", /2 items, 1 changed, none failed$/);
      scheduled.kill("SIGTERM");
      assert.equal(await new Promise((resolve) => scheduled.on("exit", (c) => resolve(c))), 0);
    } finally {
      t.cleanup();
    }
  });

  test("startRefreshLoop keeps a store current and stops cleanly", async () => {
    const t = await tempStore();
    try {
      yahoo.series.set("^RUT", { bars: recordedRut(), instrumentType: "INDEX", name: "Russell 2000" });
      const reports: UpdateReport[] = [];
      const loop = startRefreshLoop(t.store, parseInterval("6h"), {
        config: testConfig(server.base, { symbols: ["^RUT"] }),
        onReport: (r) => reports.push(r),
      });
      const first = await loop.runNow();
      assert.equal(first?.items[0].status, "updated");
      assert.equal((await loop.runNow())?.items[0].status, "unchanged");
      await loop.stop();
      assert.equal(reports.length, 2);
      assert.equal(loop.lastReport?.items[0].status, "unchanged");
      assert.equal(parseInterval("30m"), 1_800_000);
      assert.throws(() => parseInterval("soon"), /not an interval/);
    } finally {
      t.cleanup();
    }
  });
});
