// The daily schedule (src/core/schedule.ts): expected instants worked out by hand from the US
// daylight-saving rules (EDT = UTC-4 from the second Sunday of March, EST = UTC-5 from the first
// Sunday of November).
import { test } from "node:test";
import assert from "node:assert/strict";
import { describeSchedule, nextScheduledRun, parseScheduleTime, zonedInstant } from "../../src/core/schedule.ts";

const ET = { timeZone: "America/New_York", time: "18:05", weekdays: [1, 2, 3, 4, 5], jitterMinutes: 10 };
const iso = (d: Date) => d.toISOString();

test("after the US close on weekdays, in New York time, summer and winter", () => {
  // Tuesday 2026-12-01 15:00 UTC (10:00 EST): today at 18:05 EST = 23:05 UTC.
  assert.equal(iso(nextScheduledRun(new Date("2026-12-01T15:00:00Z"), ET, 0)), "2026-12-01T23:05:00.000Z");
  // Jitter: up to ten minutes later.
  assert.equal(iso(nextScheduledRun(new Date("2026-12-01T15:00:00Z"), ET, 0.5)), "2026-12-01T23:10:00.000Z");
  assert.equal(iso(nextScheduledRun(new Date("2026-12-01T15:00:00Z"), ET, 1)), "2026-12-01T23:15:00.000Z");
  // Just after today's run: tomorrow.
  assert.equal(iso(nextScheduledRun(new Date("2026-12-01T23:05:00Z"), ET, 0)), "2026-12-02T23:05:00.000Z");
  // Friday evening: the next run is Monday.
  assert.equal(iso(nextScheduledRun(new Date("2026-12-04T23:30:00Z"), ET, 0)), "2026-12-07T23:05:00.000Z");
  // July: 18:05 EDT = 22:05 UTC.
  assert.equal(iso(nextScheduledRun(new Date("2026-07-15T12:00:00Z"), ET, 0)), "2026-07-15T22:05:00.000Z");
  // 01:00 UTC on Thursday 2026-07-16 is Wednesday 21:00 EDT, after Wednesday's run: Thursday's is next.
  assert.equal(iso(nextScheduledRun(new Date("2026-07-16T01:00:00Z"), ET, 0)), "2026-07-16T22:05:00.000Z");
});

test("across the clock changes: the run stays at 18:05 local time", () => {
  // Friday 2026-03-06 (EST) then Monday 2026-03-09, after the change on Sunday 2026-03-08 (EDT).
  assert.equal(iso(nextScheduledRun(new Date("2026-03-06T23:30:00Z"), ET, 0)), "2026-03-09T22:05:00.000Z");
  // Friday 2026-10-30 (EDT) then Monday 2026-11-02, after the change on Sunday 2026-11-01 (EST).
  assert.equal(iso(nextScheduledRun(new Date("2026-10-30T22:30:00Z"), ET, 0)), "2026-11-02T23:05:00.000Z");
  assert.equal(zonedInstant(2026, 11, 1, 12, 0, "America/New_York"), Date.parse("2026-11-01T17:00:00Z"));
  assert.equal(zonedInstant(2026, 3, 8, 12, 0, "America/New_York"), Date.parse("2026-03-08T16:00:00Z"));
});

test("other zones and days; bad times refused; a schedule described in words", () => {
  const tokyo = { timeZone: "Asia/Tokyo", time: "16:00", weekdays: [6], jitterMinutes: 0 };
  // Saturday 16:00 JST = 07:00 UTC; from Tuesday 2026-12-01 the next Saturday is 12-05.
  assert.equal(iso(nextScheduledRun(new Date("2026-12-01T15:00:00Z"), tokyo, 0.7)), "2026-12-05T07:00:00.000Z");
  assert.throws(() => parseScheduleTime("6pm"), /not a time of day/);
  assert.throws(() => parseScheduleTime("24:00"), /not a time of day/);
  assert.throws(() => nextScheduledRun(new Date(), { ...ET, weekdays: [] }, 0), /no weekday/);
  assert.equal(describeSchedule(ET), "18:05 on weekdays, America/New_York (up to 10 min later)");
  assert.equal(describeSchedule(tokyo), "16:00 on Sat, Asia/Tokyo");
});
