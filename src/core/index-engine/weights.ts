import { IndexEngineError } from "./types.ts";

/**
 * Cap weights: each value over the sum. Values must be finite and non-negative; an
 * all-zero input has no weights (throws), since an index with no capitalization has no level.
 * Summation is compensated (Neumaier), so weights add up to 1 within a few ulps even for
 * thousands of names of very different sizes.
 */
export function capWeights(caps: ArrayLike<number>): Float64Array {
  const n = caps.length;
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const v = caps[i];
    if (!Number.isFinite(v) || v < 0) throw new IndexEngineError(`cap ${i} must be finite and non-negative (got ${v})`);
    const t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  sum += comp;
  if (n > 0 && !(sum > 0)) throw new IndexEngineError("caps add up to zero: no weights");
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = caps[i] / sum;
  return w;
}

/** Investable weight factor: float shares over shares outstanding, in [0, 1]. */
export function investableWeight(floatShares: number, sharesOutstanding: number): number {
  if (!(sharesOutstanding > 0)) throw new IndexEngineError(`shares outstanding must be positive (got ${sharesOutstanding})`);
  return Math.min(1, Math.max(0, floatShares / sharesOutstanding));
}
