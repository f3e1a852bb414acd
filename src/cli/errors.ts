/**
 * The exit codes of the errors the services, the store and the input checks throw. Imported by
 * main.ts only once such an error was thrown (the modules that throw them are loaded by then),
 * so that `--help` and commands that succeed never load these modules for the sake of the mapping.
 */
import { ZodError } from "zod";
import { InputError } from "../model/errors.ts";
import { IndexEngineError } from "../core/index-engine/types.ts";
import { ConflictError, DAMAGED_ADVICE, DuplicateKeyError, isDamagedBlockError, StoreDamagedError, StoreError } from "../store/index.ts";
import { EXIT } from "./exit.ts";

export function errorExit(err: unknown): { code: number; message: string } {
  if (err instanceof InputError || err instanceof DuplicateKeyError || err instanceof ZodError || err instanceof IndexEngineError) {
    return { code: EXIT.invalidInput, message: `rejected: ${(err as Error).message}\nnothing was written.` };
  }
  if (err instanceof ConflictError) {
    return { code: EXIT.conflict, message: `rejected: ${err.message}\nnothing was written.` };
  }
  if (err instanceof StoreDamagedError) return { code: EXIT.damaged, message: err.message };
  if (err instanceof StoreError) return { code: EXIT.failure, message: err.message };
  // DuckDB found a block whose checksum fails while reading: the file, not the input or the usage.
  if (isDamagedBlockError(err)) {
    return { code: EXIT.damaged, message: `the store is damaged: ${(err as Error).message.split("\n")[0]}\n${DAMAGED_ADVICE}; \`r2k check\` says what else is wrong.` };
  }
  return { code: EXIT.failure, message: `unexpected error: ${(err as Error)?.stack ?? String(err)}` };
}
