import { assertFinite, covariance, mean, quantileInPlace, stdev, variance } from "./stats.ts";
import { TRADING_DAYS_PER_YEAR, overlappingReturns } from "./returns.ts";

/** std(daily returns, ddof = 1) * sqrt(252). */
export function annualizedVolatility(returns: ArrayLike<number>, periodsPerYear = TRADING_DAYS_PER_YEAR): number {
  assertFinite(returns, "annualizedVolatility");
  return stdev(returns) * Math.sqrt(periodsPerYear);
}

/** cov(asset, benchmark) / var(benchmark) on aligned returns. */
export function beta(asset: ArrayLike<number>, benchmark: ArrayLike<number>): number {
  assertFinite(asset, "beta asset");
  assertFinite(benchmark, "beta benchmark");
  return covariance(asset, benchmark) / variance(benchmark);
}

/** Per-period risk-free rate: a constant, or one rate per return (already per period). */
export type RiskFree = number | ArrayLike<number>;

function excessReturns(returns: ArrayLike<number>, riskFree: RiskFree): ArrayLike<number> {
  if (typeof riskFree === "number") {
    if (riskFree === 0) return returns;
    return Float64Array.from(returns, (r) => r - riskFree);
  }
  if (riskFree.length !== returns.length) {
    throw new RangeError(`risk-free rates (${riskFree.length}) must align with the returns (${returns.length})`);
  }
  const out = new Float64Array(returns.length);
  for (let i = 0; i < out.length; i++) out[i] = returns[i] - riskFree[i];
  return out;
}


/**
 * Downside deviation: sqrt(mean(min(r - mar, 0)^2)) * sqrt(periodsPerYear), the mean taken over
 * all returns (not only those below the target). `mar` is the minimum acceptable return per
 * period (0, or a per-period risk-free array).
 */
export function downsideDeviation(
  returns: ArrayLike<number>,
  mar: RiskFree = 0,
  periodsPerYear = TRADING_DAYS_PER_YEAR,
): number {
  assertFinite(returns, "downsideDeviation");
  const x = excessReturns(returns, mar);
  const n = x.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) if (x[i] < 0) s += x[i] * x[i];
  return Math.sqrt(s / n) * Math.sqrt(periodsPerYear);
}

/**
 * Sharpe ratio: mean(r - rf) / std(r - rf, ddof = 1) * sqrt(periodsPerYear), rf per period.
 * NaN when the excess returns do not vary.
 */
export function sharpeRatio(returns: ArrayLike<number>, riskFree: RiskFree = 0, periodsPerYear = TRADING_DAYS_PER_YEAR): number {
  assertFinite(returns, "sharpeRatio");
  const x = excessReturns(returns, riskFree);
  const sd = stdev(x);
  return sd > 0 ? (mean(x) / sd) * Math.sqrt(periodsPerYear) : NaN;
}

/**
 * Sortino ratio: mean(r - rf) * periodsPerYear / downsideDeviation(r - rf, 0). With rf = 0 it is
 * the reference figures' "Sortino (rf 0)". NaN when no return is below the target.
 */
export function sortinoRatio(returns: ArrayLike<number>, riskFree: RiskFree = 0, periodsPerYear = TRADING_DAYS_PER_YEAR): number {
  assertFinite(returns, "sortinoRatio");
  const x = excessReturns(returns, riskFree);
  const dd = downsideDeviation(x, 0, periodsPerYear);
  return dd > 0 ? (mean(x) * periodsPerYear) / dd : NaN;
}

/** std(asset) / std(benchmark) on aligned returns. */
export function volatilityRatio(asset: ArrayLike<number>, benchmark: ArrayLike<number>): number {
  assertFinite(asset, "volatilityRatio asset");
  assertFinite(benchmark, "volatilityRatio benchmark");
  const sb = stdev(benchmark);
  return sb > 0 ? stdev(asset) / sb : NaN;
}

/**
 * Rolling statistics over a fixed number of periods, output aligned to the window's last
 * element: element k covers inputs [k, k + window - 1], so the output has n - window + 1
 * values (none when n < window). Running sums are kept on values centred by the overall mean
 * to avoid cancellation.
 */
export function rollingVolatility(returns: ArrayLike<number>, window: number, periodsPerYear = TRADING_DAYS_PER_YEAR): Float64Array {
  assertFinite(returns, "rollingVolatility");
  checkWindow(window, 2);
  const n = returns.length;
  const m = Math.max(0, n - window + 1);
  const out = new Float64Array(m);
  if (m === 0) return out;
  const c = mean(returns);
  let s1 = 0;
  let s2 = 0;
  const scale = Math.sqrt(periodsPerYear);
  for (let i = 0; i < n; i++) {
    const x = returns[i] - c;
    s1 += x;
    s2 += x * x;
    if (i >= window) {
      const y = returns[i - window] - c;
      s1 -= y;
      s2 -= y * y;
    }
    if (i >= window - 1) {
      const v = (s2 - (s1 * s1) / window) / (window - 1);
      out[i - window + 1] = Math.sqrt(v > 0 ? v : 0) * scale;
    }
  }
  return out;
}

