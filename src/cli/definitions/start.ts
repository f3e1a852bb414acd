import type { Command } from "commander";
import type { StartOptions } from "../commands/start.ts";

/** `r2k start`, what `npm start` runs (commands/start.ts says what it does). */
export function registerStart(program: Command): void {
  program
    .command("start")
    .description("the main job: fill an empty store from the live sources when online (else show the demo market), print status and summary, serve the dashboard")
    .option("--offline", "do not try the network; while your store is empty, the demo market is shown")
    .option("--no-demo", "never show the demo market: an empty store stays empty")
    .option("--config <file>", "configuration the updates run with, as r2k update (default: ./r2k.config.json, then $R2K_HOME/r2k.config.json)")
    .option("--no-schedule", "no daily update of your store while serving")
    .option("--no-serve", "print status and summary, then exit instead of serving the dashboard")
    .option("--port <n>", "dashboard port (0 picks a free one)")
    .option("--host <host>", "address to bind (default 127.0.0.1)")
    .action(async (opts: StartOptions, cmd: Command) => (await import("../commands/start.ts")).startAction(opts, cmd));
}
