import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { capWeights, reconstitute } from "../../src/core/index-engine/index.ts";
import { isConstituent } from "../../src/model/index.ts";
import { parseIshares } from "../../src/sources/files/ishares.ts";
import { readPreviousFile, readUniverseFile, universeFromHoldings } from "../../src/sources/files/universe/index.ts";
import { importPaths } from "../../src/services/import.ts";
import { ReconInputError, runRecon } from "../../src/services/recon.ts";
import type { Store } from "../../src/store/index.ts";
import { tempStore } from "../helpers/store.ts";
import { realDataSkip, realFile } from "../helpers/real-data.ts";

const IWM = realFile("holdings", "IWM_holdings_2026-05-05.csv");
const IWV = realFile("holdings", "IWV_holdings_2025-05-02.csv");
const IWB = realFile("holdings", "IWB_holdings_2026-07-17.csv");

/** The file prints weights in percent with 2 decimals: half a unit of the last place. */
const ROUNDING = 0.005 + 1e-9;

describe("real iShares files", () => {
  test("IWM: weights recomputed from market values reproduce the file's weights", { skip: realDataSkip }, () => {
    const f = parseIshares(IWM);
    assert.equal(f.holdings.length, 1929);
    // The file's weights are shares of net assets: every row's market value over the total.
    const w = capWeights(f.holdings.map((h) => h.marketValue));
    let worst = 0;
    f.holdings.forEach((h, i) => {
      const diff = Math.abs(w[i] * 100 - h.weight * 100);
      worst = Math.max(worst, diff);
      assert.ok(diff <= ROUNDING, `${h.ticker}: ${w[i] * 100} vs ${h.weight * 100}`);
    });
    assert.ok(worst > 0.004, "the comparison is at the file's rounding, not trivially exact");
  });

  test("IWM through the engine: float-cap weights x equity share match the file", { skip: realDataSkip }, () => {
    const f = parseIshares(IWM);
    const u = universeFromHoldings(f, IWM);
    const r = reconstitute(u.securities, {
      rules: { countries: null, minTotalCap: 0, minPrice: 0, minFloatFraction: 0, excludedSecurityTypes: [] },
    });
    const nav = f.holdings.reduce((s, h) => s + h.marketValue, 0);
    const byTicker = new Map(f.holdings.filter(isConstituent).map((h) => [h.ticker, h]));
    const members = r.indexes.r3000.constituents;
    assert.equal(members.length, u.securities.length);
    const equityMv = members.reduce((s, c) => s + (byTicker.get(c.ticker)?.marketValue ?? 0), 0);
    for (const c of members) {
      const fileWeight = byTicker.get(c.ticker)!.weight * 100;
      const ours = c.weight * (equityMv / nav) * 100;
      assert.ok(Math.abs(ours - fileWeight) <= ROUNDING, `${c.ticker}: ${ours} vs ${fileWeight}`);
    }
  });

  test("IWV as a universe: approximations, share classes, fewer than 3,000 names", { skip: realDataSkip }, () => {
    const u = readUniverseFile(IWV);
    assert.equal(u.format, "ishares-holdings");
    assert.equal(u.asOf, "2025-05-02");
    assert.equal(u.fund, "IWV");
    assert.equal(u.securities.length, 2648);
    assert.deepEqual(u.suggestedRules, { countries: null, minTotalCap: 0 });
    assert.equal(u.capBasis, "fund-dollars");
    const googl = u.securities.find((s) => s.ticker === "GOOGL")!;
    const goog = u.securities.find((s) => s.ticker === "GOOG")!;
    assert.equal(googl.companyId, "ALPHABET");
    assert.equal(goog.companyId, "ALPHABET");
    // Two unrelated companies with the same name stay apart.
    assert.equal(u.securities.find((s) => s.ticker === "FBP")!.companyId, null);
    const msft = u.securities.find((s) => s.ticker === "MSFT")!;
    assert.equal(msft.sharesOutstanding, 2008232);
    assert.equal(msft.price, 435.28);
    const r = reconstitute(u.securities, { rules: u.suggestedRules, rankDate: u.asOf });
    assert.equal(r.companies[0].ticker, "MSFT");
    assert.equal(r.indexes.r1000.companies, 1000);
    assert.equal(r.indexes.r3000.companies, r.universe.eligibleCompanies);
    assert.equal(r.breakpoints.r3000, null);
    assert.match(r.warnings.join(" "), /fewer than 3,000/);
  });

  test("IWB and IWM holdings as previous membership", { skip: realDataSkip }, () => {
    const b = readPreviousFile(IWB);
    const m = readPreviousFile(IWM);
    assert.ok(b.kind === "membership" && m.kind === "membership");
    if (b.kind !== "membership" || m.kind !== "membership") return;
    assert.equal(b.prior.get("AAPL"), "1000");
    assert.equal(m.prior.get("BE"), "2000");
    assert.ok(![...m.prior.keys()].includes("-"));
    assert.ok(![...m.prior.keys()].includes("XTSLA"));
  });
});

