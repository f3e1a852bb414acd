// `r2k check` and the repair at open, through the CLI: each planted fault named with its exit
// code (0 sound, 7 faults, 5 no store), a repair at open said on stderr, a damaged file called
// damaged by every command and never "in use".
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { plant } from "../helpers/store.ts";

const BIN = new URL("../../bin/r2k.js", import.meta.url).pathname;
const GOOD = new URL("../fixtures/good/", import.meta.url).pathname;

function r2k(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("r2k check: sound 0, each planted fault named with 7, --repair, no store 5", async () => {
  const dir = mkdtempSync(join(tmpdir(), "r2k-check-"));
  const db = join(dir, "r2k.duckdb");
  try {
    const none = r2k(["--db", db, "check"]);
    assert.equal(none.code, 5);
    assert.match(none.stderr, /no store at .*r2k\.duckdb: nothing to check/);

    assert.equal(r2k(["--db", db, "import", join(GOOD, "spy_us_d.csv"), join(GOOD, "fred-two-series-repeat.csv")]).code, 0);
    const sound = r2k(["--db", db, "check"]);
    assert.equal(sound.code, 0, sound.stderr);
    assert.match(sound.stdout, /sound: every invariant holds; [\d,]+ rows read back, every block's checksum verified/);

    // A commit cut off by a kill: rows of an import with no record. Any command repairs it on opening, and says so.
    await plant(db, `insert into bars select symbol, date + 3650, open, high, low, close, adj_close, volume, source, 99 from bars`);
    const status = r2k(["--db", db, "status"]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stderr, /was left mid-write by a process that was killed; found on opening it:\n {2}- \d+ rows of bars belong to import 99, which never committed \(no import record\): removed/);
    assert.equal(r2k(["--db", db, "check"]).code, 0);

    // Faults only the full check finds: a key stored twice, a series without its record.
    await plant(db, `insert into bars select * from bars limit 2`, `delete from series where id = (select min(series_id) from observations)`);
    const found = r2k(["--db", db, "check"]);
    assert.equal(found.code, 7);
    assert.match(found.stdout, /2 faults found:/);
    assert.match(found.stdout, /- 2 rows of bars repeat a \(symbol, date\) already stored: not repaired \(r2k check --repair repairs it\)/);
    assert.match(found.stdout, /- 1 series in observations has no series record \(name, kind, source\): not repaired/);
    const json = JSON.parse(r2k(["--db", db, "check", "--json"]).stdout);
    assert.deepEqual(json.problems.map((p: { kind: string; count: number }) => [p.kind, p.count]), [["duplicateKeys", 2], ["missingSeries", 1]]);
    const repaired = r2k(["--db", db, "check", "--repair"]);
    assert.equal(repaired.code, 7);
    assert.match(repaired.stdout, /already stored: kept the row of the later import/);
    assert.match(repaired.stdout, /no series record \(name, kind, source\): recreated from the series ids/);
    assert.equal(r2k(["--db", db, "check"]).code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a damaged file: check says damaged (7), other commands too, never 'in use' and no stack trace", async () => {
  const dir = mkdtempSync(join(tmpdir(), "r2k-check-"));
  const db = join(dir, "r2k.duckdb");
  try {
    assert.equal(r2k(["--db", db, "import", join(GOOD, "spy_us_d.csv")]).code, 0);
    const fd = openSync(db, "r+");
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 0);
    closeSync(fd);
    for (const args of [["check"], ["status"], ["import", join(GOOD, "CLOSEONLY.csv")]]) {
      const r = r2k(["--db", db, ...args]);
      assert.equal(r.code, 7, `${args[0]}: ${r.stderr}`);
      assert.match(r.stdout + r.stderr, /is damaged: IO Error: .*not a valid DuckDB database file/);
      assert.match(r.stdout + r.stderr, /Its data cannot be trusted: move the file aside and import your files again/);
      assert.doesNotMatch(r.stderr, /in use|^ {4}at /m);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
