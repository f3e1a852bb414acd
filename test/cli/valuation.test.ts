// `r2k valuation` as a user runs it (the compiled CLI) on the fixture universe of
// test/fixtures/fundamentals-universe, whose figures its README computes by hand: the JSON
// carries them, and the configuration's constituents.tickerMap reaches the matching of
// holdings to SEC filers (FFF, which no filer lists, mapped to OOO's ticker joins OOO's filer).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkIwb, checkIwm, FUNDAMENTALS_UNIVERSE } from "../helpers/fundamentals-universe.ts";

const BIN = new URL("../../bin/r2k.js", import.meta.url).pathname;

function r2k(home: string, ...args: string[]) {
  return r2kExits(0, home, ...args);
}

function r2kExits(status: number, home: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: home, encoding: "utf8", env: { ...process.env, R2K_HOME: home, NO_COLOR: "1" }, timeout: 120_000 });
  assert.equal(r.status, status, r.stderr);
  return r.stdout;
}

test("r2k valuation --json: the hand-computed figures; the config's tickerMap matches a holding to its filer", () => {
  const home = mkdtempSync(join(tmpdir(), "r2k-valuation-"));
  try {
    r2k(home, "import", FUNDAMENTALS_UNIVERSE);
    const plain = JSON.parse(r2k(home, "valuation", "--json"));
    assert.deepEqual([plain.demo, plain.smallFund], [false, "IWM"]);
    checkIwm(plain.valuation.companies.funds.find((f: { fund: string }) => f.fund === "IWM"));
    checkIwb(plain.valuation.companies.funds.find((f: { fund: string }) => f.fund === "IWB"));

    writeFileSync(join(home, "r2k.config.json"), JSON.stringify({ constituents: { tickerMap: { FFF: "OOO" } } }));
    const mapped = JSON.parse(r2k(home, "valuation", "--json"));
    const iwm = mapped.valuation.companies.funds.find((f: { fund: string }) => f.fund === "IWM");
    // Nine positions, none without a filer now, eight companies.
    assert.deepEqual([iwm.positions, iwm.unmatched, iwm.companies], [9, 0, 8]);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test("r2k valuation --history: the quarters of test/fixtures/valuation-history as its README computes them, and what to run before", () => {
  const home = mkdtempSync(join(tmpdir(), "r2k-valuation-history-"));
  try {
    const fixture = new URL("../fixtures/valuation-history/", import.meta.url).pathname;
    r2k(home, "import", join(fixture, "holdings"));
    // Nothing to value yet: exit 5 (no data), saying why and what to run.
    assert.match(r2kExits(5, home, "valuation", "--history"), /no SEC EDGAR facts stored[^\n]*\n?.*r2k update --only fundamentals/s);
    assert.match(r2kExits(5, home, "valuation"), /no SEC EDGAR fundamentals stored: run `r2k update --only fundamentals`/);
    r2k(home, "import", fixture);
    const out = r2k(home, "valuation", "--history");
    // README: 2023-06-30 left out (IWM covered 30%); 2023-09-30 310/7 = 44.3 vs 20 (+121.4%);
    // 2023-12-31 22 vs 20 (+10.0%); 2024-03-31 432/14 = 30.9 vs 20 (+54.3%).
    assert.match(out, /2023-06-30\s+n\/a\s+30%\s+19\.2\s+100%\s+left out/);
    assert.match(out, /2023-09-30\s+44\.3\s+90%\s+20\.0\s+100%\s+\+121\.4%/);
    assert.match(out, /2023-12-31\s+22\.0\s+60%\s+20\.0\s+100%\s+\+10\.0%/);
    assert.match(out, /2024-03-31\s+30\.9\s+90%\s+20\.0\s+100%\s+\+54\.3%/);
    assert.match(out, /Survivorship: Members are today's/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
