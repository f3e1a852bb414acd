// A server started through npm or npx stops when that process is killed outright (kill -9 cannot
// be passed on): it must not go on holding the store. The parent here stands in for npm: it sets
// npm_execpath, as npm does for the scripts and binaries it runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { Store } from "../../src/store/index.ts";
import { tempStore } from "../helpers/store.ts";

const BIN = new URL("../../bin/r2k.js", import.meta.url).pathname;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test("npm killed with SIGKILL: the server it started notices, stops and releases the store", async () => {
  const t = await tempStore();
  t.store.close();
  let childPid = 0;
  try {
    const script = `
      const { spawn } = require("node:child_process");
      const child = spawn(process.execPath, ${JSON.stringify([BIN, "--db", t.path, "serve", "--port", "0", "--no-schedule"])}, { stdio: ["ignore", "pipe", "inherit"] });
      child.stdout.on("data", (d) => { if (/r2k dashboard/.test(String(d))) console.log("child " + child.pid); });
      setInterval(() => {}, 1000);`;
    const npm = spawn(process.execPath, ["-e", script], { env: { ...process.env, npm_execpath: "/usr/lib/node_modules/npm/bin/npm-cli.js" } });
    childPid = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the server did not start")), 60_000);
      npm.stdout.on("data", (d) => {
        const m = /child (\d+)/.exec(String(d));
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });
    assert.ok(alive(childPid));
    npm.kill("SIGKILL");
    const deadline = Date.now() + 15_000;
    while (alive(childPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(alive(childPid), false, "the server stopped with its parent");
    // The lock is released: the store opens.
    (await Store.open(t.path)).close();
  } finally {
    // Should the server outlive the test, it must not hold the test run open.
    if (childPid && alive(childPid)) process.kill(childPid, "SIGKILL");
    t.cleanup();
  }
});
