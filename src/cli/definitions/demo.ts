import type { Command } from "commander";
import { DEFAULT_SEED } from "../../sources/demo/seed.ts";
import type { DemoCliOptions } from "../commands/demo.ts";

export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("generate the deterministic SYNTHETIC demo market in its own file (works offline), or delete that file with --clear")
    .option("--seed <n>", `random seed (default ${DEFAULT_SEED}); the same seed and end date give identical data`)
    .option("--end <date>", "last day of data, YYYY-MM-DD (default: today)")
    .option("--clear", "delete the demo store file (your own store is never touched)")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      `
The demo market is generated, not downloaded: ^RUT, ^GSPC, ^IXIC, IWM, SPY, QQQ, KRE from
their real start dates, FRED-like DFF, DGS2, DGS10, BAMLH0A0HYM2, UNRATE, CPIAUCSL, USREC,
IWM-like and IVV-like holdings, a 4,000-company universe "demo" and five years of daily bars
for the demo Russell 2000 members. Its factor model is calibrated to real history (see
docs/demo-market.md) but every number is synthetic and labelled with source "demo".

It lives in its own store file beside yours (r2k.duckdb -> r2k.demo.duckdb; with --db
other.duckdb, other.demo.duckdb), so it never mixes with real data: r2k import and r2k update
write only your store, and your store refuses demo rows. Commands read the demo store with
--demo (r2k --demo status, r2k serve --demo), or on their own while your store holds no data
(they say so).

Examples:
  r2k demo
  r2k demo --seed 7 --end 2024-12-31
  r2k serve --demo
  r2k demo --clear`,
    )
    .action(async (opts: DemoCliOptions, cmd: Command) => (await import("../commands/demo.ts")).demoAction(opts, cmd));
}
