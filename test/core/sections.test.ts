// Hand-computed checks for leadership, lead/lag, rates, composition, valuation, breadth and tracking.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Holding } from "../../src/model/index.ts";
import { isoToDay, dayToIso } from "../../src/model/dates.ts";
import {
  cyclesFromIndicator,
  leadershipRegimes,
  relativeStrength,
  returnAfterTroughMonth,
  zigzag,
} from "../../src/core/analytics/leadership.ts";
import { crossCorrelation, turningPointLeads, weeklyCloses, weeklyReturns } from "../../src/core/analytics/leadlag.ts";
import {
  EASING,
  HIKING,
  ON_HOLD,
  UNKNOWN,
  labelDays,
  labelDaysFromCycles,
  monthlyPolicyRegimes,
  statsByRegime,
  weeklyChanges,
} from "../../src/core/analytics/rates.ts";
import { compareComposition, composition } from "../../src/core/analytics/composition.ts";
import { valuation } from "../../src/core/analytics/valuation.ts";
import { breadth } from "../../src/core/analytics/breadth.ts";
import { trackingDifferenceByYear, trackingError } from "../../src/core/analytics/tracking.ts";
import { correlation } from "../../src/core/analytics/stats.ts";

const near = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `expected ${b}, got ${a}`);
const frame = (id: string, iso: string[], values: number[]) => ({ id, dates: Int32Array.from(iso.map(isoToDay)), values: Float64Array.from(values) });
/** Consecutive weekdays from a start date. */
function weekdays(startIso: string, n: number): Int32Array {
  const out: number[] = [];
  let d = isoToDay(startIso);
  while (out.length < n) {
    const wd = (((d + 3) % 7) + 7) % 7;
    if (wd < 5) out.push(d);
    d++;
  }
  return Int32Array.from(out);
}

test("zigzag: 10% threshold, alternating pivots, provisional last extreme", () => {
  // 100 105 95 110 98 120 100: 95 -> 110 (+15.8%) confirms trough @2; 110 -> 98 (-10.9%) peak @3;
  // 98 -> 120 (+22%) trough @4; 120 -> 100 (-16.7%) peak @5; 100 is the provisional trough.
  const p = zigzag([100, 105, 95, 110, 98, 120, 100], 0.1);
  assert.deepEqual(
    p.map((x) => [x.index, x.kind, x.confirmedIndex]),
    [[2, "trough", 3], [3, "peak", 4], [4, "trough", 5], [5, "peak", 6], [6, "trough", -1]],
  );
  assert.deepEqual(zigzag([100, 101, 99, 100], 0.1), [], "moves under the threshold make no pivot");
  assert.deepEqual(zigzag([5, 5, 5], 0.1), []);
  assert.throws(() => zigzag([1, 2], 0), RangeError);
  const r = leadershipRegimes([100, 105, 95, 110, 98, 120, 100], 0.1);
  assert.deepEqual(r.map((x) => [x.leader, x.startIndex, x.endIndex, x.confirmed]), [
    ["numerator", 2, 3, true],
    ["denominator", 3, 4, true],
    ["numerator", 4, 5, true],
    ["denominator", 5, 6, false],
  ]);
  near(r[0].ratioChange, 110 / 95 - 1);
});

test("relative strength on joined dates; returns after an NBER trough month", () => {
  const a = frame("A", ["2020-01-02", "2020-01-03", "2020-01-06"], [10, 12, 15]);
  const b = frame("B", ["2020-01-02", "2020-01-06"], [5, 6]);
  const rs = relativeStrength(a, b);
  assert.deepEqual(Array.from(rs.values), [2, 2.5]);
  // Trough month 2009-06: base = last close on or before 2009-06-30; +12 months -> 2010-06-30.
  const f = frame("X", ["2009-06-29", "2009-06-30", "2010-06-29", "2010-06-30", "2010-07-01", "2011-06-30"], [100, 101, 120, 121, 130, 150]);
  const r = returnAfterTroughMonth(f, "2009-06-01", 12);
  near(r.value, 121 / 101 - 1);
  assert.equal(dayToIso(r.endDate), "2010-06-30");
  near(returnAfterTroughMonth(f, "2009-06-01", 24).value, 150 / 101 - 1);
  assert.match(returnAfterTroughMonth(f, "2009-06-01", 36).reason!, /X ends 2011-06-30, before 2012-06-30/);
  assert.ok(Number.isNaN(returnAfterTroughMonth(f, "2001-11-01", 12).value));
  // Recessions from a 0/1 monthly indicator: run 2008-01..2009-06 -> peak 2007-12, trough 2009-06.
  const months = ["2007-11-01", "2007-12-01", "2008-01-01", "2008-06-01", "2009-06-01", "2009-07-01"];
  const cycles = cyclesFromIndicator(frame("USREC", months, [0, 0, 1, 1, 1, 0]));
  assert.deepEqual(cycles, [{ peak: "2007-12-01", trough: "2009-06-01" }]);
});

