// Hand-computed checks for each metric on tiny series (arithmetic in the comments).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { isoToDay, dayToIso } from "../../src/model/dates.ts";
import {
  assertFrame,
  asOfValues,
  dropMissing,
  innerJoin,
  lastPerPeriod,
  windowRange,
} from "../../src/core/analytics/align.ts";
import { excessKurtosis, median, ols, quantile, skewness, stdev } from "../../src/core/analytics/stats.ts";
import {
  cagr,
  calendarYearReturns,
  horizonReturns,
  monthlyReturns,
  overlappingReturns,
  returnBetween,
  rollingReturnDistribution,
  simpleReturns,
} from "../../src/core/analytics/returns.ts";
import {
  annualizedVolatility,
  captureRatios,
  downsideDeviation,
  historicalTailRisk,
  probabilityOfLoss,
  rollingBetaCorrelation,
  rollingVolatility,
  sharpeRatio,
  sortinoRatio,
  volatilityRatio,
} from "../../src/core/analytics/risk.ts";
import {
  crashStudy,
  drawdownEpisodes,
  maxDrawdown,
  topDrawdowns,
  underwater,
} from "../../src/core/analytics/drawdown.ts";

const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
function near(actual: number, expected: number, tol = 1e-12, what = "") {
  assert.ok(close(actual, expected, tol), `${what} expected ${expected}, got ${actual}`);
}
const days = (...iso: string[]) => Int32Array.from(iso.map(isoToDay));

// prices 100, 110, 99, 99, 118.8 -> returns 0.1, -0.1, 0, 0.2
const P = [100, 110, 99, 99, 118.8];
const R = simpleReturns(P);

test("simple returns, mean/std, annualized volatility", () => {
  [0.1, -0.1, 0, 0.2].forEach((r, i) => near(R[i], r, 1e-12));
  // mean 0.05; squared deviations .0025 + .0225 + .0025 + .0225 = .05; var = .05 / 3
  near(stdev(R), Math.sqrt(0.05 / 3));
  near(annualizedVolatility(R), Math.sqrt(0.05 / 3) * Math.sqrt(252));
});

test("downside deviation, Sharpe, Sortino (rf 0, constant and per-day rf)", () => {
  // min(r,0)^2 = 0, .01, 0, 0 -> mean .0025 -> sqrt .05
  near(downsideDeviation(R), 0.05 * Math.sqrt(252));
  near(sortinoRatio(R), (0.05 * 252) / (0.05 * Math.sqrt(252)));
  near(sharpeRatio(R), (0.05 / Math.sqrt(0.05 / 3)) * Math.sqrt(252));
  // A constant rf shifts the mean only: (0.05 - 0.01) / std
  near(sharpeRatio(R, 0.01), (0.04 / Math.sqrt(0.05 / 3)) * Math.sqrt(252));
  near(sharpeRatio(R, [0.01, 0.01, 0.01, 0.01]), (0.04 / Math.sqrt(0.05 / 3)) * Math.sqrt(252));
  // Sortino with rf .01: excess .09 -.11 -.01 .19 -> downside .0121 + .0001 = .0122 / 4
  near(sortinoRatio(R, 0.01), (0.04 * 252) / (Math.sqrt(0.0122 / 4) * Math.sqrt(252)));
  assert.throws(() => sharpeRatio(R, [0.01]), RangeError);
  // All-equal prices: no variation -> NaN (the snapshot turns it into null with a reason)
  assert.ok(Number.isNaN(sharpeRatio([0, 0, 0])));
  assert.ok(Number.isNaN(sortinoRatio([0.01, 0.02])));
});

test("skew and excess kurtosis (pandas bias-corrected)", () => {
  near(skewness(R), 0, 1e-12);
  // x = 1,2,3,10: m = 4; d = -3,-2,-1,6; m2 = 50/4; m3 = (-27-8-1+216)/4 = 45; m4 = (81+16+1+1296)/4 = 348.5
  const x = [1, 2, 3, 10];
  const m2 = 12.5;
  const g1 = 45 / m2 ** 1.5;
  near(skewness(x), (Math.sqrt(4 * 3) / 2) * g1);
  const g2 = 348.5 / (m2 * m2) - 3;
  near(excessKurtosis(x), (3 / (2 * 1)) * (5 * g2 + 6));
});

test("historical VaR / CVaR with linear quantiles", () => {
  // sorted -0.1, 0, 0.1, 0.2; h = 3 * 0.05 = 0.15 -> -0.1 + 0.15 * 0.1 = -0.085
  const [v95] = historicalTailRisk(R, [0.95]);
  near(v95.valueAtRisk, 0.085);
  near(v95.conditionalValueAtRisk, 0.1);
  assert.equal(v95.tailCount, 1);
  near(quantile([3, 1, 2], 0.5), 2);
  near(median([4, 1, 3, 2]), 2.5);
});

