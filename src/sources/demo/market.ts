/**
 * The demo market's factor model (documented in docs/demo-market.md).
 *
 * Daily log returns on the business-day grid:
 *   market  m  = sigma_t * t6                                (^GSPC; Student-t, 6 df, unit variance, clipped at 5)
 *   10y     dY = sY_t * (c_t * zm + sqrt(1 - c_t^2) * zy)     (additive, percentage points)
 *   HY      dC = sC_t * (-a * zm + sqrt(1 - a^2) * zc)        (log of the spread)
 *   size    s  = kS * sigma_t * (rY * zy + rC * zc + sqrt(1 - rY^2 - rC^2) * zs)
 *   ^RUT    = betaR * m + s
 *   ^IXIC   = betaX * m + kX * sigma_t * zx
 *   NDX     = ^IXIC + lambda * (^IXIC - m) + nN * zn          (the Nasdaq-100-like factor)
 *   banks   = betaK * m + kK * sigma_t * (bY * zy + bC * zc + sqrt(1 - bY^2 - bC^2) * zk)
 * sigma_t = regime volatility (history.ts VOL_REGIMES) times a stochastic-volatility multiplier
 * exp(h_t - var(h)), h an AR(1). Every path is then bridged through its turning points
 * (history.ts) and each crash episode's scripted peak and trough are made its extremes (path.ts).
 */
import { businessDays } from "./calendar.ts";
import { isoToDay, lastIndexOnOrBefore } from "../../model/dates.ts";
import {
  DEMO_START,
  DGS10_ANCHORS,
  EPISODES,
  HY_ANCHORS,
  IXIC_ANCHORS,
  KRE_ANCHORS,
  LAST_ANCHOR,
  RUT_ANCHORS,
  SPX_ANCHORS,
  VOL_REGIMES,
  type Anchor,
} from "./history.ts";
import { anchorPoints, bridge, increments, keepSide, linearSchedule, stepSchedule, type AnchorPoint } from "./path.ts";
import { Rng } from "./random.ts";

/** Every model parameter in one place (names as in docs/demo-market.md). */
export const MODEL = {
  /** Student-t degrees of freedom of the market shock (fat tails), clipped at +-tailClip. */
  marketTailDf: 8,
  tailClip: 4.5,
  /** Daily market log returns beyond +-softCap are squeezed smoothly toward +-hardCap. */
  softCap: 0.07,
  hardCap: 0.11,
  /** Stochastic volatility: AR(1) persistence and shock size of the log-vol multiplier. */
  svPersistence: 0.98,
  svShock: 0.06,
  /** Log drift per year of the market after the last turning point. */
  tailDrift: 0.06,
  /** ^RUT loading on the market and scale of the size factor (relative to sigma_t). */
  rutBeta: 1.1,
  sizeScale: 0.56,
  /** Correlation of the size factor with the idiosyncratic 10y-yield and HY-spread shocks. */
  sizeOnRates: 0.15,
  sizeOnCredit: -0.28,
  /** ^IXIC loading on the market and scale of its tech factor. */
  ixicBeta: 1.17,
  techScale: 0.6,
  /** Extra tech exposure of the Nasdaq-100-like factor over ^IXIC, and its own daily noise. */
  ndxTechExtra: 0.25,
  ndxNoise: 0.002,
  /** Regional banks: market loading, factor scale, correlation with rate and credit shocks. */
  kreBeta: 1.15,
  bankScale: 0.95,
  bankOnRates: 0.35,
  bankOnCredit: -0.35,
  /** Daily 10y-yield volatility in percentage points at a 5% yield and 15% equity volatility. */
  yieldDailyVol: 0.065,
  /** Stock/yield shock correlation by period (a step schedule). */
  yieldMarketCorr: [["1987-09-10", -0.25], ["1998-01-01", 0.35], ["2022-01-01", -0.1]] as readonly Anchor[],
  /** Daily volatility of log(HY spread) at 15% equity volatility, and its correlation with -m. */
  spreadDailyVol: 0.015,
  spreadMarketCorr: 0.55,
} as const;

