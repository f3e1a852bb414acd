/**
 * The configured funds for the commands that measure (analyze, compare, report, serve): apart
 * from cli/context.ts so that commands that do not measure never load the configuration.
 */
import { ConfigError, configuredFundRoles, type FundRoles } from "../services/funds.ts";
import { CliError, EXIT } from "./exit.ts";

/** The small- and large-cap funds of r2k.config.json (./, then $R2K_HOME), or the defaults; an invalid file is exit 3. */
export async function fundRoles(): Promise<FundRoles> {
  try {
    return await configuredFundRoles();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, EXIT.invalidInput);
    throw err;
  }
}
