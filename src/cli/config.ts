/**
 * The configuration the live sources run with, for every command that updates (update, serve
 * --refresh, start): the same file and the same refusal of an invalid one, whichever runs it.
 */
import type { Command } from "commander";
import { ConfigError, loadConfig, type R2kConfig } from "../config/index.ts";
import { CliError, EXIT } from "./exit.ts";
import { resolvePath, runtimeOf } from "./runtime.ts";

/** r2k.config.json (`explicit`, else ./, then $R2K_HOME), or the defaults without one; an invalid file is exit 3. */
export function liveConfig(cmd: Command, explicit?: string): { config: R2kConfig; path: string | null } {
  const rt = runtimeOf(cmd);
  try {
    return loadConfig(explicit === undefined ? undefined : resolvePath(cmd, explicit), rt.env, rt.cwd);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, EXIT.invalidInput);
    throw err;
  }
}
