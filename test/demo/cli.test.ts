import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { main } from "../../src/cli/main.ts";
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

test("r2k demo loads a labelled synthetic market and --clear removes it", async () => {
  const t = await tempStore();
  t.store.close();
  try {
    const load = r2k(["--db", t.path, "demo", "--end", "2015-02-27"]);
    assert.equal(load.code, 0, load.stderr);
    assert.match(load.stdout, /SYNTHETIC/);
    assert.match(load.stdout, /seed 42, generator v1, end 2015-02-27/);
    assert.match(load.stdout, /stocks \(demo Russell 2000\)\s+79,950\s+2015-01-02 \.\. 2015-02-27/);
    assert.match(load.stdout, /indices\s+[\d,]+\s+1987-09-10 \.\. 2015-02-27/);
    assert.match(load.stdout, /universe demo\s+4,000/);

    const clear = r2k(["--db", t.path, "demo", "--clear"]);
    assert.equal(clear.code, 0, clear.stderr);
    assert.match(clear.stdout, /removed [\d,]+ synthetic demo rows/);
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