test("weekly closes end on Friday; cross-correlation pairs a(t) with b(t+k)", () => {
  // Thu 2024-01-04, Fri 01-05, Mon 01-08, Wed 01-10, Mon 01-15
  const w = weeklyCloses(Int32Array.from(["2024-01-04", "2024-01-05", "2024-01-08", "2024-01-10", "2024-01-15"].map(isoToDay)), [1, 2, 3, 4, 5]);
  assert.deepEqual(Array.from(w.weeks, dayToIso), ["2024-01-05", "2024-01-12", "2024-01-19"]);
  assert.deepEqual(Array.from(w.values), [2, 4, 5]);
  const r = weeklyReturns(Int32Array.from(["2024-01-05", "2024-01-12", "2024-01-19"].map(isoToDay)), [100, 110, 99]);
  near(r.returns[0], 0.1);
  near(r.returns[1], -0.1);
  const a = [1, 3, 2, 5, 4, 6];
  const b = [0, 1, 3, 2, 5, 4]; // b is a shifted one step later
  const cc = crossCorrelation(a, b, 2);
  const at = (k: number) => cc.find((x) => x.lag === k)!;
  near(at(1).correlation, correlation([1, 3, 2, 5, 4], [1, 3, 2, 5, 4]));
  assert.equal(at(1).n, 5);
  near(at(-1).correlation, correlation([3, 2, 5, 4, 6], [0, 1, 3, 2, 5]));
  assert.throws(() => crossCorrelation([1, 2], [1]), RangeError);
});

test("turning points: the small cap's matching turn and the lead in days", () => {
  const dates = Int32Array.from({ length: 9 }, (_, i) => isoToDay("2020-01-01") + 10 * i);
  // Large peaks at index 3 (day 30), troughs at 6; small peaks at 1 (day 10), troughs at 6.
  const large = [100, 110, 120, 130, 110, 100, 90, 110, 120];
  const small = [100, 130, 120, 110, 100, 90, 80, 100, 110];
  const m = turningPointLeads({ dates, values: large }, { dates, values: small }, 0.2, 365);
  // Both start with a confirmed trough at the first close (a 20% rise from it).
  assert.deepEqual(m.map((x) => [x.kind, x.largeIndex, x.smallIndex, x.leadDays, x.smallFirst]), [
    ["trough", 0, 0, 0, false],
    ["peak", 3, 1, 20, true],
    ["trough", 6, 6, 0, false],
  ]);
  const far = turningPointLeads({ dates, values: large }, { dates, values: small }, 0.2, 5);
  assert.equal(far[1].smallIndex, -1);
});

test("policy regimes from a monthly rate: cycles, trimmed flat ends, pauses", () => {
  // Flat 1.0 for 4 months, hikes to 2.0 over 4 months, flat 7 months (pause), up to 2.5, flat, cut to 1.5.
  const levels = [1, 1, 1, 1, 1.25, 1.5, 1.75, 2, 2, 2, 2, 2, 2, 2, 2.25, 2.5, 2.5, 2.5, 2, 1.5, 1.5, 1.5];
  const iso = levels.map((_, k) => `${2010 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}-01`);
  const p = monthlyPolicyRegimes(frame("FEDFUNDS", iso, levels));
  const H = HIKING, E = EASING, O = ON_HOLD;
  // Months 4-7 hiking (1.25..2.0, month 7 is the move to 2.0); 8-13 flat at 2.0 for 6 months ->
  // pause (on hold); 14-15 hiking
  // to the peak 2.5; 16-17 flat at the peak; 18-19 easing to the trough 1.5; 20-21 flat.
  assert.deepEqual(Array.from(p.regime), [O, O, O, O, H, H, H, H, O, O, O, O, O, O, H, H, O, O, E, E, O, O]);
  const days = Int32Array.from([isoToDay("2009-12-31"), isoToDay("2010-05-15"), isoToDay("2011-07-04"), isoToDay("2012-01-01")]);
  assert.deepEqual(Array.from(labelDays(days, p)), [UNKNOWN, H, E, UNKNOWN]);
  // Daily input is averaged by month first.
  const daily = frame("DFF", ["2010-01-01", "2010-01-31", "2010-02-01"], [1, 2, 3]);
  assert.deepEqual(Array.from(monthlyPolicyRegimes(daily).level), [1.5, 3]);
});

