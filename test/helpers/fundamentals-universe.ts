// The figures of the fixture universe test/fixtures/fundamentals-universe as its README.md
// computes them by hand (the arithmetic beside each number), shared by the tests that value it
// from imported files and after an update from a replay of EDGAR.
import assert from "node:assert/strict";
import type { FundCompanyValuation } from "../../src/core/analytics/index.ts";

export const FUNDAMENTALS_UNIVERSE = new URL("../fixtures/fundamentals-universe/", import.meta.url).pathname;

export const close = (actual: number | null | undefined, expected: number, what: string) =>
  assert.ok(actual != null && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);

/** The hand-computed figures of README.md. */
export function checkIwm(f: FundCompanyValuation): void {
  assert.equal(f.asOf, "2025-03-31");
  // 9 listed positions (DDA and DDB are one company; the cash line is not listed); FFF has no filer.
  assert.deepEqual([f.positions, f.unmatched, f.uncapped, f.companies], [9, 1, 0, 7]);
  close(f.weight, 0.95, "IWM coverage"); // 1 - FFF's 50,000 / 1,000,000
  // Caps (USD m): AAA 10 x 20.00 = 200, BBB 5 x 30 = 150, CCC 8 x 25 = 200, Dogwood (6 + 2) x 12.50 = 100,
  // EEE 4 x 50 (holdings' price) = 200, GGG 20 x 5.00 (close of 03-28) = 100, HHH 10 x 15 = 150: 1,100.
  // Earnings: 10 - 15 + 5 + 8 + 20 - 5 + 6 = 29.
  close(f.pe.aggregate, 1100 / 29, "IWM P/E"); // 37.93
  close(f.pe.median, 20, "IWM median P/E"); // of 20, 40, 12.5, 10, 25 (loss-makers out)
  assert.deepEqual([f.pe.covered, f.pe.weight], [7, 0.95]);
  close(f.pb.aggregate, 1100 / 480, "IWM P/B"); // equity 100 + 60 - 20 + 50 + 160 + 80 + 50 = 480
  close(f.pb.median, 2, "IWM median P/B"); // of 2, 2.5, 2, 1.25, 1.25, 3 (CCC's negative equity out)
  assert.equal(f.unprofitable.count, 2); // BBB, GGG
  close(f.unprofitable.share, 2 / 7, "IWM share unprofitable");
  close(f.unprofitable.weightShare, 0.2 / 0.95, "IWM weight unprofitable"); // (0.10 + 0.10) / 0.95
  // Debt/equity over the six reporting debt (BBB reports none): (50 + 120 + 25 + 40 + 10 + 30) / (100 - 20 + 50 + 160 + 80 + 50).
  close(f.debtToEquity.aggregate, 275 / 420, "IWM debt/equity");
  close(f.debtToEquity.median, 0.5, "IWM median debt/equity"); // of 0.5, 0.5, 0.25, 0.125, 0.6
  assert.equal(f.debtToEquity.covered, 6);
  close(f.debtToEquity.weight, 0.85, "IWM debt/equity coverage");
  // Interest coverage: operating income (16 + 20 + 12 + 30 - 2 + 10) over interest (4 + 10 + 2 + 3 + 1 + 2).
  close(f.interestCoverage.aggregate, 86 / 22, "IWM interest coverage");
  close(f.interestCoverage.median, 4.5, "IWM median interest coverage"); // of -2, 2, 4, 5, 6, 10
  close(f.interestCoverage.weight, 0.85, "IWM interest coverage coverage");
  // Six caps at stored closes (GGG's of 03-28, the others' of 03-31), EEE at the holdings' price.
  assert.deepEqual(f.prices, { close: 6, closeDays: ["2025-03-28", "2025-03-31"], holdings: 1 });
}

export function checkIwb(f: FundCompanyValuation): void {
  assert.deepEqual([f.positions, f.unmatched, f.uncapped, f.companies], [4, 0, 0, 4]);
  // Caps (USD m): 100 x 50 + 50 x 80 + 20 x 100 + 30 x 30 = 11,900; earnings 250 + 160 - 40 + 60 = 430.
  close(f.pe.aggregate, 11900 / 430, "IWB P/E"); // 27.67
  close(f.pe.median, 20, "IWB median P/E"); // of 20, 25, 15
  close(f.pb.aggregate, 11900 / 4400, "IWB P/B");
  close(f.pb.median, 2.5, "IWB median P/B"); // of 2.5, 4, 2.5, 1.5
  assert.equal(f.unprofitable.count, 1); // NNN
  close(f.unprofitable.share, 0.25, "IWB share unprofitable");
  close(f.unprofitable.weightShare, 0.2, "IWB weight unprofitable");
  close(f.debtToEquity.aggregate, 2700 / 3800, "IWB debt/equity"); // OOO reports no debt
  close(f.debtToEquity.weight, 0.9, "IWB debt/equity coverage");
  close(f.interestCoverage.aggregate, 690 / 130, "IWB interest coverage"); // (400 + 300 - 10) / (50 + 60 + 20)
  close(f.interestCoverage.median, 5, "IWB median interest coverage"); // of 8, 5, -0.5
  assert.deepEqual(f.prices, { close: 4, closeDays: ["2025-03-31"], holdings: 0 });
}

