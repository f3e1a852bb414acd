import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
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
    assert.match(err, /empty: loading the synthetic demo market/);
    assert.match(out, /SYNTHETIC DEMO DATA/);
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
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
  } finally {
    t.cleanup();
  }
});
