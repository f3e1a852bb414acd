// The valuation after `r2k update --only fundamentals` against a replay of EDGAR serving the
// fixture universe of test/fixtures/fundamentals-universe: before the update the API's
// valuation explains that no SEC fundamentals are stored and what to run; after it, the same
// figures its README computes by hand from the saved files (test/helpers/fundamentals-universe.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { FundCompanyValuation } from "../../src/core/analytics/index.ts";
import { buildApp } from "../../src/server/index.ts";
import { importPaths } from "../../src/services/import.ts";
import { runUpdate } from "../../src/services/update.ts";
import { checkIwb, checkIwm, close, FUNDAMENTALS_UNIVERSE } from "../helpers/fundamentals-universe.ts";
import { tempStore } from "../helpers/store.ts";
import { secConfig, serveSavedEdgar } from "./sec-replay.ts";
import { ReplayServer } from "./server.ts";


test("valuation before and after r2k update --only fundamentals (replay): the how-to, then the hand-computed figures", async () => {
  const server = await new ReplayServer().start();
  const t = await tempStore();
  let app: FastifyInstance | undefined;
  try {
    serveSavedEdgar(server, FUNDAMENTALS_UNIVERSE);
    // The holdings and closes only: the EDGAR documents come from the update.
    const csv = readdirSync(FUNDAMENTALS_UNIVERSE).filter((f) => f.endsWith(".csv"));
    await importPaths(t.store, csv.map((f) => join(FUNDAMENTALS_UNIVERSE, f)));

    ({ app } = await buildApp({ store: t.store, rateLimit: false }));
    const valuation = async () => {
      const r = await app!.inject({ method: "GET", url: "/api/valuation" });
      assert.equal(r.statusCode, 200, r.body.slice(0, 300));
      return r.json().valuation;
    };
    const before = await valuation();
    assert.equal(before.companies.available, false);
    assert.match(before.companies.reason, /no SEC EDGAR fundamentals stored: run `r2k update --only fundamentals` with sources.sec.userAgent set/);

    const config = secConfig(server.base, { frameYears: 0 }, { smallFund: "IWM", largeFunds: ["IWB"] });
    const report = await runUpdate(t.store, { config, only: "fundamentals", now: () => new Date("2025-04-01T12:00:00Z") });
    assert.deepEqual(report.items.filter((i) => i.status === "failed").map((i) => `${i.id}: ${i.reason}`), []);
    // The facts of each of the 11 filers the funds hold, once each: Dogwood's two classes are one
    // filer, FFF is none.
    assert.equal(server.requests(/^\/api\/xbrl\/companyfacts\//).length, 11);

    // A running server's store is written only through it (an update handed over to it), after
    // which it forgets its cached answers; this update wrote beside it, so a new server answers.
    await app.close();
    ({ app } = await buildApp({ store: t.store, rateLimit: false }));
    const after = await valuation();
    assert.ok(after.companies.available, JSON.stringify(after.companies).slice(0, 300));
    checkIwm(after.companies.funds.find((f: FundCompanyValuation) => f.fund === "IWM"));
    checkIwb(after.companies.funds.find((f: FundCompanyValuation) => f.fund === "IWB"));
    close(after.companies.comparison.pePremium, 1100 / 29 / (11900 / 430) - 1, "P/E premium");
  } finally {
    await app?.close();
    t.cleanup();
    await server.close();
  }
});
