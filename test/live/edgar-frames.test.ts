// r2k update against SEC EDGAR's frames (one concept in one calendar period, every filer) and
// the companyconcept fallback, on a local replay server answering with documents shaped as EDGAR
// documents them (test/fixtures/edgar-frames, values and their hand computation in its README),
// end to end: runUpdate -> store -> point-in-time figures as of days.
//
// The universe: IWM holds Beta (two share classes), Delta (calendar fiscal year) and Epsilon
// (fiscal year ending January 31, whose quarters no calendar frame holds). Gamma files too but is
// not held: its facts in the frames are not kept.
//   run 1 on 2024-08-20, sources.sec.frameYears 1: 4 quarters (2023-09-30 .. 2024-06-30) and the
//     year 2023 -> 10 flow concepts x 5 + 5 instant concepts x 4 = 70 frames; the three companies
//     load through submissions + companyfacts.
//   run 2 on 2025-03-10: the 15 frames of 2024Q1 were asked 2024-08-20, after 2024-03-31 + 105
//     days (final), so 70 - 15 = 55 frames; then Beta's cover page (multi-class: the frame's one
//     class is not kept) and Epsilon's NetIncomeLoss and cover page are overdue (latest period
//     more than 142 days ago): companyconcept each (2 < 3 missed).
//   run 3, the same day: nothing is asked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { companyFigures, quarterlyFigures, totalShares, trailingTwelveMonths } from "../../src/core/fundamentals.ts";
import { CONCEPTS, type Fact } from "../../src/model/index.ts";
import { runUpdate } from "../../src/services/update.ts";
import { secStatePath } from "../../src/services/update/sec-state.ts";
import type { UpdateEvent } from "../../src/services/update/types.ts";
import { readFacts, type Store } from "../../src/store/index.ts";
import { tempStore } from "../helpers/store.ts";
import { SEC_UA, secConfig, storeIwmHoldings, withContact } from "./sec-replay.ts";
import { ReplayServer, type Responder } from "./server.ts";

const DIR = new URL("../fixtures/edgar-frames/", import.meta.url).pathname;
const OLD = new URL("../fixtures/edgar/", import.meta.url).pathname;
const RUN1 = () => new Date("2024-08-20T22:00:00Z");
const RUN2 = () => new Date("2025-03-10T22:00:00Z");

const config = (base: string) => secConfig(base, { frameYears: 1 });

async function storeHoldings(store: Store): Promise<void> {
  await storeIwmHoldings(store, [["BETA", "BETA HOLDINGS INC CLASS A"], ["BETAB", "BETA HOLDINGS INC CLASS B"], ["DLT", "DELTA INC"], ["EPS", "EPSILON CORP"]]);
}