/** Rolling beta and correlation of aligned returns (same alignment as rollingVolatility). */
export function rollingBetaCorrelation(
  asset: ArrayLike<number>,
  benchmark: ArrayLike<number>,
  window: number,
): { beta: Float64Array; correlation: Float64Array } {
  assertFinite(asset, "rollingBetaCorrelation asset");
  assertFinite(benchmark, "rollingBetaCorrelation benchmark");
  checkWindow(window, 2);
  const n = asset.length;
  if (benchmark.length !== n) throw new RangeError(`rolling beta needs aligned returns (${n} vs ${benchmark.length})`);
  const m = Math.max(0, n - window + 1);
  const betaOut = new Float64Array(m);
  const corrOut = new Float64Array(m);
  if (m === 0) return { beta: betaOut, correlation: corrOut };
  const ca = mean(asset);
  const cb = mean(benchmark);
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < n; i++) {
    const a = asset[i] - ca;
    const b = benchmark[i] - cb;
    sa += a;
    sb += b;
    saa += a * a;
    sbb += b * b;
    sab += a * b;
    if (i >= window) {
      const a0 = asset[i - window] - ca;
      const b0 = benchmark[i - window] - cb;
      sa -= a0;
      sb -= b0;
      saa -= a0 * a0;
      sbb -= b0 * b0;
      sab -= a0 * b0;
    }
    if (i >= window - 1) {
      const k = i - window + 1;
      const vab = sab - (sa * sb) / window;
      const vaa = saa - (sa * sa) / window;
      const vbb = sbb - (sb * sb) / window;
      betaOut[k] = vbb > 0 ? vab / vbb : NaN;
      corrOut[k] = vaa > 0 && vbb > 0 ? vab / Math.sqrt(vaa * vbb) : NaN;
    }
  }
  return { beta: betaOut, correlation: corrOut };
}

function checkWindow(window: number, min: number): void {
  if (!Number.isInteger(window) || window < min) throw new RangeError(`window must be an integer >= ${min}, got ${window}`);
}

export interface CaptureRatios {
  /** mean(asset | benchmark > 0) / mean(benchmark | benchmark > 0). */
  up: number;
  /** mean(asset | benchmark < 0) / mean(benchmark | benchmark < 0). */
  down: number;
  upPeriods: number;
  downPeriods: number;
}

/** Up/down capture on aligned period returns (monthly in r2k's reports); NaN without up/down periods. */
export function captureRatios(asset: ArrayLike<number>, benchmark: ArrayLike<number>): CaptureRatios {
  assertFinite(asset, "captureRatios asset");
  assertFinite(benchmark, "captureRatios benchmark");
  const n = asset.length;
  if (benchmark.length !== n) throw new RangeError(`capture ratios need aligned returns (${n} vs ${benchmark.length})`);
  let ua = 0;
  let ub = 0;
  let nu = 0;
  let da = 0;
  let db = 0;
  let nd = 0;
  for (let i = 0; i < n; i++) {
    const b = benchmark[i];
    if (b > 0) {
      ua += asset[i];
      ub += b;
      nu++;
    } else if (b < 0) {
      da += asset[i];
      db += b;
      nd++;
    }
  }
  return {
    up: nu ? ua / nu / (ub / nu) : NaN,
    down: nd ? da / nd / (db / nd) : NaN,
    upPeriods: nu,
    downPeriods: nd,
  };
}

export interface TailRisk {
  confidence: number;
  /** Historical value at risk as a positive loss: -quantile(r, 1 - confidence), linear interpolation. */
  valueAtRisk: number;
  /** Expected shortfall: -mean(r where r <= that quantile). */
  conditionalValueAtRisk: number;
  /** Returns at or below the quantile (the CVaR sample). */
  tailCount: number;
}

/** Historical VaR and CVaR at each confidence level; sorts the returns once. */
export function historicalTailRisk(returns: ArrayLike<number>, confidences: readonly number[] = [0.95, 0.99]): TailRisk[] {
  assertFinite(returns, "historicalTailRisk");
  const work = Float64Array.from(returns);
  const n = work.length;
  return confidences.map((c) => {
    if (!(c > 0 && c < 1)) throw new RangeError(`confidence must be within (0, 1), got ${c}`);
    if (n === 0) return { confidence: c, valueAtRisk: NaN, conditionalValueAtRisk: NaN, tailCount: 0 };
    const q = quantileInPlace(work, 1 - c);
    let s = 0;
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (work[i] <= q) {
        s += work[i];
        k++;
      }
    }
    return { confidence: c, valueAtRisk: -q, conditionalValueAtRisk: k ? -s / k : NaN, tailCount: k };
  });
}



/**
 * Probability of a loss over a holding period of `sessions` trading sessions: the share of
 * start points t with v[t + sessions] / v[t] < 1, over every t where both closes exist
 * (overlapping windows). NaN when the history is shorter than the holding period.
 */
export function probabilityOfLoss(values: ArrayLike<number>, sessions: number): { probability: number; count: number } {
  const r = overlappingReturns(values, sessions);
  let losses = 0;
  for (let i = 0; i < r.length; i++) if (r[i] < 0) losses++;
  return { probability: r.length ? losses / r.length : NaN, count: r.length };
}