test("volatility ratio, rolling volatility, rolling beta and correlation", () => {
  const b = [0.05, -0.05, 0, 0.1];
  near(volatilityRatio(R, b), 2);
  const rv = rollingVolatility(R, 2);
  assert.equal(rv.length, 3);
  near(rv[0], stdev([0.1, -0.1]) * Math.sqrt(252));
  near(rv[1], stdev([-0.1, 0]) * Math.sqrt(252));
  near(rv[2], stdev([0, 0.2]) * Math.sqrt(252));
  assert.equal(rollingVolatility(R, 5).length, 0);
  const rb = rollingBetaCorrelation(R, b, 3);
  assert.equal(rb.beta.length, 2);
  near(rb.beta[0], 2);
  near(rb.correlation[1], 1);
});

test("monthly up/down capture", () => {
  // up months (b > 0): a .02, .03 vs b .01, .02 -> .025 / .015; down: -.025 / -.02
  const c = captureRatios([0.02, -0.01, 0.03, -0.04], [0.01, -0.02, 0.02, -0.02]);
  near(c.up, 0.025 / 0.015);
  near(c.down, 1.25);
  assert.deepEqual([c.upPeriods, c.downPeriods], [2, 2]);
});

test("probability of loss and rolling N-year distribution (trading-day offsets)", () => {
  const v = [1, 2, 1, 3, 2, 4];
  // 1-step ratios 2, .5, 3, .667, 2 -> two losses of five
  assert.deepEqual(probabilityOfLoss(v, 1), { probability: 0.4, count: 5 });
  // 2-step ratios 1, 1.5, 2, 1.333: a ratio of exactly 1 is not a loss
  assert.equal(probabilityOfLoss(v, 2).probability, 0);
  assert.ok(Number.isNaN(probabilityOfLoss(v, 6).probability));
  const d = rollingReturnDistribution(v, 1 / 252);
  assert.equal(d.count, 5);
  near(d.min, -0.5);
  near(d.max, 2);
  near(d.median, 1);
  near(d.sharePositive, 0.6);
  assert.deepEqual(Array.from(overlappingReturns([1, 2, 4], 2)), [3]);
});

test("CAGR uses calendar days / 365.25", () => {
  near(cagr(100, 121, 730.5), 0.1);
  assert.ok(Number.isNaN(cagr(100, 121, 0)));
});

test("horizon returns: sessions, calendar months, YTD, leap day, before the data", () => {
  const dates = days("2023-12-29", "2024-01-31", "2024-02-29", "2024-03-28");
  const h = horizonReturns(dates, [100, 105, 110, 99]);
  const get = (l: string) => h.find((x) => x.label === l)!;
  near(get("1D").value, 99 / 110 - 1);
  assert.ok(Number.isNaN(get("5D").value));
  assert.match(get("5D").reason!, /needs 6 closes; there are 4/);
  // 2024-03-28 - 1 month = 2024-02-28 -> last close on or before is 2024-01-31
  near(get("1M").value, 99 / 105 - 1);
  assert.equal(dayToIso(get("1M").baseDate!), "2024-01-31");
  near(get("YTD").value, -0.01);
  assert.match(get("1Y").reason!, /needs a close on or before 2023-03-28; the data starts 2023-12-29/);
  near(get("since start").value, -0.01);
  assert.ok(Number.isNaN(get("since start").annualized));
  // From a leap day: 1Y back is 2023-02-28
  const l = horizonReturns(days("2023-02-27", "2023-02-28", "2024-02-29"), [1, 2, 3]);
  assert.equal(dayToIso(l.find((x) => x.label === "1Y")!.baseDate!), "2023-02-28");
  near(l.find((x) => x.label === "1Y")!.value, 0.5);
  near(l.find((x) => x.label === "1Y")!.annualized, 1.5 ** (365.25 / 366) - 1);
});

test("calendar-year and monthly returns mark partial periods", () => {
  const dates = days("2022-06-01", "2022-12-30", "2023-12-29", "2024-03-01");
  const y = calendarYearReturns(dates, [50, 100, 120, 90]);
  assert.deepEqual(
    y.map((r) => [r.period, Math.round(r.value * 1e12) / 1e12, r.partial]),
    [[2022, 1, true], [2023, 0.2, false], [2024, -0.25, true]],
  );
  const m = monthlyReturns(days("2024-01-30", "2024-01-31", "2024-02-29", "2024-04-30"), [10, 11, 12.1, 11]);
  // Jan: first month, from its own first close; Feb: 12.1 / 11; Apr: March missing -> partial
  assert.deepEqual(m.map((r) => r.partial), [true, false, true]);
  near(m[1].value, 0.1);
  near(m[2].value, 0);
});

