/**
 * Plain statistics over Float64Array, with the conventions the reference figures use:
 * sample variance (ddof = 1), bias-corrected skew and excess kurtosis (pandas), and
 * linear-interpolation quantiles (numpy's default). Empty or too-short input gives NaN.
 */

export function mean(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  return s / n;
}

/** Sample variance (ddof = 1). */
export function variance(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return NaN;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i] - m) ** 2;
  return s / (n - 1);
}

export function stdev(x: ArrayLike<number>): number {
  return Math.sqrt(variance(x));
}

/** Sample covariance (ddof = 1) of two equally long arrays. */
export function covariance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n !== b.length) throw new RangeError(`covariance needs equal lengths (${n} vs ${b.length})`);
  if (n < 2) return NaN;
  const ma = mean(a);
  const mb = mean(b);
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i] - ma) * (b[i] - mb);
  return s / (n - 1);
}

export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return covariance(a, b) / Math.sqrt(variance(a) * variance(b));
}

/** Quantile with linear interpolation between order statistics (numpy "linear"). */
export function quantile(x: ArrayLike<number>, q: number): number {
  const n = x.length;
  if (n === 0) return NaN;
  const sorted = Float64Array.from(x).sort();
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Adjusted Fisher-Pearson skewness (pandas `skew()`). */
export function skewness(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 3) return NaN;
  const m = mean(x);
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  return (Math.sqrt(n * (n - 1)) / (n - 2)) * (m3 / m2 ** 1.5);
}

/** Bias-corrected excess kurtosis (pandas `kurt()`). */
export function excessKurtosis(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 4) return NaN;
  const m = mean(x);
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d2 = (x[i] - m) ** 2;
    m2 += d2;
    m4 += d2 * d2;
  }
  m2 /= n;
  m4 /= n;
  const g2 = m4 / (m2 * m2) - 3;
  return ((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * g2 + 6);
}
