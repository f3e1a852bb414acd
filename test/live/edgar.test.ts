// r2k update learns SEC EDGAR, against a local replay server answering with documents shaped as
// EDGAR documents them (test/fixtures/edgar): the ticker map, then submissions and companyfacts
// of the companies of the stored funds' latest holdings. The SEC's rules: a User-Agent naming who
// asks (403 without one; r2k never sends a request without it), 404 for a filer that never
// reported facts, 429/5xx retried; a rerun asks again for no company whose facts are stored.
// Frames and the companyconcept fallback are in edgar-frames.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfig } from "../../src/config/index.ts";
import { totalShares } from "../../src/core/fundamentals.ts";
import { runUpdate } from "../../src/services/update.ts";
import { readFacts, type Store } from "../../src/store/index.ts";
import { tempStore } from "../helpers/store.ts";
import { SEC_UA, secConfig, storeIwmHoldings, withContact } from "./sec-replay.ts";
import { ReplayServer } from "./server.ts";

const EDGAR = new URL("../fixtures/edgar/", import.meta.url).pathname;
const BIN = new URL("../../bin/r2k.js", import.meta.url).pathname;
const doc = (name: string) => readFileSync(join(EDGAR, name), "utf8");

/** The replay server's configuration, with the SEC's User-Agent (null: none). */
const config = (base: string, userAgent: string | null) => secConfig(base, { userAgent, frameYears: 0 });
const now = () => new Date("2024-09-01T12:00:00Z");

/** IWM holdings: Alpha, both classes of Beta (iShares writes the class without its dash), a ticker EDGAR does not know, cash. */
async function storeHoldings(store: Store): Promise<void> {
  await storeIwmHoldings(store, [["ALP", "ALPHA CORP"], ["BETA", "BETA HOLDINGS INC CLASS A"], ["BETAB", "BETA HOLDINGS INC CLASS B"], ["ZZZQ", "GONE CORP"], ["USD", "USD CASH", "cash"]]);
}

/** The SEC as the replay server plays it: 403 to a request without a contact in its User-Agent. */
function sec(server: ReplayServer): void {
  const alphaSubmissions = JSON.stringify({ cik: "1000001", name: "Alpha Corp", tickers: ["ALP"], exchanges: ["Nasdaq"], fiscalYearEnd: "0930", filings: { recent: { filingDate: ["2023-11-20"], form: ["10-K"] }, files: [] } });
  server.route("/files/company_tickers_exchange.json", withContact(doc("company_tickers_exchange.json")));
  server.route("/submissions/CIK0001000001.json", { status: 429, body: "" }, withContact(alphaSubmissions));
  server.route("/submissions/CIK0001000002.json", withContact(doc("CIK0001000002-submissions.json")));
  server.route("/api/xbrl/companyfacts/CIK0001000001.json", { status: 404, body: "" });
  server.route("/api/xbrl/companyfacts/CIK0001000002.json", { status: 503, body: "" }, withContact(doc("CIK0001000002-companyfacts.json")));
}

test("r2k update --only fundamentals: the ticker map, then each company of the funds' holdings, once per CIK, always with the User-Agent", async () => {
  const server = await new ReplayServer().start();
  const t = await tempStore();
  try {
    sec(server);
    await storeHoldings(t.store);
    const report = await runUpdate(t.store, { config: config(server.base, SEC_UA), only: "fundamentals", now });
    assert.deepEqual(
      report.items.map((i) => [i.source, i.id, i.status, i.added, i.notes]),
      [
        ["fundamentals", "ticker map", "updated", 2, []],
        ["fundamentals", "ALP (CIK0001000001)", "unchanged", 0, ["no XBRL facts reported"]],
        ["fundamentals", "BETA (CIK0001000002)", "updated", 14, []],
      ],
    );
    assert.ok(server.log.length > 0);
    assert.ok(server.log.every((r) => r.headers["user-agent"] === SEC_UA), "every request names who asks");
    assert.equal(server.requests("/api/xbrl/companyfacts/CIK0001000002.json").length, 2, "a 503 is retried");
    assert.equal(server.requests("/submissions/CIK0001000001.json").length, 2, "a 429 is retried");
    // Both classes of Beta are one company, asked once; its cover page sums them.
    assert.equal(server.requests("/submissions/CIK0001000002.json").length, 1);
    assert.deepEqual(totalShares(await readFacts(t.store, { ciks: [1000002] }), "2024-09-01")?.shares, 1250);

    // A rerun asks for the documents of no company whose facts are stored: only what is overdue
    // (Beta's equity, last at 2023-12-31, more than 142 days before; EDGAR here answers 404).
    server.log.length = 0;
    const again = await runUpdate(t.store, { config: config(server.base, SEC_UA), only: "fundamentals", now });
    assert.deepEqual(again.items.find((i) => i.id.startsWith("BETA"))?.notes, ["StockholdersEquity: not reported (404)"]);
    assert.deepEqual(server.log.map((r) => r.path), ["/api/xbrl/companyconcept/CIK0001000002/us-gaap/StockholdersEquity.json"]);
  } finally {
    t.cleanup();
    await server.close();
  }
});

test("without sources.sec.userAgent nothing is asked of the SEC: a plain update skips fundamentals, --only fundamentals is exit 3 saying why", async () => {
  const server = await new ReplayServer().start();
  const t = await tempStore();
  try {
    sec(server);
    await storeHoldings(t.store);
    const plain = await runUpdate(t.store, { config: config(server.base, null) });
    assert.deepEqual(plain.items, []);
    assert.equal(server.log.length, 0);
    t.store.close();

    const cfg = join(t.dir, "r2k.config.json");
    writeFileSync(cfg, JSON.stringify({ sources: { sec: { baseUrl: server.base, wwwBaseUrl: server.base } } }));
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const c = spawn(process.execPath, [BIN, "--db", t.path, "update", "--only", "fundamentals", "--config", cfg]);
      let stderr = "";
      c.stderr.on("data", (d) => (stderr += d));
      c.on("exit", (code) => resolve({ code, stderr }));
    });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /SEC EDGAR answers only requests that name who is asking: set sources\.sec\.userAgent/);
    assert.equal(server.log.length, 0);

    // A user agent without a contact is refused by the configuration itself.
    assert.throws(() => parseConfig({ sources: { sec: { userAgent: "r2k" } } }), /sources\.sec\.userAgent: name yourself and a contact/);
  } finally {
    t.cleanup();
    await server.close();
  }
});
