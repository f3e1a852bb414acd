import { test } from "node:test";
import assert from "node:assert/strict";
import { isoToDay } from "../../src/model/index.ts";
import { latestChanges } from "../../src/services/summary.ts";

test("summary changes: previous close, last close of the previous year, same date a year earlier", () => {
  const days = ["2023-02-27", "2023-02-28", "2023-12-29", "2024-01-02", "2024-02-28", "2024-02-29"];
  const closes = [80, 90, 100, 104, 110, 121];
  const r = latestChanges(Int32Array.from(days.map(isoToDay)), Float64Array.from(closes));
  assert.ok(r);
  assert.equal(r.asOf, "2024-02-29");
  assert.equal(r.close, 121);
  assert.deepEqual(r.day, { value: 121 / 110 - 1, base: "2024-02-28" });
  assert.deepEqual(r.ytd, { value: 121 / 100 - 1, base: "2023-12-29" });
  // 2024-02-29 minus a year is clamped to 2023-02-28.
  assert.deepEqual(r.year, { value: 121 / 90 - 1, base: "2023-02-28" });
});

test("summary changes are null where the data does not reach back", () => {
  const r = latestChanges(Int32Array.from(["2024-03-01", "2024-03-04"].map(isoToDay)), Float64Array.from([10, 11]));
  assert.ok(r);
  assert.equal(r.ytd, null);
  assert.equal(r.year, null);
  assert.ok(Math.abs((r.day?.value ?? 0) - 0.1) < 1e-12);
  assert.equal(latestChanges(new Int32Array(0), new Float64Array(0)), null);
});
