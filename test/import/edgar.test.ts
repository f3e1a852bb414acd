// SEC EDGAR's JSON documents saved to files (shapes as documented: ticker maps, submissions,
// companyfacts, companyconcept, a frame): parsed into Company and Fact records, imported in one
// transaction each, and read back for point-in-time figures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CONCEPTS, totalShares, trailingTwelveMonths } from "../../src/core/fundamentals.ts";
import { InputError } from "../../src/model/index.ts";
import { importFile, importPaths } from "../../src/services/import.ts";
import { parseEdgar } from "../../src/sources/files/edgar.ts";
import { readCompanies, readFacts } from "../../src/store/index.ts";
import { tempStore } from "../helpers/store.ts";

const DIR = new URL("../fixtures/edgar/", import.meta.url).pathname;
const read = (name: string) => parseEdgar(name, readFileSync(join(DIR, name), "utf8"));

test("EDGAR documents: tickers grouped by CIK, a company's submissions, facts with share classes numbered and unread concepts left out", () => {
  const exchange = read("company_tickers_exchange.json");
  assert.equal(exchange.kind, "tickers");
  assert.deepEqual(
    exchange.kind === "tickers" && exchange.companies.map((c) => [c.cik, c.name, c.tickers.map((t) => `${t.ticker}@${t.exchange}`)]),
    [
      [1000001, "Alpha Corp", ["ALP@Nasdaq"]],
      [1000002, "Beta Holdings Inc.", ["BETA@NYSE", "BETA-B@NYSE"]],
    ],
  );
  const plain = read("company_tickers.json");
  assert.deepEqual(plain.kind === "tickers" && plain.companies.map((c) => c.tickers.map((t) => t.ticker)), [["ALP"], ["BETA", "BETA-B"]]);

  const sub = read("CIK0001000002-submissions.json");
  assert.deepEqual(sub.kind === "submissions" && sub.companies[0], {
    cik: 1000002,
    name: "Beta Holdings Inc.",
    tickers: [
      { ticker: "BETA", exchange: "NYSE" },
      { ticker: "BETA-B", exchange: "NYSE" },
    ],
    sic: "6022",
    sicDescription: "State Commercial Banks",
    stateOfIncorporation: "DE",
    location: "TX",
    fiscalYearEnd: "1231",
  });

  const facts = read("CIK0001000002-companyfacts.json");
  assert.ok(facts.kind === "facts");
  assert.equal(facts.shape, "companyfacts");
  assert.equal(facts.skipped, 1, "AccountsPayableCurrent is not read");
  assert.equal(facts.facts.length, 4 + 9 + 1);
  const cover = facts.facts.filter((f) => f.concept === "EntityCommonStockSharesOutstanding");
  assert.deepEqual(cover.map((f) => [f.taxonomy, f.unit, f.end, f.value, f.seq]), [
    ["dei", "shares", "2024-02-10", 990, 0],
    ["dei", "shares", "2024-02-10", 240, 1],
    ["dei", "shares", "2024-07-25", 1000, 0],
    ["dei", "shares", "2024-07-25", 250, 1],
  ]);

  const frame = read("frames-us-gaap-NetIncomeLoss-USD-CY2023.json");
  assert.ok(frame.kind === "facts");
  assert.deepEqual(frame.facts.map((f) => [f.cik, f.start, f.end, f.value, f.filed, f.frame, f.form]), [
    [1000002, "2023-01-01", "2023-12-31", 100, null, "CY2023", null],
    [1000003, "2023-01-01", "2023-12-31", -5, null, "CY2023", null],
  ]);
});

test("a value EDGAR does not document is refused, naming the file and the field's path", () => {
  const bad = (text: string) => () => parseEdgar("x.json", text);
  assert.throws(
    bad(`{"cik":5,"taxonomy":"us-gaap","tag":"NetIncomeLoss","units":{"USD":[{"end":"2023-13-01","val":1,"accn":"a"}]}}`),
    (e: Error) => e instanceof InputError && /x\.json \(field "units\.USD\[0\]\.end"\): expected a date YYYY-MM-DD, found "2023-13-01"/.test(e.message),
  );
  assert.throws(bad(`{"cik":5,"taxonomy":"us-gaap","tag":"NetIncomeLoss","units":{"USD":[{"end":"2023-12-31","val":"12","accn":"a"}]}}`), /x\.json \(field "units\.USD\[0\]\.val"\): expected a number, found "12"/);
  assert.throws(bad(`{"fields":["cik","name","ticker","exchange"],"data":[[-1,"A","A","NYSE"]]}`), /field "data\[0\]\.cik"\): expected a CIK/);
  assert.throws(bad(`{"schedule":{"time":"18:05"}}`), /not an SEC EDGAR document r2k reads/);
  assert.throws(bad(`{"cik":`), /not valid JSON/);
});

