import { Option, type Command } from "commander";
import { FILE_FORMATS } from "../../sources/files/formats.ts";
import type { ImportOptions } from "../commands/import.ts";

export function registerImport(program: Command): void {
  program
    .command("import")
    .description("import downloaded files (Yahoo/EODHD/Stooq daily bars, FRED series, iShares holdings, generic CSV, SEC EDGAR JSON)")
    .argument("<paths...>", "files or directories (directories: every .csv/.txt inside, and SEC EDGAR .json files)")
    .addOption(new Option("--format <format>", "force a format instead of detecting it").choices([...FILE_FORMATS]))
    .option("--symbol <symbol>", "symbol, FRED series id or fund ticker (default: from the file's content or name)")
    .option("--map <pairs>", "generic CSV columns, e.g. date=Day,close=Last,volume=Vol (or date=Day,value=Rate)")
    .option("--replace", "accept values that differ from stored ones (default: reject the file)")
    .option("--json", "print the results as JSON")
    .addHelpText(
      "after",
      `
Each file is one transaction: an invalid row or a conflict with stored data rejects the whole
file and leaves the store unchanged. Exit codes: 0 all imported or unchanged, 3 a file was
invalid, 4 a file conflicted with stored data.

Examples:
  r2k import ~/Downloads/^RUT.csv ~/Downloads/IWM.csv
  r2k import ./data/prices ./data/fred
  r2k import RUT_ext.csv --symbol ^RUT
  r2k import quotes.csv --format generic --map date=Day,close=Last --symbol XYZ
  r2k import CIK0000320193.json company_tickers_exchange.json   # saved from SEC EDGAR`,
    )
    .action(async (paths: string[], opts: ImportOptions, cmd: Command) => (await import("../commands/import.ts")).importAction(paths, opts, cmd));
}
