import { Command, CommanderError } from "commander";
import { CliError, EXIT } from "./exit.ts";
import { COMMANDS } from "./definitions/index.ts";

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

/**
 * Maps an error to one clear line on stderr and a documented exit code. Commander's outcomes
 * (help, version, a usage error it has printed) and CliError need nothing loaded; the rest are
 * mapped by errors.ts.
 */
export async function exitCodeFor(err: unknown): Promise<{ code: number; message: string | null }> {
  if (err instanceof CommanderError) {
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") {
      return { code: EXIT.ok, message: null };
    }
    return { code: EXIT.usage, message: null }; // commander already printed the reason
  }
  if (err instanceof CliError) return { code: err.exitCode, message: err.message };
  return (await import("./errors.ts")).errorExit(err);
}

let pipesGuarded = false;

/**
 * A reader that stops early (`r2k compare --json | head -1`) closes the pipe, and the next write
 * fails with EPIPE, which Node reports as an unhandled error with a stack trace. The reader has
 * what it wanted: end quietly instead (exit 0). Any other stream error stays an error.
 */
function endQuietlyOnClosedPipe(): void {
  if (pipesGuarded) return; // main runs more than once in tests
  pipesGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE") process.exit(EXIT.ok);
      throw err;
    });
  }
}

export async function main(argv: string[]): Promise<number> {
  endQuietlyOnClosedPipe();
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    // Commands report a non-zero outcome through process.exitCode; hand it back instead.
    const code = typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
    process.exitCode = undefined;
    return code;
  } catch (err) {
    process.exitCode = undefined;
    const { code, message } = await exitCodeFor(err);
    if (message) process.stderr.write(`r2k: ${message}\n`);
    return code;
  }
}