test("r2k import of saved EDGAR files: one transaction each, again unchanged, and point-in-time figures from the store", async () => {
  const t = await tempStore();
  try {
    // A folder with the documents and a configuration file, which is not taken for one.
    const dir = join(t.dir, "edgar");
    mkdirSync(dir);
    // Numbered for the order they are imported in (a folder goes by name).
    const order = [
      "company_tickers_exchange.json",
      "CIK0001000002-submissions.json",
      "frames-us-gaap-NetIncomeLoss-USD-CY2023.json",
      "CIK0001000002-companyfacts.json",
      "CIK0001000001-NetIncomeLoss.json",
      "company_tickers.json", // without exchanges: those stored are kept
    ];
    order.forEach((f, i) => copyFileSync(join(DIR, f), join(dir, `${i + 1}-${f}`)));
    writeFileSync(join(dir, "r2k.config.json"), JSON.stringify({ schedule: { time: "18:05" } }));
    const results = await importPaths(t.store, [dir]);
    assert.deepEqual(
      results.map((r) => [r.file.split("/").pop(), r.status, r.added, r.updated, r.skipped]),
      [
        ["1-company_tickers_exchange.json", "imported", 2, 0, 0],
        ["2-CIK0001000002-submissions.json", "imported", 0, 1, 0], // fills in what the ticker map does not say
        ["3-frames-us-gaap-NetIncomeLoss-USD-CY2023.json", "imported", 2, 0, 0],
        ["4-CIK0001000002-companyfacts.json", "imported", 13, 1, 1], // the frame's CY2023 fact gains its filing day
        ["5-CIK0001000001-NetIncomeLoss.json", "imported", 1, 0, 0],
        ["6-company_tickers.json", "unchanged", 0, 0, 0],
      ],
    );
    const again = await importFile(t.store, join(dir, "4-CIK0001000002-companyfacts.json"));
    assert.equal(again.status, "unchanged");
    assert.equal(again.previousImports.length, 1);

    const companies = await readCompanies(t.store);
    assert.deepEqual(
      companies.map((c) => [c.cik, c.name, c.tickers.map((x) => `${x.ticker}@${x.exchange}`).join(" "), c.sic, c.location]),
      [
        [1000001, "Alpha Corp", "ALP@Nasdaq", null, null],
        [1000002, "Beta Holdings Inc.", "BETA@NYSE BETA-B@NYSE", "6022", "TX"],
      ],
    );
    const beta = await readFacts(t.store, { ciks: [1000002] });
    assert.equal(beta.find((f) => f.frame === "CY2023" && f.concept === "NetIncomeLoss")?.filed, "2024-02-20");
    // Hand-computed as in test/core/fundamentals.test.ts: 100 + (27 + 31) - (20 + 25) = 113.
    assert.equal(trailingTwelveMonths(beta, CONCEPTS.netIncome, "2024-08-06")?.value, 113);
    assert.deepEqual(totalShares(beta, "2024-09-01"), { shares: 1250, end: "2024-07-25", classes: 2, accession: "0001000002-24-000031" });
    // Alpha's fiscal year ends in September: no calendar frame has it, its companyconcept does.
    assert.equal(trailingTwelveMonths(await readFacts(t.store, { ciks: [1000001] }), CONCEPTS.netIncome, "2024-01-01")?.value, -12);
    // Gamma, known only from the frame (no filing day): public 90 days after its year.
    const gamma = await readFacts(t.store, { ciks: [1000003] });
    assert.equal(trailingTwelveMonths(gamma, CONCEPTS.netIncome, "2024-03-29"), null);
    assert.equal(trailingTwelveMonths(gamma, CONCEPTS.netIncome, "2024-03-30")?.value, -5);
  } finally {
    t.cleanup();
  }
});
