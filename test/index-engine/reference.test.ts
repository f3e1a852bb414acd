import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { reconstitute } from "../../src/core/index-engine/index.ts";
import type { PriorStatus, UniverseSecurity } from "../../src/model/index.ts";

/**
 * The engine's Russell 2000 split of a synthetic universe against two independent
 * computations:
 * 1. a rank-by-counting reference written here (no sort: a company's rank is 1 + the number
 *    of eligible companies ahead of it), with its own band arithmetic;
 * 2. numbers hard-coded from a stdlib Python script (method below), run once with
 *    /usr/bin/python3 on the same integer-defined universe.
 *
 * The universe (4,200 companies, i = 0..4199), defined by integers so both languages
 * compute identical doubles:
 *   m     = (i * 7919 mod 4201) + 1                 (a permutation: caps $1M..$4,201M)
 *   prev  = max(1, m + (i * 131 mod 401) - 200)     (the previous year's caps, ±$200M)
 *   cap   = m * 1e6; price = 0.5 + (i mod 40); shares = cap / price
 *   float = shares * ((i * 37 mod 100) / 100); country CA when i mod 97 = 0, else US
 * Python method: keep price >= 1, price*shares >= 30e6, float/shares > 0.05, country US;
 * sort by (-price*shares, -price*min(float, shares), id); R1000 = first 1,000, R2000 = next
 * 2,000; previous membership = the same on the `prev` caps; banding: cum% over the top 4,000,
 * band = cum% of rank 1,000 (3,000) ± 2.5 (ends inclusive, 1e-9 tolerance), existing members
 * in band keep their side, the 3,000 boundary first.
 * Output of that script:
 *   eligible 3803; bp1000 3122000000 T3577; bp3000 912000000 T0433
 *   r2000 total cap 4024922000000; first/last T3203 T0433; max weight 0.0014327906693428994
 *   banded r1000 1000, r2000 2002; banded r2000 total cap 4022444000000
 *   up 19 [T0089 T0637 T0750 ...]; down 19 [T0159 T0707 T0820 ...]
 */
function universe(moved: boolean): UniverseSecurity[] {
  const out: UniverseSecurity[] = [];
  for (let i = 0; i < 4200; i++) {
    let m = ((i * 7919) % 4201) + 1;
    if (moved) m = Math.max(1, m + ((i * 131) % 401) - 200);
    const cap = m * 1_000_000;
    const price = 0.5 + (i % 40);
    const shares = cap / price;
    out.push({
      id: `T${String(i).padStart(4, "0")}`,
      ticker: `T${String(i).padStart(4, "0")}`,
      name: `Company ${i}`,
      sector: null,
      country: i % 97 === 0 ? "CA" : "US",
      price,
      sharesOutstanding: shares,
      floatShares: shares * (((i * 37) % 100) / 100),
      securityType: null,
      earnings: null,
      bookValue: null,
    });
  }
  return out;
}

/** Reference placement by counting, independent of the engine's code. */
function referencePlacement(u: UniverseSecurity[], prior: Map<string, PriorStatus> | null): Map<string, PriorStatus> {
  const el = u.filter(
    (s) => s.price >= 1 && s.price * s.sharesOutstanding >= 30e6 && s.floatShares / s.sharesOutstanding > 0.05 && s.country === "US",
  );
  const total = (s: UniverseSecurity) => s.price * s.sharesOutstanding;
  const flt = (s: UniverseSecurity) => s.price * Math.min(s.floatShares, s.sharesOutstanding);
  const ahead = (a: UniverseSecurity, b: UniverseSecurity) =>
    total(a) > total(b) || (total(a) === total(b) && (flt(a) > flt(b) || (flt(a) === flt(b) && a.id < b.id)));
  const rank = new Map<string, number>();
  for (const s of el) {
    let k = 1;
    for (const o of el) if (o !== s && ahead(o, s)) k++;
    rank.set(s.id, k);
  }
  const byRank: UniverseSecurity[] = new Array(el.length);
  for (const s of el) byRank[(rank.get(s.id) as number) - 1] = s;
  const cum: number[] = [];
  let run = 0;
  let denom = 0;
  for (let k = 0; k < Math.min(4000, byRank.length); k++) denom += total(byRank[k]);
  for (const s of byRank) {
    run += total(s);
    cum.push((run / denom) * 100);
  }
  const out = new Map<string, PriorStatus>();
  byRank.forEach((s, k) => {
    const p = prior?.get(s.id);
    const inBand = (bp: number) => Math.abs(cum[k] - cum[bp - 1]) <= 2.5 + 1e-9;
    let in3000 = k < 3000;
    if (prior && p !== undefined && inBand(3000)) in3000 = p !== "out";
    if (!in3000) out.set(s.id, "out");
    else if (prior && (p === "1000" || p === "2000") && inBand(1000)) out.set(s.id, p);
    else out.set(s.id, k < 1000 ? "1000" : "2000");
  });
  return out;
}

describe("Russell 2000 split against independent computations", () => {
  const current = universe(false);
  const prevPlacement = referencePlacement(universe(true), null);

  test("by rank: engine = counting reference = Python numbers", () => {
    const r = reconstitute(current);
    const ref = referencePlacement(current, null);
    assert.equal(r.universe.eligibleCompanies, 3803);
    assert.equal(ref.size, 3803);
    for (const c of r.companies) assert.equal(c.index, ref.get(c.companyId), c.companyId);
    assert.equal(r.breakpoints.r1000?.totalCap, 3122000000);
    assert.equal(r.breakpoints.r1000?.companyId, "T3577");
    assert.equal(r.breakpoints.r3000?.totalCap, 912000000);
    assert.equal(r.breakpoints.r3000?.companyId, "T0433");
    const r2000 = r.indexes.r2000;
    assert.equal(r2000.companies, 2000);
    assert.equal(r2000.totalCap, 4024922000000);
    assert.equal(r2000.constituents[0].ticker, "T3203");
    assert.equal(r2000.constituents[r2000.constituents.length - 1].ticker, "T0433");
    const maxW = Math.max(...r2000.constituents.map((c) => c.weight));
    assert.ok(Math.abs(maxW - 0.0014327906693428994) < 1e-15);
  });

  test("banded against the previous year's membership: engine = reference = Python numbers", () => {
    const engPrev = reconstitute(universe(true));
    const prior = new Map<string, PriorStatus>(engPrev.companies.map((c) => [c.companyId, c.index]));
    for (const [k, v] of prevPlacement) assert.equal(prior.get(k), v, k);
    const r = reconstitute(current, { prior });
    const ref = referencePlacement(current, prior);
    for (const c of r.companies) assert.equal(c.index, ref.get(c.companyId), c.companyId);
    assert.equal(r.indexes.r1000.companies, 1000);
    assert.equal(r.indexes.r2000.companies, 2002);
    assert.equal(r.indexes.r2000.totalCap, 4022444000000);
    const up = r.changes!.migrations.up.map((x) => x.companyId).sort();
    const down = r.changes!.migrations.down.map((x) => x.companyId).sort();
    assert.equal(up.length, 19);
    assert.deepEqual(up.slice(0, 3), ["T0089", "T0637", "T0750"]);
    assert.equal(down.length, 19);
    assert.deepEqual(down.slice(0, 3), ["T0159", "T0707", "T0820"]);
  });
});
