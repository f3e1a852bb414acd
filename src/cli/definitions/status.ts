import { Option, type Command } from "commander";
import type { StatusOptions } from "../commands/status.ts";
import type { SummaryOptions } from "../commands/summary.ts";

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("what is stored: series, ranges, row counts, sources, holdings, last import")
    .option("--json", "print as JSON")
    .option("--all", "list every stock series instead of one line for all of them")
    .action(async (opts: StatusOptions, cmd: Command) => (await import("../commands/status.ts")).statusAction(opts, cmd));

  program
    .command("summary")
    .description("latest close and 1-day / YTD / 1-year change of each stored index and ETF, and the measured comparison table")
    .option("--from <date>", "comparison window start, the first day whose return counts (default: the start common to the indices)")
    .option("--to <date>", "comparison window end; nothing after it is read (default: the end common to the indices)")
    .addOption(new Option("--span <rule>", "common: the dates every index compared has (default); full: each index's own history").choices(["common", "full"]).default("common"))
    .addOption(new Option("--basis <basis>", "price returns, or total returns where adjusted closes are stored").choices(["price", "total"]).default("price"))
    .option("--json", "print as JSON")
    .action(async (opts: SummaryOptions, cmd: Command) => (await import("../commands/summary.ts")).summaryAction(opts, cmd));
}
