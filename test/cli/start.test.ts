import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, renameSync } from "node:fs";
import { join } from "node:path";
import { commitStaged, isEmpty, stageBars, Store } from "../../src/store/index.ts";
import { tempStore } from "../helpers/store.ts";

const BIN = new URL("../../bin/r2k.js", import.meta.url).pathname;

test("npm start on an empty store offline: demo market, status and summary, then a working dashboard", { timeout: 240_000 }, async () => {
  const t = await tempStore();
  t.store.close();
  try {
    const child = spawn(process.execPath, [BIN, "--db", t.path, "start", "--offline", "--port", "0"], {
      env: { ...process.env, NO_COLOR: "1" },
    });
    let out = "";
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        out += d;
        const m = /r2k dashboard: (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on("exit", (code) => reject(new Error(`start exited ${code} before serving:\n${out}\n${err}`)));
    });
    const demoPath = join(t.dir, "r2k.demo.duckdb");
    assert.ok(err.includes(`generating the synthetic demo market in its own file ${demoPath}`), err);
    assert.ok(err.includes(`no real data stored; showing the SYNTHETIC demo market from ${demoPath}`), err);
    assert.match(out, /SYNTHETIC DEMO DATA/);
    assert.ok(out.includes(`store: ${demoPath} (SYNTHETIC demo store, `), out);
    assert.match(out, /\^RUT\s+Russell 2000 \(synthetic demo\)/);
    const health = await fetch(new URL("api/health", url));
    assert.equal(health.status, 200);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);
    const comparison = await fetch(new URL("api/comparison?symbols=%5ERUT,%5EGSPC", url));
    assert.equal(comparison.status, 200);
    const body = (await comparison.json()) as { meta: { demo: boolean } };
    assert.equal(body.meta.demo, true);
    assert.ok(out.includes(`showing the SYNTHETIC demo market from ${demoPath} (the page says so)`), out);
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
    const user = await Store.open(t.path);
    try {
      assert.equal(await isEmpty(user), true, "the demo market never enters the user's store");
    } finally {
      user.close();
    }
  } finally {
    t.cleanup();
  }
});

test("npm start with data in the user store shows it, never the demo store beside it; --no-demo keeps an empty store empty", async () => {
  const t = await tempStore();
  const demo = await tempStore({ kind: "demo" });
  try {
    await t.store.transaction(async () => {
      await stageBars(t.store, [{ symbol: "REAL", date: "2024-01-02", open: null, high: null, low: null, close: 10, adjClose: null, volume: null }]);
      await commitStaged(t.store, { sourceKind: "file", sourceRef: "real.csv", format: "test", sha256: "a".repeat(64) }, ["bars"], {
        dataSource: "file",
        replace: false,
        skipped: 0,
      });
    });
    t.store.close();
    // A demo store beside it (a tiny one written by hand: the choice, not its content, is tested).
    await demo.store.transaction(async () => {
      await stageBars(demo.store, [{ symbol: "^RUT", date: "2024-01-02", open: null, high: null, low: null, close: 2000, adjClose: null, volume: null }]);
      await commitStaged(demo.store, { sourceKind: "demo", sourceRef: "demo:test", format: "demo", sha256: "b".repeat(64) }, ["bars"], {
        dataSource: "demo",
        replace: false,
        skipped: 0,
      });
    });
    demo.store.close();
    renameSync(demo.path, join(t.dir, "r2k.demo.duckdb"));

    const shown = await run(["--db", t.path, "start", "--offline", "--no-serve"]);
    assert.equal(shown.code, 0, shown.err);
    assert.ok(shown.out.includes(`store: ${t.path} (schema v`), shown.out);
    assert.match(shown.out, /REAL\s/);
    assert.doesNotMatch(shown.out + shown.err, /SYNTHETIC|\^RUT/);

    const empty = join(t.dir, "empty.duckdb");
    const none = await run(["--db", empty, "start", "--offline", "--no-serve", "--no-demo"]);
    assert.equal(none.code, 0, none.err);
    assert.match(none.out, /nothing is stored yet/);
    assert.equal(existsSync(join(t.dir, "empty.demo.duckdb")), false, "--no-demo generates nothing");
  } finally {
    t.cleanup();
    demo.cleanup();
  }
});

function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1" } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => resolve({ code, out, err }));
  });
}
