// Aggregates of company figures, checked against sums done by hand on four companies:
//        cap  earnings equity debt interest op.income weight
//   A    100     10     50    25     2        12      0.5
//   B     60     -5     30    30     3        -2      0.2
//   C     40      4      -     -     -         5      0.2
//   D     20      -     10     5     1         2      0.1
// P/E = (100+60+40)/(10-5+4) = 200/9; its median reads the profitable A (10) and C (10): 10.
// P/B = (100+60+20)/(50+30+10) = 2. Losses: B, 1 of 3 companies, 0.2 of the 0.9 weight with earnings.
// Debt/equity = (25+30+5)/(50+30+10) = 2/3, median of 0.5, 1, 0.5 = 0.5.
// Interest coverage = (12-2+2)/(2+3+1) = 2, median of 6, -2/3, 2 = 2.
import { test } from "node:test";
import assert from "node:assert/strict";
import { companyValuation, type CompanyRow } from "../../src/core/analytics/company-valuation.ts";

const row = (id: string, cap: number, earnings: number | null, equity: number | null, debt: number | null, interestExpense: number | null, operatingIncome: number | null, weight: number): CompanyRow =>
  ({ id, ticker: id, cap, earnings, equity, debt, interestExpense, operatingIncome, weight });

test("company aggregates: sums over companies, losses in the P/E's sum, medians of positive denominators, coverage by weight", () => {
  const v = companyValuation([
    row("A", 100, 10, 50, 25, 2, 12, 0.5),
    row("B", 60, -5, 30, 30, 3, -2, 0.2),
    row("C", 40, 4, null, null, null, 5, 0.2),
    row("D", 20, null, 10, 5, 1, 2, 0.1),
  ]);
  const close = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
  assert.equal(v.companies, 4);
  close(v.weight, 1);
  close(v.pe.aggregate, 200 / 9);
  close(v.pe.median, 10);
  assert.equal(v.pe.covered, 3);
  close(v.pe.weight, 0.9);
  close(v.pb.aggregate, 2);
  close(v.pb.weight, 0.8);
  assert.equal(v.unprofitable.count, 1);
  close(v.unprofitable.share, 1 / 3);
  close(v.unprofitable.weightShare, 0.2 / 0.9);
  close(v.debtToEquity.aggregate, 2 / 3);
  close(v.debtToEquity.median, 0.5);
  close(v.interestCoverage.aggregate, 2);
  close(v.interestCoverage.median, 2);
});

test("aggregate losses have no P/E; no company, no figure", () => {
  const v = companyValuation([row("A", 100, -10, 50, null, null, null, 1)]);
  assert.equal(v.pe.aggregate, null);
  assert.equal(v.pe.median, null);
  assert.equal(v.unprofitable.share, 1);
  const none = companyValuation([]);
  assert.deepEqual([none.pe.aggregate, none.unprofitable.share, none.debtToEquity.covered], [null, null, 0]);
});
