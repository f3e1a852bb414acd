// iShares holdings as the universe, on committed mini files (always run): ranks, cumulative
// weights and breakpoints computed by hand, share classes ranked as one company, fund dollars
// kept out of what is shown, and the rule that a previous membership predates the rank day.
//
// The mini IWV file (fund dollars = market values): ALPHA 50,000 + 20,000 (two classes),
// BETA 60,000, GAMMA 40,000, DELTA 30,000, FIRST BANCORP (EEE) 20,000, OMEGA 10,000 + 5,000
// (two classes), FIRST BANCORP (FFF) 10,000; TINY is below $1 and the cash line is left out.
// Eligible total 245,000. Sizes 3 / 6 / 7 stand for 1,000 / 3,000 / 4,000.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { forDisplay, ReconInputError, runRecon, type ReconReport } from "../../src/services/recon.ts";
import { importPaths } from "../../src/services/import.ts";
import type { Store } from "../../src/store/index.ts";
import { tempStore } from "../helpers/store.ts";

const FIX = new URL("./fixtures/", import.meta.url).pathname;
const IWV = FIX + "ishares-iwv-mini_2025-05-02.csv";
const SIZES = { r1000Size: 3, r3000Size: 6, r3000eSize: 7, microcapFromR2000: 1 };
const TOTAL = 245_000;

const close = (a: number | null | undefined, b: number, what: string) => assert.ok(a !== null && a !== undefined && Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);

function companies(rep: ReconReport, index: "1000" | "2000" | "out") {
  return rep.result.companies.filter((c) => c.index === index).map((c) => c.companyId);
}