test("returnBetween throws when the start is before the data", () => {
  const f = { id: "X", dates: days("2024-01-02", "2024-01-03"), values: Float64Array.from([10, 11]) };
  near(returnBetween(f, isoToDay("2024-01-02"), isoToDay("2024-01-05")).value, 0.1);
  assert.throws(() => returnBetween(f, isoToDay("2023-12-01"), isoToDay("2024-01-05")), /no close on or before 2023-12-01; the series starts 2024-01-02/);
});

test("window convention: base close + window closes; errors for empty windows", () => {
  const d = Int32Array.from([1, 2, 3, 5, 8]);
  assert.deepEqual(windowRange(d, 3, 5), { start: 1, end: 3, baseIncluded: true });
  assert.deepEqual(windowRange(d, 0, 5), { start: 0, end: 3, baseIncluded: false });
  assert.deepEqual(windowRange(d, 4, 5), { start: 2, end: 3, baseIncluded: true });
  assert.deepEqual(windowRange(d), { start: 0, end: 4, baseIncluded: false });
  assert.throws(() => windowRange(d, 9, 12), /no closes between/);
  assert.throws(() => windowRange(d, 6, 7), /no closes between/);
  assert.throws(() => windowRange(d, 7, 6), /after its end/);
  assert.throws(() => assertFrame({ id: "Z", dates: Int32Array.from([1, 1]), values: Float64Array.from([1, 2]) }), /strictly ascending/);
});

test("joins: inner join, as-of values, period last, missing dropped", () => {
  const a = { id: "a", dates: Int32Array.from([1, 2, 3, 4]), values: Float64Array.from([1, 2, 3, 4]) };
  const b = { id: "b", dates: Int32Array.from([2, 4, 6]), values: Float64Array.from([20, 40, 60]) };
  const j = innerJoin(a, b);
  assert.deepEqual(Array.from(j.dates), [2, 4]);
  assert.deepEqual(j.values.map((v) => Array.from(v)), [[2, 4], [20, 40]]);
  assert.deepEqual(Array.from(innerJoin(a, b, { id: "c", dates: Int32Array.from([4, 5]), values: Float64Array.from([400, 500]) }).dates), [4]);
  // Two frames take a merge of their own: it gives what the general join does (joined with a
  // third frame holding every date, which removes nothing).
  const frame = (id: string, days: number[]) => {
    const dates = Int32Array.from([...new Set(days)].sort((x, y) => x - y));
    return { id, dates, values: Float64Array.from(dates, (d) => d * 10 + id.length) };
  };
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 60 })), fc.array(fc.integer({ min: 0, max: 60 })), (xs, ys) => {
      const [fa, fb] = [frame("a", xs), frame("bb", ys)];
      const all = frame("ccc", [...xs, ...ys]);
      const two = innerJoin(fa, fb);
      const three = innerJoin(fa, fb, all);
      assert.deepEqual([Array.from(two.dates), ...two.values.map((v) => Array.from(v))], [Array.from(three.dates), ...three.values.slice(0, 2).map((v) => Array.from(v))]);
    }),
    { numRuns: 300 },
  );
  assert.deepEqual(Array.from(asOfValues(b, [1, 2, 3, 7])).map((v) => (Number.isNaN(v) ? null : v)), [null, 20, 20, 60]);
  assert.ok(Number.isNaN(asOfValues(b, [9], 2)[0]));
  const p = lastPerPeriod([1, 2, 3, 4, 5], [10, 20, 30, 40, 50], (x) => Math.floor(x / 2));
  assert.deepEqual(Array.from(p.values), [10, 30, 50]);
  const dm = dropMissing({ id: "m", dates: Int32Array.from([1, 2, 3]), values: Float64Array.from([1, NaN, 3]) });
  assert.deepEqual(Array.from(dm.dates), [1, 3]);
});

test("drawdowns: underwater, episodes with recovery, top N, max", () => {
  const v = [100, 120, 90, 60, 130, 65, 70];
  assert.deepEqual(Array.from(underwater(v)).map((x) => Math.round(x * 1e4) / 1e4), [0, 0, -0.25, -0.5, 0, -0.5, -0.4615]);
  const e = drawdownEpisodes(v);
  assert.deepEqual(e, [
    { peakIndex: 1, troughIndex: 3, recoveryIndex: 4, depth: -0.5 },
    { peakIndex: 4, troughIndex: 5, recoveryIndex: -1, depth: -0.5 },
  ]);
  assert.deepEqual(topDrawdowns(e, 1)[0].peakIndex, 1);
  assert.deepEqual(maxDrawdown(v), { depth: -0.5, peakIndex: 1, troughIndex: 3 });
  assert.deepEqual(drawdownEpisodes([5, 5, 5]), []);
  assert.deepEqual(drawdownEpisodes([]), []);
});

