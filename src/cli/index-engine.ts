/**
 * What the index-engine commands (`r2k recon`, `r2k index build`) share when they run: how the
 * engine's and the recon service's errors become exit codes (their rule options are in
 * rule-options.ts).
 */
import { IndexEngineError } from "../core/index-engine/index.ts";
import { ReconInputError } from "../services/recon.ts";
import { CliError, EXIT } from "./exit.ts";

/** Service errors as CLI errors with the documented exit codes. */
export async function engineInput<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof IndexEngineError) throw new CliError(`rejected: ${err.message}`, EXIT.invalidInput);
    if (err instanceof ReconInputError) {
      throw new CliError(err.message, err.kind === "noData" ? EXIT.noData : err.kind === "usage" ? EXIT.usage : EXIT.invalidInput);
    }
    throw err;
  }
}