export interface MarketSim {
  days: Int32Array;
  /** Daily volatility sigma_t of the market factor (stochastic multiplier included). */
  sigma: Float64Array;
  /** Log index levels on the grid. */
  logGspc: Float64Array;
  logRut: Float64Array;
  logIxic: Float64Array;
  logNdx: Float64Array;
  logKre: Float64Array;
  /** 10-year yield and HY spread in percent, on the business-day grid. */
  dgs10: Float64Array;
  hy: Float64Array;
  /** The standardized 10y-yield shock each day (drives DGS2's noise too). */
  rateShock: Float64Array;
}

/** Identity up to softCap, then bends smoothly so that |x| never exceeds hardCap. */
function squeeze(x: number): number {
  const ax = Math.abs(x);
  if (ax <= MODEL.softCap) return x;
  const room = MODEL.hardCap - MODEL.softCap;
  return Math.sign(x) * (MODEL.softCap + room * Math.tanh((ax - MODEL.softCap) / room));
}

function normals(rng: Rng, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}

/** Simulates the whole grid from DEMO_START to max(`horizonIso`, LAST_ANCHOR). */
export function simulateMarket(seed: number, horizonIso: string): MarketSim {
  const start = isoToDay(DEMO_START);
  const horizon = Math.max(isoToDay(horizonIso), isoToDay(LAST_ANCHOR));
  const days = businessDays(start, horizon);
  const n = days.length;

  // Volatility: regime step schedule times a stochastic multiplier.
  const regime = stepSchedule(days, VOL_REGIMES);
  const svRng = new Rng(seed, "market:sv");
  const sigma = new Float64Array(n);
  const hVar = MODEL.svShock ** 2 / (1 - MODEL.svPersistence ** 2);
  let h = svRng.normal() * Math.sqrt(hVar);
  for (let i = 0; i < n; i++) {
    if (i > 0) h = MODEL.svPersistence * h + MODEL.svShock * svRng.normal();
    sigma[i] = (regime[i] / 100 / Math.sqrt(252)) * Math.exp(h - hVar);
  }
  const rel = (i: number) => sigma[i] / (0.15 / Math.sqrt(252));

  // Shocks, each from its own stream.
  const mRng = new Rng(seed, "market:m");
  const zm = new Float64Array(n);
  for (let i = 0; i < n; i++) zm[i] = Math.max(-MODEL.tailClip, Math.min(MODEL.tailClip, mRng.studentT(MODEL.marketTailDf)));
  const zy = normals(new Rng(seed, "market:rates"), n);
  const zc = normals(new Rng(seed, "market:credit"), n);
  const zs = normals(new Rng(seed, "market:size"), n);
  const zx = normals(new Rng(seed, "market:tech"), n);
  const zn = normals(new Rng(seed, "market:ndx"), n);
  const zk = normals(new Rng(seed, "market:banks"), n);

  const ln = Math.log;
  /** Index of the first grid day on or after `iso`. */
  const dayIndex = (iso: string) => lastIndexOnOrBefore(days, isoToDay(iso) - 1) + 1;

  // ^GSPC: market shocks bridged through the turning points, crash depths pinned.
  const mRaw = new Float64Array(n);
  for (let i = 1; i < n; i++) mRaw[i] = squeeze(sigma[i] * zm[i]);
  const spxAnchors = anchorPoints(days, SPX_ANCHORS, ln);
  const logGspc = bridge(mRaw, spxAnchors, MODEL.tailDrift / 252);
  const pin = (path: Float64Array, key: "^GSPC" | "^RUT" | "^IXIC", anchors: readonly AnchorPoint[]) => {
    const fixed = anchors.map((a) => a.i);
    for (const ep of EPISODES) {
      const shape = ep.shape[key];
      if (!shape) continue;
      const peak = lastIndexOnOrBefore(days, isoToDay(shape.peak));
      const trough = lastIndexOnOrBefore(days, isoToDay(shape.trough));
      const guard = dayIndex(shape.guardFrom ?? shape.peak);
      const to = lastIndexOnOrBefore(days, isoToDay(ep.to));
      for (let round = 0; round < 3; round++) {
        keepSide(path, guard, trough, path[peak], -1, fixed);
        keepSide(path, peak, to, path[trough], 1, fixed);
      }
    }
  };
  pin(logGspc, "^GSPC", spxAnchors);
  const m = increments(logGspc);

  // 10-year yield (additive) and HY spread (log), both moving with the market shock.
  const corr = stepSchedule(days, MODEL.yieldMarketCorr);
  const yLevel = linearSchedule(days, DGS10_ANCHORS);
  const rateShock = new Float64Array(n);
  const dY = new Float64Array(n);
  const dC = new Float64Array(n);
  const a = MODEL.spreadMarketCorr;
  for (let i = 1; i < n; i++) {
    const c = corr[i];
    rateShock[i] = c * zm[i] + Math.sqrt(1 - c * c) * zy[i];
    const sY = MODEL.yieldDailyVol * Math.sqrt(Math.max(yLevel[i], 0.5) / 5) * rel(i) ** 0.3;
    dY[i] = sY * rateShock[i];
    const sC = MODEL.spreadDailyVol * Math.sqrt(rel(i));
    dC[i] = sC * (-a * zm[i] + Math.sqrt(1 - a * a) * zc[i]);
  }
  const dgs10 = bridge(dY, anchorPoints(days, DGS10_ANCHORS, (v) => v));
  const hy = bridge(dC, anchorPoints(days, HY_ANCHORS, ln));
  for (let i = 0; i < n; i++) {
    dgs10[i] = Math.max(0.05, dgs10[i]);
    hy[i] = Math.exp(hy[i]);
  }

  // ^RUT = beta * market + size factor.
  const rY = MODEL.sizeOnRates;
  const rC = MODEL.sizeOnCredit;
  const rS = Math.sqrt(1 - rY * rY - rC * rC);
  const rutInc = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const s = MODEL.sizeScale * sigma[i] * (rY * zy[i] + rC * zc[i] + rS * zs[i]);
    rutInc[i] = MODEL.rutBeta * m[i] + s;
  }
  const rutAnchors = anchorPoints(days, RUT_ANCHORS, ln);
  const logRut = bridge(rutInc, rutAnchors);
  pin(logRut, "^RUT", rutAnchors);

  // ^IXIC and the Nasdaq-100-like factor.
  const ixInc = new Float64Array(n);
  for (let i = 1; i < n; i++) ixInc[i] = MODEL.ixicBeta * m[i] + MODEL.techScale * sigma[i] * zx[i];
  const ixicAnchors = anchorPoints(days, IXIC_ANCHORS, ln);
  const logIxic = bridge(ixInc, ixicAnchors);
  pin(logIxic, "^IXIC", ixicAnchors);
  const ix = increments(logIxic);
  const logNdx = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    logNdx[i] = logNdx[i - 1] + ix[i] + MODEL.ndxTechExtra * (ix[i] - m[i]) + MODEL.ndxNoise * zn[i];
  }
  // Level: NDX-like = 2060 on 1999-03-10 (QQQ's first day).
  const ndxBase = dayIndex("1999-03-10");
  const shift = Math.log(2060) - logNdx[ndxBase];
  for (let i = 0; i < n; i++) logNdx[i] += shift;

  // Regional banks.
  const bY = MODEL.bankOnRates;
  const bC = MODEL.bankOnCredit;
  const bK = Math.sqrt(1 - bY * bY - bC * bC);
  const kreInc = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    kreInc[i] = MODEL.kreBeta * m[i] + MODEL.bankScale * sigma[i] * (bY * zy[i] + bC * zc[i] + bK * zk[i]);
  }
  const logKre = bridge(kreInc, anchorPoints(days, KRE_ANCHORS, ln));

  return { days, sigma, logGspc, logRut, logIxic, logNdx, logKre, dgs10, hy, rateShock };
}