test("policy labels from the cycle table, and statistics by regime", () => {
  const d = Int32Array.from(["1986-12-31", "2004-06-29", "2004-06-30", "2006-06-29", "2006-06-30", "2008-01-02"].map(isoToDay));
  assert.deepEqual(Array.from(labelDaysFromCycles(d)), [UNKNOWN, ON_HOLD, HIKING, HIKING, ON_HOLD, EASING]);
  const s = statsByRegime([0.01, 0.02, -0.01, 0.03], [HIKING, HIKING, EASING, UNKNOWN]);
  const h = s.find((x) => x.regime === "hiking")!;
  assert.equal(h.days, 2);
  near(h.annualizedReturn, (1.01 * 1.02) ** (252 / 2) - 1);
  near(h.annualizedVolatility, Math.sqrt(0.00005) * Math.sqrt(252));
  const e = s.find((x) => x.regime === "easing")!;
  assert.ok(Number.isNaN(e.annualizedVolatility), "one day has no standard deviation");
  assert.equal(s.find((x) => x.regime === "on hold")!.days, 0);
  // Weekly changes of a yield with a missing value: last valid value per week, differenced.
  const y = frame("DGS10", ["2024-01-04", "2024-01-05", "2024-01-11", "2024-01-12", "2024-01-19"], [4.0, 4.1, 4.3, NaN, 4.2]);
  const wc = weeklyChanges(y);
  assert.deepEqual(Array.from(wc.weeks, dayToIso), ["2024-01-12", "2024-01-19"]);
  near(wc.changes[0], 0.2);
  near(wc.changes[1], -0.1);
});

const h = (ticker: string, mv: number, extra: Partial<Holding> = {}): Holding => ({
  fund: "SMALL",
  asOf: "2026-01-02",
  ticker,
  name: ticker,
  sector: "Tech",
  assetClass: "equity",
  marketValue: mv,
  weight: mv / 1000,
  shares: 1,
  price: mv,
  location: "United States",
  exchange: "NYSE",
  currency: "USD",
  ...extra,
});

test("composition: weights, top 10, HHI, effective N, sectors, locations, row selection", () => {
  const rows = [
    h("A", 400),
    h("B", 300, { sector: "Health" }),
    h("C", 200, { location: "Canada" }),
    h("D", 100, { sector: null }),
    h("-", 1, { exchange: "NO MARKET (E.G. UNLISTED)" }),
    h("CASH", 50, { assetClass: "cash" }),
  ];
  const c = composition(rows); // listed: A-D
  assert.equal(c.count, 4);
  near(c.herfindahl, 0.16 + 0.09 + 0.04 + 0.01);
  near(c.effectiveHoldings, 1 / 0.3);
  near(c.top10Weight, 1);
  near(c.medianPositionValue, 250);
  near(c.meanPositionValue, 250);
  assert.deepEqual(c.sectors.map((s) => [s.name, s.weight, s.count]), [["Tech", 0.6, 2], ["Health", 0.3, 1], ["Unknown", 0.1, 1]]);
  near(c.locations.find((l) => l.name === "United States")!.weight, 0.8);
  const e = composition(rows, "equity");
  assert.equal(e.count, 5);
  near(e.totalMarketValue, 1001);
  assert.throws(() => composition([h("X", 1, { assetClass: "cash" })]), /no listed equity rows/);
  const large = composition([h("L1", 900, { fund: "LARGE" }), h("L2", 100, { fund: "LARGE", sector: "Health" })]);
  const cmp = compareComposition(c, large);
  near(cmp.ratios.count, 2);
  near(cmp.sectors.find((s) => s.name === "Tech")!.difference, 0.6 - 0.9);
  near(cmp.domestic.small, 0.8);
});

