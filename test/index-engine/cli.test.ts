import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { reconstitute } from "../../src/core/index-engine/index.ts";
import type { Bar, Holding } from "../../src/model/index.ts";
import { commitStaged, readBars, stageBars, stageHoldings, stageSecurities } from "../../src/store/index.ts";
import { Store } from "../../src/store/index.ts";
import { tempStore } from "../helpers/store.ts";
import { realDataSkip, realFile } from "../helpers/real-data.ts";
import { sec } from "./helpers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const FIX = new URL("./fixtures/", import.meta.url).pathname;

function r2k(args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [`${ROOT}bin/r2k.js`, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** A stored demo universe on two dates (1,200 companies) and demo closes of the R2000 names. */
async function seedDemo(store: Store): Promise<string[]> {
  const make = (bump: number) =>
    Array.from({ length: 1200 }, (_, i) =>
      sec(`D${String(i).padStart(4, "0")}`, (1200 - i + (i % 7 === 0 ? bump : 0)) * 5e7, { floatFraction: 0.8 }),
    );
  const source = (ref: string) => ({ sourceKind: "demo" as const, sourceRef: ref, format: "demo", sha256: "0".repeat(64) });
  await store.transaction(async () => {
    await stageSecurities(store, "demo", "2024-04-30", make(40));
    await stageSecurities(store, "demo", "2025-04-30", make(0));
    await commitStaged(store, source("demo universe"), ["securities"], { dataSource: "demo", replace: false, skipped: 0 });
  });
  const r2000 = reconstitute(make(0)).indexes.r2000.constituents.map((c) => c.ticker);
  const bars: Bar[] = [];
  const days = ["2025-05-01", "2025-05-02", "2025-05-05", "2025-05-06"];
  for (const t of r2000) {
    for (let d = 0; d < days.length; d++) {
      bars.push({ symbol: t, date: days[d], open: null, high: null, low: null, close: 10 * (1 + 0.01 * d), adjClose: null, volume: null });
    }
  }
  await store.transaction(async () => {
    await stageBars(store, bars);
    await commitStaged(store, { ...source("demo prices"), sha256: "1".repeat(64) }, ["bars"], {
      dataSource: "demo",
      replace: false,
      skipped: 0,
    });
  });
  return r2000;
}

describe("r2k recon and r2k index build", () => {
  let demoDb = "";
  let cleanup = () => {};
  let r2000: string[] = [];
  before(async () => {
    const t = await tempStore({ kind: "demo" });
    r2000 = await seedDemo(t.store);
    t.store.close();
    demoDb = t.path;
    cleanup = t.cleanup;
  });
  after(() => cleanup());

  test("recon on a universe file: table, json, csv", () => {
    const table = r2k(["recon", "--universe", FIX + "universe-small.csv"]);
    assert.equal(table.code, 0, table.err);
    assert.match(table.out, /eligible companies\s+5/);
    assert.match(table.out, /by rank alone/);
    assert.match(table.out, /fewer than 1,000/);
    const json = JSON.parse(r2k(["recon", "--universe", FIX + "universe-small.csv", "--format", "json"]).out);
    assert.equal(json.universe.eligibleCompanies, 5);
    assert.equal(json.indexes.r1000.companies, 5);
    assert.equal(json.rules.minPrice, 1);
    const csv = r2k(["recon", "--universe", FIX + "universe-small.csv", "--previous", FIX + "members.csv", "--format", "csv"]);
    assert.equal(csv.code, 0, csv.err);
    const lines = csv.out.trim().split("\n");
    assert.equal(lines[0].split(",")[0], "rank");
    assert.equal(lines.length, 6);
    assert.match(lines[2], /^2,BBB,BBB,Beta Inc,.*,2000,1000,1000,.*,up$/);
  });

  test("recon rejects a bad universe with exit 3 and the file line", () => {
    const r = r2k(["recon", "--universe", FIX + "bad-duplicate-ticker.csv"]);
    assert.equal(r.code, 3);
    assert.match(r.err, /bad-duplicate-ticker.csv:4 \(field "ticker"\): duplicate ticker "A"/);
    const u = r2k(["recon", "--universe", FIX + "universe-small.csv", "--rank-date", "2024-13-01"]);
    assert.equal(u.code, 2);
  });

  test("recon --universe demo without a stored demo: exit 5 and a hint", async () => {
    const t = await tempStore();
    t.store.close();
    const r = r2k(["--db", t.path, "recon", "--universe", "demo"]);
    t.cleanup();
    assert.equal(r.code, 5);
    assert.match(r.err, /r2k demo/);
  });

  test("recon on the stored demo universe with the earlier one as previous membership", () => {
    const r = r2k(["--db", demoDb, "recon", "--universe", "demo", "--previous", "demo", "--format", "json"]);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.demo, true);
    assert.equal(j.rankDate, "2025-04-30");
    assert.deepEqual(j.previous, ["demo universe of 2024-04-30, ranked"]);
    assert.equal(j.banding, true);
    assert.equal(j.universe.eligibleCompanies, 1200);
    assert.ok(j.changes.r2000);
    const t = r2k(["--db", demoDb, "recon", "--universe", "demo:2024-04-30"]);
    assert.equal(t.code, 0, t.err);
    assert.match(t.out, /SYNTHETIC DEMO DATA/);
  });

  test("previous membership from stored holdings: stored:IWM, and demo's own IWM when no earlier universe", async () => {
    const t = await tempStore({ kind: "demo" });
    const universe = Array.from({ length: 1100 }, (_, i) => sec(`H${i}`, (1100 - i) * 1e8));
    const iwm: Holding[] = universe.slice(990, 1100).map((s) => ({
      fund: "IWM",
      asOf: "2025-04-30",
      ticker: s.ticker,
      name: s.name,
      sector: s.sector,
      assetClass: "equity",
      marketValue: 1000,
      weight: 0.001,
      shares: 10,
      price: 100,
      location: "United States",
      exchange: "NASDAQ",
      currency: "USD",
    }));
    const src = { sourceKind: "demo" as const, sourceRef: "demo", format: "demo", sha256: "2".repeat(64) };
    await t.store.transaction(async () => {
      await stageSecurities(t.store, "demo", "2025-05-01", universe);
      await stageHoldings(t.store, iwm);
      await commitStaged(t.store, src, ["securities", "holdings", "fundOther"], { dataSource: "demo", replace: false, skipped: 0 });
    });
    t.store.close();
    try {
      for (const prev of ["demo", "stored:IWM"]) {
        const r = r2k(["--db", t.path, "recon", "--universe", "demo", "--previous", prev, "--format", "json"]);
        assert.equal(r.code, 0, r.err);
        const j = JSON.parse(r.out);
        assert.deepEqual(j.previous, ["stored IWM holdings of 2025-04-30"]);
        assert.equal(j.changes.r2000.priorCount, 110);
        // IWM alone says nothing about the Russell 1000 (or the whole R3000).
        assert.equal(j.changes.r1000, null);
        assert.equal(j.changes.r3000, null);
        assert.match(j.warnings.join(" "), /no Russell 1000 members/);
        // H990..H999 were in the R2000 and rank 991..1000 now: inside the band they stay.
        assert.equal(j.changes.migrations.up.length, 0);
        assert.equal(j.indexes.r1000.companies, 990);
      }
      assert.equal(r2k(["--db", t.path, "recon", "--universe", "demo", "--previous", "stored:IVV"]).code, 2);
      const none = r2k(["--db", t.path, "recon", "--universe", "demo", "--previous", "stored:IWB"]);
      assert.equal(none.code, 5);
      assert.match(none.err, /no IWB holdings stored/);
    } finally {
      t.cleanup();
    }
  });

  test("index build from stored demo prices is stored as an index series, idempotently", async () => {
    const r = r2k(["--db", demoDb, "index", "build", "--universe", "demo", "--prices", "store", "--json"]);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.constituents, r2000.length);
    assert.equal(j.priced, r2000.length);
    assert.equal(j.first.level, 100);
    assert.ok(Math.abs(j.last.level - 103) < 1e-9); // every close +3% by the last day
    assert.equal(j.store.added, 4);
    const again = JSON.parse(r2k(["--db", demoDb, "index", "build", "--universe", "demo", "--prices", "store", "--json"]).out);
    assert.equal(again.store.added, 0);
    assert.equal(again.store.unchanged, 4);
    const store = await Store.open(demoDb);
    try {
      const bars = await readBars(store, "R2K-BUILT");
      assert.equal(bars.close.length, 4);
      assert.deepEqual(bars.sources, ["demo"]);
      const kind = await store.scalar(`select kind from series where id = 'R2K-BUILT'`);
      assert.equal(kind, "index");
    } finally {
      store.close();
    }
  });

  test("index build from files: price and total return levels by hand", async () => {
    const t = await tempStore();
    t.store.close();
    const r = r2k([
      "--db",
      t.path,
      "index",
      "build",
      "--universe",
      FIX + "universe-small.csv",
      "--prices",
      FIX + "prices.csv",
      "--index",
      "r1000",
      "--symbol",
      "TEST-IDX",
      "--json",
    ]);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    // Members AAA (iwf 0.9), BBB, CCC (iwf 0.5, priced from the last day), DDD, FFF (no prices).
    assert.deepEqual(j.unpriced.sort(), ["DDD", "FFF"]);
    assert.equal(j.addedLater, 1);
    // Day 0: 320 x 0.9e9 + 200e9 = 488e9 -> 100. Day 2: 330 x 0.9e9 + 200e9 = 497e9.
    assert.ok(Math.abs(j.last.level - (100 * 497) / 488) < 1e-9);
    // TR: day 1 adds BBB's 1.5 dividend: 100 x (487 + 1.5) / 488, then x 497 / 487.
    assert.ok(Math.abs(j.last.total - ((100 * 488.5) / 488) * (497 / 487)) < 1e-9);
    const store = await Store.open(t.path);
    try {
      const bars = await readBars(store, "TEST-IDX");
      assert.deepEqual(Array.from(bars.dates).length, 3);
      assert.deepEqual(bars.sources, ["index-engine"]);
    } finally {
      store.close();
      t.cleanup();
    }
  });

  test("recon on a holdings file: fund dollars shown as ranks and shares, share classes, a later membership refused", () => {
    const iwv = FIX + "ishares-iwv-mini_2025-05-02.csv";
    const r = r2k(["recon", "--universe", iwv, "--previous", FIX + "members_2025-04-30.csv"]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Reconstitution preview: ishares-iwv-mini_2025-05-02\.csv \(IWV holdings of 2025-05-02\)/);
    assert.match(r.out, /rank date 2025-05-02, inside the June 2025 reconstitution \(rank day 2025-04-30/);
    assert.match(r.out, /share classes ranked as one company \(2\): AAA\+AAB, GGG\+GGH/);
    assert.match(r.out, /Russell 1000\s+7\s+9\s+1-7\s+100\.00%/);
    assert.ok(!r.out.includes("$"), r.out);
    const csv = r2k(["recon", "--universe", iwv, "--format", "csv"]).out.trim().split("\n");
    assert.equal(csv[0], "rank,company_id,ticker,name,total_cap,float_cap,cap_share,cum_pct,prior,by_rank,index,in_band_1000,in_band_3000,r3000e,microcap,change");
    assert.match(csv[1], /^1,ALPHA,AAA,ALPHA CORP CLASS A,,,0\.28571429,28\.571429,/);
    const json = r2k(["recon", "--universe", iwv, "--format", "json"]);
    const j = JSON.parse(json.out);
    assert.equal(j.capBasis, "fund-dollars");
    assert.equal(j.indexes.r1000.totalCap, null);
    assert.equal(j.indexes.r1000.companies, 7);
    assert.deepEqual(j.shareClasses.map((g: { tickers: string[] }) => g.tickers), [["AAA", "AAB"], ["GGG", "GGH"]]);
    const later = r2k(["recon", "--universe", iwv, "--previous", FIX + "ishares-iwm-mini_2025-06-13.csv"]);
    assert.equal(later.code, 2);
    assert.match(later.err, /ishares-iwm-mini_2025-06-13\.csv, IWM holdings of 2025-06-13: dated after the rank day 2025-05-02; a previous membership must be dated before the rank day/);
  });

  test("recon on the real IWV file: later IWB/IWM refused; stored:IWV with no dollar caps", { skip: realDataSkip }, async () => {
    const h = `${realFile("holdings")}/`;
    const refused = r2k(["recon", "--universe", `${h}IWV_holdings_2025-05-02.csv`, "--previous", `${h}IWB_holdings_2026-07-17.csv`, "--previous", `${h}IWM_holdings_2026-04-10.csv`]);
    assert.equal(refused.code, 2, refused.out);
    assert.match(refused.err, /IWB_holdings_2026-07-17\.csv, IWB holdings of 2026-07-17: dated after the rank day 2025-05-02/);
    assert.ok(!refused.err.includes("shared/"), refused.err);

    const t = await tempStore();
    t.store.close();
    try {
      const imp = r2k(["--db", t.path, "import", `${h}IWV_holdings_2025-05-02.csv`, `${h}IWB_holdings_2026-07-17.csv`, `${h}IWM_holdings_2026-05-05.csv`]);
      assert.equal(imp.code, 0, imp.err);
      const r = r2k(["--db", t.path, "recon", "--universe", "stored:IWV", "--previous", "stored", "--limit", "3"]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /Reconstitution preview: IWV holdings of 2025-05-02 \(IWV_holdings_2025-05-02\.csv\)/);
      assert.match(r.out, /breakpoint rank 1,000\s+\S+; ranks 1-1,000 hold \d+\.\d\d% of the universe's cap/);
      assert.match(r.out, /share classes ranked as one company \(22\): GOOGL\+GOOG, LEN\+LENB,/);
      assert.match(r.out, /warning: IWB holdings of 2026-07-17 and IWM holdings of 2026-05-05 are dated after the rank day 2025-05-02; not used as the previous membership: ranks without banding/);
      assert.match(r.out, /no previous membership: membership by rank alone/);
      assert.ok(!r.out.includes("$"), "no dollar figure in a fund-dollar preview");
      assert.ok(!/moved down to R2000/.test(r.out));
      const named = r2k(["--db", t.path, "recon", "--universe", "stored:IWV", "--previous", "stored:IWB"]);
      assert.equal(named.code, 2);
      assert.match(named.err, /every stored IWB snapshot \(2026-07-17\) is dated on or after the rank day 2025-05-02/);
    } finally {
      t.cleanup();
    }
  });
});
