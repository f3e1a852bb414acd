import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  IndexEngineError,
  reconstitute,
  resolveRules,
  type Rules,
} from "../../src/core/index-engine/index.ts";
import type { PriorStatus, UniverseSecurity } from "../../src/model/index.ts";
import { sec } from "./helpers.ts";

// Methodology doc section 6.1: 12 companies, breakpoint at rank 8, caps in $B, total 1,000.
const WORKED: [string, number, PriorStatus | null][] = [
  ["A", 320, "1000"],
  ["B", 200, "1000"],
  ["C", 150, "1000"],
  ["D", 100, "1000"],
  ["E", 70, "1000"],
  ["F", 50, "2000"],
  ["G", 30, "2000"],
  ["H", 22, "1000"],
  ["I", 20, "1000"],
  ["J", 16, "1000"],
  ["K", 12, "2000"],
  ["L", 10, null],
];
const SMALL_RULES: Partial<Rules> = { r1000Size: 8, r3000Size: 12, r3000eSize: 12, microcapFromR2000: 2 };

function worked(overrides: Record<string, PriorStatus | null> = {}) {
  const universe = WORKED.map(([id, cap]) => sec(id, cap * 1e9));
  const prior = new Map<string, PriorStatus>();
  for (const [id, , p] of WORKED) {
    const v = id in overrides ? overrides[id] : p;
    if (v) prior.set(id, v);
  }
  return reconstitute(universe, { rules: SMALL_RULES, prior });
}
const members = (r: ReturnType<typeof reconstitute>, idx: "1000" | "2000") =>
  r.companies.filter((c) => c.index === idx).map((c) => c.companyId);

