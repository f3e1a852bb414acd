import { test } from "node:test";
import assert from "node:assert/strict";
import {
  addMonths,
  civil,
  dayFromCivil,
  isoToDay,
  endOfMonth,
  firstIndexOnOrAfter,
  dayToIso,
  lastIndexOnOrBefore,
  monthKey,
  weekEndingFriday,
  weekday,
} from "../../src/model/dates.ts";

test("civil dates round-trip against Date for 1900..2100", () => {
  const start = Date.UTC(1900, 0, 1) / 86_400_000;
  const end = Date.UTC(2100, 11, 31) / 86_400_000;
  for (let day = start; day <= end; day += 1) {
    const d = new Date(day * 86_400_000);
    const c = civil(day);
    if (c.y !== d.getUTCFullYear() || c.m !== d.getUTCMonth() + 1 || c.d !== d.getUTCDate()) {
      assert.fail(`civil(${day}) = ${JSON.stringify(c)}, Date says ${d.toISOString()}`);
    }
    if (dayFromCivil(c.y, c.m, c.d) !== day) assert.fail(`dayFromCivil mismatch at ${day}`);
    if (weekday(day) !== (d.getUTCDay() + 6) % 7) assert.fail(`weekday mismatch at ${day}`);
  }
  assert.equal(dayToIso(0), "1970-01-01");
  assert.equal(isoToDay("2000-02-29"), 11016);
  assert.throws(() => isoToDay("2001-02-29"), RangeError);
  assert.throws(() => isoToDay("2001-2-3"), RangeError);
});

test("month arithmetic clamps at month ends, leap days included", () => {
  const d = (s: string) => isoToDay(s);
  assert.equal(dayToIso(addMonths(d("2020-02-29"), 12)), "2021-02-28");
  assert.equal(dayToIso(addMonths(d("2020-02-29"), 48)), "2024-02-29");
  assert.equal(dayToIso(addMonths(d("2024-01-31"), 1)), "2024-02-29");
  assert.equal(dayToIso(addMonths(d("2024-03-31"), -1)), "2024-02-29");
  assert.equal(dayToIso(addMonths(d("2024-01-15"), -13)), "2022-12-15");
  assert.equal(dayToIso(endOfMonth(d("2023-02-10"))), "2023-02-28");
  assert.equal(monthKey(d("2024-01-01")) - monthKey(d("2023-12-31")), 1);
});

test("weeks end on Friday; weekend days belong to the next Friday", () => {
  const d = (s: string) => isoToDay(s);
  assert.equal(dayToIso(weekEndingFriday(d("2024-01-05"))), "2024-01-05"); // Friday
  assert.equal(dayToIso(weekEndingFriday(d("2024-01-01"))), "2024-01-05"); // Monday
  assert.equal(dayToIso(weekEndingFriday(d("2024-01-06"))), "2024-01-12"); // Saturday
  assert.equal(dayToIso(weekEndingFriday(d("2024-01-07"))), "2024-01-12"); // Sunday
});

test("binary searches over dates", () => {
  const dates = Int32Array.from([10, 12, 15]);
  assert.equal(lastIndexOnOrBefore(dates, 9), -1);
  assert.equal(lastIndexOnOrBefore(dates, 12), 1);
  assert.equal(lastIndexOnOrBefore(dates, 14), 1);
  assert.equal(lastIndexOnOrBefore(dates, 99), 2);
  assert.equal(firstIndexOnOrAfter(dates, 9), 0);
  assert.equal(firstIndexOnOrAfter(dates, 13), 2);
  assert.equal(firstIndexOnOrAfter(dates, 16), 3);
});
