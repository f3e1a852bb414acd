import { Option, type Command } from "commander";
import { DEFAULT_BENCHMARK, DEFAULT_COMPARED } from "../../services/analytics-defaults.ts";
import type { AnalyzeOptions } from "../commands/analyze.ts";

function common(c: Command): Command {
  return c
    .option("--from <date>", "first day whose return counts, YYYY-MM-DD (default: the start common to every series compared)")
    .option("--to <date>", "last day YYYY-MM-DD; nothing after it is read (default: the end common to every series compared)")
    .addOption(
      new Option("--span <rule>", "common: the dates every series compared has (default); full: each series' own history").choices(["common", "full"]).default("common"),
    )
    .addOption(new Option("--basis <basis>", "price returns, or total returns where adjusted closes are stored").choices(["price", "total"]).default("price"))
    .option("--benchmark <symbol>", "benchmark for beta, correlation and capture", DEFAULT_BENCHMARK)
    .addOption(
      new Option("--conventions <name>", "r2k, or reference: the conventions of the independent reference figures (docs/analytics.md)")
        .choices(["r2k", "reference"])
        .default("r2k"),
    )
    .addOption(
      new Option("--weekly <window>", "weekly series: closes of the window (default) or weeks whose Friday falls in it (labels)").choices([
        "closes",
        "labels",
      ]),
    )
    .option("--json", "print every figure with its provenance as JSON");
}

export function registerAnalyze(program: Command): void {
  common(
    program
      .command("analyze")
      .description("every metric for one symbol: returns, risk, drawdowns, case studies, horizon risk")
      .argument("<symbol>", "a stored index, ETF or stock, e.g. ^RUT"),
  ).action(async (symbol: string, opts: AnalyzeOptions, cmd: Command) => (await import("../commands/analyze.ts")).analyzeAction(cmd, [symbol], opts, true));

  common(
    program
      .command("compare")
      .description("symbols side by side, plus small- vs large-cap leadership and rate sensitivity")
      .argument("[symbols...]", "stored symbols (default: ^RUT ^GSPC ^IXIC)"),
  ).action(async (symbols: string[], opts: AnalyzeOptions, cmd: Command) =>
    (await import("../commands/analyze.ts")).analyzeAction(cmd, symbols.length ? symbols : [...DEFAULT_COMPARED], opts, false),
  );
}
