// r2k in a pipeline: a reader that stops early (`r2k compare --json | head -1`) ends the command
// quietly, and output to a pipe is plain (no colour, no borders, no progress bars); to a terminal
// it is rich.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { runtimeIo } from "../../src/cli/context.ts";
import type { Runtime } from "../../src/cli/runtime.ts";
import { paint } from "../../src/cli/format.ts";
import { tempStore } from "../helpers/store.ts";

const BIN = new URL("../../bin/r2k.js", import.meta.url).pathname;
const PRICES = new URL("../fixtures/analytics/prices/", import.meta.url).pathname;

/** The environment of a user who asked for nothing: colour is decided by the streams alone. */
function plainEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return env;
}

const COMPARE = ["compare", "^SMALL", "^LARGE", "^TECH", "--benchmark", "^LARGE"];

test("a reader that closes the pipe early ends r2k quietly: exit 0, nothing on stderr", async () => {
  const t = await tempStore();
  t.store.close();
  try {
    const imported = spawnSync(process.execPath, [BIN, "--db", t.path, "import", PRICES], { encoding: "utf8", timeout: 60_000 });
    assert.equal(imported.status, 0, imported.stderr);
    // More JSON than a pipe holds (64 KiB on Linux), so r2k is still writing when the reader goes away.
    const full = spawnSync(process.execPath, [BIN, "--db", t.path, ...COMPARE, "--json"], { encoding: "utf8", timeout: 60_000, maxBuffer: 1 << 28 });
    assert.equal(full.status, 0, full.stderr);
    assert.ok(full.stdout.length > 1 << 17, `${full.stdout.length} bytes of JSON`);

    // A real pipe into `head -1`, as in a shell (Node's own stdio pipes are sockets that hold more).
    const status = join(t.dir, "status");
    const stderr = join(t.dir, "stderr");
    const script = `{ "$0" "$1" --db "$2" ${COMPARE.map((a) => `'${a}'`).join(" ")} --json 2>"$3"; echo $? >"$4"; } | head -1`;
    const shell = spawnSync("/bin/sh", ["-c", script, process.execPath, BIN, t.path, stderr, status], { encoding: "utf8", env: plainEnv(), timeout: 60_000 });
    assert.equal(shell.status, 0, shell.stderr);
    assert.equal(shell.stdout, "{\n", "head printed the first line");
    assert.equal(readFileSync(stderr, "utf8"), "", "no stack trace, no message");
    assert.equal(readFileSync(status, "utf8").trim(), "0", "r2k exited 0");
  } finally {
    t.cleanup();
  }
});

test("output to a pipe is plain: no colour codes, no table borders", async () => {
  const t = await tempStore();
  t.store.close();
  try {
    const env = plainEnv();
    assert.equal(spawnSync(process.execPath, [BIN, "--db", t.path, "import", PRICES], { env, timeout: 60_000 }).status, 0);
    for (const args of [COMPARE, ["status"], ["summary"]]) {
      const r = spawnSync(process.execPath, [BIN, "--db", t.path, ...args], { encoding: "utf8", env, timeout: 60_000 });
      assert.equal(r.status, 0, r.stderr);
      const text = r.stdout + r.stderr;
      assert.ok(text.includes("^SMALL"), `r2k ${args[0]} printed its table`);
      assert.ok(!text.includes("\u001b["), `r2k ${args[0]}: no terminal codes`);
      assert.doesNotMatch(text, /[┌─│└]/, `r2k ${args[0]}: no borders`);
    }
  } finally {
    t.cleanup();
  }
});

test("each stream is rich only on a terminal; colour painted for the terminal never reaches a piped stderr", () => {
  const written: string[] = [];
  const stream = (isTTY: boolean) =>
    Object.assign(new Writable({ decodeStrings: false, write: (chunk: string, _e, done) => done(void written.push(chunk)) }), { isTTY });
  const runtime = (outTTY: boolean, errTTY: boolean, env: NodeJS.ProcessEnv = {}): Runtime => ({ stdout: stream(outTTY), stderr: stream(errTTY), cwd: "/", env });
  const io = runtimeIo(runtime(true, false));
  assert.deepEqual({ isTTY: io.isTTY, color: io.color, errTTY: io.errTTY }, { isTTY: true, color: true, errTTY: false });
  assert.equal(runtimeIo(runtime(true, false), { color: false }).color, false, "--no-color");
  assert.equal(runtimeIo(runtime(true, false, { NO_COLOR: "1" })).color, false, "NO_COLOR");
  io.err(paint(io, "red", "rejected"));
  assert.deepEqual(written, ["rejected\n"]);

  const piped = runtimeIo(runtime(false, true));
  assert.deepEqual({ isTTY: piped.isTTY, color: piped.color, errTTY: piped.errTTY }, { isTTY: false, color: false, errTTY: true });
});
