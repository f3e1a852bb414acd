import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  capWeights,
  computeLevels,
  reconstitute,
  type IndexEvent,
  type Position,
  type Rules,
} from "../../src/core/index-engine/index.ts";
import type { PriorStatus } from "../../src/model/index.ts";
import { sec } from "./helpers.ts";

const SMALL: Partial<Rules> = { r1000Size: 10, r3000Size: 30, r3000eSize: 40, microcapFromR2000: 10, minTotalCap: 0 };

/** Companies with caps drawn from a small set (so ties happen) and random float. */
const universeArb = fc
  .array(
    fc.record({
      capUnits: fc.integer({ min: 1, max: 60 }),
      float: fc.integer({ min: 6, max: 100 }),
      prior: fc.constantFrom<PriorStatus | null>("1000", "2000", "out", null),
    }),
    { minLength: 1, maxLength: 80 },
  )
  .map((rows) =>
    rows.map((r, i) => ({
      security: sec(`C${i}`, r.capUnits * 1e8, { floatFraction: r.float / 100 }),
      prior: r.prior,
    })),
  );

function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const a = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = a.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

describe("properties (fast-check)", () => {
  test("cap weights are non-negative and sum to 1", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e13, noNaN: true }), { minLength: 1, maxLength: 400 }).filter((xs) => xs.some((x) => x > 0)),
        (caps) => {
          const w = capWeights(caps);
          let sum = 0;
          for (const x of w) {
            assert.ok(x >= 0);
            sum += x;
          }
          assert.ok(Math.abs(sum - 1) < 1e-12, `sum ${sum}`);
        },
      ),
    );
  });

  test("index weights of every index are non-negative and sum to 1", () => {
    fc.assert(
      fc.property(universeArb, (rows) => {
        const r = reconstitute(
          rows.map((x) => x.security),
          { rules: SMALL },
        );
        for (const idx of Object.values(r.indexes)) {
          if (idx.constituents.length === 0) continue;
          let sum = 0;
          for (const c of idx.constituents) {
            assert.ok(c.weight >= 0);
            sum += c.weight;
          }
          assert.ok(Math.abs(sum - 1) < 1e-12, `${idx.name} sum ${sum}`);
        }
      }),
    );
  });

  test("ranking is a permutation independent of input order", () => {
    fc.assert(
      fc.property(universeArb, fc.integer(), (rows, seed) => {
        const u = rows.map((x) => x.security);
        const a = reconstitute(u, { rules: SMALL });
        const b = reconstitute(shuffle(u, seed), { rules: SMALL });
        assert.deepEqual(
          b.companies.map((c) => c.companyId),
          a.companies.map((c) => c.companyId),
        );
        assert.deepEqual(
          a.companies.map((c) => c.rank),
          a.companies.map((_, i) => i + 1),
        );
        assert.deepEqual(new Set(a.companies.map((c) => c.companyId)), new Set(u.map((s) => s.id)));
      }),
    );
  });

  test("a member inside the band never migrates", () => {
    fc.assert(
      fc.property(universeArb, fc.double({ min: 0, max: 20, noNaN: true }), (rows, halfWidth) => {
        const prior = new Map<string, PriorStatus>();
        for (const x of rows) if (x.prior) prior.set(x.security.id, x.prior);
        const r = reconstitute(
          rows.map((x) => x.security),
          { rules: { ...SMALL, bandHalfWidth: halfWidth }, prior },
        );
        for (const c of r.companies) {
          if (c.inBand3000 && c.prior !== null) {
            assert.equal(c.index !== "out", c.prior !== "out", `${c.companyId} crossed the 3,000 band`);
          }
          if (c.inBand1000 && (c.prior === "1000" || c.prior === "2000") && c.index !== "out") {
            assert.equal(c.index, c.prior, `${c.companyId} migrated inside the 1,000 band`);
          }
          if (!c.inBand1000 && !c.inBand3000) assert.equal(c.index, c.byRank, `${c.companyId} outside the bands goes by rank`);
        }
      }),
    );
  });

  test("the index level is unchanged by a reconstitution at constant prices", () => {
    const positionsArb = (n: number) =>
      fc
        .array(
          fc.record({
            col: fc.integer({ min: 0, max: n - 1 }),
            shares: fc.double({ min: 1, max: 1e9, noNaN: true }),
            iwf: fc.double({ min: 0.05, max: 1, noNaN: true }),
          }),
          { minLength: 1, maxLength: n },
        )
        .map((ps) => [...new Map(ps.map((p) => [p.col, p])).values()] as Position[]);
    const caseArb = fc.integer({ min: 1, max: 40 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        prices: fc.array(fc.double({ min: 0.01, max: 5000, noNaN: true }), { minLength: n, maxLength: n }),
        before: positionsArb(n),
        after: positionsArb(n),
        splitCol: fc.integer({ min: 0, max: n - 1 }),
        ratio: fc.constantFrom(2, 3, 0.5, 1.5, 10),
      }),
    );
    fc.assert(
      fc.property(caseArb, (c) => {
        const ids = Array.from({ length: c.n }, (_, i) => `S${i}`);
        const close = Float64Array.from([...c.prices, ...c.prices, ...c.prices]);
        // Day 1 keeps day 0's prices; the split's column trades at price / ratio on day 2.
        close[2 * c.n + c.splitCol] = c.prices[c.splitCol] / c.ratio;
        const events: IndexEvent[] = [
          { kind: "reconstitute", date: 0, positions: c.after },
          { kind: "split", date: 1, col: c.splitCol, ratio: c.ratio },
        ];
        const s = computeLevels({ dates: Int32Array.from([0, 1, 2]), ids, close, initial: c.before, events, baseLevel: 100 });
        assert.ok(Math.abs(s.price[1] - 100) < 1e-9, `level after reconstitution ${s.price[1]}`);
        assert.ok(Math.abs(s.price[2] - 100) < 1e-9, `level after split ${s.price[2]}`);
        assert.ok(Math.abs(s.total[2] - 100) < 1e-9);
      }),
    );
  });
});
