import { covariance, stdev, variance } from "./stats.ts";
import { TRADING_DAYS_PER_YEAR } from "./returns.ts";

/** std(daily returns, ddof = 1) * sqrt(252). */
export function annualizedVolatility(returns: ArrayLike<number>, periodsPerYear = TRADING_DAYS_PER_YEAR): number {
  return stdev(returns) * Math.sqrt(periodsPerYear);
}

/** cov(asset, benchmark) / var(benchmark) on aligned returns. */
export function beta(asset: ArrayLike<number>, benchmark: ArrayLike<number>): number {
  return covariance(asset, benchmark) / variance(benchmark);
}
