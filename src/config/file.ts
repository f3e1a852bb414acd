/**
 * Where r2k.config.json is looked for, and the defaults a command needs when there is none:
 * apart from the schema (./index.ts, zod and the live sources' defaults, ~50 ms to load) so
 * that a command run without a config file never loads it.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { r2kHome } from "../store/paths.ts";

export const CONFIG_FILE_NAME = "r2k.config.json";

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** The funds the analysis describes small and large caps with when the config file names none (`analysis`). */
export const DEFAULT_FUND_ROLES = {
  /** The small-cap fund: its holdings describe the index, its constituents give breadth. */
  smallFund: "IWM",
  /** Large-cap funds its composition is compared with, in order of preference. */
  largeFunds: ["IWB", "IVV"],
  /** Funds standing in for the small- and large-cap indices on the total-return basis. */
  capFunds: ["IWM", "SPY"] as [string, string],
};

/**
 * The config file in effect: `explicit` (--config) if given, else $R2K_CONFIG, else
 * ./r2k.config.json, else $R2K_HOME/r2k.config.json; null (the defaults) when none exists.
 */
export function findConfigFile(explicit?: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | null {
  if (explicit) return resolve(cwd, explicit);
  if (env.R2K_CONFIG) return resolve(cwd, env.R2K_CONFIG);
  for (const candidate of [join(cwd, CONFIG_FILE_NAME), join(r2kHome(env), CONFIG_FILE_NAME)]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}