describe("worked banding example (methodology 6.1)", () => {
  test("breakpoint, band and result match the table", () => {
    const r = worked();
    assert.equal(r.breakpoints.r1000?.companyId, "H");
    assert.equal(r.breakpoints.r1000?.totalCap, 22e9);
    assert.ok(Math.abs((r.breakpoints.r1000?.cumPct ?? 0) - 94.2) < 1e-9);
    const band = r.bands.r1000!;
    assert.ok(Math.abs(band.lowPct - 91.7) < 1e-9);
    assert.ok(Math.abs(band.highPct - 96.7) < 1e-9);
    assert.deepEqual(
      r.companies.filter((c) => c.inBand1000).map((c) => c.companyId),
      ["G", "H", "I"],
    );
    assert.equal(band.firstRankInBand, 7);
    assert.equal(band.lastRankInBand, 9);
    assert.equal(band.largestCapInBand, 30e9);
    assert.equal(band.smallestCapInBand, 20e9);
    assert.deepEqual(members(r, "1000"), ["A", "B", "C", "D", "E", "F", "H", "I"]);
    assert.deepEqual(members(r, "2000"), ["G", "J", "K", "L"]);
    const cum = r.companies.map((c) => Math.round(c.cumPct * 10) / 10);
    assert.deepEqual(cum, [32, 52, 67, 77, 84, 89, 92, 94.2, 96.2, 97.8, 99, 100]);
  });

  test("changes: F up, J down, G and I kept by the band, L new", () => {
    const r = worked();
    const ch = r.changes!;
    assert.deepEqual(ch.migrations.up.map((x) => x.companyId), ["F"]);
    assert.deepEqual(ch.migrations.down.map((x) => x.companyId), ["J"]);
    assert.deepEqual(ch.r1000!.adds.map((x) => x.companyId), ["F"]);
    assert.deepEqual(ch.r1000!.deletes.map((x) => x.companyId), ["J"]);
    assert.deepEqual(ch.r2000!.adds.map((x) => x.companyId), ["J", "L"]);
    assert.deepEqual(ch.r2000!.deletes.map((x) => x.companyId), ["F"]);
    assert.deepEqual(ch.r3000!.adds.map((x) => x.companyId), ["L"]);
    assert.deepEqual(ch.r3000!.deletes, []);
    // Float = shares, so float caps are the total caps. R1000 new cap = 1000 - (30+16+12+10) = 932.
    assert.ok(Math.abs(ch.r1000!.addWeight - 50 / 932) < 1e-12);
    // Previous R1000 = A B C D E H I J = 320+200+150+100+70+22+20+16 = 898; J deleted.
    assert.ok(Math.abs(ch.r1000!.deleteWeight - 16 / 898) < 1e-12);
    assert.ok(Math.abs(ch.r1000!.turnoverByWeight - (50 / 932 + 16 / 898) / 2) < 1e-12);
    assert.equal(ch.r1000!.turnoverByCount, 2 / 16);
    // R2000: new = G J K L = 68, adds J L = 26; previous = F G K = 92, F deleted (50).
    assert.ok(Math.abs(ch.r2000!.addWeight - 26 / 68) < 1e-12);
    assert.ok(Math.abs(ch.r2000!.deleteWeight - 50 / 92) < 1e-12);
    const g = r.companies.find((c) => c.companyId === "G")!;
    assert.equal(g.banded, true);
    assert.equal(g.byRank, "1000");
  });

  test("variant: G new is placed by rank, Large has 9", () => {
    const r = worked({ G: null });
    assert.deepEqual(members(r, "1000"), ["A", "B", "C", "D", "E", "F", "G", "H", "I"]);
  });

  test("variant: I previously Small stays Small, Large has 7", () => {
    const r = worked({ I: "2000" });
    assert.deepEqual(members(r, "1000"), ["A", "B", "C", "D", "E", "F", "H"]);
  });

  test("without a previous membership, by rank alone", () => {
    const universe = WORKED.map(([id, cap]) => sec(id, cap * 1e9));
    const r = reconstitute(universe, { rules: SMALL_RULES });
    assert.equal(r.banding, false);
    assert.equal(r.changes, null);
    assert.deepEqual(members(r, "1000"), ["A", "B", "C", "D", "E", "F", "G", "H"]);
    assert.deepEqual(members(r, "2000"), ["I", "J", "K", "L"]);
    // Band edges are still reported.
    assert.ok(r.bands.r1000);
  });

  test("exclusive band ends", () => {
    // Put a company exactly on the low edge: with B at 200 and the rest as in the table, G sits
    // at 92.0; move the band so its low edge is 92.0 (half width 2.2).
    const universe = WORKED.map(([id, cap]) => sec(id, cap * 1e9));
    const prior = new Map(WORKED.filter((w) => w[2]).map((w) => [w[0], w[2]!] as const));
    const incl = reconstitute(universe, { rules: { ...SMALL_RULES, bandHalfWidth: 2.2 }, prior });
    const excl = reconstitute(universe, { rules: { ...SMALL_RULES, bandHalfWidth: 2.2, bandInclusive: false }, prior });
    assert.equal(incl.companies[6].inBand1000, true);
    assert.equal(incl.companies[6].index, "2000");
    assert.equal(excl.companies[6].inBand1000, false);
    assert.equal(excl.companies[6].index, "1000");
  });
});

