// A fund's companies valued from stored SEC EDGAR facts as of the holdings' date: cap = shares
// of every class (latest cover page filed by then) x the price (no stored close here: the
// holdings' price), weight = the fund's value in all the company's classes. Hand-computed from
// test/fixtures/edgar (Beta Holdings: 1,000 + 250 shares on the 10-Q filed 2024-08-06; net
// income 100 + (27 + 31) - (20 + 25) = 113; equity 800; no debt, interest or operating income).
import { test } from "node:test";
import assert from "node:assert/strict";
import { companyValuation } from "../../src/core/analytics/company-valuation.ts";
import type { Holding } from "../../src/model/index.ts";
import { companyValuationInputs } from "../../src/services/company-valuation.ts";
import { importPaths } from "../../src/services/import.ts";
import { tempStore } from "../helpers/store.ts";

const EDGAR = new URL("../fixtures/edgar/", import.meta.url).pathname;

const holding = (ticker: string, name: string, price: number, marketValue: number, asOf: string): Holding => ({
  fund: "IWM", asOf, ticker, name, sector: "Financials", assetClass: "equity", marketValue, weight: 0, shares: marketValue / price, price, location: "United States", exchange: "NYSE", currency: "USD",
});

test("companies from EDGAR facts: one row per company, its cap and weight over all its classes, as of the holdings' date", async () => {
  const t = await tempStore();
  try {
    assert.deepEqual(await companyValuationInputs(t.store, [{ fund: "IWM", asOf: "2024-08-06", rows: [holding("BETA", "BETA HOLDINGS INC CLASS A", 10, 600, "2024-08-06")] }]), [], "no facts stored: nothing");
    await importPaths(t.store, [EDGAR]);
    const rows = (asOf: string) => [
      holding("BETA", "BETA HOLDINGS INC CLASS A", 10, 600, asOf),
      holding("BETAB", "BETA HOLDINGS INC CLASS B", 8, 200, asOf),
      holding("ALP", "ALPHA CORP", 5, 200, asOf), // a filer without a share count: no cap, not covered
    ];
    const [after] = await companyValuationInputs(t.store, [{ fund: "IWM", asOf: "2024-08-06", rows: rows("2024-08-06") }]);
    assert.deepEqual(after, {
      fund: "IWM",
      asOf: "2024-08-06",
      // 1,250 shares x 10 (class A's price, the first class with one) = 12,500; weight (600 + 200) / 1,000 = 0.8.
      rows: [{ id: "1000002", ticker: "BETA", cap: 12_500, weight: 0.8, earnings: 113, equity: 800, debt: null, interestExpense: null, operatingIncome: null }],
      positions: 3,
      unmatched: 0,
      uncapped: 1,
      prices: { close: 0, closeDays: [], holdings: 1 },
      sources: ["sec"],
    });

    // The day before: the 10-K's cover page (990 + 240 shares: 12,300) and earnings before the Q2 10-Q: 100 + 28 - 20 = 108.
    const [before] = await companyValuationInputs(t.store, [{ fund: "IWM", asOf: "2024-08-05", rows: rows("2024-08-05") }]);
    assert.deepEqual(before.rows.map((r) => [r.cap, r.earnings]), [[12_300, 108]]);

    // Aggregated: P/E 12,500 / 113, P/B 12,500 / 800, coverage 0.8 of the fund's weight.
    const v = companyValuation(after.rows);
    assert.ok(Math.abs((v.pe.aggregate ?? 0) - 12_500 / 113) < 1e-9);
    assert.ok(Math.abs((v.pb.aggregate ?? 0) - 12_500 / 800) < 1e-9);
    assert.equal(v.pe.weight, 0.8);
    assert.equal(v.unprofitable.count, 0);
    assert.equal(v.debtToEquity.covered, 0);
  } finally {
    t.cleanup();
  }
});
