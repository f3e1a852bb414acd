// While `r2k serve` owns a store, every other command works beside it: it is handed to the
// server (loopback, token in the owner file beside the store) and runs there, with the same
// output and exit code as without a server; the API keeps answering while a handed-over import
// writes. The update handed over to a server is tested with the replay server in
// test/live/update.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { ownerFilePath } from "../../src/store/owner.ts";
import { tempStore } from "../helpers/store.ts";

const BIN = new URL("../../bin/r2k.js", import.meta.url).pathname;
const FIXTURES = new URL("../fixtures/analytics/", import.meta.url).pathname;
const GOOD = new URL("../fixtures/good/", import.meta.url).pathname;
const BAD = new URL("../fixtures/bad-input/", import.meta.url).pathname;
const ENV = { ...process.env, NO_COLOR: "1", R2K_NOW: "2023-07-05T22:00:00Z" };

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A command, run as a user would (async: the test polls the API while some run). */
function r2k(db: string, args: string[], cwd?: string, env: NodeJS.ProcessEnv = ENV): Promise<Outcome> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [BIN, "--db", db, ...args], { env, cwd });
    let stdout = "";
    let stderr = "";
    c.stdout.on("data", (d) => (stdout += d));
    c.stderr.on("data", (d) => (stderr += d));
    c.on("exit", (status) => resolve({ status, stdout, stderr }));
  });
}