/** EDGAR as the replay server plays it: 403 without a contact in the User-Agent; no route is a 404. */
function sec(server: ReplayServer, run: 1 | 2): void {
  const json = (file: string, dir = DIR): Responder => withContact(readFileSync(join(dir, file), "utf8"));
  const frame = (path: string) => `/api/xbrl/frames/${path}.json`;
  server.route("/files/company_tickers_exchange.json", { status: 429, body: "" }, json("company_tickers_exchange.json"));
  server.route("/submissions/CIK0001000002.json", json("CIK0001000002-submissions.json", OLD));
  server.route("/api/xbrl/companyfacts/CIK0001000002.json", json("CIK0001000002-companyfacts.json", OLD));
  for (const cik of ["CIK0001000004", "CIK0001000005"]) {
    server.route(`/submissions/${cik}.json`, json(`${cik}-submissions.json`));
    server.route(`/api/xbrl/companyfacts/${cik}.json`, json(`${cik}-companyfacts.json`));
  }
  server.route("/api/xbrl/companyconcept/CIK0001000002/dei/EntityCommonStockSharesOutstanding.json", json("CIK0001000002-EntityCommonStockSharesOutstanding.json"));
  server.route("/api/xbrl/companyconcept/CIK0001000005/us-gaap/NetIncomeLoss.json", { status: 500, body: "" }, json("CIK0001000005-NetIncomeLoss.json"));
  if (run === 1) {
    server.route(frame("us-gaap/NetIncomeLoss/USD/CY2023"), json("frames-us-gaap-NetIncomeLoss-USD-CY2023.json", OLD));
    server.route(frame("us-gaap/NetIncomeLoss/USD/CY2024Q1"), json("run1-us-gaap-NetIncomeLoss-USD-CY2024Q1.json"));
    server.route(frame("us-gaap/NetIncomeLoss/USD/CY2024Q2"), json("run1-us-gaap-NetIncomeLoss-USD-CY2024Q2.json"));
  } else {
    server.route(frame("us-gaap/NetIncomeLoss/USD/CY2024Q2"), json("run2-us-gaap-NetIncomeLoss-USD-CY2024Q2.json"));
    server.route(frame("us-gaap/NetIncomeLoss/USD/CY2024Q3"), { status: 503, body: "" }, json("run2-us-gaap-NetIncomeLoss-USD-CY2024Q3.json"));
    server.route(frame("us-gaap/NetIncomeLoss/USD/CY2024"), json("run2-us-gaap-NetIncomeLoss-USD-CY2024.json"));
    server.route(frame("us-gaap/StockholdersEquity/USD/CY2024Q3I"), json("run2-us-gaap-StockholdersEquity-USD-CY2024Q3I.json"));
    server.route(frame("us-gaap/StockholdersEquity/USD/CY2024Q4I"), json("run2-us-gaap-StockholdersEquity-USD-CY2024Q4I.json"));
    server.route(frame("dei/EntityCommonStockSharesOutstanding/shares/CY2024Q3I"), json("run2-dei-EntityCommonStockSharesOutstanding-shares-CY2024Q3I.json"));
  }
}

const of = (facts: Fact[], cik: number) => facts.filter((f) => f.cik === cik);
const ttm = (facts: Fact[], asOf: string) => trailingTwelveMonths(facts, CONCEPTS.netIncome, asOf)?.value;

