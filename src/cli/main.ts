import { Command, CommanderError } from "commander";
import { CliError, EXIT } from "./exit.ts";
import { COMMANDS } from "./definitions/index.ts";
import { attachRuntime, OwnedByServer, processRuntime, type Runtime } from "./runtime.ts";

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

/**
 * Runs a command line and gives its exit code. `runtime` is this process's own, or, in a server
 * that owns the store, the runtime of a command a client handed over (cli/handover).
 */
export async function main(argv: string[], runtime: Runtime = processRuntime()): Promise<number> {
  if (!runtime.host) endQuietlyOnClosedPipe();
  runtime.run ??= main;
  for (let attempt = 1; ; attempt++) {
    const program = buildProgram();
    attachRuntime(program, runtime);
    try {
      await program.parseAsync(argv, { from: "user" });
      return runtime.exitCode ?? EXIT.ok;
    } catch (err) {
      if (err instanceof OwnedByServer) {
        // A running server owns the store: the command runs there (nothing was written here yet).
        const { runInServer } = await import("./handover/client.ts");
        const code = await runInServer(err.owner, argv, runtime);
        if (code !== null) return code;
        // The server is stopping: once it has, the command opens the store itself.
        if (attempt < HANDOVER_ATTEMPTS) {
          runtime.exitCode = undefined;
          await new Promise((resolve) => setTimeout(resolve, 200));
          continue;
        }
        runtime.stderr.write(`r2k: ${err.message}, which does not answer; try again when it has stopped\n`);
        return EXIT.failure;
      }
      const { code, message } = await exitCodeFor(err);
      if (message) runtime.stderr.write(`r2k: ${message}\n`);
      return code;
    }
  }
}

/** How many times a command tries a server that is stopping (200 ms apart) before giving up. */
const HANDOVER_ATTEMPTS = 25;
