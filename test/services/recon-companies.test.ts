// The index engine on real companies: the stored IWV holdings ranked by total cap in dollars
// (SEC cover-page shares of every class x the rank-day close), share classes grouped by CIK,
// banding against the stored IWB/IWM holdings dated before the rank day. Every expected value
// is the hand computation in test/fixtures/recon-companies/README.md.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { importPaths } from "../../src/services/import.ts";
import { edgarCountry } from "../../src/services/recon-companies.ts";
import { runRecon, type ReconReport } from "../../src/services/recon.ts";
import { tempStore } from "../helpers/store.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const FIX = new URL("../fixtures/recon-companies/", import.meta.url).pathname;
const HOLDINGS = ["IWV_holdings_2025-04-30.csv", "IWB_holdings_2025-03-31.csv", "IWM_holdings_2025-03-31.csv", "prices"].map((f) => FIX + f);

/** The README's rules: Russell 1000 = 4, Russell 3000 = 10, 3000E = 13, band ±10 points. */
const RULES = { r1000Size: 4, r3000Size: 10, r3000eSize: 13, bandHalfWidth: 10 };

/** README, "Caps on the rank day": total shares x the 2025-04-30 close, in dollars. */
const CAPS: [string, number][] = [
  ["ALPH", 5.0e9],
  ["BRVA", 3.6e9],
  ["CHRL", 3.2e9],
  ["DLTA", 2.5e9],
  ["ECHO", 2.1e9],
  ["FOXT", 1.8e9],
  ["GOLF", 1.5e9],
  ["HOTL", 1.2e9],
  ["INDA", 0.9e9],
  ["JULT", 0.6e9],
  ["KILO", 0.4e9],
  ["LIMA", 0.25e9],
  ["MIKE", 0.15e9],
];
/** README, "Placement with banding". */
const PLACED: Record<string, string> = {
  ALPH: "1000",
  BRVA: "1000",
  CHRL: "1000",
  DLTA: "2000",
  ECHO: "1000",
  FOXT: "2000",
  GOLF: "2000",
  HOTL: "2000",
  INDA: "2000",
  JULT: "2000",
  KILO: "2000",
  LIMA: "out",
  MIKE: "out",
};
const near = (a: number | null | undefined, b: number, what: string) => assert.ok(a !== null && a !== undefined && Math.abs(a - b) <= Math.abs(b) * 1e-9, `${what}: ${a} != ${b}`);

interface Shown {
  capBasis: string;
  notes: string[];
  breakpoints: { r1000: { ticker: string; totalCap: number | null; cumPct: number }; r3000: { ticker: string; totalCap: number | null; cumPct: number } };
  bands: { r1000: { firstRankInBand: number; lastRankInBand: number; largestCapInBand: number | null; smallestCapInBand: number | null } };
  companies: { ticker: string; companyId: string; totalCap: number | null; prior: string | null; index: string; banded: boolean }[];
}

/** The checks shared by the service's report and the CLI's JSON. */
function checkCompanyRanking(r: Shown): void {
  assert.equal(r.capBasis, "company");
  assert.deepEqual(
    r.companies.map((c) => c.ticker),
    CAPS.map(([t]) => t),
  );
  for (const [i, [t, cap]] of CAPS.entries()) near(r.companies[i].totalCap, cap, `${t} total cap`);
  // Breakpoints in dollars: rank 4 DLTA $2.5B at 14.3/23.2, rank 10 JULT $0.6B at 22.4/23.2.
  assert.equal(r.breakpoints.r1000.ticker, "DLTA");
  near(r.breakpoints.r1000.totalCap, 2.5e9, "rank 4 breakpoint");
  near(r.breakpoints.r1000.cumPct, (14.3 / 23.2) * 100, "rank 4 cumulative");
  assert.equal(r.breakpoints.r3000.ticker, "JULT");
  near(r.breakpoints.r3000.totalCap, 0.6e9, "rank 10 breakpoint");
  near(r.breakpoints.r3000.cumPct, (22.4 / 23.2) * 100, "rank 10 cumulative");
  assert.equal(r.bands.r1000.firstRankInBand, 4);
  assert.equal(r.bands.r1000.lastRankInBand, 5);
  near(r.bands.r1000.largestCapInBand, 2.5e9, "band 1000 largest");
  near(r.bands.r1000.smallestCapInBand, 2.1e9, "band 1000 smallest");
  // Membership with banding: DLTA and ECHO stay put inside the 1000 band, KILO inside the 3000 band.
  assert.deepEqual(Object.fromEntries(r.companies.map((c) => [c.ticker, c.index])), PLACED);
  assert.deepEqual(r.companies.filter((c) => c.banded).map((c) => c.ticker), ["DLTA", "ECHO", "KILO"]);
  // Share classes by CIK, and the IWB's two Bravo lines recognised as that one company.
  const bravo = r.companies[1];
  assert.equal(bravo.companyId, "CIK0002000002");
  assert.equal(bravo.prior, "1000");
  assert.equal(r.companies.find((c) => c.ticker === "HOTL")?.prior, null);
}

