/** Trading days per year used to annualize daily figures (documented convention). */
export const TRADING_DAYS_PER_YEAR = 252;

/** Simple returns v[i]/v[i-1] - 1 on consecutive values (length n - 1). */
export function simpleReturns(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) out[i - 1] = values[i] / values[i - 1] - 1;
  return out;
}
