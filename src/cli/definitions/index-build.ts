import { Option, type Command } from "commander";
import type { BuildOptions } from "../commands/index-build.ts";
import { addRuleOptions } from "../rule-options.ts";

export function registerIndexBuild(program: Command): void {
  const index = program.command("index").description("index engine: build index levels from constituents");
  const build = index
    .command("build")
    .description("index levels over time from constituent prices, stored as a series (bars) like any other")
    .requiredOption("--universe <FILE|stored:FUND|demo>", "universe CSV, iShares holdings file, stored:FUND[:DATE] (stored holdings) or demo[:DATE]")
    .requiredOption("--prices <FILE|store>", "long-format CSV (date,ticker,close[,dividend]) or `store` (stored bars of the constituents)")
    .option("--previous <FILE|demo>", "previous membership for banding (repeatable)", (v: string, p: string[]) => [...p, v], [])
    .option("--rank-date <DATE>", "rank day (picks the stored demo universe)")
    .addOption(new Option("--index <name>", "which index to build").choices(["r2000", "r1000", "r3000", "r3000e", "microcap"]).default("r2000"))
    .option("--symbol <symbol>", "symbol of the stored series", "R2K-BUILT")
    .option("--base <level>", "level on the first date", "100")
    .option("--from <DATE>", "first date")
    .option("--to <DATE>", "last date")
    .option("--replace", "overwrite a stored series of the same symbol whose values differ")
    .option("--json", "print the result as JSON");
  addRuleOptions(build)
    .addHelpText(
      "after",
      `
Membership comes from a reconstitution of --universe (as \`r2k recon\`), fixed over the price
history: shares and float as in the universe, a constituent priced only from a later date is
added then, one whose prices stop is deleted, with the divisor keeping the level continuous.
The price index is stored as close; with a dividend column, the total-return index as adj close.

Examples:
  r2k index build --universe demo --prices store
  r2k index build --universe universe.csv --prices closes.csv --symbol MY-R2K --base 1000`,
    )
    .action(async (opts: BuildOptions, command: Command) => (await import("../commands/index-build.ts")).indexBuildAction(opts, command));
}
