// The index engine after `r2k update --only fundamentals` against a replay of EDGAR: the stored
// IWV holdings of test/fixtures/recon-companies rank in the fund's dollars (with a note saying
// how to get company caps) before the update, and by company caps in dollars after it, with
// the README's hand-computed breakpoints.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { importPaths } from "../../src/services/import.ts";
import { runRecon } from "../../src/services/recon.ts";
import { runUpdate } from "../../src/services/update.ts";
import { tempStore } from "../helpers/store.ts";
import { ReplayServer } from "./server.ts";
import { secConfig, serveSavedEdgar } from "./sec-replay.ts";

const FIX = new URL("../fixtures/recon-companies/", import.meta.url).pathname;
const EDGAR = join(FIX, "edgar");
const now = () => new Date("2025-05-01T12:00:00Z");
const RULES = { r1000Size: 4, r3000Size: 10, r3000eSize: 13, bandHalfWidth: 10 };

// The analysis' funds leave out IWV: the update asks for the index engine's universe fund
// anyway (HOTL, LIMA and MIKE are held by IWV alone).
const config = (base: string) => secConfig(base, { frameYears: 0 }, { smallFund: "IWM", largeFunds: ["IVV"] });

test("recon before and after r2k update --only fundamentals (replay): fund dollars with the how-to, then company caps in dollars", async () => {
  const server = await new ReplayServer().start();
  const t = await tempStore();
  try {
    serveSavedEdgar(server, EDGAR);
    await importPaths(t.store, ["IWV_holdings_2025-04-30.csv", "IWB_holdings_2025-03-31.csv", "IWM_holdings_2025-03-31.csv", "prices"].map((f) => FIX + f));
    const before = await runRecon(t.store, { previous: "default", rules: RULES });
    assert.equal(before.capBasis, "fund-dollars");
    assert.match(before.notes[0], /company caps need SEC shares outstanding: run `r2k update --only fundamentals`/);

    const report = await runUpdate(t.store, { config: config(server.base), only: "fundamentals", now });
    assert.ok(report.items.length > 0);
    const after = await runRecon(t.store, { previous: "default", rules: RULES });
    assert.equal(after.capBasis, "company");
    // README: rank 4 DLTA $2.5B (14.3 / 23.2 of the cap), rank 10 JULT $0.6B (22.4 / 23.2).
    const bp = after.result.breakpoints;
    assert.deepEqual([bp.r1000?.ticker, bp.r1000?.totalCap, bp.r3000?.ticker, bp.r3000?.totalCap], ["DLTA", 2.5e9, "JULT", 0.6e9]);
    assert.ok(Math.abs((bp.r1000?.cumPct ?? 0) - (14.3 / 23.2) * 100) < 1e-9);
    assert.deepEqual(after.result.companies.filter((c) => c.banded).map((c) => c.ticker), ["DLTA", "ECHO", "KILO"]);
  } finally {
    t.cleanup();
    await server.close();
  }
});
