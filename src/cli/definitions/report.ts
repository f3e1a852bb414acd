import { Option, type Command } from "commander";
import type { ReportOptions } from "../commands/report.ts";

export function registerReport(program: Command): void {
  program
    .command("report")
    .description("a document on the Russell 2000 with measured figures and a rule-based summary: HTML, PDF, Markdown or JSON")
    .addOption(new Option("--format <format>", "html (self-contained, charts inline), pdf (the HTML printed by Chromium), md or json").choices(["html", "pdf", "md", "json"]))
    .option("--out <file>", "where to write ('-' for standard output); default: r2k-report-<as-of>.html/.pdf in the current directory, standard output for md and json")
    .option("--asof <date>", "the window's end: compute everything as if on this date (YYYY-MM-DD); nothing stored after it is read")
    .option("--from <date>", "the window's start: the first day whose return counts (default: the start common to the indices)")
    .addOption(new Option("--span <rule>", "common: the dates every index compared has (default); full: each index's own history").choices(["common", "full"]).default("common"))
    .addOption(new Option("--basis <basis>", "price returns, or total returns where adjusted closes are stored").choices(["price", "total"]).default("price"))
    .option("--benchmark <symbol>", "benchmark for beta, correlation, capture and relative strength", "^GSPC")
    .addHelpText(
      "after",
      "\nExamples:\n  r2k report                                 # r2k-report-<date>.html\n  r2k report --format pdf --out rut.pdf\n  r2k report --format md --asof 2020-03-31    # as if on that date\n  r2k report --format json | jq .summary\n\nPDF needs Chromium (Debian: apt-get install chromium; or set R2K_CHROMIUM). See docs/reports.md.",
    )
    .action(async (opts: ReportOptions, cmd: Command) => (await import("../commands/report.ts")).reportAction(opts, cmd));
}