describe("recon on company caps from SEC shares", () => {
  let t: Awaited<ReturnType<typeof tempStore>>;
  let before_: ReconReport;
  before(async () => {
    t = await tempStore();
    await importPaths(t.store, HOLDINGS);
    before_ = await runRecon(t.store, { previous: "default", rules: RULES });
    await importPaths(t.store, [`${FIX}edgar`]);
  });
  after(() => t.cleanup());

  test("before SEC data: the fund's dollars, with a note saying how to get company caps", () => {
    assert.equal(before_.capBasis, "fund-dollars");
    assert.match(before_.notes[0], /ranked by the fund's dollars; company caps need SEC shares outstanding: run `r2k update --only fundamentals` with sources\.sec\.userAgent set, or import saved EDGAR JSON/);
    // INDA has no Location: out of the fund-dollar universe.
    assert.ok(!before_.result.companies.some((c) => c.ticker === "INDA"));
  });

  test("after SEC data: companies by CIK in dollars, breakpoints and banding as computed by hand", async () => {
    const rep = await runRecon(t.store, { previous: "default", rules: RULES });
    checkCompanyRanking({ ...rep.result, notes: rep.notes } as unknown as Shown);
    const r = rep.result;
    // BRAVO's cap is split by the fund's dollars at the closes: 3.6B x 2.4/3.58 and 3.6B x 1.18/3.58.
    const [brva, brvb] = r.companies[1].securities.map((s) => s.price * s.sharesOutstanding);
    near(brva, (3.6e9 * 2.4) / 3.58, "BRVA cap");
    near(brvb, (3.6e9 * 1.18) / 3.58, "BRVB cap");
    // INDA's country from EDGAR (business address NY); NOVM below the $30M minimum.
    assert.equal(r.companies.find((c) => c.ticker === "INDA")?.country, "US");
    assert.deepEqual(r.ineligible.map((x) => [x.ticker, x.reasons[0]]), [["NOVM", "company total market cap $20.0M below $30.0M"]]);
    // Changes: FOXT moves down; R2000 adds FOXT and HOTL, deletes NOVM (ineligible) and OSCR (no filer).
    const ch = r.changes;
    assert.ok(ch && ch.r1000 && ch.r2000);
    assert.deepEqual([ch.r1000.priorCount, ch.r1000.newCount], [5, 4]);
    assert.deepEqual(ch.r1000.deletes.map((x) => x.ticker), ["FOXT"]);
    assert.deepEqual([ch.r2000.priorCount, ch.r2000.newCount], [7, 7]);
    assert.deepEqual(ch.r2000.adds.map((x) => x.ticker).sort(), ["FOXT", "HOTL"]);
    assert.deepEqual(ch.r2000.deletes.map((x) => x.ticker).sort(), ["NOVM", "OSCR"]);
    assert.deepEqual(ch.migrations.down.map((x) => x.ticker), ["FOXT"]);
    // The notes name the source of the caps, the float estimate and what was left out.
    const notes = rep.notes.join("\n");
    assert.match(notes, /SEC cover-page shares outstanding of every class filed by 2025-04-30 \(cover pages dated 2025-02-10\) x the stored close of 2025-04-30 \(13 companies\), and the IWV holdings' price of 2025-04-30 \(1 company without a stored close\)/);
    assert.match(notes, /float estimated as the total shares/);
    assert.match(notes, /1 holding \(0\.2% of the fund's value\) left out: .*\(OSCR\)/);
  });

  test("r2k recon --json prints the same dollar breakpoints and membership", () => {
    t.store.close();
    const r = spawnSync(process.execPath, [`${ROOT}bin/r2k.js`, "--db", t.path, "recon", "--universe", "stored:IWV", "--previous", "stored", "--sizes", "4,10,13", "--band", "10", "--format", "json"], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    assert.equal(r.status, 0, r.stderr);
    checkCompanyRanking(JSON.parse(r.stdout) as Shown);
    const text = spawnSync(process.execPath, [`${ROOT}bin/r2k.js`, "--db", t.path, "recon", "--universe", "stored:IWV", "--previous", "stored", "--sizes", "4,10,13", "--band", "10"], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /breakpoint rank 4\s+\$2\.50B \(DLTA, cum 61\.64%\)/);
  });
});

test("a filer's country from EDGAR: a US state (business address first, then incorporation) is US; other codes give none", () => {
  assert.equal(edgarCountry({ location: "NY", stateOfIncorporation: "DE" }), "US");
  assert.equal(edgarCountry({ location: null, stateOfIncorporation: "DE" }), "US");
  assert.equal(edgarCountry({ location: "PR", stateOfIncorporation: null }), "PR");
  assert.equal(edgarCountry({ location: "E9", stateOfIncorporation: "E9" }), null);
  assert.equal(edgarCountry(undefined), null);
});