describe("3,000 boundary and index family", () => {
  // 10 companies, R1000 = top 3, R3000 = top 6, R3000E = top 8, microcap = smallest 2 of R2000 + 7..8.
  const rules: Partial<Rules> = { r1000Size: 3, r3000Size: 6, r3000eSize: 8, microcapFromR2000: 2, bandHalfWidth: 5 };
  const caps = [300, 200, 150, 100, 80, 60, 50, 30, 20, 10];
  const universe = caps.map((c, i) => sec(`C${i + 1}`, c * 1e9));

  test("by rank: sizes and microcap", () => {
    const r = reconstitute(universe, { rules });
    assert.equal(r.indexes.r1000.companies, 3);
    assert.equal(r.indexes.r2000.companies, 3);
    assert.equal(r.indexes.r3000.companies, 6);
    assert.equal(r.indexes.r3000e.companies, 8);
    assert.deepEqual(
      r.indexes.microcap.constituents.map((c) => c.ticker),
      ["C5", "C6", "C7", "C8"],
    );
    assert.equal(r.breakpoints.r3000?.companyId, "C6");
    assert.equal(r.breakpoints.r3000e?.companyId, "C8");
    // Total of band universe (top 8) = 970; C6 cumulative = 890 -> 91.75%.
    assert.ok(Math.abs(r.breakpoints.r3000!.cumPct - (890 / 970) * 100) < 1e-9);
  });

  test("existing R2000 member below rank 3,000 inside the band stays; explicit non-member inside does not join", () => {
    // C6 (rank 6) cumulative 890/970 = 91.75%; C7 940/970 = 96.91%; C5 830/970 = 85.57%.
    const prior = new Map<string, PriorStatus>([
      ["C1", "1000"],
      ["C2", "1000"],
      ["C3", "1000"],
      ["C4", "2000"],
      ["C5", "2000"],
      ["C6", "out"],
      ["C7", "2000"],
    ]);
    const r = reconstitute(universe, { rules: { ...rules, bandHalfWidth: 5.2 }, prior });
    // Band 91.75 +- 5.2 = [86.55, 96.95]: C6 and C7 inside, C5 below.
    const at = (id: string) => r.companies.find((c) => c.companyId === id)!;
    assert.equal(at("C7").inBand3000, true);
    assert.equal(at("C7").index, "2000"); // rank 7, kept in the R3000 by the band
    assert.equal(at("C6").index, "out"); // rank 6, explicit non-member inside the band
    assert.equal(r.indexes.r3000.companies, 6);
    assert.deepEqual(r.changes!.r3000!.deletes.map((d) => d.companyId), []);
    // Without the 3,000 band the R3000 goes by rank: C7 leaves, C6 joins.
    const noBand = reconstitute(universe, { rules: { ...rules, bandHalfWidth: 5.2, bandAt3000: false }, prior });
    assert.equal(noBand.companies.find((c) => c.companyId === "C7")!.index, "out");
    assert.equal(noBand.companies.find((c) => c.companyId === "C6")!.index, "2000");
    assert.deepEqual(noBand.changes!.r3000!.deletes.map((d) => d.companyId), ["C7"]);
  });

  test("absentPrior 'out' treats missing companies as existing non-members", () => {
    const prior = new Map<string, PriorStatus>([
      ["C1", "1000"],
      ["C2", "1000"],
      ["C3", "1000"],
      ["C4", "2000"],
      ["C5", "2000"],
      ["C7", "2000"],
    ]);
    const r = reconstitute(universe, { rules: { ...rules, bandHalfWidth: 5.2, absentPrior: "out" }, prior });
    assert.equal(r.companies[5].index, "out");
    const r2 = reconstitute(universe, { rules: { ...rules, bandHalfWidth: 5.2 }, prior });
    assert.equal(r2.companies[5].index, "2000"); // new entrant, by rank
  });

  test("deletes report why: ranked out, ineligible, absent", () => {
    const u = [...universe, sec("PENNY", 5e9, { price: 0.5 })];
    const prior = new Map<string, PriorStatus>([
      ["C1", "1000"],
      ["C10", "2000"],
      ["PENNY", "2000"],
      ["GONE", "2000"],
    ]);
    const r = reconstitute(u, { rules, prior });
    const del = r.changes!.r2000!.deletes;
    const reason = (id: string) => del.find((d) => d.companyId === id || d.ticker === id)?.to;
    assert.equal(reason("C10"), "out");
    assert.equal(reason("PENNY"), "ineligible");
    assert.equal(reason("GONE"), "absent");
    assert.equal(r.changes!.r2000!.deletesWithoutData, 1);
  });
});

