// The index engine after `r2k update --only fundamentals` against a replay of EDGAR: the stored
// IWV holdings of test/fixtures/recon-companies rank in the fund's dollars (with a note saying
// how to get company caps) before the update, and by company caps in dollars after it, with
// the README's hand-computed breakpoints.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { R2kConfig } from "../../src/config/index.ts";
import { importPaths } from "../../src/services/import.ts";
import { runRecon } from "../../src/services/recon.ts";
import { runUpdate } from "../../src/services/update.ts";
import { tempStore } from "../helpers/store.ts";
import { testConfig } from "./market.ts";
import { ReplayServer } from "./server.ts";

const FIX = new URL("../fixtures/recon-companies/", import.meta.url).pathname;
const EDGAR = join(FIX, "edgar");
const UA = "r2k tests research@example.org";
const now = () => new Date("2025-05-01T12:00:00Z");
const RULES = { r1000Size: 4, r3000Size: 10, r3000eSize: 13, bandHalfWidth: 10 };

function config(base: string): R2kConfig {
  const cfg = testConfig(base);
  // The update asks for the companies of the analysis' funds: IWV among them covers its own
  // entrants too (IWB and IWM alone leave out HOTL, LIMA and MIKE, which neither holds).
  return {
    ...cfg,
    analysis: { ...cfg.analysis, smallFund: "IWM", largeFunds: ["IWB", "IWV"] },
    sources: { ...cfg.sources, sec: { ...cfg.sources.sec, userAgent: UA, frameYears: 0 } },
  };
}

/** EDGAR as the replay plays it, from the fixture's saved documents. */
function edgar(server: ReplayServer): void {
  const json = (body: unknown) => ({ status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const tickers = Object.values(JSON.parse(readFileSync(join(EDGAR, "company_tickers.json"), "utf8")) as { cik_str: number; ticker: string; title: string }[]);
  server.route("/files/company_tickers_exchange.json", json({ fields: ["cik", "name", "ticker", "exchange"], data: tickers.map((t) => [t.cik_str, t.title, t.ticker, "Nasdaq"]) }));
  for (const cik of new Set(tickers.map((t) => t.cik_str))) {
    const id = `CIK${String(cik).padStart(10, "0")}`;
    const saved = join(EDGAR, `${id}-submissions.json`);
    const own = tickers.filter((t) => t.cik_str === cik);
    const submissions = readdirSync(EDGAR).includes(`${id}-submissions.json`)
      ? JSON.parse(readFileSync(saved, "utf8"))
      : { cik: String(cik), name: own[0].title, tickers: own.map((t) => t.ticker), exchanges: own.map(() => "Nasdaq"), fiscalYearEnd: "1231", filings: { recent: { filingDate: ["2025-02-20"], form: ["10-K"] }, files: [] } };
    server.route(`/submissions/${id}.json`, json(submissions));
    const facts = join(EDGAR, `${id}-companyfacts.json`);
    if (readdirSync(EDGAR).includes(`${id}-companyfacts.json`)) server.route(`/api/xbrl/companyfacts/${id}.json`, json(JSON.parse(readFileSync(facts, "utf8"))));
    else {
      // MIKE's shares are saved as a companyconcept: its companyfacts carry the same facts.
      const concept = JSON.parse(readFileSync(join(EDGAR, `${id}-EntityCommonStockSharesOutstanding.json`), "utf8"));
      server.route(`/api/xbrl/companyfacts/${id}.json`, json({ cik, entityName: concept.entityName, facts: { dei: { EntityCommonStockSharesOutstanding: { label: concept.label, description: "", units: concept.units } } } }));
    }
  }
}

test("recon before and after r2k update --only fundamentals (replay): fund dollars with the how-to, then company caps in dollars", async () => {
  const server = await new ReplayServer().start();
  const t = await tempStore();
  try {
    edgar(server);
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
