import type { Command } from "commander";
import type { ValuationCliOptions } from "../commands/valuation.ts";

export function registerValuation(program: Command): void {
  program
    .command("valuation")
    .description("valuation, earnings quality and leverage of the small-cap fund's companies against the large-cap fund's, from SEC EDGAR filings, as of each fund's holdings date")
    .option("--to <date>", "use the holdings stored on or before this day (default: the latest)")
    .option("--history", "a table of quarters instead: each fund's P/E at every calendar quarter end and the premium of small over large (today's members)")
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      `
Caps are each company's shares of every class (the latest SEC cover page filed by the holdings'
date) x its stored close on that day (else the holdings file's price); aggregates are sums over
companies (P/E = sum of caps / sum of trailing earnings, losses included). Coverage is the share
of the fund's weight with the figure. docs/fundamentals.md explains each figure.
Needs stored holdings (r2k import IWM_holdings.csv, or r2k update) and SEC EDGAR fundamentals
(r2k update --only fundamentals, or r2k import of saved EDGAR JSON).
Exit codes: 0 ok, 2 bad usage, 5 nothing to value (the output says why and what to run).

Examples:
  r2k valuation
  r2k valuation --to 2025-03-31 --json
  r2k valuation --history            # quarter by quarter, facts filed and closes traded by each quarter end`,
    )
    .action(async (opts: ValuationCliOptions & { history?: boolean }, cmd: Command) => {
      if (!opts.history) return (await import("../commands/valuation.ts")).valuationAction(opts, cmd);
      return (await import("../commands/valuation-history.ts")).valuationHistoryAction(opts, cmd);
    });
}
