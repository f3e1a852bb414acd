import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { importFile } from "../../src/services/import.ts";
import { releaseDelimited, stageDelimited } from "../../src/sources/files/delimited.ts";
import { planImport } from "../../src/sources/files/detect.ts";
import { readHead } from "../../src/sources/files/sniff.ts";
import { commitStaged, type Store } from "../../src/store/index.ts";
import { tempStore } from "../helpers/store.ts";
import { realDataAvailable, realFile } from "../helpers/real-data.ts";

const GOOD = new URL("../fixtures/good/", import.meta.url).pathname;

/** The same file through the stage and the merge, as a re-import of a stored series goes. */
async function importStaged(store: Store, file: string) {
  const plan = planImport(readHead(file));
  if (plan.format === "ishares") throw new Error("not a delimited file");
  const staged = await stageDelimited(store, file, plan.delimited);
  const stage = plan.delimited.target.kind === "bars" ? "bars" : "observations";
  try {
    return await store.transaction(() =>
      commitStaged(store, { sourceKind: "file", sourceRef: file, format: plan.format, sha256: "0".repeat(64) }, [stage], {
        dataSource: plan.source,
        replace: false,
        skipped: staged.skipped,
        from: { [stage]: staged.relation },
      }),
    );
  } finally {
    await releaseDelimited(store);
  }
}

const stored = (store: Store) =>
  store
    .rows(
      `select 'bar' as t, symbol as id, date::varchar as d, open, high, low, close, adj_close, volume, source, import_id from bars
       union all select 'obs', series_id, date::varchar, null, null, null, value, null, null, source, import_id from observations
       order by all`,
    )
    .then((rows) => JSON.stringify(rows, (_, v) => (typeof v === "bigint" ? Number(v) : v)));

test("a first import, read and inserted in one statement, stores and reports what the stage and the merge do", async (t) => {
  const dir = await tempStore();
  const twoSeries = join(dir.dir, "two-series.csv");
  writeFileSync(twoSeries, "observation_date,MACROA,MACROB\n2024-01-01,1,\n2024-01-02,.,5\n2024-01-03,2,6\n");
  // ISO dates first, another spelling later: the direct read (dates parsed by the reader) stops there.
  const mixed = join(dir.dir, "MIXED.csv");
  writeFileSync(mixed, "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10,11,9,10.5,10.5,100\n1/3/2024,10,11,9,10.6,10.6,100\n");
  const files = [join(GOOD, "XYZ (1).csv"), join(GOOD, "spy_us_d.csv"), join(GOOD, "long-format.csv"), twoSeries, mixed];
  if (realDataAvailable) files.push(realFile("prices", "^RUT.csv"), realFile("fred", "DGS10.csv"));
  try {
    for (const file of files) {
      await t.test(file.split("/").pop() as string, async () => {
        const direct = await tempStore();
        const staged = await tempStore();
        try {
          const a = await importFile(direct.store, file);
          const b = await importStaged(staged.store, file);
          assert.equal(a.status, "imported", a.error?.message);
          assert.deepEqual(
            [a.added, a.updated, a.unchanged, a.skipped, a.firstDate, a.lastDate, a.series, a.importId],
            [b.added, b.updated, b.unchanged, b.skipped + b.duplicates, b.firstDate, b.lastDate, b.groups, b.importId],
          );
          assert.equal(await stored(direct.store), await stored(staged.store));
          const record = `select rows_added, rows_updated, rows_skipped, first_date::varchar as f, last_date::varchar as l from imports`;
          assert.deepEqual(await direct.store.rows(record), await staged.store.rows(record));
        } finally {
          direct.cleanup();
          staged.cleanup();
        }
      });
    }
  } finally {
    dir.cleanup();
  }
});

test("a first import of a file with a repeated row goes through the merge: identical repeats kept once", async () => {
  const t = await tempStore();
  try {
    const r = await importFile(t.store, join(GOOD, "fred-two-series-repeat.csv"));
    assert.deepEqual([r.status, r.added, r.skipped, r.importId], ["imported", 3, 3, 1]);
    assert.equal(Number(await t.store.scalar(`select count(*) from observations`)), 3);
  } finally {
    t.cleanup();
  }
});

test("a long-format file naming a stored symbol goes through the merge", async () => {
  const t = await tempStore();
  try {
    assert.equal((await importFile(t.store, join(GOOD, "long-format.csv"))).added, 3);
    const more = join(t.dir, "more.csv");
    writeFileSync(more, "Date,Ticker,Open,High,Low,Close,Adj Close,Volume\n2024-01-03,AAA,1,2,0.5,1.6,1.6,10\n2024-01-03,ccc,1,2,0.5,2,2,10\n");
    const r = await importFile(t.store, more);
    assert.deepEqual([r.status, r.added, r.unchanged, r.series, r.importId], ["imported", 1, 1, ["AAA", "CCC"], 2]);
    assert.deepEqual(await t.store.rows(`select symbol, count(*)::int as n from bars group by 1 order by 1`), [
      { symbol: "AAA", n: 2 },
      { symbol: "BBB", n: 1 },
      { symbol: "CCC", n: 1 },
    ]);
  } finally {
    t.cleanup();
  }
});
