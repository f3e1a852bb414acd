import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { importPaths } from "../../src/services/import.ts";
import { tempStore } from "../helpers/store.ts";
import { realDataSkip, realFile } from "../helpers/real-data.ts";

const BIN = new URL("../../bin/r2k.js", import.meta.url).pathname;

function r2k(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const close = (actual: number | null | undefined, expected: number, what: string) => {
  assert.ok(actual !== null && actual !== undefined, `${what} is missing`);
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
};

test("r2k compare and analyze reproduce reference figures end to end (CLI, JSON and tables)", { skip: realDataSkip }, async () => {
  const t = await tempStore();
  try {
    await importPaths(t.store, [realFile("prices"), realFile("fred/DFF.csv"), realFile("fred/DGS10.csv"), realFile("fred/DGS2.csv"), realFile("fred/BAMLH0A0HYM2.csv")]);
    t.store.close();
    const window = ["--from", "2000-01-03", "--to", "2019-12-31"];
    const json = r2k(["--db", t.path, "compare", "^RUT", "^GSPC", "^IXIC", ...window, "--conventions", "reference", "--json"]);
    assert.equal(json.code, 0, json.stderr);
    const snap = JSON.parse(json.stdout);
    const sym = (s: string) => snap.symbols.find((x: { symbol: string }) => x.symbol === s);
    const pair = (s: string) => snap.pairs.find((x: { symbol: string }) => x.symbol === s);
    // Values and methods: the reference figures, sections A and B.
    close(sym("^RUT").risk.volatility.value, 0.2348294566, "^RUT volatility");
    close(sym("^GSPC").risk.downsideDeviation.value, 0.1342050936, "^GSPC downside deviation");
    close(sym("^IXIC").risk.sortino.value, 0.4030736585, "^IXIC Sortino rf 0");
    close(sym("^RUT").risk.sharpe.value, 0.2966300447, "^RUT Sharpe (DFF)");
    close(sym("^RUT").drawdowns.max.value, -0.5988875493, "^RUT max drawdown");
    close(pair("^RUT").beta.value, 1.110860242, "^RUT beta");
    close(pair("^IXIC").volatilityRatio.value, 1.313966673, "^IXIC vol ratio");
    // Section B's regressions count the weeks whose Friday falls in the window.
    const labels = r2k(["--db", t.path, "compare", "^RUT", "^GSPC", ...window, "--weekly", "labels", "--json"]);
    const hy = JSON.parse(labels.stdout).rates.sensitivity.rows.find((r: { series: string }) => r.series === "BAMLH0A0HYM2");
    close(hy.beta.value, -0.01245751951, "HY spread beta");
    close(hy.tStat.value, -8.824170379, "HY spread t");
    assert.equal(sym("^RUT").risk.volatility.asOf, "2019-12-31");
    assert.deepEqual(sym("^RUT").risk.volatility.sources, ["^RUT:yahoo"]);

    const table = r2k(["--db", t.path, "compare", ...window]);
    assert.equal(table.code, 0, table.stderr);
    for (const heading of ["Calendar-year price returns", "Largest drawdowns: ^RUT", "2007-2009", "2020", "Risk by holding period", "Leadership", "Rates and credit"]) {
      assert.ok(table.stdout.includes(heading), `table output has ${heading}`);
    }
    assert.match(table.stdout, /volatility \(ann\.\)\s+23\.48%\s+18\.87%\s+24\.80%/);
    assert.match(table.stdout, / 2008\s+-34\.8%\s+-38\.5%\s+-40\.5%/);
    assert.match(table.stdout, /Measurement only, not advice/);
    // At least five drawdown episodes per index.
    assert.equal((table.stdout.match(/^ 5 +\d{4}-\d{2}-\d{2}/gm) ?? []).length, 3);

    // Price returns by default; total returns asked for, where the adjusted closes are stored.
    const one = r2k(["--db", t.path, "analyze", "IWM"]);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /return basis\s+price/);
    assert.match(one.stdout, /^Window: 2000-05-26 to 2024-09-12, common to IWM, \^GSPC\./m);
    const total = r2k(["--db", t.path, "analyze", "IWM", "--basis", "total"]);
    assert.equal(total.code, 0, total.stderr);
    assert.match(total.stdout, /return basis\s+total return/);

    const unknown = r2k(["--db", t.path, "analyze", "NOPE"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /not stored: NOPE/);
    const badDate = r2k(["--db", t.path, "analyze", "^RUT", "--from", "2019-02-30"]);
    assert.equal(badDate.code, 2);
    assert.match(badDate.stderr, /not a calendar date/);
  } finally {
    t.cleanup();
  }
});
