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
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: home, encoding: "utf8", env: { ...process.env, R2K_HOME: home, NO_COLOR: "1" }, timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
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