describe("eligibility", () => {
  const base = (id: string, o: Partial<UniverseSecurity> & { floatFraction?: number; price?: number } = {}) =>
    sec(id, 1e9, o);

  test("screens with their reasons and documented defaults", () => {
    const u = [
      base("OK"),
      base("PENNY", { price: 0.99 }),
      base("DOLLAR", { price: 1 }),
      base("TINY", { price: 5, sharesOutstanding: 5e6, floatShares: 5e6 }),
      base("FOREIGN", { country: "DE" }),
      base("BERMUDA", { country: "BM" }),
      base("ETF", { securityType: "ETF" }),
      base("PREF", { securityType: "Preferred" }),
      base("LOWFLOAT", { floatFraction: 0.05 }),
      base("REIT", { securityType: "REIT" }),
    ];
    const r = reconstitute(u);
    const elig = r.companies.map((c) => c.companyId).sort();
    assert.deepEqual(elig, ["BERMUDA", "DOLLAR", "OK", "REIT"]);
    const why = Object.fromEntries(r.ineligible.map((x) => [x.id, x.reasons.join("; ")]));
    assert.match(why.PENNY, /price 0.99 below 1/);
    assert.match(why.TINY, /total market cap \$25.0M below \$30.0M/);
    assert.match(why.FOREIGN, /country DE/);
    assert.match(why.ETF, /type etf is excluded/);
    assert.match(why.PREF, /type preferred/);
    assert.match(why.LOWFLOAT, /float 5.00% not above 5.00%/);
    assert.deepEqual(resolveRules().countries, ["US"]);
  });

  test("existing-member price exception uses the 30-day average", () => {
    const u = [base("A", { price: 0.8, avgPrice30: 1.1 }), base("B", { price: 0.8, avgPrice30: 1.1 })];
    const r = reconstitute(u, { prior: new Map([["A", "2000" as const]]) });
    assert.deepEqual(r.companies.map((c) => c.companyId), ["A"]);
    const off = reconstitute(u, { prior: new Map([["A", "2000" as const]]), rules: { existingMemberPriceException: false } });
    assert.equal(off.companies.length, 0);
  });

  test("share classes: ranked once on the total, each class screened", () => {
    const u = [
      sec("GOOGL", 1000e9, { companyId: "ALPHABET" }),
      sec("GOOG", 900e9, { companyId: "ALPHABET" }),
      sec("GOOGP", 50e9, { companyId: "ALPHABET", securityType: "preferred" }),
      sec("BIG", 1500e9),
    ];
    const r = reconstitute(u, { rules: { r1000Size: 1, r3000Size: 2, r3000eSize: 2 } });
    assert.equal(r.companies[0].companyId, "ALPHABET");
    assert.equal(r.companies[0].totalCap, 1900e9); // preferred not counted
    assert.deepEqual(r.companies[0].securities.map((s) => s.id), ["GOOGL", "GOOG"]);
    assert.equal(r.indexes.r1000.securities, 2);
  });

  test("deterministic tie-breaks: total cap, then float cap, then id", () => {
    const u = [
      sec("B", 1e9, { floatFraction: 0.5 }),
      sec("A", 1e9, { floatFraction: 0.5 }),
      sec("C", 1e9, { floatFraction: 0.9 }),
    ];
    const r = reconstitute(u);
    assert.deepEqual(r.companies.map((c) => c.companyId), ["C", "A", "B"]);
  });
});

describe("bad universes", () => {
  test("duplicate ids are rejected", () => {
    assert.throws(() => reconstitute([sec("A", 1e9), sec("A", 2e9)]), IndexEngineError);
  });
  test("non-finite or negative numbers are rejected", () => {
    assert.throws(() => reconstitute([sec("A", 1e9, { price: -1 })]), /price must be a finite number/);
    assert.throws(() => reconstitute([{ ...sec("A", 1e9), sharesOutstanding: NaN }]), /sharesOutstanding/);
  });
  test("fewer than 3,000 eligible: R3000 holds all, documented warning, no 3,000 breakpoint", () => {
    const u = Array.from({ length: 1500 }, (_, i) => sec(`X${i}`, (i + 1) * 1e8));
    const r = reconstitute(u);
    assert.equal(r.indexes.r3000.companies, 1500);
    assert.equal(r.indexes.r1000.companies, 1000);
    assert.equal(r.indexes.r2000.companies, 500);
    assert.equal(r.breakpoints.r3000, null);
    assert.equal(r.bands.r3000, null);
    assert.match(r.warnings.join("\n"), /only 1,500 eligible companies/);
  });
  test("fewer than 1,000 eligible: all in the R1000", () => {
    const r = reconstitute([sec("A", 1e9), sec("B", 2e9)]);
    assert.equal(r.indexes.r1000.companies, 2);
    assert.equal(r.indexes.r2000.companies, 0);
    assert.equal(r.breakpoints.r1000, null);
    assert.match(r.warnings[0], /fewer than 1,000/);
  });
  test("empty universe", () => {
    const r = reconstitute([]);
    assert.equal(r.indexes.r3000.companies, 0);
    assert.match(r.warnings[0], /no eligible company/);
  });
  test("bad rules are rejected", () => {
    assert.throws(() => resolveRules({ r1000Size: 3000, r3000Size: 1000 }), /r1000Size < r3000Size/);
    assert.throws(() => resolveRules({ minPrice: -1 }), /minPrice/);
  });
});
