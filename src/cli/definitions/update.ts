import { Option, type Command } from "commander";
import { UPDATE_ONLY } from "../../services/update/types.ts";
import type { UpdateCliOptions } from "../commands/update.ts";

export function registerUpdate(program: Command): void {
  program
    .command("update")
    .description("fetch current data: Yahoo daily bars, FRED series, iShares holdings (incremental, offline-safe)")
    .option("--symbol <symbol>", "also fetch this Yahoo symbol (repeatable)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .addOption(new Option("--only <source>", "fetch only one kind of source").choices([...UPDATE_ONLY]))
    .option("--constituents", "also fetch the daily history of every stored IWM holding (resumable)")
    .option("--config <file>", "configuration file (default: ./r2k.config.json, then $R2K_HOME/r2k.config.json)")
    .option("--replace", "take the source's values where they differ from stored rows of another origin")
    .option("--json", "print the report as JSON")
    .addHelpText(
      "after",
      `
What is fetched comes from r2k.config.json (see docs/live-data.md); without one: ^RUT ^GSPC
^IXIC IWM SPY QQQ KRE from Yahoo, DFF DGS2 DGS10 T10Y2Y BAMLH0A0HYM2 UNRATE CPIAUCSL USREC
from FRED (its API when FRED_API_KEY is set), IWM and IVV holdings from iShares; with
sources.sec.userAgent set (your name and a contact), company fundamentals from SEC EDGAR for
the companies of the stored holdings (docs/fundamentals.md).

Only what is missing is fetched (from the last stored date minus a few days, to pick up
revisions). Each symbol, series and fund is written in its own transaction; one that fails
keeps its stored data and does not stop the others. Exit codes: 0 all updated or unchanged,
6 something failed or the network is unreachable (stored data kept).

Examples:
  r2k update
  r2k update --only prices --symbol IWN --symbol ^RUI
  r2k update --constituents          # Ctrl-C stops; a rerun continues where it stopped
  FRED_API_KEY=... r2k update --only fred
  r2k update --only fundamentals     # needs sources.sec.userAgent in r2k.config.json`,
    )
    .action(async (opts: UpdateCliOptions, cmd: Command) => (await import("../commands/update.ts")).updateAction(opts, cmd));
}
