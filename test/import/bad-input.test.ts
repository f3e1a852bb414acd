import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bar } from "../../src/model/index.ts";
import { fsReason, importFile, importPaths } from "../../src/services/import.ts";
import { tempStore } from "../helpers/store.ts";

const DIR = new URL("../fixtures/bad-input/", import.meta.url).pathname;

/** Each corpus file, the line and field the error must name, and words the reason must contain. */
const CORPUS: { file: string; line: number | null; field: string | null; reason: RegExp; symbol?: string }[] = [
  { file: "wrong-header.csv", line: 1, field: null, reason: /needs Date and Close/ },
  { file: "non-numeric.csv", line: 3, field: "Close", reason: /not a number: "abc"/ },
  { file: "impossible-date.csv", line: 3, field: "Date", reason: /not a calendar date/ },
  { file: "negative-price.csv", line: 2, field: "Low", reason: /price must be positive/ },
  { file: "zero-price.csv", line: 3, field: "Close", reason: /price must be positive/ },
  { file: "high-below-low.csv", line: 2, field: "High", reason: /high is below low/ },
  { file: "duplicate-conflict.csv", line: 4, field: "Date", reason: /line 2 and line 4 with different values/ },
  { file: "truncated.csv", line: 4, field: null, reason: /expected 7 fields, found 5/ },
  { file: "extra-field.csv", line: 3, field: null, reason: /expected 7 fields, found 8/ },
  { file: "binary.csv", line: null, field: null, reason: /binary file/ },
  { file: "empty.csv", line: null, field: null, reason: /empty/ },
  { file: "header-only.csv", line: 2, field: null, reason: /no data rows/ },
  { file: "html-page.csv", line: 1, field: null, reason: /HTML/ },
  { file: "stooq-no-data.csv", line: 1, field: null, reason: /No data/ },
  { file: "fred-bad-value.csv", line: 4, field: "DFF", reason: /not a number: "5.3x"/ },
  { file: "nan-close.csv", line: 2, field: "Close", reason: /not a finite number/ },
  { file: "future-date.csv", line: 3, field: "Date", reason: /future/ },
  { file: "blank-line-then-negative-volume.csv", line: 4, field: "Volume", reason: /volume must not be negative/ },
  { file: "partial-null.csv", line: 3, field: "Close", reason: /close is missing/ },
  { file: "ishares-bad-number.csv", line: 12, field: "Market Value", reason: /not a number/ },
  { file: "long-format-bad-symbol.csv", line: 3, field: "Ticker", reason: /not a valid symbol: "A A"/ },
  { file: "ishares-no-asof.csv", line: null, field: "Fund Holdings as of", reason: /as-of date line is missing/ },
];

async function snapshot(store: Awaited<ReturnType<typeof tempStore>>["store"]) {
  return store.rows(`select
    (select count(*) from bars) as bars, (select sum(close) from bars) as closes,
    (select count(*) from observations) as obs, (select count(*) from holdings) as holdings,
    (select count(*) from imports) as imports, (select count(*) from series) as series`);
}

test("every file of the bad-input corpus is rejected with file, line and field, and nothing is written", async () => {
  const t = await tempStore();
  try {
    // Something already stored, which every rejected file must leave exactly as it is.
    const seed = await importFile(t.store, join(DIR, "../good/CLOSEONLY.csv"), { symbol: "TEST" });
    assert.equal(seed.status, "imported");
    const before = await snapshot(t.store);
    // Twice: into a series with stored rows (read into a stage, then merged) and into one with
    // none (the first import: read, checked and inserted in one statement, rolled back on a bad row).
    for (const symbol of ["TEST", "FRESH"]) {
      for (const c of CORPUS) {
        const path = join(DIR, c.file);
        const r = await importFile(t.store, path, { symbol: c.symbol ?? symbol });
        const label = `${c.file} as ${symbol}`;
        assert.equal(r.status, "rejected", `${label} must be rejected`);
        assert.equal(r.error?.kind, "input", label);
        const msg = r.error?.message ?? "";
        const where = c.line === null ? `${path}` : `${path}:${c.line}`;
        assert.ok(msg.startsWith(where + (c.line === null ? "" : "")), `${label}: "${msg}" should start with ${where}`);
        if (c.line !== null) assert.match(msg, new RegExp(`^${path.replace(/[.^$()[\]]/g, "\\$&")}:${c.line}\\b`), label);
        if (c.field) assert.ok(msg.includes(`(field "${c.field}")`), `${label}: "${msg}" should name field ${c.field}`);
        assert.match(msg, c.reason, label);
        assert.deepEqual(await snapshot(t.store), before, `${label} changed the store`);
      }
    }
  } finally {
    t.cleanup();
  }
});

test("a rejected file takes no import id: refused by the first import's reader or checks, or by the merge", async () => {
  const t = await tempStore();
  try {
    // A key repeated with different values is refused by the merge, inside its transaction.
    assert.equal((await importFile(t.store, join(DIR, "duplicate-conflict.csv"), { symbol: "FRESH" })).status, "rejected");
    for (const file of ["non-numeric.csv", "impossible-date.csv", "truncated.csv", "header-only.csv", "fred-bad-value.csv", "long-format-bad-symbol.csv"]) {
      assert.equal((await importFile(t.store, join(DIR, file), { symbol: "FRESH" })).status, "rejected", file);
    }
    // Ids are the largest stored + 1, read in the writing transaction: the first file stored is 1.
    const good = await importFile(t.store, join(DIR, "../good/XYZ (1).csv"), { symbol: "FRESH" });
    assert.deepEqual([good.status, good.importId, good.added, good.skipped], ["imported", 1, 2, 1]);
    assert.deepEqual(await t.store.rows(`select distinct import_id::int as id from bars`), [{ id: 1 }]);
    const next = await importFile(t.store, join(DIR, "../good/XYZ (1).csv"), { symbol: "LATER" });
    assert.deepEqual([next.status, next.importId], ["imported", 2]);
    assert.equal((await importFile(t.store, join(DIR, "duplicate-conflict.csv"), { symbol: "LATER2" })).status, "rejected");
    const third = await importFile(t.store, join(DIR, "../good/XYZ (1).csv"), { symbol: "THIRD" });
    assert.equal(third.importId, 3);
  } finally {
    t.cleanup();
  }
});

