import type { Command } from "commander";
import type { CheckOptions } from "../commands/check.ts";

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("check the store: rows of writes that never committed, keys stored twice, series without a record, damaged blocks")
    .option("--repair", "also repair what the full check finds (rows of a write that never committed are always removed on opening)")
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      `
Every r2k command removes, on opening the store, what a process killed in the middle of a write
left behind, and says so. r2k check runs the full check: every table's keys and series records,
and every stored block read back so that DuckDB verifies its checksums (slower on a large store).
It checks your store, or the demo store with --demo.

Exit codes: 0 nothing wrong; 7 something was wrong (each fault named, with what was repaired);
5 no store at that path.

Examples:
  r2k check
  r2k check --repair
  r2k --demo check --json`,
    )
    .action(async (opts: CheckOptions, cmd: Command) => (await import("../commands/check.ts")).checkAction(opts, cmd));
}
