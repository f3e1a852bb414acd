// The exchange calendar and the staleness check. Expected values are public facts: the NYSE
// holiday schedules and the number of trading days per year (252 in 2024, 250 in 2025 with the
// 2025-01-09 national day of mourning, 250 in 2023, 251 in 2022); clocks are fixed instants.
import { test } from "node:test";
import fc from "fast-check";
import assert from "node:assert/strict";
import { expectedLastSession, isSession, nyseHolidays, sessionsBetween } from "../../src/core/exchange-calendar.ts";
import { laggingSeries, staleness } from "../../src/core/analytics/staleness.ts";
import { dayToIso, isoToDay } from "../../src/model/index.ts";

const holidays = (y: number) => [...nyseHolidays(y)].sort((a, b) => a - b).map(dayToIso);

test("NYSE holidays: observance rules, Good Friday, Juneteenth from 2022, no Friday for a Saturday New Year", () => {
  assert.deepEqual(holidays(2024), ["2024-01-01", "2024-01-15", "2024-02-19", "2024-03-29", "2024-05-27", "2024-06-19", "2024-07-04", "2024-09-02", "2024-11-28", "2024-12-25"]);
  assert.deepEqual(holidays(2026), ["2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25", "2026-06-19", "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25"]);
  // 2022: New Year's Day on a Saturday is not observed; Juneteenth on a Sunday moves to Monday.
  assert.deepEqual(holidays(2022), ["2022-01-17", "2022-02-21", "2022-04-15", "2022-05-30", "2022-06-20", "2022-07-04", "2022-09-05", "2022-11-24", "2022-12-26"]);
  assert.equal(isSession(isoToDay("2021-12-31")), true);
  assert.equal(isSession(isoToDay("2001-09-12")), false);
  assert.equal(isSession(isoToDay("2012-10-29")), false);
  const count = (y: number) => sessionsBetween(isoToDay(`${y - 1}-12-31`), isoToDay(`${y}-12-31`));
  assert.deepEqual([2022, 2023, 2024, 2025].map(count), [251, 250, 252, 250]);
  // Counted by weeks less holidays and closures: the same as testing every day, on any span
  // (2001's week of closures, holidays at the edges, empty and reversed spans included).
  const byDay = (a: number, b: number) => {
    let n = 0;
    for (let d = a + 1; d <= b; d++) if (isSession(d)) n++;
    return n;
  };
  const start = isoToDay("1995-01-01");
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 12_000 }), fc.integer({ min: -10, max: 4_000 }), (a, len) => {
      assert.equal(sessionsBetween(start + a, start + a + len), byDay(start + a, start + a + len));
    }),
    { numRuns: 300 },
  );
  assert.equal(sessionsBetween(isoToDay("2001-09-10"), isoToDay("2001-09-17")), 1, "closed 11-14 September 2001: only the 17th");
});

test("the expected last session: today once its bar is out (18:00 New York), else the session before", () => {
  const at = (iso: string) => expectedLastSession(new Date(iso)).iso;
  assert.equal(at("2026-12-01T15:00:00Z"), "2026-11-30", "10:00 EST on a Tuesday: Monday's close");
  assert.equal(at("2026-12-01T23:30:00Z"), "2026-12-01", "18:30 EST: the day's own close");
  assert.equal(at("2026-11-28T12:00:00Z"), "2026-11-27", "a Saturday: Friday (the day after Thanksgiving trades)");
  assert.equal(at("2026-11-27T12:00:00Z"), "2026-11-25", "the morning after Thanksgiving: Wednesday");
  assert.equal(at("2026-03-09T22:30:00Z"), "2026-03-09", "18:30 EDT, the day after the clocks change");
  assert.equal(at("2026-03-06T22:30:00Z"), "2026-03-05", "17:30 EST, before the clocks change");
});

test("staleness names the series behind the calendar, and since when; a current store is quiet", () => {
  const now = new Date("2026-12-01T15:00:00Z");
  const s = staleness(
    [
      { id: "^RUT", table: "bars", frequency: "daily", last: "2026-11-25" },
      { id: "^GSPC", table: "bars", frequency: "daily", last: "2026-11-30" },
      { id: "IWM", table: "bars", frequency: "daily", last: "2024-09-12" },
      { id: "UNRATE", table: "observations", frequency: "monthly", last: "2026-10-01" },
      { id: "CPIAUCSL", table: "observations", frequency: "monthly", last: "2026-03-01" },
      { id: "DGS10", table: "observations", frequency: "daily", last: "2026-11-27" },
    ],
    now,
  );
  assert.equal(s.expectedSession, "2026-11-30");
  const by = new Map(s.series.map((x) => [x.id, x]));
  // 2026-11-25 to 2026-11-30: the 27th and the 30th (the 26th is Thanksgiving).
  assert.deepEqual([by.get("^RUT")?.sessionsBehind, by.get("^RUT")?.stale], [2, true]);
  assert.deepEqual([by.get("^GSPC")?.sessionsBehind, by.get("^GSPC")?.stale], [0, false]);
  assert.equal(by.get("UNRATE")?.stale, false, "a monthly series two months back is on schedule");
  assert.equal(by.get("CPIAUCSL")?.stale, true);
  assert.equal(by.get("DGS10")?.stale, false);
  assert.equal(
    s.message,
    "Prices are not current: IWM ends 2024-09-12; ^RUT ends 2026-11-25; the last session was 2026-11-30. Macro series behind their usual publication: CPIAUCSL ends 2026-03-01. Run `r2k update` or import newer files.",
  );
  const fresh = staleness([{ id: "^GSPC", table: "bars", frequency: "daily", last: "2026-11-30" }], now);
  assert.equal(fresh.stale, false);
  assert.equal(fresh.message, null);
  assert.deepEqual(laggingSeries([{ id: "^RUT", last: "2024-08-02" }, { id: "^GSPC", last: "2024-09-12" }, { id: "^IXIC", last: "2023-12-21" }]), [
    "^RUT ends 2024-08-02, 41 days before ^GSPC (2024-09-12)",
    "^IXIC ends 2023-12-21, 266 days before ^GSPC (2024-09-12)",
  ]);
});
