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
  const files = [join(GOOD, "XYZ (1).csv"), join(GOOD, "spy_us_d.csv"), join(GOOD, "long-format.csv"), twoSeries];
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
