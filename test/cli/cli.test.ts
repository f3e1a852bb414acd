import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildProgram } from "../../src/cli/main.ts";
import { tempStore } from "../helpers/store.ts";

const BIN = new URL("../../bin/r2k.js", import.meta.url).pathname;
const FIXTURES = new URL("../fixtures/", import.meta.url).pathname;

function r2k(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("every command has --help and exits 0", () => {
  const names = buildProgram().commands.map((c) => c.name());
  assert.ok(names.includes("import") && names.includes("status") && names.includes("summary"));
  const top = r2k(["--help"]);
  assert.equal(top.code, 0);
  for (const name of names) assert.match(top.stdout, new RegExp(`\\b${name}\\b`), `--help lists ${name}`);
  for (const cmd of buildProgram().commands) {
    const help = cmd.helpInformation();
    assert.match(help, /Usage: r2k /, `${cmd.name()} --help`);
    if (cmd.commands.length) for (const sub of cmd.commands) assert.match(sub.helpInformation(), /Usage: /);
  }
});

test("exit codes: usage 2, invalid input 3, conflict 4, no data 5", async () => {
  const t = await tempStore();
  t.store.close();
  const db = ["--db", t.path];
  try {
    assert.equal(r2k(["import", "--no-such-flag", "x.csv"]).code, 2);

    const empty = r2k([...db, "summary"]);
    assert.equal(empty.code, 5);
    assert.match(empty.stderr, /r2k demo/);

    const bad = r2k([...db, "import", join(FIXTURES, "bad-input/high-below-low.csv"), "--symbol", "TEST"]);
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /high-below-low\.csv:2 \(field "High"\): high is below low/);
    assert.doesNotMatch(bad.stderr, /^ {4}at /m, "no stack trace");

    const ok = r2k([...db, "import", join(FIXTURES, "good/CLOSEONLY.csv")]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /CLOSEONLY\.csv\s+bars\s+CLOSEONLY\s+imported\s+2\s+0\s+0\s+1/);

    const again = r2k([...db, "import", join(FIXTURES, "good/CLOSEONLY.csv")]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /no change/);
    assert.match(again.stdout, /same content as import #1; nothing changed/);

    const changed = join(t.dir, "CLOSEONLY.csv");
    writeFileSync(changed, "Date,Close\n2024-01-02,50\n2024-01-03,52\n");
    const conflict = r2k([...db, "import", changed]);
    assert.equal(conflict.code, 4);
    assert.match(conflict.stderr, /1 row\(s\) differ from stored values/);
    assert.match(conflict.stderr, /line 3: CLOSEONLY 2024-01-03 close: stored 51, file 52/);
    assert.equal(r2k([...db, "import", changed, "--replace"]).code, 0);

    const status = r2k([...db, "status"]);
    assert.equal(status.code, 0);
    assert.match(status.stdout, /CLOSEONLY\s+stock\s+CLOSEONLY\s+2\s+2024-01-02\s+2024-01-03\s+file/);
    const summary = r2k([...db, "summary", "--json"]);
    assert.equal(summary.code, 5, "a stock is not an index or ETF");
  } finally {
    t.cleanup();
  }
});
