import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { listImports, readBars, readHoldings, readObservations, type Store } from "../../src/store/index.ts";
import { runUpdate, type UpdateItem, type UpdateReport } from "../../src/services/update.ts";
import { tempStore } from "../helpers/store.ts";
import { FakeFred, FakeIshares, FakeYahoo, fixture, recordedRut, testConfig, walk } from "./market.ts";
import { ReplayServer } from "./server.ts";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const item = (r: UpdateReport, id: string): UpdateItem => {
  const found = r.items.find((i) => i.id === id);
  assert.ok(found, `no item ${id} in ${r.items.map((i) => i.id).join(", ")}`);
  return found;
};
const dates = (frame: { dates: Int32Array }) => [...frame.dates].map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
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
});
