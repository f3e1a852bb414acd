import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { capWeights, reconstitute } from "../../src/core/index-engine/index.ts";
import { isConstituent } from "../../src/model/index.ts";
import { parseIshares } from "../../src/sources/files/ishares.ts";
import { readPreviousFile, readUniverseFile, universeFromHoldings } from "../../src/sources/files/universe.ts";
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
    const googl = u.securities.find((s) => s.ticker === "GOOGL")!;
    const goog = u.securities.find((s) => s.ticker === "GOOG")!;
    assert.equal(googl.companyId, "ALPHABET INC");
    assert.equal(goog.companyId, "ALPHABET INC");
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
