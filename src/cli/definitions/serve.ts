import type { Command } from "commander";
import { DEFAULT_HOST, DEFAULT_PORT } from "../../server/defaults.ts";
import type { ServeOptions } from "../serving.ts";


export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("serve the dashboard and the read-only JSON API from the store")
    .option("--port <n>", `port (default ${DEFAULT_PORT}; 0 picks a free one)`)
    .option("--host <host>", `address to bind (default ${DEFAULT_HOST}: this machine only)`)
    .option("--refresh <interval>", "update stored data in the background every interval (e.g. 6h, 30m), like `r2k update`")
    .option("--config <file>", "configuration the updates run with (default: ./r2k.config.json, then $R2K_HOME/r2k.config.json)")
    .option("--no-schedule", "no daily update of your store while serving (see \"schedule\" in r2k.config.json)")
    .option("--log", "log every request to stderr")
    .addHelpText(
      "after",
      `
Serves http://${DEFAULT_HOST}:${DEFAULT_PORT}/ until interrupted (Ctrl-C), the dashboard from the
bundle \`npm ci\` built. While the server runs it owns the store, and other r2k commands
(import, update, status, report...) are handed to it and run there, with the same output and
exit codes (docs/self-hosting.md). Serving your store, it updates it as \`r2k update\` does, from the same
r2k.config.json: daily after the US close by default (schedule.time 18:05, America/New_York,
weekdays), or every --refresh interval; /api/health, r2k status and the page show the last
update (see docs/live-data.md and docs/self-hosting.md). It serves
your own store; with --demo, or while your store holds no data, the SYNTHETIC demo market from
its own file (\`r2k demo\` generates it; the page says so).
API reference: GET /api/docs (OpenAPI). See docs/dashboard.md.

Examples:
  r2k serve
  r2k serve --demo              # the synthetic demo market
  r2k serve --port 9000 --refresh 6h
  r2k serve --host 0.0.0.0      # reachable from other machines: mind who can reach it`,
    )
    .action(async (opts: ServeOptions, cmd: Command) => (await import("../serving.ts")).runServe(cmd, opts));
}
