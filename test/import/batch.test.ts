// A folder of small files is read in batches (one statement for many files), then written file by
// file: the outcome must be exactly that of importing each file alone, in the same order, including
// the files a batch cannot take (a bad row, a repeated day, a stored series, a symbol seen earlier
// in the folder, another layout) and the import ids.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expandPaths, importFile, importPaths, type FileImportResult } from "../../src/services/import.ts";
import type { Store } from "../../src/store/index.ts";
import { tempStore } from "../helpers/store.ts";

const HEADER = "Date,Open,High,Low,Close,Adj Close,Volume";

function bars(seed: number, days = 30): string[] {
  const lines: string[] = [];
  for (let i = 0; i < days; i++) {
    const p = (20 + seed + i / 10).toFixed(2);
    lines.push(`2024-01-${String(i + 1).padStart(2, "0")},${p},${p},${p},${p},${p},${1000 + seed}`);
  }
  return lines;
}

function folder(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const file = (name: string, lines: string[]) => writeFileSync(join(dir, name), `${HEADER}\n${lines.join("\n")}\n`);
  for (let s = 0; s < 12; s++) file(`A${String(s).padStart(2, "0")}.csv`, bars(s));
  file("A03-copy.csv", bars(3)); // a symbol of its own, the bytes of A03: its result names A03's import
  file("A04.bad.csv", [...bars(4).slice(0, 5), "2024-01-06,-1,1,1,1,1,1"]); // a negative price on line 7
  file("A05.dup.csv", [...bars(5).slice(0, 5), bars(5)[4]]); // a day repeated
  file("A06.null.csv", [...bars(6).slice(0, 3), "2024-01-04,null,null,null,null,null,null"]); // a row without values: skipped
  writeFileSync(join(dir, "B00.csv"), "Date,Close\n2024-01-02,50\n2024-01-03,51\n"); // another layout
  for (let s = 0; s < 10; s++) file(`C${s}.csv`, bars(100 + s, 5));
}

const contents = async (store: Store) => ({
  bars: await store.rows(`select symbol, date::varchar as date, open, high, low, close, adj_close, volume, source, import_id from bars order by all`),
  imports: await store.rows(
    `select id, source_kind, source_ref, format, sha256, rows_added, rows_updated, rows_skipped, first_date::varchar as f, last_date::varchar as l from imports order by id`,
  ),
  series: await store.rows(`select * from series order by id`),
});

test("a folder read in batches stores and reports exactly what importing each file alone does", async () => {
  const a = await tempStore();
  const b = await tempStore();
  try {
    const dir = join(a.dir, "folder");
    folder(dir);
    // A series stored before: the batch leaves it to the merge.
    const stored = join(a.dir, "A07.csv");
    writeFileSync(stored, `${HEADER}\n${bars(7).slice(0, 10).join("\n")}\n`);
    for (const s of [a.store, b.store]) assert.equal((await importFile(s, stored)).status, "imported");

    // Count the batch reads: the A files and the C files (B00, of another layout, between them).
    const run = a.store.run.bind(a.store);
    let batchReads = 0;
    a.store.run = (sql, params) => {
      if (/create or replace temp table batch_rows/.test(sql)) batchReads++;
      return run(sql, params);
    };
    const batched = await importPaths(a.store, [dir]);
    assert.equal(batchReads, 2);
    const alone: FileImportResult[] = [];
    for (const e of expandPaths([dir])) alone.push(await importFile(b.store, e.file));

    assert.deepEqual(batched, alone);
    assert.deepEqual(await contents(a.store), await contents(b.store));
    // What the folder holds, to be sure the comparison covers each path.
    const by = new Map(batched.map((r) => [r.file.split("/").pop(), r]));
    assert.equal(by.get("A00.csv")?.status, "imported");
    assert.equal(by.get("A00.csv")?.added, 30);
    assert.equal(by.get("A07.csv")?.status, "imported", "the stored series merged: 20 more days");
    assert.equal(by.get("A07.csv")?.added, 20);
    assert.equal(by.get("A07.csv")?.unchanged, 10);
    assert.equal(by.get("A04.bad.csv")?.status, "rejected");
    assert.match(by.get("A04.bad.csv")?.error?.message ?? "", /A04\.bad\.csv:7 \(field "Open"\): price must be positive/);
    assert.equal(by.get("A05.dup.csv")?.status, "imported", "a repeated identical day is skipped");
    assert.equal(by.get("A06.null.csv")?.skipped, 1);
    assert.equal(by.get("B00.csv")?.added, 2);
    assert.deepEqual(
      batched.map((r) => r.importId),
      alone.map((r) => r.importId),
    );
  } finally {
    a.cleanup();
    b.cleanup();
  }
});
