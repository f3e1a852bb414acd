/**
 * Index engine benchmark (`npm run bench -- index`):
 * 1. rank and band a 4,000-company universe against a previous membership (target < 20 ms warm);
 * 2. index levels for 3,000 constituents over 10,000 days with a reconstitution every 250
 *    days and monthly splits (target < 2 s and < 1 GB).
 */
import {
  computeLevels,
  placeCompanies,
  rankUniverse,
  reconstitute,
  resolveRules,
  type IndexEvent,
  type Position,
} from "../src/core/index-engine/index.ts";
import type { PriorStatus, UniverseSecurity } from "../src/model/index.ts";

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Log-normal caps (median $1B, sigma 1.6 in logs); `drift` moves each cap by a log-normal factor. */
function universe(n: number, seed: number, drift = 0): UniverseSecurity[] {
  const r = lcg(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const out: UniverseSecurity[] = [];
  for (let i = 0; i < n; i++) {
    const logCap = Math.log(1e9) + 1.6 * normal();
    const cap = Math.max(4e7, Math.exp(logCap + drift * normal()));
    const price = 2 + r() * 300;
    const shares = cap / price;
    out.push({
      id: `C${i}`,
      ticker: `C${i}`,
      name: `Company ${i}`,
      sector: null,
      country: "US",
      sharesOutstanding: shares,
      floatShares: shares * (0.3 + 0.7 * r()),
      price,
      securityType: null,
      earnings: null,
      bookValue: null,
    });
  }
  return out;
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

function benchRecon(): void {
  const current = universe(4000, 7);
  const previousRun = reconstitute(universe(4000, 7, 0.3));
  const prior = new Map<string, PriorStatus>(previousRun.companies.map((c) => [c.companyId, c.index]));
  const rules = resolveRules();
  const rankAndBand = () => placeCompanies(rankUniverse(current, rules).ranked, rules, prior);
  const full = () => reconstitute(current, { prior });
  for (let i = 0; i < 30; i++) {
    rankAndBand();
    full();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 50; i++) {
    let t = process.hrtime.bigint();
    rankAndBand();
    a.push(ms(t));
    t = process.hrtime.bigint();
    full();
    b.push(ms(t));
  }
  const r = full();
  console.log(
    `rank + band, 4,000 companies, with previous membership: median ${median(a).toFixed(2)} ms, best ${Math.min(...a).toFixed(2)} ms (target < 20 ms warm)`,
  );
  console.log(
    `full reconstitution (screens, rank, bands, 5 indexes with weights, adds/deletes/turnover): median ${median(b).toFixed(2)} ms, best ${Math.min(...b).toFixed(2)} ms`,
  );
  console.log(
    `  eligible ${r.universe.eligibleCompanies}, R1000 ${r.indexes.r1000.companies}, R2000 ${r.indexes.r2000.companies}, R2000 adds ${r.changes?.r2000?.adds.length}, deletes ${r.changes?.r2000?.deletes.length}`,
  );
}

function benchLevels(): void {
  const N = 3000;
  const T = 10_000;
  const r = lcg(11);
  const base = process.memoryUsage();
  const t0 = process.hrtime.bigint();
  const close = new Float64Array(T * N);
  const px = new Float64Array(N);
  for (let i = 0; i < N; i++) px[i] = 5 + 100 * r();
  const events: IndexEvent[] = [];
  for (let t = 0; t < T; t++) {
    const o = t * N;
    for (let i = 0; i < N; i++) {
      px[i] *= 1 + (r() - 0.5) * 0.04;
      close[o + i] = px[i];
    }
    if (t % 21 === 20) {
      // A 2-for-1 split of one constituent: closes from the next day on the new basis.
      const col = Math.floor(r() * N);
      events.push({ kind: "split", date: 10_000 + t, col, ratio: 2 });
      px[col] /= 2;
    }
  }
  const positions = (seed: number): Position[] => {
    const q = lcg(seed);
    const out: Position[] = [];
    for (let i = 0; i < N; i++) if (q() < 0.9) out.push({ col: i, shares: 1e6 + q() * 1e8, iwf: 0.3 + 0.7 * q() });
    return out;
  };
  for (let t = 249; t < T - 1; t += 250) events.push({ kind: "reconstitute", date: 10_000 + t, positions: positions(t) });
  const dates = Int32Array.from({ length: T }, (_, t) => 10_000 + t);
  const genMs = ms(t0);

  // Warm-up on a slice, then the full run.
  computeLevels({ dates: dates.slice(0, 500), ids: Array.from({ length: N }, (_, i) => `S${i}`), close: close.subarray(0, 500 * N), initial: positions(1) });
  const ids = Array.from({ length: N }, (_, i) => `S${i}`);
  const t1 = process.hrtime.bigint();
  const s = computeLevels({ dates, ids, close, initial: positions(1), events, baseLevel: 100 });
  const runMs = ms(t1);
  const mem = process.memoryUsage();
  console.log(
    `index levels, ${N.toLocaleString()} constituents x ${T.toLocaleString()} days (${events.length} events: ${events.filter((e) => e.kind === "reconstitute").length} reconstitutions, ${events.filter((e) => e.kind === "split").length} splits): ${runMs.toFixed(0)} ms (target < 2,000 ms)`,
  );
  console.log(
    `  price matrix ${mb(close.byteLength)} generated in ${genMs.toFixed(0)} ms; rss ${mb(mem.rss)} (before ${mb(base.rss)}), heap ${mb(mem.heapUsed)}, array buffers ${mb(mem.arrayBuffers)} (target < 1 GB)`,
  );
  console.log(`  last level ${s.price[T - 1].toFixed(4)}, divisor adjustments ${s.adjustments.length}`);
}

export async function benchIndex(): Promise<void> {
  benchRecon();
  benchLevels();
}