test("crash study: trough in range, peak before it, recovery after, returns N months on", () => {
  const dates = days("2020-01-02", "2020-02-19", "2020-03-23", "2020-09-22", "2020-11-16", "2021-03-23", "2021-03-24");
  const v = [100, 110, 70, 90, 111, 120, 121];
  const c = crashStudy(dates, v, isoToDay("2020-01-01"), isoToDay("2020-12-31"), [6, 12, 24]);
  assert.deepEqual([c.peakIndex, c.troughIndex, c.recoveryIndex], [1, 2, 4]);
  near(c.depth, 70 / 110 - 1);
  // 2020-03-23 + 6 months = 2020-09-23 -> close of 2020-09-22
  near(c.after[0].value, 90 / 70 - 1);
  near(c.after[1].value, 120 / 70 - 1);
  assert.match(c.after[2].reason!, /needs data through 2022-03-23/);
  // The 365-day convention: 12 months = 2020-03-23 + 365 days = 2021-03-23 (same here)
  const d = crashStudy(dates, v, isoToDay("2020-01-01"), isoToDay("2020-12-31"), [12], "365-day");
  near(d.after[0].value, 120 / 70 - 1);
  assert.throws(() => crashStudy(dates, v, isoToDay("2019-01-01"), isoToDay("2019-12-31")), RangeError);
});

test("OLS with intercept: coefficients, classic t, R squared", () => {
  // x 0..3, y 1,3,2,5: Sxx 5, Sxy 5.5 -> b 1.1, a 1.1; RSS 2.7, TSS 8.75; s2 1.35
  const r = ols([1, 3, 2, 5], [[0, 1, 2, 3]]);
  near(r.coefficients[0], 1.1);
  near(r.coefficients[1], 1.1);
  near(r.standardErrors[1], Math.sqrt(1.35 / 5));
  near(r.standardErrors[0], Math.sqrt(0.945));
  near(r.tStats[1], 1.1 / Math.sqrt(0.27));
  near(r.rSquared, 1 - 2.7 / 8.75);
  assert.equal(r.n, 4);
  assert.throws(() => ols([1, 2], [[1, 2]]), /too few/);
  assert.throws(() => ols([1, 2, 3, 4], [[1, 1, 1, 1]]), /constant or collinear/);
  assert.throws(() => ols([1, NaN, 3, 4], [[1, 2, 3, 4]]), /element 1 is NaN/);
  // Two regressors: y = 1 + 2 x1 - x2 exactly
  const x1 = [0, 1, 2, 3, 4];
  const x2 = [1, 0, 2, 1, 3];
  const y = x1.map((v, i) => 1 + 2 * v - x2[i]);
  const m = ols(y, [x1, x2]);
  near(m.coefficients[0], 1, 1e-10);
  near(m.coefficients[1], 2, 1e-10);
  near(m.coefficients[2], -1, 1e-10);
  near(m.rSquared, 1, 1e-12);
});

test("NaN or non-positive input to a metric function throws a RangeError naming it", () => {
  assert.throws(() => simpleReturns([1, NaN, 2]), /simpleReturns: value 1 is NaN/);
  assert.throws(() => simpleReturns([1, 0, 2]), /simpleReturns: value 1 is 0 \(finite positive prices required\)/);
  assert.throws(() => annualizedVolatility([0.1, NaN]), /annualizedVolatility: element 1 is NaN/);
  assert.throws(() => sharpeRatio([0.1, Infinity]), /sharpeRatio: element 1 is Infinity/);
  assert.throws(() => historicalTailRisk([NaN]), /historicalTailRisk/);
  assert.throws(() => maxDrawdown([1, -1]), /maxDrawdown: value 1 is -1/);
  assert.throws(() => drawdownEpisodes([NaN]), /drawdownEpisodes/);
  assert.throws(() => captureRatios([0.1], [NaN]), /captureRatios benchmark: element 0 is NaN/);
  assert.throws(() => quantile([1, NaN], 0.5), /quantile: element 1 is NaN/);
  assert.throws(() => horizonReturns(Int32Array.from([1, 2]), [1, NaN]), /horizonReturns/);
  assert.throws(() => rollingReturnDistribution([1, NaN, 2], 1 / 252), /overlappingReturns/);
  // Empty input is not an error: NaN marks "undefined", documented per function.
  assert.ok(Number.isNaN(annualizedVolatility([])));
});
