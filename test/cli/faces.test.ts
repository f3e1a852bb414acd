// Every face agrees on real data: the real files imported into a temporary store, then the same
// labelled figures read from `r2k compare --json`, `r2k summary --json`, the HTTP API and
// `r2k report --format json` must be identical numbers over the identical window, and every face
// must say the data is not current (the clock is fixed with R2K_NOW).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { buildApp } from "../../src/server/index.ts";
import { importPaths } from "../../src/services/import.ts";
import { Store } from "../../src/store/index.ts";
import { tempStore } from "../helpers/store.ts";
import { realDataSkip, realFile } from "../helpers/real-data.ts";

const BIN = new URL("../../bin/r2k.js", import.meta.url).pathname;
const NOW = "2026-12-01T15:00:00Z";
const WINDOW = "1990-01-02 to 2023-12-21, common to ^RUT, ^GSPC, ^IXIC";

function r2k(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", R2K_NOW: NOW }, timeout: 120_000 });
  assert.equal(r.status, 0, `r2k ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

type Figures = { cagr: number; maxDrawdown: number; loss10: number; volatility: number; beta: number; window: string };

let t: Awaited<ReturnType<typeof tempStore>> | undefined;

before(async () => {
  if (realDataSkip) return;
  t = await tempStore();
  await importPaths(t.store, [realFile("prices"), realFile("fred"), realFile("holdings")]);
  t.store.close();
});

after(() => t?.cleanup());

test("the same labelled figure is the same number in compare, summary, the API and the report", { skip: realDataSkip }, async () => {
  const db = t!.path;
  const faces: Record<string, Figures> = {};

  // r2k compare --json: the snapshot with the window it was measured over.
  const c = JSON.parse(r2k(["--db", db, "compare", "--json"]));
  const rut = c.symbols.find((s: { symbol: string }) => s.symbol === "^RUT");
  faces.compare = {
    cagr: rut.cagr.price.value,
    maxDrawdown: rut.drawdowns.max.value,
    loss10: rut.risk.probabilityOfLoss.find((p: { years: number }) => p.years === 10).figure.value,
    volatility: rut.risk.volatility.value,
    beta: c.pairs.find((p: { symbol: string }) => p.symbol === "^RUT").beta.value,
    window: c.window.text,
  };
  assert.match(c.staleness.message, /^Prices are not current: \^IXIC ends 2023-12-21; \^RUT ends 2024-08-02; \^GSPC ends 2024-09-12; the last session was 2026-11-30\./);

  // r2k summary --json: the comparison table's cells.
  const s = JSON.parse(r2k(["--db", db, "summary", "--json"]));
  const cell = (id: string) => s.comparison.rows.find((r: { id: string }) => r.id === id).cells[0].figure.value;
  faces.summary = { cagr: cell("cagr"), maxDrawdown: cell("maxdd"), loss10: cell("loss10"), volatility: cell("vol"), beta: cell("beta"), window: s.comparison.window.text };
  assert.equal(s.staleness.stale, true);

  // The API, as the dashboard asks it.
  const store = await Store.open(db);
  const { app } = await buildApp({ store, rateLimit: false, now: () => new Date(NOW) });
  try {
    const get = async (url: string) => {
      const r = await app.inject({ method: "GET", url });
      assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 200)}`);
      return r.json();
    };
    const cmp = await get("/api/comparison");
    const row = cmp.rows.find((r: { symbol: string }) => r.symbol === "^RUT");
    const risk = await get("/api/risk");
    const rr = risk.symbols.find((r: { symbol: string }) => r.symbol === "^RUT");
    faces.api = {
      cagr: row.cagr.value,
      maxDrawdown: row.maxDrawdown.value,
      loss10: rr.risk.probabilityOfLoss.find((p: { years: number }) => p.years === 10).figure.value,
      volatility: row.volatility.value,
      beta: row.vsBenchmark.beta.value,
      window: cmp.meta.window.text,
    };
    assert.equal(risk.meta.window.text, cmp.meta.window.text);
    const health = await get("/api/health");
    assert.equal(health.staleness.expectedSession, "2026-11-30");
    assert.equal(health.staleness.stale, true);
  } finally {
    await app.close();
    store.close();
  }

  // r2k report --format json: the report's snapshot.
  const r = JSON.parse(r2k(["--db", db, "report", "--format", "json"]));
  const rs = r.snapshot.symbols.find((x: { symbol: string }) => x.symbol === "^RUT");
  faces.report = {
    cagr: rs.cagr.price.value,
    maxDrawdown: rs.drawdowns.max.value,
    loss10: rs.risk.probabilityOfLoss.find((p: { years: number }) => p.years === 10).figure.value,
    volatility: rs.risk.volatility.value,
    beta: r.snapshot.pairs.find((p: { symbol: string }) => p.symbol === "^RUT").beta.value,
    window: r.window.text,
  };
  assert.match(r.staleness.message, /^Prices are not current/);

  for (const [face, f] of Object.entries(faces)) assert.deepEqual(f, faces.compare, `${face} agrees with compare`);
  assert.equal(faces.compare.window, WINDOW);
  // The values themselves, against the files (pandas on the same closes: ^RUT 1990-01-02 .. 2023-12-21).
  assert.ok(Math.abs(faces.compare.maxDrawdown + 0.5988875493) < 1e-9, "the 2007-2009 drawdown of the reference figures");
});

test("a window the user gives is clipped, stated, and the same in every face", { skip: realDataSkip }, async () => {
  const db = t!.path;
  const c = JSON.parse(r2k(["--db", db, "compare", "--from", "1980-01-01", "--to", "2030-12-31", "--json"]));
  assert.equal(c.window.text, "1990-01-02 to 2023-12-21, requested 1980-01-01 to 2030-12-31, clipped to the span common to ^RUT, ^GSPC, ^IXIC");
  const r = JSON.parse(r2k(["--db", db, "report", "--format", "json", "--from", "2000-01-03", "--asof", "2019-12-31"]));
  assert.equal(r.window.text, "1999-12-31 to 2019-12-31, as requested, within the span common to ^RUT, ^GSPC, ^IXIC");
  const s = JSON.parse(r2k(["--db", db, "summary", "--json", "--from", "2000-01-03", "--to", "2019-12-31"]));
  const c2 = JSON.parse(r2k(["--db", db, "compare", "--from", "2000-01-03", "--to", "2019-12-31", "--json"]));
  const v = (x: { symbols: { symbol: string; cagr: { price: { value: number } } }[] }) => x.symbols.find((y) => y.symbol === "^RUT")!.cagr.price.value;
  assert.equal(s.comparison.rows.find((x: { id: string }) => x.id === "cagr").cells[0].figure.value, v(c2));
  assert.equal(r.snapshot.symbols.find((x: { symbol: string }) => x.symbol === "^RUT").cagr.price.value, v(c2));
  // The level table ends at the chosen end too: each series' last close on or before it.
  assert.deepEqual(s.latest.filter((x: { id: string }) => x.id.startsWith("^")).map((x: { id: string; asOf: string }) => [x.id, x.asOf]), [["^GSPC", "2019-12-31"], ["^IXIC", "2019-12-31"], ["^RUT", "2019-12-31"]]);
  // The reference figures, section A: ^RUT 2000-01-03..2019-12-31 CAGR 6.16029174%.
  assert.ok(Math.abs(v(c2) - 0.0616029174) < 1e-9);
});
