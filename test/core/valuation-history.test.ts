// The small-vs-large valuation history, against sums done by hand:
//   2024-03-31  small: A cap 100, earnings 5, equity 50, weight 0.4; B cap 50, earnings -2, equity 25, weight 0.3
//               P/E = (100+50)/(5-2) = 50 on 0.7 of the weight; P/B = 150/(50+25) = 2 on 0.7
//               large: X cap 1000, earnings 50, equity 400, weight 0.6; Y cap 500, earnings 25, no equity, weight 0.3
//               P/E = 1500/75 = 20 on 0.9; P/B = 1000/400 = 2.5 on 0.6
//               premium: P/E 50/20 - 1 = 1.5; P/B 2/2.5 - 1 = -0.2 (a discount)
//   2024-06-30  small: A alone is priced (0.4 of the weight, under half): left out; large as before
//   2023-12-31  small: A earnings -10, B 4: the sum is -6, no P/E: left out; P/B still 2 vs 2.5: -0.2
import { test } from "node:test";
import assert from "node:assert/strict";
import type { CompanyRow } from "../../src/core/analytics/company-valuation.ts";
import { MIN_HISTORY_COVERAGE, quarterEnds, valuationHistory } from "../../src/core/analytics/valuation-history.ts";

const row = (id: string, cap: number, earnings: number | null, equity: number | null, weight: number): CompanyRow =>
  ({ id, ticker: id, cap, earnings, equity, debt: null, interestExpense: null, operatingIncome: null, weight });
const close = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

const large = [row("X", 1000, 50, 400, 0.6), row("Y", 500, 25, null, 0.3)];

test("valuation history: each fund's aggregate ratios, the premium of small over large, quarters under half the weight left out", () => {
  const h = valuationHistory([
    { quarterEnd: "2024-03-31", small: [row("A", 100, 5, 50, 0.4), row("B", 50, -2, 25, 0.3)], large },
    { quarterEnd: "2024-06-30", small: [row("A", 100, 5, 50, 0.4)], large },
    { quarterEnd: "2023-12-31", small: [row("A", 100, -10, 50, 0.4), row("B", 50, 4, 25, 0.3)], large },
  ]);
  assert.equal(h.minCoverage, MIN_HISTORY_COVERAGE);
  assert.deepEqual(h.quarters.map((q) => q.quarterEnd), ["2023-12-31", "2024-03-31", "2024-06-30"]);

  const [dec, mar, jun] = h.quarters;
  close(mar.small.pe.value, 50);
  close(mar.small.pe.coverage, 0.7);
  assert.equal(mar.small.pe.companies, 2);
  close(mar.small.pb.value, 2);
  close(mar.large.pe.value, 20);
  close(mar.large.pe.coverage, 0.9);
  close(mar.large.pb.value, 2.5);
  close(mar.large.pb.coverage, 0.6);
  close(mar.pe.value, 1.5);
  close(mar.pb.value, -0.2);
  assert.equal(mar.pe.leftOut, null);
  // B loses 2 of the 0.7 weight with earnings: 0.3 / 0.7.
  close(mar.small.unprofitableWeight, 0.3 / 0.7);

  assert.equal(jun.pe.value, null);
  assert.equal(jun.pe.leftOut, "the small-cap fund's P/E covers 40% of its weight (1 company), under 50%");
  assert.equal(jun.pb.value, null);

  assert.equal(dec.pe.value, null);
  assert.match(dec.pe.leftOut ?? "", /small-cap fund's P\/E is not defined: its companies' earnings sum to zero or less/);
  close(dec.pb.value, -0.2);

  assert.deepEqual(h.leftOut.map((q) => q.quarterEnd), ["2023-12-31", "2024-06-30"]);
});

test("a quarter with no rows at all is left out for coverage, not for an undefined ratio", () => {
  const h = valuationHistory([{ quarterEnd: "2024-03-31", small: [], large }]);
  assert.equal(h.quarters[0].small.pe.coverage, 0);
  assert.match(h.leftOut[0].reason, /covers 0% of its weight \(0 companies\)/);
});

test("calendar quarter ends between two days, both ends included", () => {
  assert.deepEqual(quarterEnds("2023-11-15", "2024-07-01"), ["2023-12-31", "2024-03-31", "2024-06-30"]);
  assert.deepEqual(quarterEnds("2024-03-31", "2024-06-30"), ["2024-03-31", "2024-06-30"]);
  assert.deepEqual(quarterEnds("2024-04-01", "2024-06-29"), []);
});
