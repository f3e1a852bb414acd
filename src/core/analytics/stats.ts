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
  assertFinite(x, "quantile");
  return quantileInPlace(Float64Array.from(x), q);
}

/**
 * The same quantile, computed by selection (expected linear time) on `work`, which it
 * reorders. Values must not be NaN.
 */
export function quantileInPlace(work: Float64Array, q: number): number {
  const n = work.length;
  if (n === 0) return NaN;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile level must be within [0, 1], got ${q}`);
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = selectInPlace(work, lo);
  if (h === lo || lo + 1 >= n) return a;
  // The next order statistic is the smallest value right of position lo.
  let b = Infinity;
  for (let i = lo + 1; i < n; i++) if (work[i] < b) b = work[i];
  return a + (h - lo) * (b - a);
}

/**
 * Rearranges `a` so that a[k] is the k-th smallest value, everything left of it <= a[k] and
 * everything right of it >= a[k] (Hoare selection with median-of-three pivots); returns a[k].
 */
export function selectInPlace(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  if (k < 0 || k > right) throw new RangeError(`order statistic ${k} out of range for ${a.length} values`);
  while (right > left) {
    const mid = (left + right) >>> 1;
    // Median of three to the middle.
    if (a[mid] < a[left]) swap(a, mid, left);
    if (a[right] < a[left]) swap(a, right, left);
    if (a[right] < a[mid]) swap(a, right, mid);
    const pivot = a[mid];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
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



/** Median (numpy: mean of the two middle values for an even count). */
export function median(x: ArrayLike<number>): number {
  return quantile(x, 0.5);
}

export function sum(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
}

/** Throws a RangeError naming the first non-finite element; `label` says what the array is. */
export function assertFinite(x: ArrayLike<number>, label: string): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new RangeError(`${label}: element ${i} is ${x[i]} (finite numbers required)`);
  }
}

/** Throws a RangeError naming the first value that is not a finite positive number (a price or level). */
export function assertPrices(x: ArrayLike<number>, label: string): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!(v > 0) || v === Infinity) throw new RangeError(`${label}: value ${i} is ${v} (finite positive prices required)`);
  }
}

export interface OlsResult {
  /** Intercept first when fitted with one, then one coefficient per regressor. */
  coefficients: number[];
  standardErrors: number[];
  /** Classic (homoskedastic) t statistics: coefficient / standard error. */
  tStats: number[];
  rSquared: number;
  n: number;
  /** Residual degrees of freedom n - k. */
  dof: number;
}

/**
 * Ordinary least squares of y on the regressors (each an array as long as y), with an
 * intercept unless `intercept` is false. Classic standard errors s^2 (X'X)^-1 with
 * s^2 = RSS / (n - k); R^2 = 1 - RSS / TSS (TSS around the mean when there is an intercept).
 * Solved by Gauss-Jordan elimination with partial pivoting on the centred normal equations.
 * Throws RangeError when there are too few observations or the regressors are collinear.
 */
export function ols(y: ArrayLike<number>, regressors: ArrayLike<number>[], intercept = true): OlsResult {
  const n = y.length;
  const p = regressors.length;
  for (const [j, x] of regressors.entries()) {
    if (x.length !== n) throw new RangeError(`ols: regressor ${j} has ${x.length} values, y has ${n}`);
  }
  const k = p + (intercept ? 1 : 0);
  if (n <= k) throw new RangeError(`ols: ${n} observations are too few for ${k} coefficients`);
  assertFinite(y, "ols y");
  regressors.forEach((x, j) => assertFinite(x, `ols regressor ${j}`));
  // Centre everything when there is an intercept: better conditioned, same slopes.
  const my = intercept ? mean(y) : 0;
  const mx = regressors.map((x) => (intercept ? mean(x) : 0));
  const a: number[][] = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0));
  for (let i = 0; i < n; i++) {
    const yi = y[i] - my;
    for (let r = 0; r < p; r++) {
      const xr = regressors[r][i] - mx[r];
      for (let c = r; c < p; c++) a[r][c] += xr * (regressors[c][i] - mx[c]);
      a[r][p] += xr * yi;
    }
  }
  for (let r = 0; r < p; r++) for (let c = 0; c < r; c++) a[r][c] = a[c][r];
  // Invert X'X (centred) alongside solving for the slopes.
  const inv: number[][] = Array.from({ length: p }, (_, r) => Array.from({ length: p }, (_, c) => (r === c ? 1 : 0)));
  const scale = Math.max(...a.map((row, r) => Math.abs(row[r])), 0);
  for (let col = 0; col < p; col++) {
    let piv = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) piv = r;
    if (!(Math.abs(a[piv][col]) > scale * 1e-12)) throw new RangeError("ols: regressors are constant or collinear");
    [a[col], a[piv]] = [a[piv], a[col]];
    [inv[col], inv[piv]] = [inv[piv], inv[col]];
    const d = a[col][col];
    for (let c = 0; c <= p; c++) a[col][c] /= d;
    for (let c = 0; c < p; c++) inv[col][c] /= d;
    for (let r = 0; r < p; r++) {
      if (r === col) continue;
      const f = a[r][col];
      if (f === 0) continue;
      for (let c = 0; c <= p; c++) a[r][c] -= f * a[col][c];
      for (let c = 0; c < p; c++) inv[r][c] -= f * inv[col][c];
    }
  }
  const slopes = a.map((row) => row[p]);
  const b0 = intercept ? my - slopes.reduce((s, b, j) => s + b * mx[j], 0) : 0;
  let rss = 0;
  let tss = 0;
  for (let i = 0; i < n; i++) {
    let fit = b0;
    for (let j = 0; j < p; j++) fit += slopes[j] * regressors[j][i];
    rss += (y[i] - fit) ** 2;
    tss += (y[i] - my) ** 2;
  }
  const dof = n - k;
  const s2 = rss / dof;
  const slopeSe = slopes.map((_, j) => Math.sqrt(s2 * inv[j][j]));
  const coefficients = intercept ? [b0, ...slopes] : slopes;
  let standardErrors = slopeSe;
  if (intercept) {
    // Var(b0) = s^2 (1/n + mx' inv mx) for the centred design.
    let q = 0;
    for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) q += mx[r] * inv[r][c] * mx[c];
    standardErrors = [Math.sqrt(s2 * (1 / n + q)), ...slopeSe];
  }
  return {
    coefficients,
    standardErrors,
    tStats: coefficients.map((b, j) => b / standardErrors[j]),
    rSquared: tss > 0 ? 1 - rss / tss : NaN,
    n,
    dof,
  };
}
