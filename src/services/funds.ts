/**
 * The funds the analysis describes small and large caps with, from the configuration
 * (`analysis` in r2k.config.json): one place instead of tickers written into each face.
 */
import { ConfigError, defaultConfig, loadConfig, type R2kConfig } from "../config.ts";

export type FundRoles = R2kConfig["analysis"];

export const DEFAULT_FUND_ROLES: FundRoles = defaultConfig().analysis;

/** The fund roles of the configuration file found (./r2k.config.json, then $R2K_HOME's), or the defaults. */
export function configuredFundRoles(): FundRoles {
  return loadConfig().config.analysis;
}

export { ConfigError };
