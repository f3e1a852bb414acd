// ETF tracking compares like with like, on controlled series. Expected values were computed
// independently with numpy from the closes below:
//   daily TE   = std(r_fund - r_index, ddof=1) * sqrt(252) over consecutive joined closes;
//   monthly TE = the same on month-end closes, * sqrt(12) (here every close is in its own month);
//   yearly difference = fund calendar-year return - index calendar-year return, same basis;
//   distributions = fund total return (adjusted closes) - fund price return (closes), per year.
import { test } from "node:test";
import assert from "node:assert/strict";
import { snapshot, type TrackingReport } from "../../src/core/analytics/index.ts";
import { monthlyTrackingError, trackingError } from "../../src/core/analytics/tracking.ts";
import { isoToDay, type BarFrame } from "../../src/model/index.ts";

const DATES = ["2019-12-31", "2020-03-31", "2020-06-30", "2020-12-31", "2021-06-30", "2021-12-31"].map(isoToDay);
const FUND = [100, 90, 95, 110, 115, 121];
// The fund pays 2% on 2020-06-30 and again on 2021-06-30: its total-return path.
const FUND_TR = [100, 90, 96.9, 112.2, 119.646, 125.9724];
const INDEX = [1000, 905, 950, 1105, 1150, 1212];
const INDEX_TR = [1000, 905, 969, 1127.1, 1196.46, 1261.18];

function bars(symbol: string, close: number[], adj?: number[]): BarFrame {
  const c = Float64Array.from(close);
  return {
    symbol,
    dates: Int32Array.from(DATES),
    open: c,
    high: c,
    low: c,
    close: c,
    adjClose: adj ? Float64Array.from(adj) : new Float64Array(close.length).fill(NaN),
    volume: new Float64Array(close.length),
    sources: ["test"],
  };
}

const near = (a: number | null | undefined, b: number, what: string) => assert.ok(a !== null && a !== undefined && Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

function tracking(bases: BarFrame[], returnBasis: "price" | "total"): TrackingReport {
  const s = snapshot({ bars: bases }, { subjects: ["F"], benchmark: "I", trackingPairs: [["F", "I", "ITR"]], conventions: { returnBasis }, sections: { tracking: true, symbols: false, pairs: false } });
  assert.equal(s.tracking.length, 1);
  return s.tracking[0];
}

test("price basis (the default): fund close against index level; distributions shown apart, not as tracking", () => {
  const t = tracking([bars("F", FUND, FUND_TR), bars("I", INDEX)], "price");
  assert.ok(t.available);
  assert.equal(t.basis, "price");
  assert.equal(t.indexSeries, "I");
  near(t.trackingError?.value, 0.08388698720377587, "daily TE");
  near(t.trackingErrorMonthly?.value, 0.018305641365861658, "monthly TE");
  const [y20, y21] = t.years!;
  assert.deepEqual([y20.year, y21.year], [2020, 2021]);
  near(y20.fund, 0.1, "fund 2020 price return");
  near(y20.index, 0.105, "index 2020 price return");
  near(y20.difference, -0.005, "2020 difference, price vs price");
  near(y21.difference, 0.0031674208144796268, "2021 difference");
  near(y20.distributions, 0.022, "2020 distributions");
  near(y21.distributions, 0.02274866310160406, "2021 distributions");
  assert.match(t.note ?? "", /both price returns/);
  assert.match(t.distributionsNote ?? "", /not a tracking difference/);
  assert.equal(t.basisNote, undefined);
});

test("total basis: fund adjusted close against the total-return index, when it is stored", () => {
  const t = tracking([bars("F", FUND, FUND_TR), bars("I", INDEX), bars("ITR", INDEX_TR)], "total");
  assert.ok(t.available);
  assert.equal(t.basis, "total");
  assert.equal(t.indexSeries, "ITR");
  near(t.trackingError?.value, 0.08428007034971724, "daily TE");
  near(t.trackingErrorMonthly?.value, 0.018391419140656312, "monthly TE");
  near(t.years![0].difference, -0.005099999999999882, "2020 difference, total vs total");
  near(t.years![1].difference, 0.0037884998507833334, "2021 difference, total vs total");
  assert.match(t.note ?? "", /both total returns/);
});

test("total asked for without a total-return index: price vs price, and the reason, never total vs price", () => {
  const t = tracking([bars("F", FUND, FUND_TR), bars("I", INDEX)], "total");
  assert.ok(t.available);
  assert.equal(t.basis, "price");
  assert.equal(t.indexSeries, "I");
  near(t.years![0].difference, -0.005, "the price difference, not 0.122 - 0.105");
  assert.match(t.basisNote ?? "", /needs the total-return index ITR, which is not stored; F is compared with I on price/);
  // A fund without adjusted closes has no distributions to show.
  const bare = tracking([bars("F", FUND), bars("I", INDEX)], "price");
  assert.equal(bare.years![0].distributions, null);
  assert.equal(bare.distributionsNote, undefined);
});

test("the tracking error functions on their own: joined dates, annualization", () => {
  const f = { id: "F", dates: Int32Array.from(DATES), values: Float64Array.from(FUND) };
  const x = { id: "I", dates: Int32Array.from(DATES), values: Float64Array.from(INDEX) };
  assert.equal(trackingError(f, x).days, 5);
  assert.equal(monthlyTrackingError(f, x).months, 5);
  near(trackingError(f, x, 12).value, 0.018305641365861658, "daily function with 12 periods a year = the monthly figure here");
});