describe("stored real holdings through the recon service", () => {
  let store: Store;
  let cleanup: () => void;
  before(async () => {
    if (realDataSkip) return;
    const t = await tempStore();
    store = t.store;
    cleanup = t.cleanup;
    const results = await importPaths(store, [realFile("holdings")]);
    assert.deepEqual(results.filter((r) => r.status === "rejected").map((r) => r.error?.message), []);
  });
  after(() => cleanup?.());

  test("stored:IWV: file labels, share classes as one company, no banding against later holdings", { skip: realDataSkip }, async () => {
    const rep = await runRecon(store, { universe: "stored:IWV", previous: "default", rules: {} });
    assert.equal(rep.universe, "IWV holdings of 2025-05-02 (IWV_holdings_2025-05-02.csv)");
    assert.equal(rep.demo, false);
    assert.equal(rep.capBasis, "fund-dollars");
    assert.equal(rep.result.rankDate, "2025-05-02");
    assert.equal(
      rep.result.warnings[0],
      "IWB holdings of 2026-07-17 and IWM holdings of 2026-05-05 are dated after the rank day 2025-05-02; not used as the previous membership: ranks without banding",
    );
    assert.equal(rep.result.banding, false);
    assert.equal(rep.result.changes, null);
    assert.equal(rep.shareClasses.length, 22);
    // Lennar's two classes are one company, ranked on both lines together.
    const lennar = rep.result.companies.find((c) => c.companyId === "LENNAR")!;
    assert.deepEqual(lennar.securities.map((s) => s.ticker).sort(), ["LEN", "LENB"]);
    assert.ok(!rep.result.companies.some((c) => c.ticker === "LENB" && c.companyId !== "LENNAR"));
    assert.equal(lennar.totalCap, 6_824_355.4 + 316_870.96);
    // 2,648 lines, 2,626 companies once the 22 pairs are joined.
    assert.equal(rep.result.universe.securities, 2648);
    assert.equal(rep.result.universe.companies, 2626);
    // The default universe of a store with real IWV holdings is that snapshot.
    const byDefault = await runRecon(store, { previous: "default", rules: {} });
    assert.equal(byDefault.universe, rep.universe);
  });

  test("a later IWB or IWM named explicitly is refused", { skip: realDataSkip }, async () => {
    for (const previous of [["stored:IWB"], ["stored:IWM:2026-04-10"], [realFile("holdings", "IWB_holdings_2026-07-17.csv")]]) {
      await assert.rejects(runRecon(store, { universe: "stored:IWV", previous, rules: {} }), (err: unknown) => {
        assert.ok(err instanceof ReconInputError && err.kind === "usage", String(err));
        assert.match(err.message, /rank day 2025-05-02; a previous membership must be dated before the rank day/);
        assert.ok(!err.message.includes("shared"), err.message);
        return true;
      });
    }
  });
});
