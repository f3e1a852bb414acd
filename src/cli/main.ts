import { Command, CommanderError } from "commander";
import { ZodError } from "zod";
import { InputError } from "../model/index.ts";
import { IndexEngineError } from "../core/index-engine/types.ts";
import { ConflictError, DuplicateKeyError, StoreError } from "../store/index.ts";
import { CliError, EXIT } from "./exit.ts";
import { COMMANDS } from "./commands/index.ts";

export function buildProgram(): Command {
  const program = new Command()
    .name("r2k")
    .description("Russell 2000 intelligence: import, measure and compare small caps with data you can name")
    .version("0.1.0")
    .option("--db <path>", "your DuckDB store file (default: $R2K_HOME/r2k.duckdb)")
    .option("--demo", "read the SYNTHETIC demo market, kept in its own file beside the store (r2k.demo.duckdb; `r2k demo` generates it)")
    .option("--no-color", "plain output even on a terminal")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  for (const register of COMMANDS) register(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Maps an error to one clear line on stderr and a documented exit code. */
export function exitCodeFor(err: unknown): { code: number; message: string | null } {
  if (err instanceof CommanderError) {
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") {
      return { code: EXIT.ok, message: null };
    }
    return { code: EXIT.usage, message: null }; // commander already printed the reason
  }
  if (err instanceof CliError) return { code: err.exitCode, message: err.message };
  if (err instanceof InputError || err instanceof DuplicateKeyError || err instanceof ZodError || err instanceof IndexEngineError) {
    return { code: EXIT.invalidInput, message: `rejected: ${(err as Error).message}\nnothing was written.` };
  }
  if (err instanceof ConflictError) {
    return { code: EXIT.conflict, message: `rejected: ${err.message}\nnothing was written.` };
  }
  if (err instanceof StoreError) return { code: EXIT.failure, message: err.message };
  return { code: EXIT.failure, message: `unexpected error: ${(err as Error)?.stack ?? String(err)}` };
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    // Commands report a non-zero outcome through process.exitCode; hand it back instead.
    const code = typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
    process.exitCode = undefined;
    return code;
  } catch (err) {
    process.exitCode = undefined;
    const { code, message } = exitCodeFor(err);
    if (message) process.stderr.write(`r2k: ${message}\n`);
    return code;
  }
}
