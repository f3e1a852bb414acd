/**
 * The funds the analysis describes small and large caps with, from the configuration
 * (`analysis` in r2k.config.json): one place instead of tickers written into each face.
 */
import { ConfigError, DEFAULT_FUND_ROLES as DEFAULTS, findConfigFile } from "../config/file.ts";
import type { R2kConfig } from "../config/index.ts";

/**
 * The analysis' funds, and the user's map of tickers iShares writes differently from the
 * exchange (config `constituents.tickerMap`), which matches their holdings to SEC filers and closes.
 */
export type FundRoles = R2kConfig["analysis"] & { tickerMap?: Readonly<Record<string, string>> };

export const DEFAULT_FUND_ROLES: FundRoles = DEFAULTS;

/**
 * The fund roles of the configuration file found (./r2k.config.json, then $R2K_HOME's), or the
 * defaults. The schema (zod and the live sources' defaults) loads only when there is a file.
 */
export async function configuredFundRoles(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<FundRoles> {
  if (findConfigFile(undefined, env, cwd) === null) return { ...DEFAULTS, largeFunds: [...DEFAULTS.largeFunds], capFunds: [...DEFAULTS.capFunds] };
  const { loadConfig } = await import("../config/index.ts");
  const { config } = loadConfig(undefined, env, cwd);
  return { ...config.analysis, tickerMap: config.constituents.tickerMap };
}

export { ConfigError };
