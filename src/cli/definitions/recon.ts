import { Option, type Command } from "commander";
import type { ReconCliOptions } from "../commands/recon.ts";
import { addRuleOptions } from "../rule-options.ts";

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerRecon(program: Command): void {
  const cmd = program
    .command("recon")
    .description("reconstitution preview: Russell-style eligibility, ranking, breakpoints, bands, members, adds and deletes")
    .requiredOption(
      "--universe <FILE|stored:FUND|demo>",
      "universe CSV, iShares holdings file (e.g. IWV), stored:FUND[:DATE] (stored holdings of a fund, e.g. stored:IWV; latest unless dated) or demo[:DATE] (stored demo universe)",
    )
    .option(
      "--previous <FILE|stored|stored:FUND|demo>",
      "previous membership (repeatable), dated before the rank day: ticker,index CSV, IWB/IWM holdings file, a universe ranked, stored (latest stored IWB and IWM holdings before the rank day), stored:IWM / stored:IWB[:DATE], or demo",
      collect,
      [],
    )
    .option("--rank-date <DATE>", "rank day (default: the universe's date; picks the stored snapshot on or before it)")
    .addOption(new Option("--format <format>", "output format").choices(["table", "csv", "json"]).default("table"))
    .option("--limit <n>", "rows per list in the table output (-1 all, 0 none)", "20");
  addRuleOptions(cmd)
    .addHelpText(
      "after",
      `
Without --previous, membership is by rank alone. With it, existing members inside the band
around a breakpoint keep their index (docs/index-engine.md; banding: docs/methodology.md, section 6). A previous membership must be
dated before the rank day; a later one is refused.
Share classes of one company (GOOGL and GOOG) are ranked as one company. A stored holdings
universe (stored:IWV) is ranked by company caps in dollars (SEC cover-page shares of every
class x the rank-day close) once SEC shares are stored for its companies (r2k update --only
fundamentals, or r2k import of saved EDGAR JSON); before that, and for a holdings file, size
is the fund's dollars, shown as ranks and shares of the universe's cap, not dollar amounts.
Exit codes: 0 ok, 2 bad usage (including a previous membership dated on or after the rank day),
3 invalid universe file, 5 no demo universe or holdings stored.

Examples:
  r2k recon --universe demo --previous demo
  r2k recon --universe stored:IWV --previous stored
  r2k recon --universe ~/Downloads/IWV_holdings.csv \\
            --previous ~/Downloads/IWB_holdings.csv --previous ~/Downloads/IWM_holdings.csv
  r2k recon --universe universe.csv --previous members.csv --format csv > recon.csv`,
    )
    .action(async (opts: ReconCliOptions, command: Command) => (await import("../commands/recon.ts")).reconAction(opts, command));
}