test("the canonical Bar model rejects the same bad values the bulk CSV path rejects, for the same reason", () => {
  const ok = { symbol: "TEST", date: "2024-01-02", open: 10, high: 11, low: 9, close: 10.5, adjClose: 10.5, volume: 100 };
  assert.ok(Bar.safeParse(ok).success);
  // Each change, and the words the corpus above expects from the CSV path for the same fault.
  const bad: [Partial<Record<keyof typeof ok, unknown>>, RegExp | null][] = [
    [{ date: "2024-02-30" }, null],
    [{ low: -5 }, /^price must be positive$/],
    [{ close: 0 }, /^price must be positive$/],
    [{ high: 9, low: 11 }, /^high is below low \(high 9, low 11\)$/],
    [{ close: Number.POSITIVE_INFINITY }, /^not a finite number$/],
    [{ close: "abc" }, null],
    [{ volume: -7 }, /^volume must not be negative$/],
  ];
  for (const [change, reason] of bad) {
    const r = Bar.safeParse({ ...ok, ...change });
    assert.equal(r.success, false, JSON.stringify(change));
    if (reason) assert.match(r.error!.issues[0]!.message, reason, JSON.stringify(change));
  }
});

test("a 1.5 MB value, a 10 MB line and a 10 MB file without a line break: the line named, the reason precise, the message short", async () => {
  const dir = mkdtempSync(join(tmpdir(), "r2k-long-"));
  const t = await tempStore();
  try {
    const header = "Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,1,2,0.5,1.5,1.4,100\n";
    const files = {
      "long-value.csv": `${header}2020-01-03,1,2,0.5,1.5,1.4,100${"7".repeat(1_500_000)}\n`,
      "long-line.csv": `${header}${"x".repeat(10_000_000)},1,2,0.5,1.5,1.4,100\n2020-01-06,1,2,0.5,1.5,1.4,100\n`,
      "no-newline.csv": `Date,Close${"y".repeat(10_000_000)}`,
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const expected: Record<string, RegExp> = {
      "long-value.csv": /long-value\.csv:3 \(field "Volume"\): not a finite number: "10077777\d*"\.\.\. \(1,500,0\d\d characters\)$/,
      "long-line.csv": /long-line\.csv:3: the line is 10,000,0\d\d bytes long, more than the 2,000,000 a line may have: not a CSV row/,
      "no-newline.csv": /no-newline\.csv:1: no line break in the first 64 KiB: the first line alone is longer than a CSV header or row can be/,
    };
    for (const name of Object.keys(files)) {
      const r = await importFile(t.store, join(dir, name), { symbol: "LONG" });
      assert.equal(r.status, "rejected", name);
      assert.match(r.error?.message ?? "", expected[name], name);
      assert.ok((r.error?.message.length ?? 0) < 300, `${name}: ${r.error?.message.length} characters`);
    }
    assert.equal(Number(await t.store.scalar(`select count(*) from bars`)), 0);
  } finally {
    t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a folder with a symbolic link loop, a dangling link and a link back up: each named in the results, the rest imported", async () => {
  const dir = mkdtempSync(join(tmpdir(), "r2k-folder-"));
  const t = await tempStore();
  try {
    mkdirSync(join(dir, "sub"));
    copyFileSync(join(DIR, "../good/CLOSEONLY.csv"), join(dir, "CLOSEONLY.csv"));
    copyFileSync(join(DIR, "../good/spy_us_d.csv"), join(dir, "sub", "spy_us_d.csv"));
    symlinkSync("loop.csv", join(dir, "loop.csv"));
    symlinkSync("missing.csv", join(dir, "dangling.csv"));
    symlinkSync("..", join(dir, "sub", "up"));
    const results = await importPaths(t.store, [dir, join(dir, "nowhere")]);
    assert.deepEqual(
      results.map((r) => [r.file.slice(dir.length + 1), r.status, r.error?.message.slice(dir.length + 1) ?? null]),
      [
        ["CLOSEONLY.csv", "imported", null],
        ["dangling.csv", "rejected", "dangling.csv: cannot read: no such file or directory"],
        ["loop.csv", "rejected", "loop.csv: cannot read: a symbolic link loop"],
        ["sub/spy_us_d.csv", "imported", null],
        ["nowhere", "rejected", "nowhere: cannot read: no such file or directory"],
      ],
    );
    assert.equal(Number(await t.store.scalar(`select count(distinct symbol) from bars`)), 2);
    // What the file system says about a file that cannot be read, whoever runs the tests (root reads anything).
    assert.equal(fsReason(Object.assign(new Error("EACCES: permission denied, open 'x.csv'"), { code: "EACCES" })), "permission denied");
    assert.equal(fsReason(new Error("not from the file system")), null);
    if (process.getuid?.() !== 0) {
      const locked = join(dir, "locked.csv");
      copyFileSync(join(DIR, "../good/CLOSEONLY.csv"), locked);
      chmodSync(locked, 0);
      const r = await importFile(t.store, locked, { symbol: "LOCKED" });
      assert.equal(r.error?.message, `${locked}: cannot read the file: permission denied`);
    }
  } finally {
    t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});
