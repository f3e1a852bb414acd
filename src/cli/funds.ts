/**
 * The configured funds for the commands that measure (analyze, compare, report, serve): apart
 * from cli/context.ts so that commands that do not measure never load the configuration.
 */
import type { Command } from "commander";
import { ConfigError, configuredFundRoles, type FundRoles } from "../services/funds.ts";
import { CliError, EXIT } from "./exit.ts";
import { runtimeOf } from "./runtime.ts";

/** The small- and large-cap funds of r2k.config.json (./, then $R2K_HOME), or the defaults; an invalid file is exit 3. */
export async function fundRoles(cmd: Command): Promise<FundRoles> {
  const rt = runtimeOf(cmd);
  try {
    return await configuredFundRoles(rt.env, rt.cwd);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, EXIT.invalidInput);
    throw err;
  }
}
