import type { UniverseSecurity } from "../../src/model/index.ts";

/** A common US stock with the given total cap (price x shares) and float fraction. */
export function sec(
  id: string,
  totalCap: number,
  opts: Partial<UniverseSecurity> & { floatFraction?: number; price?: number } = {},
): UniverseSecurity {
  const price = opts.price ?? 10;
  const shares = totalCap / price;
  const { floatFraction, ...rest } = opts;
  return {
    id,
    ticker: id,
    name: `${id} Inc`,
    sector: "Industrials",
    country: "US",
    sharesOutstanding: shares,
    floatShares: shares * (floatFraction ?? 1),
    price,
    securityType: null,
    earnings: null,
    bookValue: null,
    ...rest,
  };
}

/** Small deterministic PRNG (mulberry32) for synthetic universes. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A log-normal-ish universe of n companies with caps from about $20M to $3T. */
export function syntheticUniverse(n: number, seed = 1): UniverseSecurity[] {
  const r = rng(seed);
  const out: UniverseSecurity[] = [];
  for (let i = 0; i < n; i++) {
    const cap = Math.exp(Math.log(2e7) + r() * (Math.log(3e12) - Math.log(2e7)) * r());
    const price = 0.5 + r() * 200;
    out.push(sec(`S${String(i).padStart(5, "0")}`, cap, { price, floatFraction: 0.3 + 0.7 * r() }));
  }
  return out;
}