test("valuation: harmonic weighted P/E and P/B, negative earnings, coverage, no data", () => {
  const rows = [h("A", 600), h("B", 300), h("C", 100)];
  // A: E/P = 30/600 = .05, B: -15/300 = -.05, C: no data. Weights over covered .6 .3 -> sum .9
  const v = valuation(rows, [
    { ticker: "A", marketCap: 600, earnings: 30, bookValue: 300 },
    { ticker: "B", marketCap: 300, earnings: -15, bookValue: 150 },
  ]);
  assert.ok(v.available);
  near(v.pe!, 0.9 / (0.6 * 0.05 + 0.3 * -0.05));
  near(v.pb!, 0.9 / (0.6 * 0.5 + 0.3 * 0.5));
  near(v.negativeEarningsShare, 0.5);
  near(v.negativeEarningsWeight, 0.3 / 0.9);
  near(v.earningsCoverage, 0.9);
  const x = valuation(rows, [{ ticker: "A", marketCap: 600, earnings: 30 }, { ticker: "B", marketCap: 300, earnings: -15 }], { negativeEarnings: "exclude" });
  assert.ok(x.available);
  near(x.pe!, 20);
  // P/E from quotes when totals are absent
  const q = valuation(rows, [{ ticker: "A", pe: 10 }, { ticker: "B", pe: 20 }]);
  assert.ok(q.available);
  near(q.pe!, 0.9 / (0.6 / 10 + 0.3 / 20));
  const none = valuation(rows, []);
  assert.equal(none.available, false);
  assert.match((none as { reason: string }).reason, /no valuation data stored for SMALL/);
  const losses = valuation(rows, [{ ticker: "A", marketCap: 600, earnings: -30 }]);
  assert.ok(losses.available && losses.pe === null, "aggregate losses: P/E undefined, not negative");
});

test("breadth: moving averages, advance/decline line, new highs and lows", () => {
  const dates = weekdays("2024-01-01", 6);
  const iso = Array.from(dates, dayToIso);
  const a = frame("A", iso, [1, 2, 3, 4, 5, 6]); // rising
  const b = frame("B", iso, [6, 5, 4, 3, 2, 1]); // falling
  const c = frame("C", iso.slice(2), [5, 5, 5, 5]); // flat, starts later
  const r = breadth([a, b, c], { shortAverage: 2, longAverage: 3, highLowWindow: 3 });
  assert.deepEqual(Array.from(r.reporting), [2, 2, 3, 3, 3, 3]);
  // Day 1: A above its 2-day average (2 > 1.5), B below: 1/2
  assert.deepEqual(Array.from(r.aboveShort).map((x) => (Number.isNaN(x) ? null : x)), [null, 0.5, 0.5, 1 / 3, 1 / 3, 1 / 3]);
  assert.deepEqual(Array.from(r.advancers), [0, 1, 1, 1, 1, 1]);
  assert.deepEqual(Array.from(r.decliners), [0, 1, 1, 1, 1, 1]);
  assert.deepEqual(Array.from(r.advanceDeclineLine), [0, 0, 0, 0, 0, 0]);
  // Highs over the previous 2 closes (window 3 incl. the day): A from day 2 on; C flat never.
  assert.deepEqual(Array.from(r.newHighs), [0, 0, 1, 1, 1, 1]);
  assert.deepEqual(Array.from(r.newLows), [0, 0, 1, 1, 1, 1]);
  assert.throws(() => breadth([a], { shortAverage: 1 }), RangeError);
  assert.throws(() => breadth([frame("N", iso.slice(0, 2), [1, NaN])]), /close 1 is NaN/);
});

test("tracking: calendar-year differences and tracking error on joined dates", () => {
  const fund = frame("F", ["2019-12-31", "2020-06-30", "2020-12-31", "2021-12-31"], [100, 90, 110, 121]);
  const index = frame("I", ["2019-12-31", "2020-12-31", "2021-06-30", "2021-12-31"], [100, 108, 110, 118.8]);
  const y = trackingDifferenceByYear(fund, index);
  assert.deepEqual(y.map((r) => r.year), [2020, 2021]);
  near(y[0].difference, 0.1 - 0.08);
  near(y[1].difference, 0.1 - 0.1);
  // Joined dates 2019-12-31, 2020-12-31, 2021-12-31: diffs .10-.08, .10-.10
  const te = trackingError(fund, index);
  assert.equal(te.days, 2);
  near(te.value, Math.sqrt(((0.02 - 0.01) ** 2 + (0 - 0.01) ** 2) / 1) * Math.sqrt(252));
});
