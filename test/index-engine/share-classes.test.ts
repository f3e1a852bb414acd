// Share classes of one company in iShares holdings: the name rule, a committed fixture, and
// the groups it finds in the real IWV file (checked by hand against the issuers).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isConstituent } from "../../src/model/index.ts";
import { parseIshares } from "../../src/sources/files/ishares.ts";
import { groupShareClasses, nameStem } from "../../src/sources/files/share-classes.ts";
import { readUniverseFile } from "../../src/sources/files/universe/index.ts";
import { realDataSkip, realFile } from "../helpers/real-data.ts";

const FIX = new URL("./fixtures/", import.meta.url).pathname;

describe("share-class names", () => {
  test("the stem drops class markers in their iShares shapes, legal forms and a repeated class letter", () => {
    const cases: [string, string, boolean][] = [
      ["ALPHABET INC CLASS A", "ALPHABET", true],
      ["ALPHABET INC CLASS C", "ALPHABET", true],
      ["AMC NETWORKS CLASS A INC", "AMC NETWORKS", true],
      ["LENNAR A CORP CLASS A", "LENNAR", true],
      ["LENNAR CORP CLASS B", "LENNAR", true],
      ["LIBERTY MEDIA FORMULA ONE CORP SER", "LIBERTY MEDIA FORMULA ONE", true],
      ["LIBERTY MEDIA LIBERTY LIVE CORP SE", "LIBERTY MEDIA LIBERTY LIVE", true],
      ["ATLANTA BRAVES HOLDINGS INC SERIES", "ATLANTA BRAVES HOLDINGS", true],
      ["LIONS GATE ENTERTAINMENT NON VOTIN", "LIONS GATE ENTERTAINMENT", true],
      ["LIONS GATE ENTERTAINMENT VOTING CO", "LIONS GATE ENTERTAINMENT", true],
      ["BEAUTY HEALTH COMPANY CLASS A CLAS", "BEAUTY HEALTH", true],
      ["MCCORMICK & CO NON-VOTING INC", "MCCORMICK", true],
      ["WARNER BROS. DISCOVERY INC SERIES", "WARNER BROS DISCOVERY", true],
      ["HEICO CORP", "HEICO", false],
      ["FIRST BANCORP", "FIRST BANCORP", false],
      // The first word is the issuer's own, never a marker.
      ["CLASS ACT INC", "CLASS ACT", false],
    ];
    for (const [name, stem, marked] of cases) {
      const s = nameStem(name);
      assert.equal(s.stem, stem, name);
      assert.equal(s.marked, marked, name);
    }
    assert.equal(nameStem("U HAUL HOLDING").looseStem, "U HAUL");
  });

  test("groups: a marker is needed, HOLDING(S) only drops when the tickers share a root", () => {
    const groups = groupShareClasses([
      { ticker: "GOOGL", name: "ALPHABET INC CLASS A" },
      { ticker: "FBNC", name: "FIRST BANCORP" },
      { ticker: "GOOG", name: "ALPHABET INC CLASS C" },
      { ticker: "FBP", name: "FIRST BANCORP" },
      { ticker: "HEI", name: "HEICO CORP" },
      { ticker: "HEIA", name: "HEICO CORP CLASS A" },
      { ticker: "UHALB", name: "U HAUL NON VOTING SERIES N" },
      { ticker: "UHAL", name: "U HAUL HOLDING" },
      { ticker: "GHC", name: "GRAHAM HOLDINGS COMPANY CLASS B" },
      { ticker: "GHM", name: "GRAHAM CORP" },
    ]);
    assert.deepEqual(groups, [
      { companyId: "ALPHABET", tickers: ["GOOGL", "GOOG"], names: ["ALPHABET INC CLASS A", "ALPHABET INC CLASS C"] },
      { companyId: "HEICO", tickers: ["HEI", "HEIA"], names: ["HEICO CORP", "HEICO CORP CLASS A"] },
      { companyId: "U HAUL", tickers: ["UHALB", "UHAL"], names: ["U HAUL NON VOTING SERIES N", "U HAUL HOLDING"] },
    ]);
  });

  test("the committed mini IWV fixture: ALPHA and OMEGA grouped, the two FIRST BANCORP lines apart", () => {
    const u = readUniverseFile(FIX + "ishares-iwv-mini_2025-05-02.csv");
    const company = Object.fromEntries(u.securities.map((s) => [s.ticker, s.companyId]));
    assert.deepEqual(company, {
      BBB: null,
      AAA: "ALPHA",
      CCC: null,
      DDD: null,
      AAB: "ALPHA",
      EEE: null,
      FFF: null,
      GGG: "OMEGA",
      GGH: "OMEGA",
      HHH: null,
    });
    assert.equal(u.capBasis, "fund-dollars");
    assert.deepEqual(u.skipped.map((s) => s.ticker), ["USD"]);
  });
});

describe("share classes in the real IWV file", () => {
  test("the 22 companies with several lines, each checked by hand", { skip: realDataSkip }, () => {
    const f = parseIshares(realFile("holdings", "IWV_holdings_2025-05-02.csv"));
    const groups = groupShareClasses(f.holdings.filter(isConstituent));
    // Every pair below is one issuer's classes (Alphabet A/C, Lennar A/B, Liberty Formula One
    // A/K, HEICO common/A, Fox A/B, Zillow A/C, News Corp A/B, Liberty Broadband A/K,
    // Paramount A/B, Brown-Forman A/B, U-Haul voting/non-voting, Liberty Live A/K, Rush A/B,
    // Clearway A/C, Atlanta Braves A/K, Central Garden common/A, Liberty Global A/C, Greif A/B,
    // Under Armour A/C, Lions Gate A/B, Liberty Latin America A/C, Ramaco A/B).
    assert.deepEqual(
      groups.map((g) => `${g.companyId}: ${g.tickers.join("+")}`),
      [
        "ALPHABET: GOOGL+GOOG",
        "LENNAR: LEN+LENB",
        "LIBERTY MEDIA FORMULA ONE: FWONK+FWONA",
        "HEICO: HEIA+HEI",
        "FOX: FOXA+FOX",
        "ZILLOW GROUP: Z+ZG",
        "NEWS: NWSA+NWS",
        "LIBERTY BROADBAND: LBRDK+LBRDA",
        "PARAMOUNT GLOBAL: PARA+PARAA",
        "BROWN FORMAN: BFB+BFA",
        "U HAUL: UHALB+UHAL",
        "LIBERTY MEDIA LIBERTY LIVE: LLYVK+LLYVA",
        "RUSH ENTERPRISES: RUSHA+RUSHB",
        "CLEARWAY ENERGY: CWEN+CWENA",
        "ATLANTA BRAVES HOLDINGS: BATRK+BATRA",
        "CENTRAL GARDEN AND PET: CENTA+CENT",
        "LIBERTY GLOBAL: LBTYK+LBTYA",
        "GREIF: GEF+GEFB",
        "UNDER ARMOUR: UAA+UA",
        "LIONS GATE ENTERTAINMENT: LGFB+LGFA",
        "LIBERTY LATIN AMERICA: LILAK+LILA",
        "RAMACO RESOURCES: METCV+METCB",
      ],
    );
    // Same words, different issuers: stay apart.
    const grouped = new Set(groups.flatMap((g) => g.tickers));
    for (const t of ["FBP", "GHC", "GHM", "NU", "NUS", "AMC", "AMCX", "BRO", "BRKB"]) assert.ok(!grouped.has(t), t);
  });
});
