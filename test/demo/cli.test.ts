import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../src/cli/main.ts";
import { isEmpty, Store } from "../../src/store/index.ts";
import { tempStore } from "../helpers/store.ts";

const BIN = new URL("../../bin/r2k.js", import.meta.url).pathname;

function r2k(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("r2k demo writes a labelled synthetic market into its own file beside the store, and --clear deletes that file", async () => {
  const t = await tempStore();
  t.store.close();
  const demoPath = join(t.dir, "r2k.demo.duckdb");
  try {
    const load = r2k(["--db", t.path, "demo", "--end", "2015-02-27"]);
    assert.equal(load.code, 0, load.stderr);
    assert.match(load.stdout, /SYNTHETIC/);
    assert.match(load.stdout, /seed 42, generator v1, end 2015-02-27/);
    assert.ok(load.stdout.includes(`demo store: ${demoPath} (its own file: your store is never written)`));
    assert.match(load.stdout, /stocks \(demo Russell 2000\)\s+79,950\s+2015-01-02 \.\. 2015-02-27/);
    assert.match(load.stdout, /indices\s+[\d,]+\s+1987-09-10 \.\. 2015-02-27/);
    assert.match(load.stdout, /universe demo\s+4,000/);
    assert.ok(existsSync(demoPath));
    const user = await Store.open(t.path);
    try {
      assert.equal(user.kind, "user");
      assert.equal(await isEmpty(user), true, "the user's store is not written");
    } finally {
      user.close();
    }

    const clear = r2k(["--db", t.path, "demo", "--clear"]);
    assert.equal(clear.code, 0, clear.stderr);
    assert.equal(clear.stdout, `deleted the demo store ${demoPath}\n`);
    assert.equal(existsSync(demoPath), false);
    assert.equal(existsSync(t.path), true, "the user's store stays");
    const again = r2k(["--db", t.path, "demo", "--clear"]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, `no demo store at ${demoPath}; nothing removed\n`);
  } finally {
    t.cleanup();
  }
});

test("r2k demo: bad --seed, --end or --clear with options is a usage error (exit 2)", async () => {
  const t = await tempStore();
  t.store.close();
  try {
    for (const args of [
      ["demo", "--seed", "-1"],
      ["demo", "--seed", "1.5"],
      ["demo", "--end", "2015-02-30"],
      ["demo", "--end", "1999-12-31"],
      ["demo", "--clear", "--seed", "3"],
    ]) {
      assert.equal(await main(["--db", t.path, ...args]), 2, args.join(" "));
    }
  } finally {
    t.cleanup();
  }
});