test("frames, first loads and the companyconcept fallback: every SEC rule, end to end as of days; a rerun asks nothing", async () => {
  const server = await new ReplayServer().start();
  const t = await tempStore();
  try {
    await storeHoldings(t.store);
    const events: UpdateEvent[] = [];
    const onEvent = (e: UpdateEvent) => events.push(e);

    // Run 1: the ticker map (a 429 first, retried), the three companies' first loads, 70 frames.
    sec(server, 1);
    const r1 = await runUpdate(t.store, { config: config(server.base), only: "fundamentals", now: RUN1, onEvent });
    assert.deepEqual(r1.items.filter((i) => i.status === "failed"), []);
    const plan1 = events.filter((e) => e.type === "plan");
    assert.deepEqual(plan1, [{ type: "plan", source: "fundamentals", total: 1 + 3 + 70 }]);
    assert.equal(events.filter((e) => e.type === "item").length, 74, "the progress bar counts the map, each company and each frame");
    assert.equal(server.requests("/files/company_tickers_exchange.json").length, 2, "a 429 is retried");
    assert.equal(server.requests(/^\/api\/xbrl\/frames\//).length, 70);
    assert.ok(server.log.every((r) => r.headers["user-agent"] === SEC_UA), "every request names who asks");
    const notReported = r1.items.find((i) => i.id === "frame us-gaap/Revenues/USD/CY2023Q3");
    assert.deepEqual([notReported?.status, notReported?.notes], ["unchanged", ["no filer reported it (404)"]]);

    let facts = await readFacts(t.store);
    assert.equal(of(facts, 1000003).length, 0, "Gamma is in the frames but not held: not kept");
    const delta = () => of(facts, 1000004);
    // Restated Q1 2024 (120 filed 2024-05-03, 105 filed 2024-06-14): both versions kept.
    assert.deepEqual(delta().filter((f) => f.start === "2024-01-01" && f.end === "2024-03-31").map((f) => f.value).sort(), [105, 120]);
    // TTM = FY2023 400 + quarters since - the same quarters a year earlier (README).
    assert.equal(ttm(delta(), "2024-05-10"), 430, "400 + 120 - 90: the original Q1");
    assert.equal(ttm(delta(), "2024-07-01"), 415, "400 + 105 - 90: the restated Q1 once filed");
    assert.equal(ttm(delta(), "2024-08-01"), 415, "no look-ahead: Q2 is filed 2024-08-02");
    assert.equal(ttm(delta(), "2024-08-10"), 445, "400 + 105 + 130 - 90 - 100; the 6- and 9-month YTD facts are not quarters");
    // Epsilon, fiscal year to 2024-01-31: 600 + Q1 170 - Q1 a year earlier 140.
    assert.equal(ttm(of(facts, 1000005), "2024-08-20"), 630);

    // Run 2: 55 frames (2024Q1's are final), then the companies the frames missed.
    server.log.length = 0;
    events.length = 0;
    sec(server, 2);
    const r2 = await runUpdate(t.store, { config: config(server.base), only: "fundamentals", now: RUN2, onEvent });
    assert.deepEqual(r2.items.filter((i) => i.status === "failed"), []);
    assert.deepEqual(events.filter((e) => e.type === "plan"), [{ type: "plan", source: "fundamentals", total: 1 + 3 + 55 }]);
    const frameRequests = server.requests(/^\/api\/xbrl\/frames\//).map((r) => r.path);
    assert.equal(new Set(frameRequests).size, 55);
    assert.ok(!frameRequests.some((p) => /CY2024Q1I?\.json$/.test(p)), "final frames are not asked again");
    assert.equal(server.requests("/api/xbrl/frames/us-gaap/NetIncomeLoss/USD/CY2024Q3.json").length, 2, "a 503 is retried");
    assert.equal(server.requests(/^\/(submissions|api\/xbrl\/companyfacts)\//).length, 0, "no company is loaded again");
    const byId = (prefix: string) => r2.items.find((i) => i.id.startsWith(prefix));
    assert.deepEqual(byId("BETA")?.notes, ["companyconcept EntityCommonStockSharesOutstanding"]);
    assert.deepEqual(byId("DLT")?.notes, ["current"]);
    assert.deepEqual(byId("EPS")?.notes, ["companyconcept NetIncomeLoss", "EntityCommonStockSharesOutstanding: not reported (404)"]);
    assert.equal(server.requests("/api/xbrl/companyconcept/CIK0001000005/us-gaap/NetIncomeLoss.json").length, 2, "a 500 is retried");
    assert.deepEqual(byId("frame us-gaap/NetIncomeLoss/USD/CY2024Q2")?.notes, ["1 later version(s) of stored periods, taken as public on 2025-03-10, the day asked"]);

    facts = await readFacts(t.store);
    // Frame facts carry no filing day: public 45 days after a quarter's end, 90 after a year's.
    assert.ok(delta().filter((f) => f.accession === "0001000004-24-000030").every((f) => f.filed === null && f.form === null));
    assert.equal(ttm(delta(), "2024-11-10"), 445, "Q3 (frame) public only from 2024-09-30 + 45 = 2024-11-14");
    assert.equal(ttm(delta(), "2024-11-20"), 475, "400 + 105 + 130 + 140 - 90 - 100 - 110");
    // Q2 restated in a frame (125, a new accession): taken as public on the day asked, not before.
    assert.equal(ttm(delta(), "2025-03-12"), 470, "400 + 105 + 125 + 140 - 300");
    // FY2024 520 (frame, public 2024-12-31 + 90 = 2025-03-31); its Q4 derived: 520 - 105 - 125 - 140.
    assert.equal(ttm(delta(), "2025-03-30"), 470);
    const q = quarterlyFigures(delta(), CONCEPTS.netIncome, "2025-04-01")?.quarters ?? [];
    assert.deepEqual(q.filter((x) => x.derived).map((x) => [x.start, x.end, x.value]), [["2023-10-01", "2023-12-31", 100], ["2024-10-01", "2024-12-31", 150]]);
    const figures = companyFigures(delta(), "2025-04-01");
    assert.deepEqual([figures.earnings?.value, figures.earnings?.method, figures.equity?.value, figures.equity?.end, figures.shares?.shares], [520, "annual", 2300, "2024-12-31", 520]);
    assert.equal(totalShares(delta(), "2024-12-01")?.shares, 510, "the frame's cover page (2024-10-28) is public from 2024-12-12");

    // Beta: the frame held one class (255); the cover page from companyconcept has both.
    const beta = of(facts, 1000002);
    assert.equal(totalShares(beta, "2024-10-01")?.shares, 1250, "1,000 + 250 (10-Q filed 2024-08-06)");
    assert.deepEqual([totalShares(beta, "2024-12-01")?.shares, totalShares(beta, "2024-12-01")?.classes], [1265, 2], "1,010 + 255 (10-Q filed 2024-11-06)");
    // Epsilon's fiscal quarters (to Apr/Jul/Oct 31) are in no calendar frame: from companyconcept.
    assert.equal(ttm(of(facts, 1000005), "2025-01-15"), 690, "600 + 170 + 180 + 190 - 140 - 150 - 160");
    assert.equal(ttm(of(facts, 1000005), "2024-12-01"), 660, "no look-ahead: Q3 filed 2024-12-05; 600 + 170 + 180 - 140 - 150");

    // Run 3, the same day: nothing new to ask.
    server.log.length = 0;
    const r3 = await runUpdate(t.store, { config: config(server.base), only: "fundamentals", now: RUN2 });
    assert.deepEqual(server.log.map((r) => r.path), []);
    assert.deepEqual(r3.items.filter((i) => i.status !== "unchanged"), []);
  } finally {
    t.cleanup();
    await server.close();
  }
});

test("an interrupted run resumes: what it finished is not asked again, the rest is", async () => {
  const server = await new ReplayServer().start();
  const t = await tempStore();
  try {
    await storeHoldings(t.store);
    sec(server, 1);
    const stop = new AbortController();
    let frames = 0;
    // The 10th frame request stops the run (as Ctrl-C would).
    server.route(/^\/api\/xbrl\/frames\/us-gaap\/(Revenues|OperatingIncomeLoss)\//, () => {
      if (++frames === 10) stop.abort();
      return { status: 404, body: "" };
    });
    const first = await runUpdate(t.store, { config: config(server.base), only: "fundamentals", now: RUN1, signal: stop.signal });
    assert.equal(first.interrupted, true);
    const path = secStatePath(t.store);
    assert.ok(existsSync(path));
    const done = Object.keys(JSON.parse(readFileSync(path, "utf8")).frames as Record<string, string>);
    assert.ok(done.length > 0 && done.length < 70, `${done.length} frames done before the stop`);

    server.log.length = 0;
    const second = await runUpdate(t.store, { config: config(server.base), only: "fundamentals", now: RUN1 });
    assert.equal(second.interrupted, false);
    const asked = server.requests(/^\/api\/xbrl\/frames\//).map((r) => r.path.replace(/^\/api\/xbrl\/frames\/|\.json$/g, ""));
    assert.deepEqual(asked.filter((p) => done.includes(p)), [], "no finished frame is asked again");
    assert.equal(done.length + new Set(asked).size, 70, "and every other one is");
    assert.equal(server.requests(/^\/(submissions|api\/xbrl\/companyfacts)\//).length, 0, "the companies loaded before the stop are not loaded again");
    assert.equal(ttm(of(await readFacts(t.store), 1000004), "2024-08-10"), 445, "the same figures as an uninterrupted run");
  } finally {
    t.cleanup();
    await server.close();
  }
});
