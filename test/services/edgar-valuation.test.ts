// The valuation of a fund's holdings from stored SEC EDGAR facts, as of the holdings' date:
// market cap = shares of every class (latest cover page filed by then) x the holding's price,
// earnings = trailing twelve months, book = stockholders' equity. Hand-computed from
// test/fixtures/edgar (Beta Holdings: 1,000 + 250 shares on the 10-Q filed 2024-08-06; net
// income 100 + (27 + 31) - (20 + 25) = 113; equity 800).
import { test } from "node:test";
import assert from "node:assert/strict";
import { valuation } from "../../src/core/analytics/valuation.ts";
import type { Holding } from "../../src/model/index.ts";
import { edgarFundamentals } from "../../src/services/analytics.ts";
import { importPaths } from "../../src/services/import.ts";
import { tempStore } from "../helpers/store.ts";

const EDGAR = new URL("../fixtures/edgar/", import.meta.url).pathname;

const holding = (ticker: string, name: string, price: number, marketValue: number, asOf: string): Holding => ({
  fund: "IWM", asOf, ticker, name, sector: "Financials", assetClass: "equity", marketValue, weight: 0, shares: marketValue / price, price, location: "United States", exchange: "NYSE", currency: "USD",
});

test("fundamentals from EDGAR facts: one row per company, its cap over all its classes, as of the holdings' date", async () => {
  const t = await tempStore();
  try {
    await importPaths(t.store, [EDGAR]);
    const rows = (asOf: string) => [
      holding("BETA", "BETA HOLDINGS INC CLASS A", 10, 600, asOf),
      holding("BETAB", "BETA HOLDINGS INC CLASS B", 8, 200, asOf),
      holding("ALP", "ALPHA CORP", 5, 200, asOf), // no share count filed: not covered
    ];
    const [after] = await edgarFundamentals(t.store, [{ fund: "IWM", asOf: "2024-08-06", rows: rows("2024-08-06") }]);
    assert.deepEqual(after, { fund: "IWM", asOf: "2024-08-06", rows: [{ ticker: "BETA", marketCap: 12_500, earnings: 113, bookValue: 800 }], sources: ["sec"] });

    // The day before: the 10-K's cover page (990 + 240 shares) and earnings before the Q2 10-Q: 100 + 28 - 20 = 108.
    const [before] = await edgarFundamentals(t.store, [{ fund: "IWM", asOf: "2024-08-05", rows: rows("2024-08-05") }]);
    assert.deepEqual(before.rows, [{ ticker: "BETA", marketCap: 12_300, earnings: 108, bookValue: 800 }]);

    // Through the valuation: BETA holds 60% of the fund's value, all of it covered; P/E = 12,500 / 113.
    const v = valuation(rows("2024-08-06"), after.rows);
    assert.ok(v.available);
    assert.ok(Math.abs((v.pe ?? 0) - 12_500 / 113) < 1e-9);
    assert.ok(Math.abs((v.pb ?? 0) - 12_500 / 800) < 1e-9);
    assert.equal(v.earningsCoverage, 0.6);
    assert.equal(v.negativeEarningsShare, 0);
  } finally {
    t.cleanup();
  }
});
