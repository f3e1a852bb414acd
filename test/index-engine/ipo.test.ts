import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ipoAdditions, ipoReferenceFrom, reconstitute, type Rules } from "../../src/core/index-engine/index.ts";
import { sec } from "./helpers.ts";

describe("quarterly IPO additions (methodology section 7)", () => {
  // 10 companies, R1000 = top 3, R3000 = top 6, R3000E = top 8: caps 300, 200, 150 | 100, 80, 60 | 50, 30 ($B).
  const rules: Partial<Rules> = { r1000Size: 3, r3000Size: 6, r3000eSize: 8, microcapFromR2000: 2 };
  const universe = [300, 200, 150, 100, 80, 60, 50, 30, 20, 10].map((c, i) => sec(`C${i + 1}`, c * 1e9));
  const recon = reconstitute(universe, { rules });

  test("reference: breakpoints and the smallest R3000E company, moved with the market", () => {
    const ref = ipoReferenceFrom(recon, 1.1);
    assert.deepEqual(ref, { breakpoint1000Cap: 150e9, breakpoint3000Cap: 60e9, smallest3000eCap: 30e9, marketFactor: 1.1 });
  });

  test("placement against market-adjusted breakpoints; members, small and ineligible IPOs rejected", () => {
    const ref = ipoReferenceFrom(recon, 1.1); // 1,000 break 165B, 3,000 break 66B, floor 33B
    const candidates = [
      sec("BIG", 170e9),
      sec("MID", 164e9),
      sec("SMALL", 40e9),
      sec("TINY", 33e9),
      sec("C2", 210e9),
      sec("PENNY", 90e9, { price: 0.9 }),
    ];
    const members = new Set(recon.indexes.r3000e.constituents.map((c) => c.ticker));
    const out = ipoAdditions(candidates, members, ref, rules);
    assert.deepEqual(
      out.additions.map((a) => [a.ticker, a.index]),
      [
        ["BIG", "1000"],
        ["MID", "2000"],
        ["SMALL", "out"],
      ],
    );
    const why = Object.fromEntries(out.rejected.map((r) => [r.ticker, r.reasons.join("; ")]));
    assert.match(why.TINY, /not above the market-adjusted smallest R3000E company/);
    assert.match(why.C2, /already a member/);
    assert.match(why.PENNY, /price 0.9 below 1/);
  });
});
