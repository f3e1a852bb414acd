import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  decemberReconstitution,
  IndexEngineError,
  ipoWindows,
  juneReconstitution,
  nextReconstitution,
  reconstitutionOf,
  reconstitutionOrNull,
  schedule,
} from "../../src/core/index-engine/index.ts";

describe("reconstitution calendar (methodology section 2)", () => {
  test("fixture table 2023-2027", () => {
    const rows: [number, string, string, string][] = [
      [2023, "2023-04-28", "2023-06-23", "2023-06-26"],
      [2024, "2024-04-30", "2024-06-28", "2024-07-01"],
      [2025, "2025-04-30", "2025-06-27", "2025-06-30"],
      [2026, "2026-04-30", "2026-06-26", "2026-06-29"],
      [2027, "2027-04-30", "2027-06-25", "2027-06-28"],
    ];
    for (const [y, rank, eff, first] of rows) {
      const e = juneReconstitution(y);
      assert.deepEqual([e.rankDay, e.effectiveAfterClose, e.firstDay], [rank, eff, first], String(y));
    }
  });

  test("4th Friday, not the last Friday, in five-Friday Junes", () => {
    assert.equal(juneReconstitution(2018).effectiveAfterClose, "2018-06-22");
    assert.equal(juneReconstitution(2012).effectiveAfterClose, "2012-06-22");
    assert.equal(juneReconstitution(2018).rankDay, "2018-05-11");
    assert.equal(juneReconstitution(2021).rankDay, "2021-05-07");
  });

  test("before 2018: last trading day of May; before 1989: no rule", () => {
    assert.equal(juneReconstitution(2015).rankDay, "2015-05-29"); // 31 May 2015 was a Sunday
    assert.equal(juneReconstitution(2017).rankDay, "2017-05-31");
    assert.throws(() => juneReconstitution(1988), /before 1989/);
  });

  test("holidays roll rank day back", () => {
    assert.equal(juneReconstitution(2024, { holidays: ["2024-04-30"] }).rankDay, "2024-04-29");
  });

  test("semi-annual from 2026, December dates configurable", () => {
    assert.equal(decemberReconstitution(2025), null);
    const d = decemberReconstitution(2026)!;
    assert.equal(d.effectiveAfterClose, "2026-12-18");
    assert.equal(d.rankDay, "2026-10-30"); // 31 Oct 2026 is a Saturday
    assert.equal(d.confidence, "unverified");
    const custom = decemberReconstitution(2026, { decemberEffectiveDay: (y) => `${y}-12-11` })!;
    assert.equal(custom.effectiveAfterClose, "2026-12-11");
  });

  test("quarterly IPO windows: 3rd Friday, rank 5 weeks before (2018/19 cycle)", () => {
    const y2018 = ipoWindows(2018);
    assert.deepEqual(
      y2018.map((e) => [e.window, e.rankDay, e.effectiveAfterClose]),
      [
        ["march", "2018-02-09", "2018-03-16"],
        ["september", "2018-08-17", "2018-09-21"],
        ["december", "2018-11-16", "2018-12-21"],
      ],
    );
    assert.equal(ipoWindows(2019)[0].effectiveAfterClose, "2019-03-15");
    assert.equal(ipoWindows(2019)[0].rankDay, "2019-02-08");
    assert.deepEqual(ipoWindows(2004).map((e) => e.window), ["september", "december"]);
    assert.deepEqual(ipoWindows(2026).map((e) => e.window), ["march", "september"]);
  });

  test("schedule and next reconstitution", () => {
    const s = schedule("2026-01-01", "2026-12-31");
    assert.deepEqual(
      s.map((e) => `${e.kind}:${e.window}`),
      ["ipo-additions:march", "reconstitution:june", "ipo-additions:september", "reconstitution:december"],
    );
    assert.equal(nextReconstitution("2026-05-05").window, "december");
    assert.equal(nextReconstitution("2025-01-10").rankDay, "2025-04-30");
  });
});

test("reconstitutionOf: a date inside a June window, and one after it", () => {
  const inside = reconstitutionOf("2025-05-02");
  assert.equal(inside.inWindow, true);
  assert.deepEqual([inside.event.window, inside.event.rankDay, inside.event.effectiveAfterClose], ["june", "2025-04-30", "2025-06-27"]);
  assert.equal(reconstitutionOf("2025-04-30").inWindow, true);
  assert.equal(reconstitutionOf("2025-06-27").inWindow, true);
  const after = reconstitutionOf("2025-06-30");
  assert.equal(after.inWindow, false);
  assert.equal(after.event.rankDay, "2026-04-30");
  const before = reconstitutionOf("2025-04-29");
  assert.deepEqual([before.inWindow, before.event.rankDay], [false, "2025-04-30"]);
});

test("reconstitutionOrNull: null exactly before the first reconstitution year, other errors thrown", () => {
  // The days reconstitutionOf refuses because no rule exists yet: null instead.
  for (const day of ["1988-12-30", "1979-06-29", "0999-01-01"]) {
    assert.throws(() => reconstitutionOf(day), /before 1989/);
    assert.equal(reconstitutionOrNull(day), null);
  }
  // From the first year on, the same answer as reconstitutionOf.
  for (const day of ["1989-01-02", "1989-06-01", "2025-05-02", "2025-06-30", "2026-11-02"]) {
    assert.deepEqual(reconstitutionOrNull(day), reconstitutionOf(day));
  }
  assert.equal(reconstitutionOrNull("1989-01-02")?.event.rankDay, "1989-05-31");
  // Anything else is not "before the rule" and is not swallowed.
  assert.throws(() => reconstitutionOrNull("not a date"), IndexEngineError);
  const broken = {
    decemberRankDay: () => {
      throw new Error("bad December rule");
    },
  };
  assert.throws(() => reconstitutionOrNull("2026-11-02", broken), /bad December rule/);
});
