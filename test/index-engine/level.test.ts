import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { computeLevels, fixedMembershipLevels, type IndexEvent } from "../../src/core/index-engine/index.ts";

const close = (rows: number[][]) => Float64Array.from(rows.flat());
const near = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} != ${b}`);

describe("divisor arithmetic (methodology section 9)", () => {
  // Columns X, Y, Z, W.
  const ids = ["X", "Y", "Z", "W"];
  const dates = Int32Array.from([0, 1, 2, 3]);
  const prices = close([
    [50, 20, 10, NaN],
    [55, 19, 10, 40],
    [56, 19.5, NaN, 42],
    [28, 19.5, NaN, 42], // X split 2-for-1 after day 2's close
  ]);
  const initial = [
    { col: 0, shares: 10e6, iwf: 0.8 },
    { col: 1, shares: 30e6, iwf: 1 },
    { col: 2, shares: 50e6, iwf: 0.5 },
  ];
  const events: IndexEvent[] = [
    { kind: "delete", date: 1, col: 2 },
    { kind: "add", date: 1, col: 3, shares: 20e6, iwf: 0.75 },
    { kind: "split", date: 2, col: 0, ratio: 2 },
  ];
  const s = computeLevels({ dates, ids, close: prices, initial, events, baseLevel: 1000 });

  test("worked example numbers", () => {
    near(s.divisor[0], 1_250_000);
    near(s.price[0], 1000);
    near(s.price[1], 1008);
    near(s.divisor[2], 1_610_000_000 / 1008);
    near(s.divisor[2], 1_597_222.2222222222);
    near(s.price[2], 1_663_000_000 / (1_610_000_000 / 1008));
    assert.equal(s.price[2].toFixed(4), "1041.1826");
    assert.deepEqual(Array.from(s.members), [3, 3, 3, 3]);
  });

  test("a split leaves cap, divisor and level unchanged", () => {
    near(s.divisor[3], s.divisor[2], 1e-15);
    near(s.price[3], s.price[2], 1e-12);
    const adj = s.adjustments.find((a) => a.kinds.includes("split"))!;
    near(adj.capAfter, adj.capBefore, 1e-15);
  });

  test("total return equals price return without dividends", () => {
    for (let t = 0; t < 4; t++) near(s.total[t], s.price[t], 1e-12);
  });

  test("dividends are reinvested in the total-return version only", () => {
    const div = new Float64Array(prices.length);
    div[1 * 4 + 1] = 0.5; // Y pays 0.50 going ex on day 1
    const d = computeLevels({ dates, ids, close: prices, dividends: div, initial, events, baseLevel: 1000 });
    near(d.price[1], 1008);
    // TR(1) = 1000 x (1,260M + 0.5 x 30M) / 1,250M
    near(d.total[1], (1000 * (1_260_000_000 + 15_000_000)) / 1_250_000_000);
    // Day 2: TR grows like the price index.
    near(d.total[2] / d.total[1], d.price[2] / d.price[1]);
  });

  test("price adjustment (spin-off) moves the divisor, not the level", () => {
    const ev: IndexEvent[] = [{ kind: "price-adjust", date: 0, col: 1, price: 15 }];
    const p = close([
      [50, 20, 10, NaN],
      [50, 15, 10, NaN],
    ]);
    const r = computeLevels({ dates: Int32Array.from([0, 1]), ids, close: p, initial, events: ev, baseLevel: 1000 });
    near(r.price[1], 1000);
  });

  test("share change re-sets the divisor", () => {
    const ev: IndexEvent[] = [{ kind: "shares", date: 0, col: 0, shares: 12e6 }];
    const p = close([
      [50, 20, 10, NaN],
      [50, 20, 10, NaN],
      [55, 20, 10, NaN],
    ]);
    const r = computeLevels({ dates: Int32Array.from([0, 1, 2]), ids, close: p, initial, events: ev, baseLevel: 1000 });
    near(r.price[1], 1000);
    // Day 2: X +10% with float cap 12M x 0.8 x 50 = 480M of 1,330M.
    near(r.price[2], (1000 * (1_330_000_000 + 48_000_000)) / 1_330_000_000);
  });

  test("errors: member without a price, event outside the dates, bad shapes", () => {
    assert.throws(
      () => computeLevels({ dates, ids, close: prices, initial: [{ col: 3, shares: 1, iwf: 1 }] }),
      /no close yet for member\(s\) W/,
    );
    assert.throws(
      () => computeLevels({ dates, ids, close: prices, initial, events: [{ kind: "delete", date: 9, col: 0 }] }),
      /after the last date/,
    );
    assert.throws(() => computeLevels({ dates, ids, close: new Float64Array(3), initial }), /expected 4 x 4/);
  });
});

describe("fixed membership over a price history", () => {
  test("late starters are added, early enders deleted, gaps carried", () => {
    const ids = ["A", "B", "C"];
    const p = close([
      [10, 20, NaN],
      [11, NaN, NaN],
      [11, 22, 5],
      [12, NaN, 6],
      [12, NaN, 6],
    ]);
    const holdings = [
      { shares: 100, iwf: 1 },
      { shares: 50, iwf: 1 },
      { shares: 200, iwf: 0.5 },
    ];
    const r = fixedMembershipLevels({ dates: Int32Array.from([0, 1, 2, 3, 4]), ids, close: p, holdings, baseLevel: 100 });
    assert.deepEqual(r.added, ["C"]);
    assert.deepEqual(r.deleted, ["B"]);
    near(r.price[1], (100 * (1100 + 1000)) / 2000); // B carried at 20
    near(r.price[2], (100 * (1100 + 1100)) / 2000);
    // Day 3: A 12, C 6; B deleted and C added after day 2 at unchanged level.
    const l2 = r.price[2];
    near(r.price[3], l2 * ((1200 + 600) / (1100 + 500)));
    assert.deepEqual(Array.from(r.members), [2, 2, 2, 2, 2]);
  });
});
