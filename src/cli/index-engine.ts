/**
 * What the index-engine commands (`r2k recon`, `r2k index build`) share when they run: how the
 * engine's and the recon service's errors become exit codes, and how their file arguments are
 * read (their rule options are in rule-options.ts).
 */
import type { Command } from "commander";
import { IndexEngineError } from "../core/index-engine/index.ts";
import { needsStoreSpec, ReconInputError } from "../services/recon.ts";
import { CliError, EXIT } from "./exit.ts";
import { resolvePath } from "./runtime.ts";

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

/** A universe or membership argument: a file as an absolute path (against the command's directory); stored:/demo specs as they are. */
export function resolveSpec(cmd: Command, spec: string): string {
  return needsStoreSpec(spec) ? spec : resolvePath(cmd, spec);
}
