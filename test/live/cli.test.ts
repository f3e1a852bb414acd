import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { FakeFred, FakeYahoo, fixture, recordedRut } from "./market.ts";
import { closedPort, ReplayServer } from "./server.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Runs the CLI without blocking this process (the replay server must keep answering). */
function r2k(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${ROOT}bin/r2k.js`, ...args], {
      env: { ...process.env, NO_COLOR: "1", FRED_API_KEY: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => resolve({ code: code ?? -1, out, err }));
  });
}

function configFile(dir: string, name: string, base: string, over: Record<string, unknown>): string {
  const path = join(dir, name);
  const limits = { concurrency: 4, minIntervalMs: 0 };
  writeFileSync(
    path,
    JSON.stringify({
      symbols: [],
      fred: [],
      funds: [],
      sources: { yahoo: { baseUrl: base, ...limits }, fred: { csvBaseUrl: base, apiBaseUrl: base, ...limits }, ishares: { baseUrl: base, ...limits } },
      http: { timeoutMs: 5000, retries: 1, backoffMs: 5, maxBackoffMs: 10 },
      ...over,
    }),
  );
  return path;
}

describe("r2k update (CLI)", () => {
  let server: ReplayServer;
  let dir = "";
  before(async () => {
    server = await new ReplayServer().start();
    const yahoo = new FakeYahoo().install(server);
    yahoo.series.set("^RUT", { bars: recordedRut(), instrumentType: "INDEX", name: "Russell 2000" });
    const fred = new FakeFred().install(server);
    fred.csv.set("DFF", fixture("fred/DFF.csv"));
    fred.apiKey = "0123456789abcdef0123456789abcdef";
    fred.api.set("DFF", [{ date: "2024-11-29", value: "4.58" }]);
    dir = mkdtempSync(join(tmpdir(), "r2k-live-cli-"));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("summary, exit 6 when an item failed, no API key in any output, one line when offline", async () => {
    const db = join(dir, "r2k.duckdb");
    const wrongKey = "fedcba9876543210fedcba9876543210";
    const cfg = configFile(dir, "r2k.config.json", server.base, { symbols: ["^RUT", "NOPE"], fred: ["DFF"] });
    const run = await r2k(["--db", db, "update", "--config", cfg], { FRED_API_KEY: wrongKey });
    assert.equal(run.code, 6, run.err);
    assert.match(run.out, /prices\s+\^RUT\s+updated\s+5\s+0\s+2024-11-21 \.\. 2024-11-29/);
    assert.match(run.out, /prices\s+NOPE\s+failed.*No data found, symbol may be delisted/);
    assert.match(run.out, /fred\s+DFF\s+failed.*api_key is not registered/);
    assert.match(run.out, /1 updated, 0 unchanged, 2 failed .*stored data of failed items kept/);
    assert.match(run.err, /prices \^RUT: updated/, "plain progress lines off a terminal");
    assert.ok(!`${run.out}${run.err}`.includes(wrongKey), "the key is never printed");
    assert.ok(!/\n\s+at /.test(run.err), "no stack trace");

    // --json, --symbol and --only: one ad hoc symbol, nothing failed, exit 0.
    const cfgOk = configFile(dir, "ok.json", server.base, { symbols: [] });
    const json = await r2k(["--db", db, "update", "--config", cfgOk, "--only", "prices", "--symbol", "^rut", "--json"]);
    assert.equal(json.code, 0, json.err);
    const report = JSON.parse(json.out);
    assert.equal(report.items.length, 1);
    assert.equal(report.items[0].id, "^RUT");
    assert.equal(report.items[0].status, "unchanged");

    // Offline: every host refuses. One line, exit 6, nothing else.
    const dead = configFile(dir, "dead.json", `http://127.0.0.1:${await closedPort()}`, { symbols: ["^RUT", "IWM"], fred: ["DFF"], funds: ["IWM"] });
    const offline = await r2k(["--db", db, "update", "--config", dead]);
    assert.equal(offline.code, 6);
    assert.equal(offline.err, "no network: keeping the data stored up to 2024-11-29\n");
    assert.equal(offline.out, "");

    // A bad config file is rejected before anything is fetched.
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ symbol: ["^RUT"] }));
    const rejected = await r2k(["--db", db, "update", "--config", bad]);
    assert.equal(rejected.code, 3);
    assert.match(rejected.err, /bad\.json is invalid/);
  });
});
