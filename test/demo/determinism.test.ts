import { test } from "node:test";
import assert from "node:assert/strict";
import { demoHash, generateDemoMarket, type DemoMarket } from "../../src/sources/demo/index.ts";
import { hashUniform, Rng } from "../../src/sources/demo/random.ts";
import type { Bar } from "../../src/model/index.ts";

const firstStocks = (m: DemoMarket, symbols = 20): Bar[] => (m.stocks.batches(symbols).next().value as Bar[] | undefined) ?? [];

test("the random streams are reproducible, independent per label, and uniform-looking", () => {
  const a = new Rng(42, "x");
  const b = new Rng(42, "x");
  const c = new Rng(42, "y");
  const d = new Rng(43, "x");
  const xs = Array.from({ length: 1000 }, () => a.uniform());
  assert.deepEqual(xs, Array.from({ length: 1000 }, () => b.uniform()));
  assert.notDeepEqual(xs.slice(0, 10), Array.from({ length: 10 }, () => c.uniform()));
  assert.notDeepEqual(xs.slice(0, 10), Array.from({ length: 10 }, () => d.uniform()));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.03, `mean of uniforms ${mean}`);
  const z = new Rng(1, "normal");
  const zs = Array.from({ length: 20000 }, () => z.normal());
  const m = zs.reduce((s, x) => s + x, 0) / zs.length;
  const v = zs.reduce((s, x) => s + (x - m) ** 2, 0) / (zs.length - 1);
  assert.ok(Math.abs(m) < 0.03 && Math.abs(v - 1) < 0.04, `normal mean ${m} var ${v}`);
  assert.equal(hashUniform(7, 100, 3), hashUniform(7, 100, 3));
  assert.notEqual(hashUniform(7, 100, 3), hashUniform(7, 101, 3));
});

test("same seed and end date give identical data; another seed differs", () => {
  const opts = { seed: 42, endDate: "2016-03-31" };
  const a = generateDemoMarket(opts);
  const b = generateDemoMarket(opts);
  assert.equal(a.sha256, b.sha256);
  assert.equal(a.sha256, demoHash(42, "2016-03-31"));
  assert.deepEqual(a.indices, b.indices);
  assert.deepEqual(a.etfs, b.etfs);
  assert.deepEqual(a.macro, b.macro);
  assert.deepEqual(a.holdings, b.holdings);
  assert.deepEqual(a.universe, b.universe);
  assert.deepEqual(firstStocks(a), firstStocks(b));

  const c = generateDemoMarket({ seed: 7, endDate: "2016-03-31" });
  assert.notEqual(c.sha256, a.sha256);
  const close = (m: DemoMarket, sym: string, i: number) => m.indices.find((s) => s.meta.id === sym)!.bars[i].close;
  // Turning points are shared; the days between them are not.
  assert.notEqual(close(c, "^RUT", 1000), close(a, "^RUT", 1000));
  assert.notDeepEqual(
    c.universe.slice(0, 5).map((s) => s.ticker),
    a.universe.slice(0, 5).map((s) => s.ticker),
  );
  const dgs10 = (m: DemoMarket) => m.macro.find((s) => s.meta.id === "DGS10")!.observations[3000].value;
  assert.notEqual(dgs10(c), dgs10(a));
});

test("a later end date only appends: every overlapping value is identical (prefix-stable)", () => {
  const short = generateDemoMarket({ seed: 42, endDate: "2016-03-31" });
  const long = generateDemoMarket({ seed: 42, endDate: "2016-09-30" });
  for (const kind of ["indices", "etfs"] as const) {
    for (const s of short[kind]) {
      const l = long[kind].find((x) => x.meta.id === s.meta.id)!;
      assert.ok(l.bars.length > s.bars.length);
      assert.deepEqual(l.bars.slice(0, s.bars.length), s.bars, `${s.meta.id} bars`);
    }
  }
  for (const s of short.macro) {
    const l = long.macro.find((x) => x.meta.id === s.meta.id)!;
    assert.deepEqual(l.observations.slice(0, s.observations.length), s.observations, `${s.meta.id} observations`);
  }
  // Stock bars: the overlapping days of the same stock agree exactly.
  const sb = firstStocks(short, 5);
  const lb = new Map(firstStocks(long, 5).map((b) => [`${b.symbol} ${b.date}`, b]));
  let compared = 0;
  for (const b of sb) {
    const other = lb.get(`${b.symbol} ${b.date}`);
    if (!other) continue;
    assert.deepEqual(other, b);
    compared++;
  }
  assert.ok(compared > 500, `compared ${compared} overlapping stock bars`);
});
