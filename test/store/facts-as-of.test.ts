// readFactsAsOf picks in SQL what a figure as of a day reads (periods within the look-back,
// public by then, the latest version of each), and factsInForce picks the same from versions
// read once (readFactVersions): the figures computed from either must equal those
// computed from every stored version (readFacts), for every filer of the EDGAR fixtures
// (restatements, frames without a filing day, share classes, year-to-date facts) on days
// around their filings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { companyFigures } from "../../src/core/fundamentals.ts";
import { dayToIso, isoToDay } from "../../src/model/dates.ts";
import { importPaths } from "../../src/services/import.ts";
import { factsInForce, readFacts, readFactsAsOf, readFactVersions } from "../../src/store/fundamentals-read.ts";
import { tempStore } from "../helpers/store.ts";

const fixture = (name: string) => new URL(`../fixtures/${name}/`, import.meta.url).pathname;

test("figures from readFactsAsOf equal those from every stored version, on every day the fixtures' filings change them", async () => {
  for (const folder of ["edgar", "edgar-frames", "fundamentals-universe", "valuation-history"]) {
    const t = await tempStore();
    try {
      await importPaths(t.store, [fixture(folder)]);
      const all = await readFacts(t.store);
      const ciks = [...new Set(all.map((f) => f.cik))];
      assert.ok(ciks.length > 0, folder);
      // Every filing day and period end, the day before each, and 45 and 90 days after each period's end.
      const days = new Set<string>();
      for (const f of all) {
        for (const d of [f.filed, f.end].filter((x): x is string => x !== null)) {
          for (const k of [-1, 0, 45, 46, 90, 91]) days.add(dayToIso(isoToDay(d) + k));
        }
      }
      // The versions read once for every day up to the last (the quarterly history's way).
      const sorted = [...days].sort();
      const concepts = [...new Set(all.map((f) => f.concept))];
      const versions = await readFactVersions(t.store, { ciks, concepts, to: sorted[sorted.length - 1] });
      let compared = 0;
      let withEarnings = 0;
      for (const day of sorted) {
        const picked = await readFactsAsOf(t.store, { ciks, asOf: day });
        const inForce = factsInForce(versions, day);
        for (const cik of ciks) {
          const every = companyFigures(all.filter((f) => f.cik === cik), day);
          const some = companyFigures(picked.filter((f) => f.cik === cik), day);
          assert.deepEqual(some, every, `${folder}, CIK ${cik}, as of ${day}`);
          assert.deepEqual(companyFigures(inForce.get(cik) ?? [], day), every, `${folder}, CIK ${cik}, in force on ${day}`);
          compared++;
          if (every.earnings || every.shares) withEarnings++;
        }
      }
      assert.ok(compared > 20 && withEarnings > 10, `${folder}: ${compared} comparisons, ${withEarnings} with figures`);
    } finally {
      t.cleanup();
    }
  }
});
