// The demo market never mixes with real data. The scenario: a store holding real IWM and
// IVV holdings (and ^RUT, ^GSPC closes, so that a report can be made), then `r2k demo`. Before
// the demo got its own file, the demo universe's fundamentals were matched by ticker to the real
// holdings and the report led with a synthetic P/E. Also: which store each command reads.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commitStaged, SOURCE_TABLES, stageBars, Store, type StoreKind } from "../../src/store/index.ts";
import { realDataSkip, realFile } from "../helpers/real-data.ts";

const BIN = new URL("../../bin/r2k.js", import.meta.url).pathname;
/**
 * Invented files in the iShares and Yahoo layouts. Their tickers (TRNS, BRMF, TALB, ...) are
 * tickers of the demo universe of seed 42, so a ticker match between the two would show.
 */
const FIXTURES = new URL("../fixtures/isolation/", import.meta.url).pathname;
const DEMO_END = "2015-02-27"; // a short demo market: the same universe, few stock bars

function r2k(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 180_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface StoreCensus {
  kind: StoreKind;
  /** Rows per table carrying a source, and import records. */
  counts: Record<string, number>;
  demoRows: number;
  otherRows: number;
  demoImports: number;
  otherImports: number;
}

async function census(path: string): Promise<StoreCensus> {
  const store = await Store.open(path);
  try {
    const counts: Record<string, number> = {};
    let demoRows = 0;
    let otherRows = 0;
    for (const t of SOURCE_TABLES) {
      const [row] = await store.rows<{ n: bigint; demo: bigint }>(
        `select count(*) as n, count(*) filter (where source = 'demo') as demo from ${t}`,
      );
      counts[t] = Number(row.n);
      demoRows += Number(row.demo);
      otherRows += Number(row.n) - Number(row.demo);
    }
    const [imp] = await store.rows<{ n: bigint; demo: bigint }>(
      `select count(*) as n, count(*) filter (where source_kind = 'demo') as demo from imports`,
    );
    counts.imports = Number(imp.n);
    return { kind: store.kind, counts, demoRows, otherRows, demoImports: Number(imp.demo), otherImports: Number(imp.n) - Number(imp.demo) };
  } finally {
    store.close();
  }
}

/** Every string in `doc` under a key naming a source (source, sources, ...), with its path. */
function sourceStrings(doc: unknown, path = "$", out: { path: string; value: string }[] = []): { path: string; value: string }[] {
  if (Array.isArray(doc)) doc.forEach((v, i) => sourceStrings(v, `${path}[${i}]`, out));
  else if (doc && typeof doc === "object") {
    for (const [k, v] of Object.entries(doc)) {
      const p = `${path}.${k}`;
      if (/^sources?$/i.test(k)) {
        for (const s of [v].flat(2)) if (typeof s === "string") out.push({ path: p, value: s });
      }
      sourceStrings(v, p, out);
    }
  }
  return out;
}

const isDemoSource = (s: string) => s === "demo" || /:demo$/.test(s) || /\bdemo\b.*:demo/.test(s);

/**
 * THE scenario: real-looking holdings and prices in the user's store, `r2k demo`, then prove no
 * figure combines synthetic and real rows.
 */
async function scenario(files: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "r2k-isolation-"));
  const user = join(dir, "r2k.duckdb");
  const demo = join(dir, "r2k.demo.duckdb");
  try {
    const imported = r2k(["--db", user, "import", ...files]);
    assert.equal(imported.code, 0, imported.stderr);
    const before = await census(user);
    assert.equal(before.kind, "user");
    assert.ok(before.counts.holdings > 0 && before.counts.bars > 0);
    assert.deepEqual([before.demoRows, before.demoImports], [0, 0]);

    const generated = r2k(["--db", user, "demo", "--end", DEMO_END]);
    assert.equal(generated.code, 0, generated.stderr);
    assert.ok(generated.stdout.includes(`demo store: ${demo}`), generated.stdout);

    // The user's store: not one row more, none of them demo.
    const after = await census(user);
    assert.deepEqual(after, before, "the user's store is exactly as it was");
    // The demo store: nothing but demo rows.
    const synthetic = await census(demo);
    assert.equal(synthetic.kind, "demo");
    assert.equal(synthetic.otherRows, 0);
    assert.equal(synthetic.otherImports, 0);
    assert.ok(synthetic.demoRows > 100_000);
    assert.equal(synthetic.counts.securities, 4000);

    // The report on the user's store: real sources only, and no valuation (nothing real to value with).
    const report = r2k(["--db", user, "report", "--format", "json"]);
    assert.equal(report.code, 0, report.stderr);
    assert.doesNotMatch(report.stderr, /SYNTHETIC|demo market/, "the user's store is read: no banner, no fallback");
    const doc = JSON.parse(report.stdout);
    assert.equal(doc.synthetic, false);
    const sources = sourceStrings(doc);
    assert.ok(sources.length > 10, "the report names its sources");
    assert.deepEqual(sources.filter((s) => isDemoSource(s.value)), [], "no figure has a demo source");
    assert.doesNotMatch(report.stdout, /"[^"]*:demo"|"synthetic": true|universe demo/);
    const valuation = doc.snapshot.valuation;
    assert.deepEqual(
      valuation.funds.map((f: { available: boolean; pe?: number; reason?: string }) => [f.available, f.pe ?? null, f.reason]),
      ["IVV", "IWM"].map((fund) => [
        false,
        null,
        `no valuation data stored for ${fund}: import per-company earnings and book value (or P/E, P/B quotes)`,
      ]),
      "no P/E: the user's store holds no per-company fundamentals",
    );
    assert.deepEqual(valuation.smallLarge, []);

    // status and summary on the user's store: the user's data, labelled with its own sources.
    const status = r2k(["--db", user, "status", "--json"]);
    assert.equal(status.code, 0, status.stderr);
    const st = JSON.parse(status.stdout);
    assert.deepEqual([st.path, st.kind, st.hasDemo], [user, "user", false]);
    assert.deepEqual(st.universes, []);
    assert.deepEqual(sourceStrings(st).filter((s) => isDemoSource(s.value)), []);

    // The demo market is there, on its own, when asked for.
    const shown = r2k(["--db", user, "--demo", "status", "--json"]);
    assert.equal(shown.code, 0, shown.stderr);
    const ds = JSON.parse(shown.stdout);
    assert.deepEqual([ds.path, ds.kind, ds.hasDemo], [demo, "demo", true]);
    assert.ok(sourceStrings(ds).every((s) => s.value === "demo"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("r2k demo next to real holdings: no figure combines synthetic and real rows", { timeout: 300_000 }, () => {
  test("invented holdings and prices (always runs)", async () => {
    await scenario(["IWM_holdings.csv", "IVV_holdings.csv", "^RUT.csv", "^GSPC.csv"].map((f) => FIXTURES + f));
  });

  test("the real IWM and IVV holdings, ^RUT and ^GSPC", { skip: realDataSkip }, async () => {
    await scenario([
      realFile("holdings", "IWM_holdings_2026-05-05.csv"),
      realFile("holdings", "IVV_holdings_2025-05-08.csv"),
      realFile("prices", "^RUT.csv"),
      realFile("prices", "^GSPC.csv"),
    ]);
  });
});

/** A tiny demo store at `path` (one ^RUT close): what is read is tested here, not the generator. */
async function tinyDemoStore(path: string): Promise<void> {
  const store = await Store.open(path, { kind: "demo" });
  try {
    await store.transaction(async () => {
      await stageBars(store, [{ symbol: "^RUT", date: "2024-01-02", open: null, high: null, low: null, close: 2000, adjClose: null, volume: null }]);
      await commitStaged(store, { sourceKind: "demo", sourceRef: "demo:test", format: "demo", sha256: "b".repeat(64) }, ["bars"], {
        dataSource: "demo",
        replace: false,
        skipped: 0,
        series: [{ id: "^RUT", kind: "index", name: "Russell 2000 (synthetic demo)", currency: "USD", frequency: "daily", source: "demo" }],
      });
    });
  } finally {
    store.close();
  }
}

describe("which store a command reads", () => {
  test("--demo, the fallback while the user's store is empty, and no fallback once it holds data", async () => {
    const dir = mkdtempSync(join(tmpdir(), "r2k-choice-"));
    const user = join(dir, "r2k.duckdb");
    const demo = join(dir, "r2k.demo.duckdb");
    const notice = `r2k: no real data stored; showing the SYNTHETIC demo market from ${demo} (import files or run \`r2k update\` for real data)\n`;
    try {
      // No demo store yet: --demo says how to get one; without it the (empty) user store is read.
      const none = r2k(["--db", user, "--demo", "status"]);
      assert.equal(none.code, 5);
      assert.equal(none.stderr, `r2k: no demo market yet: \`r2k demo\` generates it (into ${demo}); then add --demo\n`);
      const empty = r2k(["--db", user, "status", "--json"]);
      assert.equal(empty.code, 0, empty.stderr);
      assert.equal(JSON.parse(empty.stdout).path, user);
      assert.equal(empty.stderr, "");

      await tinyDemoStore(demo);
      // The user's store holds nothing: read faces show the demo store and say so, once, on stderr.
      for (const args of [["status", "--json"], ["summary", "--json"]]) {
        const r = r2k(["--db", user, ...args]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stderr, notice, args.join(" "));
        assert.match(r.stdout, /"demo"/);
      }
      assert.equal(JSON.parse(r2k(["--db", user, "status", "--json"]).stdout).path, demo);
      // --demo reads it without a notice (it was asked for).
      const asked = r2k(["--db", user, "--demo", "status", "--json"]);
      assert.equal(asked.code, 0, asked.stderr);
      assert.equal(asked.stderr, "");
      assert.equal(JSON.parse(asked.stdout).kind, "demo");

      // Writers never take the demo store: --demo is a usage error, and a demo file given as --db is refused.
      const csv = join(FIXTURES, "^GSPC.csv");
      const usage = r2k(["--db", user, "--demo", "import", csv]);
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /--demo selects the synthetic demo market for reading; r2k import writes only your own store/);
      const refused = r2k(["--db", demo, "import", csv]);
      assert.equal(refused.code, 1);
      assert.equal(refused.stderr, `r2k: the store ${demo} holds the synthetic demo market (a demo store), not your own data (a user store)\n`);
      assert.deepEqual((await census(demo)).counts.bars, 1, "the demo store is unchanged");

      // Once the user's store holds data it is always the one read; --demo still reads the demo store.
      const imported = r2k(["--db", user, "import", csv]);
      assert.equal(imported.code, 0, imported.stderr);
      const mine = r2k(["--db", user, "status", "--json"]);
      assert.equal(mine.stderr, "");
      const st = JSON.parse(mine.stdout);
      assert.deepEqual([st.path, st.kind, st.hasDemo], [user, "user", false]);
      assert.deepEqual(st.series.map((s: { id: string }) => s.id), ["^GSPC"]);
      const summary = r2k(["--db", user, "summary", "--json"]);
      assert.equal(summary.code, 0, summary.stderr);
      assert.deepEqual(JSON.parse(summary.stdout).latest.map((r: { id: string; sources: string[] }) => [r.id, r.sources]), [["^GSPC", ["yahoo"]]]);
      const demoAgain = r2k(["--db", user, "--demo", "status", "--json"]);
      assert.equal(JSON.parse(demoAgain.stdout).path, demo);

      // r2k demo --clear deletes only the demo file; afterwards --demo has nothing to read.
      const cleared = r2k(["--db", user, "demo", "--clear"]);
      assert.equal(cleared.code, 0, cleared.stderr);
      assert.equal(existsSync(demo), false);
      assert.equal((await census(user)).counts.bars, 521);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("analyze, compare, report and recon follow the same choice; serve --demo --refresh is refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "r2k-choice-"));
    const user = join(dir, "r2k.duckdb");
    const demo = join(dir, "r2k.demo.duckdb");
    try {
      await tinyDemoStore(demo);
      // Only the demo store holds ^RUT: read faces find it while the user's store is empty ...
      const analyzed = r2k(["--db", user, "analyze", "^RUT", "--json"]);
      assert.equal(analyzed.code, 0, analyzed.stderr);
      assert.match(analyzed.stderr, /showing the SYNTHETIC demo market/);
      assert.match(analyzed.stdout, /\^RUT:demo/);
      // ... and not once it holds data of its own.
      assert.equal(r2k(["--db", user, "import", join(FIXTURES, "^GSPC.csv")]).code, 0);
      for (const args of [["analyze", "^RUT"], ["compare", "^RUT", "^GSPC"]]) {
        const r = r2k(["--db", user, ...args]);
        assert.equal(r.code, 2, args.join(" "));
        assert.match(r.stderr, /not stored: \^RUT \(stored: \^GSPC\)/);
      }
      const report = r2k(["--db", user, "report", "--format", "md"]);
      assert.equal(report.code, 5);
      assert.match(report.stderr, /stored price series: \^GSPC/);
      const recon = r2k(["--db", user, "recon", "--universe", "demo"]);
      assert.equal(recon.code, 5);
      assert.match(recon.stderr, /no demo universe in this store: the demo market lives in its own file/);
      const analyzedDemo = r2k(["--db", user, "--demo", "analyze", "^RUT", "--json"]);
      assert.equal(analyzedDemo.code, 0, analyzedDemo.stderr);
      assert.equal(analyzedDemo.stderr, "");

      const refresh = r2k(["--db", user, "--demo", "serve", "--refresh", "6h", "--port", "0"]);
      assert.equal(refresh.code, 2);
      assert.match(refresh.stderr, /--refresh writes real data into your own store/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
