/**
 * The demo market against the real reference figures (docs/analytics.md),
 * recomputed with r2k's own analytics over 2000-01-03..2019-12-31. Tolerances are the
 * calibration targets stated in docs/demo-market.md; the table there comes from this output.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateDemoMarket, type DemoMarket } from "../../src/sources/demo/index.ts";
import { innerJoin, lastPerPeriod, sliceByDate } from "../../src/core/analytics/align.ts";
import { weekEndingFriday } from "../../src/core/analytics/calendar.ts";
import { crashStudy, maxDrawdown } from "../../src/core/analytics/drawdown.ts";
import { weeklyChanges } from "../../src/core/analytics/rates.ts";
import { simpleReturns } from "../../src/core/analytics/returns.ts";
import { annualizedVolatility, beta } from "../../src/core/analytics/risk.ts";
import { correlation, ols, stdev } from "../../src/core/analytics/stats.ts";
import { isoToDay, type SeriesFrame } from "../../src/model/index.ts";

const REAL = {
  volRatio: 1.244276146,
  beta: 1.110860242,
  correlation: 0.8927762906,
  rutDepth0709: -0.5988875493,
  spxDepth0709: -0.5677538774,
  rutMaxDrawdown: -0.5988875493,
  spxMaxDrawdown: -0.5677538774,
  rateBeta: 0.02292789423,
  creditBeta: -0.01245751951,
};

const TOL = { volRatio: 0.08, beta: 0.1, correlation: 0.04, depth: 0.06, rateBeta: 0.012, creditBeta: 0.007 };

const BASE = isoToDay("1999-12-31");
const FROM = isoToDay("2000-01-03");
const TO = isoToDay("2019-12-31");

function closes(m: DemoMarket, symbol: string): SeriesFrame {
  const bars = m.indices.find((s) => s.meta.id === symbol)!.bars;
  return { id: symbol, dates: Int32Array.from(bars, (b) => isoToDay(b.date)), values: Float64Array.from(bars, (b) => b.close) };
}

function macro(m: DemoMarket, id: string): SeriesFrame {
  const o = m.macro.find((s) => s.meta.id === id)!.observations;
  return { id, dates: Int32Array.from(o, (x) => isoToDay(x.date)), values: Float64Array.from(o, (x) => x.value) };
}

export interface Calibration {
  volRut: number;
  volSpx: number;
  volRatio: number;
  beta: number;
  correlation: number;
  rutDepth0709: number;
  spxDepth0709: number;
  rutMaxDrawdown: number;
  spxMaxDrawdown: number;
  rateBeta: number;
  rateT: number;
  creditBeta: number;
  creditT: number;
  weeks: number;
}

export function calibrate(m: DemoMarket): Calibration {
  const rut = closes(m, "^RUT");
  const spx = closes(m, "^GSPC");
  // Window closes from the base (last close on or before 1999-12-31) to 2019-12-31, joined first.
  const joined = innerJoin(sliceByDate(rut, BASE, TO), sliceByDate(spx, BASE, TO));
  const rr = simpleReturns(joined.values[0]);
  const rs = simpleReturns(joined.values[1]);
  const inWindow = (f: SeriesFrame) => sliceByDate(f, FROM, TO).values;

  const crash = (f: SeriesFrame) => crashStudy(f.dates, f.values, isoToDay("2007-01-01"), isoToDay("2009-12-31"), []).depth;

  // Weekly: last joined close of each week ending Friday; (RUT - SPX) simple return on the
  // week's change in the yield / spread (percentage points), matched by week.
  const wr = lastPerPeriod(joined.dates, joined.values[0], weekEndingFriday);
  const ws = lastPerPeriod(joined.dates, joined.values[1], weekEndingFriday);
  const spread = new Map<number, number>();
  for (let i = 1; i < wr.keys.length; i++) {
    spread.set(wr.keys[i], wr.values[i] / wr.values[i - 1] - 1 - (ws.values[i] / ws.values[i - 1] - 1));
  }
  const regress = (id: string) => {
    const ch = weeklyChanges(sliceByDate(macro(m, id), BASE - 7, TO));
    const y: number[] = [];
    const x: number[] = [];
    for (let i = 0; i < ch.weeks.length; i++) {
      const s = spread.get(ch.weeks[i]);
      if (s === undefined || ch.weeks[i] < FROM) continue;
      y.push(s);
      x.push(ch.changes[i]);
    }
    return ols(y, [x]);
  };
  const rate = regress("DGS10");
  const credit = regress("BAMLH0A0HYM2");
  return {
    volRut: annualizedVolatility(simpleReturns(sliceByDate(rut, BASE, TO).values)),
    volSpx: annualizedVolatility(simpleReturns(sliceByDate(spx, BASE, TO).values)),
    volRatio: stdev(rr) / stdev(rs),
    beta: beta(rr, rs),
    correlation: correlation(rr, rs),
    rutDepth0709: crash(rut),
    spxDepth0709: crash(spx),
    rutMaxDrawdown: maxDrawdown(inWindow(rut)).depth,
    spxMaxDrawdown: maxDrawdown(inWindow(spx)).depth,
    rateBeta: rate.coefficients[1],
    rateT: rate.tStats[1],
    creditBeta: credit.coefficients[1],
    creditT: credit.tStats[1],
    weeks: rate.n,
  };
}

for (const seed of [42, 7]) {
  test(`seed ${seed}: 2000-2019 figures land near the real ones`, (t) => {
    const c = calibrate(generateDemoMarket({ seed, endDate: "2020-01-31" }));
    t.diagnostic(JSON.stringify(c));
    const near = (name: keyof typeof REAL, tol: number) =>
      assert.ok(Math.abs(c[name] - REAL[name]) <= tol, `${name}: demo ${c[name].toFixed(4)}, real ${REAL[name].toFixed(4)} (tolerance ${tol})`);
    near("volRatio", TOL.volRatio);
    near("beta", TOL.beta);
    near("correlation", TOL.correlation);
    near("rutDepth0709", TOL.depth);
    near("spxDepth0709", TOL.depth);
    near("rutMaxDrawdown", TOL.depth);
    near("spxMaxDrawdown", TOL.depth);
    assert.ok(c.rateBeta > 0 && c.rateT > 2, `rate beta ${c.rateBeta} (t ${c.rateT}) must be positive and significant`);
    assert.ok(c.creditBeta < 0 && c.creditT < -2, `credit beta ${c.creditBeta} (t ${c.creditT}) must be negative and significant`);
    near("rateBeta", TOL.rateBeta);
    near("creditBeta", TOL.creditBeta);
    assert.ok(c.weeks > 1000 && c.weeks < 1050, `${c.weeks} weeks`);
    assert.ok(c.volSpx > 0.15 && c.volSpx < 0.23, `^GSPC volatility ${c.volSpx}`);
  });
}
