/**
 * The configuration the live sources run with, for every command that updates (update, serve
 * --refresh, start): the same file and the same refusal of an invalid one, whichever runs it.
 */
import { ConfigError, loadConfig, type R2kConfig } from "../config/index.ts";
import { CliError, EXIT } from "./exit.ts";

/** r2k.config.json (`explicit`, else ./, then $R2K_HOME), or the defaults without one; an invalid file is exit 3. */
export function liveConfig(explicit?: string): { config: R2kConfig; path: string | null } {
  try {
    return loadConfig(explicit);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, EXIT.invalidInput);
    throw err;
  }
}