describe("a holdings file as the universe (mini IWV)", () => {
  test("ranks and cumulative weights by hand, share classes summed, no banding without a previous membership", async () => {
    const rep = await runRecon(null, { universe: IWV, previous: [], rules: SIZES });
    const r = rep.result;
    assert.equal(r.capBasis, "fund-dollars");
    assert.equal(r.rankDate, "2025-05-02");
    assert.deepEqual(
      r.companies.map((c) => [c.rank, c.companyId, c.totalCap]),
      [
        [1, "ALPHA", 70_000],
        [2, "BBB", 60_000],
        [3, "CCC", 40_000],
        [4, "DDD", 30_000],
        [5, "EEE", 20_000],
        [6, "OMEGA", 15_000],
        [7, "FFF", 10_000],
      ],
    );
    const cum = [70, 130, 170, 200, 220, 235, 245].map((k) => (k * 1000 * 100) / TOTAL);
    r.companies.forEach((c, i) => close(c.cumPct, cum[i], c.companyId));
    assert.equal(r.eligibleCap, TOTAL);
    assert.deepEqual(r.ineligible.map((x) => x.ticker), ["HHH"]);

    // Breakpoints: rank 3 (GAMMA) holds 170/245 = 69.39%, rank 6 (OMEGA, led by its larger class GGG) 235/245.
    assert.equal(r.breakpoints.r1000?.ticker, "CCC");
    close(r.breakpoints.r1000?.cumPct, (170 / 245) * 100, "bp 1000");
    assert.equal(r.breakpoints.r3000?.ticker, "GGG");
    close(r.breakpoints.r3000?.cumPct, (235 / 245) * 100, "bp 3000");
    // ±2.5 points around 69.39% hold rank 3 alone; around 95.92% rank 6 alone.
    assert.deepEqual([r.bands.r1000?.firstRankInBand, r.bands.r1000?.lastRankInBand], [3, 3]);
    assert.deepEqual([r.bands.r3000?.firstRankInBand, r.bands.r3000?.lastRankInBand], [6, 6]);

    assert.equal(r.banding, false);
    assert.deepEqual(companies(rep, "1000"), ["ALPHA", "BBB", "CCC"]);
    assert.deepEqual(companies(rep, "2000"), ["DDD", "EEE", "OMEGA"]);
    assert.deepEqual(companies(rep, "out"), ["FFF"]);
    const ix = r.indexes;
    assert.deepEqual([ix.r1000.companies, ix.r1000.securities, ix.r1000.firstRank, ix.r1000.lastRank], [3, 4, 1, 3]);
    close(ix.r1000.capShare, 170 / 245, "R1000 share");
    close(ix.r2000.capShare, 65 / 245, "R2000 share");
    close(ix.r3000.capShare, 235 / 245, "R3000 share");
    close(ix.microcap.capShare, 25 / 245, "Microcap share (OMEGA, FFF)");
    // Weights inside the R1000: AAA 50,000 of 170,000.
    close(ix.r1000.constituents.find((c) => c.ticker === "AAA")?.weight, 50 / 170, "AAA weight");

    assert.deepEqual(rep.shareClasses, [
      { companyId: "ALPHA", tickers: ["AAA", "AAB"], names: ["ALPHA CORP CLASS A", "ALPHA CORP CLASS B"] },
      { companyId: "OMEGA", tickers: ["GGG", "GGH"], names: ["OMEGA A CORP CLASS A", "OMEGA CORP CLASS B"] },
    ]);
  });

  test("banding against a membership dated before the rank day; a class B ticker carries its company", async () => {
    const rep = await runRecon(null, { universe: IWV, previous: [FIX + "members_2025-04-30.csv"], rules: { ...SIZES, bandHalfWidth: 15 } });
    const r = rep.result;
    // Band 1000: 69.39 ± 15 = 54.39 .. 84.39 (GAMMA, DELTA); band 3000: 95.92 ± 15 (DELTA .. FFF).
    assert.deepEqual([r.bands.r1000?.firstRankInBand, r.bands.r1000?.lastRankInBand], [3, 4]);
    assert.deepEqual([r.bands.r3000?.firstRankInBand, r.bands.r3000?.lastRankInBand], [4, 7]);
    // GAMMA (R2000) and DELTA (R1000) keep their sides inside the band; FIRST BANCORP EEE
    // (R1000, rank 5, 89.80%) is outside it and moves down; FFF stays in the R3000 through the
    // 3,000 band; OMEGA is a previous R2000 member through its class B line GGH.
    assert.deepEqual(companies(rep, "1000"), ["ALPHA", "BBB", "DDD"]);
    assert.deepEqual(companies(rep, "2000"), ["CCC", "EEE", "OMEGA", "FFF"]);
    assert.equal(r.companies.find((c) => c.companyId === "OMEGA")?.prior, "2000");
    const c = r.changes!;
    assert.deepEqual(c.migrations.down.map((x) => x.ticker), ["EEE"]);
    assert.deepEqual(c.migrations.up, []);
    assert.deepEqual(c.r2000?.adds.map((x) => [x.ticker, x.reason]), [["EEE", "moved from R1000 at rank 5"]]);
    assert.deepEqual(c.r2000?.deletes, []);
    assert.deepEqual(c.r1000?.deletes.map((x) => x.ticker), ["EEE"]);
    close(c.r2000?.addWeight, 20 / 85, "R2000 add weight");
    close(c.migrations.down[0].capShare, 20 / 245, "EEE share of the universe");
    close(r.indexes.r1000.capShare, 160 / 245, "R1000 share");
  });

  test("a previous membership dated on or after the rank day is refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "r2k-later-"));
    try {
      for (const date of ["2025-05-02", "2026-01-05"]) {
        const file = join(dir, `members_${date}.csv`);
        writeFileSync(file, "ticker,index\nAAA,1000\n");
        await assert.rejects(
          runRecon(null, { universe: IWV, previous: [file], rules: SIZES }),
          (err: unknown) => {
            assert.ok(err instanceof ReconInputError);
            assert.equal(err.kind, "usage");
            assert.match(err.message, new RegExp(`members_${date}\\.csv.*dated (on|after) the rank day 2025-05-02; a previous membership must be dated before the rank day`));
            return true;
          },
        );
      }
      // An explicit rank day moves the rule with it.
      const ok = await runRecon(null, { universe: IWV, previous: [join(dir, "members_2025-05-02.csv")], rankDate: "2025-05-05", rules: SIZES });
      assert.equal(ok.result.banding, true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("fund dollars are never shown: every dollar figure is null, ranks and shares remain", async () => {
    const rep = await runRecon(null, { universe: IWV, previous: [FIX + "members_2025-04-30.csv"], rules: SIZES });
    const shown = forDisplay(rep.result, rep.capBasis);
    assert.equal(shown.breakpoints.r1000?.totalCap, null);
    assert.equal(shown.indexes.r2000.largestCap, null);
    assert.equal(shown.indexes.r2000.constituents[0].floatCap, null);
    assert.equal(shown.eligibleCap, null);
    assert.equal(shown.breakpoints.r1000?.rank, 3);
    close(shown.indexes.r2000.capShare, rep.result.indexes.r2000.capShare, "share kept");
    assert.ok(shown.indexes.r2000.constituents[0].weight > 0);
    // A universe with company caps is shown as it is.
    const companyCaps = await runRecon(null, { universe: FIX + "universe-small.csv", previous: [], rules: {} });
    assert.equal(forDisplay(companyCaps.result, companyCaps.capBasis), companyCaps.result);
  });
});

describe("stored holdings as the universe (mini files imported)", () => {
  let store: Store;
  let cleanup: () => void;
  before(async () => {
    const t = await tempStore();
    store = t.store;
    cleanup = t.cleanup;
    const results = await importPaths(store, [IWV, FIX + "ishares-iwm-mini_2025-06-13.csv"]);
    assert.deepEqual(results.map((r) => r.status), ["imported", "imported"]);
  });
  after(() => cleanup?.());

  test("stored:IWV with only later IWM holdings: ranks without banding and says why", async () => {
    const rep = await runRecon(store, { universe: "stored:IWV", previous: ["stored"], rules: SIZES });
    assert.equal(rep.universe, "IWV holdings of 2025-05-02 (ishares-iwv-mini_2025-05-02.csv)");
    assert.equal(rep.demo, false);
    assert.equal(rep.capBasis, "fund-dollars");
    assert.equal(rep.result.banding, false);
    assert.deepEqual(rep.previous, []);
    assert.equal(
      rep.result.warnings[0],
      "IWM holdings of 2025-06-13 are dated after the rank day 2025-05-02; not used as the previous membership: ranks without banding",
    );
    assert.deepEqual(rep.result.companies.map((c) => c.companyId), ["ALPHA", "BBB", "CCC", "DDD", "EEE", "OMEGA", "FFF"]);
    // The default for a real universe is the same rule.
    const byDefault = await runRecon(store, { previous: "default", rules: SIZES });
    assert.equal(byDefault.universe, rep.universe);
    assert.equal(byDefault.result.warnings[0], rep.result.warnings[0]);
    // Named explicitly, the later snapshot is refused.
    for (const spec of ["stored:IWM", "stored:IWM:2025-06-13"]) {
      await assert.rejects(runRecon(store, { universe: "stored:IWV", previous: [spec], rules: SIZES }), (err: unknown) => {
        assert.ok(err instanceof ReconInputError && err.kind === "usage", String(err));
        assert.match(err.message, /rank day 2025-05-02; a previous membership must be dated before the rank day/);
        return true;
      });
    }
  });

  test("the latest IWB and IWM snapshots before the rank day are the default previous membership", async () => {
    await importPaths(store, [FIX + "ishares-iwb-mini_2025-04-15.csv", FIX + "ishares-iwm-mini_2025-04-15.csv"]);
    const rep = await runRecon(store, { previous: "default", rules: { ...SIZES, bandHalfWidth: 15 } });
    assert.deepEqual(rep.previous, [
      "stored IWB holdings of 2025-04-15 (ishares-iwb-mini_2025-04-15.csv)",
      "stored IWM holdings of 2025-04-15 (ishares-iwm-mini_2025-04-15.csv)",
    ]);
    assert.deepEqual(rep.result.warnings, []);
    // The same membership as members_2025-04-30.csv, so the same placement.
    assert.deepEqual(companies(rep, "1000"), ["ALPHA", "BBB", "DDD"]);
    assert.deepEqual(companies(rep, "2000"), ["CCC", "EEE", "OMEGA", "FFF"]);
    assert.deepEqual(rep.result.changes?.migrations.down.map((x) => x.ticker), ["EEE"]);
    // A rank date before every stored IWV snapshot has no universe.
    await assert.rejects(runRecon(store, { universe: "stored:IWV", previous: [], rankDate: "2025-01-02", rules: {} }), /no IWV holdings stored on or before 2025-01-02/);
    await assert.rejects(runRecon(store, { universe: "stored:IVV", previous: [], rules: {} }), /no IVV holdings stored/);
  });
});