async function serve(db: string, args: string[] = []): Promise<{ url: string; child: ChildProcess; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, "--db", db, ...args, "serve", "--port", "0", "--no-schedule"], { env: ENV });
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${out}`)), 60_000);
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /r2k dashboard: (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on("exit", () => reject(new Error(`the server stopped: ${out}`)));
  });
  const stop = () => {
    child.kill("SIGTERM");
    return new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on("exit", (c) => resolve(c))));
  };
  return { url, child, stop };
}

const json = async <T>(url: string): Promise<T> => (await (await fetch(url)).json()) as T;

/** Ten thousand days of 40 symbols in one long-format file: an import that takes a while. */
function bigLongFile(path: string): void {
  const lines = ["Date,Ticker,Open,High,Low,Close,Adj Close,Volume"];
  const start = Date.UTC(1980, 0, 1);
  for (let s = 0; s < 40; s++) {
    for (let d = 0; d < 10_000; d++) {
      const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
      const p = (100 + s + (d % 97) / 10).toFixed(2);
      lines.push(`${day},BIG${s},${p},${p},${p},${p},${p},1000`);
    }
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}

test("with r2k serve running on your store: reads and writes are handed to it, with the output and exit code they have without it", async () => {
  const t = await tempStore();
  t.store.close();
  const db = t.path;
  try {
    const filled = await r2k(db, ["import", join(FIXTURES, "prices"), join(FIXTURES, "fred"), join(FIXTURES, "holdings")]);
    assert.equal(filled.status, 0, filled.stderr);
    const commands: string[][] = [
      ["status", "--json"],
      ["status"],
      ["summary", "--json"],
      ["analyze", "^SMALL", "--json"],
      ["compare", "^SMALL", "^LARGE", "^TECH"],
      ["check"],
      ["report", "--format", "md"], // no ^RUT stored: exit 5 and its message, the same either way
      ["import", join(BAD, "negative-price.csv")], // rejected: exit 3, nothing written
      ["analyze", "^NOPE"], // exit 2
    ];
    const alone: Outcome[] = [];
    for (const c of commands) alone.push(await r2k(db, c));
    assert.deepEqual(alone.map((o) => o.status), [0, 0, 0, 0, 0, 0, 5, 3, 2]);

    const server = await serve(db);
    try {
      const owner = ownerFilePath(db);
      assert.ok(existsSync(owner), "the server says it owns the store");
      assert.equal(statSync(owner).mode & 0o777, 0o600, "its token is readable by the user alone");
      for (const [i, c] of commands.entries()) {
        const beside = await r2k(db, c);
        assert.deepEqual(beside, alone[i], `r2k ${c.join(" ")} beside the server`);
      }

      // The client's clock (R2K_NOW) judges staleness, as it would without the server.
      const later = await r2k(db, ["status", "--json"], undefined, { ...ENV, R2K_NOW: "2024-01-02T22:00:00Z" });
      assert.equal((JSON.parse(later.stdout) as { staleness: { checkedAt: string } }).staleness.checkedAt, "2024-01-02T22:00:00Z");

      // Relative paths are read from the client's directory, not the server's.
      const imported = await r2k(db, ["import", "CLOSEONLY.csv", "--symbol", "CLOSEONLY"], GOOD);
      assert.equal(imported.status, 0, imported.stderr);
      assert.match(imported.stdout, /CLOSEONLY\.csv +bars +CLOSEONLY +imported +2 /);
      const health = await json<{ series: number }>(`${server.url}api/health`);
      assert.equal(health.series, 9, "the server reads what the handed-over import wrote");

      // A second server on the same store is refused, naming the first.
      const second = await r2k(db, ["serve", "--port", "0"]);
      assert.equal(second.status, 1);
      assert.match(second.stderr, new RegExp(`r2k already serves .*r2k\\.duckdb at ${server.url.replace(/[.]/g, "\\.")} \\(process \\d+\\)`));

      // The API keeps answering, from the store itself, while a handed-over import writes 400,000 rows.
      const big = join(t.dir, "big.csv");
      bigLongFile(big);
      let writing = true;
      const importing = r2k(db, ["import", big]).finally(() => (writing = false));
      const answers: number[] = [];
      let duringWrite = 0;
      while (writing) {
        // Bars read from the store at each request (not a cached answer), over a window that changes.
        const res = await fetch(`${server.url}api/series/%5ESMALL/bars?from=2016-01-${String(1 + (answers.length % 28)).padStart(2, "0")}`);
        await res.arrayBuffer();
        answers.push(res.status);
        if (writing) duringWrite++;
      }
      const bigImport = await importing;
      assert.equal(bigImport.status, 0, bigImport.stderr);
      assert.match(bigImport.stdout, /big\.csv +yahoo +BIG0 BIG1 BIG10 \+37 more +imported +400,000/);
      assert.ok(duringWrite >= 3, `the API answered ${duringWrite} times during the import`);
      assert.ok(answers.every((s) => s === 200), `answers: ${[...new Set(answers)]}`);
      assert.equal((await json<{ series: number }>(`${server.url}api/health`)).series, 49);

      // A handover without the token is refused.
      const { port } = JSON.parse(readFileSync(owner, "utf8")) as { port: number };
      const refused = await new Promise<number | undefined>((resolve) => {
        const req = request({ host: "127.0.0.1", port, method: "POST", path: "/run", headers: { authorization: "Bearer guess" } }, (res) => {
          res.resume();
          resolve(res.statusCode);
        });
        req.end("{}");
      });
      assert.equal(refused, 401);

      // With the token, a server still never runs another server inside itself.
      const { token } = JSON.parse(readFileSync(owner, "utf8")) as { token: string };
      const body = JSON.stringify({ argv: ["--db", db, "serve", "--port", "0"], cwd: t.dir, env: {}, stdout: { isTTY: false }, stderr: { isTTY: false } });
      const nested = await new Promise<string>((resolve) => {
        const req = request({ host: "127.0.0.1", port, method: "POST", path: "/run", headers: { authorization: `Bearer ${token}` } }, (res) => {
          let text = "";
          res.on("data", (d) => (text += d));
          res.on("end", () => resolve(text));
        });
        req.end(body);
      });
      assert.match(nested, /"exit":2/);
      assert.match(nested, /never as a command handed over to another server/);
      // Malformed input is 400, never 500.
      for (const bad of ["{", JSON.stringify({ argv: "status", cwd: t.dir, env: {}, stdout: { isTTY: false }, stderr: { isTTY: false } }), JSON.stringify({ argv: [], cwd: "relative", env: {}, stdout: { isTTY: false }, stderr: { isTTY: false } })]) {
        const status = await new Promise<number | undefined>((resolve) => {
          const req = request({ host: "127.0.0.1", port, method: "POST", path: "/run", headers: { authorization: `Bearer ${token}` } }, (res) => {
            res.resume();
            resolve(res.statusCode);
          });
          req.end(bad);
        });
        assert.equal(status, 400, bad);
      }
    } finally {
      assert.equal(await server.stop(), 0, "SIGTERM ends the server cleanly");
    }
    assert.ok(!existsSync(ownerFilePath(db)), "the owner file goes with the server");
    const after = await r2k(db, ["status", "--json"]);
    assert.equal(after.status, 0, "with the server gone, commands open the store themselves");
    assert.equal((JSON.parse(after.stdout) as { series: unknown[] }).series.length, 49);
  } finally {
    t.cleanup();
  }
});

test("with r2k serve --demo running: r2k demo regenerates the demo store through it, reports read it, removing its file is refused", async () => {
  const t = await tempStore();
  t.store.close();
  const db = t.path;
  try {
    const made = await r2k(db, ["demo", "--end", "2020-01-31"]);
    assert.equal(made.status, 0, made.stderr);
    const server = await serve(db, ["--demo"]);
    try {
      const before = await json<{ dataRange?: unknown; demo: boolean }>(`${server.url}api/health`);
      assert.equal(before.demo, true);
      const regenerated = await r2k(db, ["demo", "--end", "2020-03-31"]);
      assert.equal(regenerated.status, 0, regenerated.stderr);
      assert.match(regenerated.stdout, /synthetic demo market: seed \d+, generator v\d+, end 2020-03-31/);
      const status = JSON.parse((await r2k(db, ["--demo", "status", "--json"])).stdout) as { series: { id: string; last: string }[] };
      assert.equal(status.series.find((s) => s.id === "^RUT")?.last, "2020-03-31");
      const served = await json<{ series: { id: string; last: string }[] }>(`${server.url}api/series`);
      assert.equal(served.series.find((s) => s.id === "^RUT")?.last, "2020-03-31", "the server reads the regenerated market");

      const report = await r2k(db, ["--demo", "report", "--format", "md"]);
      assert.equal(report.status, 0, report.stderr);
      assert.match(report.stdout, /SYNTHETIC/);

      const clear = await r2k(db, ["demo", "--clear"]);
      assert.equal(clear.status, 1);
      assert.match(clear.stderr, /the running r2k server shows the demo market from .*r2k\.demo\.duckdb: stop it before removing that file/);
    } finally {
      assert.equal(await server.stop(), 0);
    }
  } finally {
    t.cleanup();
  }
});

test("a server showing the demo market while your store is empty shows your data once a handed-over import stores it", async () => {
  const t = await tempStore();
  t.store.close();
  const db = t.path;
  try {
    const made = await r2k(db, ["demo", "--end", "2020-01-31"]);
    assert.equal(made.status, 0, made.stderr);
    const server = await serve(db);
    try {
      assert.equal((await json<{ demo: boolean }>(`${server.url}api/health`)).demo, true);
      assert.ok(existsSync(ownerFilePath(db)) && existsSync(ownerFilePath(join(t.dir, "r2k.demo.duckdb"))), "it owns both files");
      const imported = await r2k(db, ["import", join(FIXTURES, "prices")]);
      assert.equal(imported.status, 0, imported.stderr);
      let health = await json<{ demo: boolean; series: number }>(`${server.url}api/health`);
      for (let i = 0; i < 100 && health.demo; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        health = await json<{ demo: boolean; series: number }>(`${server.url}api/health`);
      }
      assert.deepEqual({ demo: health.demo, series: health.series }, { demo: false, series: 4 });
      assert.ok(!existsSync(ownerFilePath(join(t.dir, "r2k.demo.duckdb"))), "the demo file is free again");
      const status = JSON.parse((await r2k(db, ["status", "--json"])).stdout) as { kind: string; series: unknown[] };
      assert.deepEqual([status.kind, status.series.length], ["user", 4]);
    } finally {
      assert.equal(await server.stop(), 0);
    }
    assert.ok(!existsSync(ownerFilePath(db)));
  } finally {
    t.cleanup();
  }
});

test("a stale owner file (its server was killed) is removed and the command opens the store itself", async () => {
  const t = await tempStore();
  t.store.close();
  try {
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    writeFileSync(ownerFilePath(t.path), JSON.stringify({ pid: Number(dead.stdout), port: 9, token: "x", url: "http://127.0.0.1:9/" }), { mode: 0o600 });
    const r = await r2k(t.path, ["status", "--json"]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(ownerFilePath(t.path)));
  } finally {
    t.cleanup();
  }
});
