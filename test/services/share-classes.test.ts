// iShares tickers to Yahoo symbols (src/sources/files/share-classes.ts), checked on the real
// holdings files: the share classes iShares writes without the dot get Yahoo's "-" spelling;
// tickers that merely end in their class letter are asked as they are first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { isConstituent } from "../../src/model/index.ts";
import { constituentSymbol, yahooSymbol } from "../../src/sources/files/share-classes.ts";
import { parseIshares } from "../../src/sources/files/ishares.ts";
import { realDataSkip, realFile } from "../helpers/real-data.ts";

test("hand-made cases: the table, the user's map, a dotted ticker, the name's class as an alternate", () => {
  assert.deepEqual(constituentSymbol({ ticker: "BRKB", name: "BERKSHIRE HATHAWAY INC CLASS B" }), { ticker: "BRKB", symbol: "BRK-B", alternates: [] });
  assert.deepEqual(constituentSymbol({ ticker: "brk.b", name: "BERKSHIRE HATHAWAY INC CLASS B" }), { ticker: "BRK.B", symbol: "BRK-B", alternates: [] });
  assert.deepEqual(constituentSymbol({ ticker: "GTNA", name: "GRAY MEDIA INC CLASS A" }), { ticker: "GTNA", symbol: "GTNA", alternates: ["GTN-A"] });
  assert.deepEqual(constituentSymbol({ ticker: "GTNA", name: "GRAY MEDIA INC CLASS A" }, { GTNA: "GTN-A" }), { ticker: "GTNA", symbol: "GTN-A", alternates: [] });
  // Mastercard Class A is MA on Yahoo: asked as MA; "M-A" only if Yahoo did not know MA.
  assert.deepEqual(constituentSymbol({ ticker: "MA", name: "MASTERCARD INC CLASS A" }), { ticker: "MA", symbol: "MA", alternates: ["M-A"] });
  assert.deepEqual(constituentSymbol({ ticker: "AAPL", name: "APPLE INC" }), { ticker: "AAPL", symbol: "AAPL", alternates: [] });
});

test("the real holdings files: every dotless share class mapped, every other class ticker asked as it is", { skip: realDataSkip }, () => {
  const mapped = new Map<string, string>();
  const asIs = new Set<string>();
  for (const file of readdirSync(realFile("holdings"))) {
    for (const h of parseIshares(realFile("holdings", file)).holdings.filter(isConstituent)) {
      const c = constituentSymbol(h);
      // Beyond the plain rule ("." and " " as "-": BRK.B, MPTI RT).
      if (c.symbol !== yahooSymbol(c.ticker)) mapped.set(c.ticker, c.symbol);
      else if (/\bCLASS [A-Z]\b/.test(h.name)) asIs.add(c.ticker);
    }
  }
  // The share classes of data-sources' list and the local files, as Yahoo spells them.
  assert.deepEqual(Object.fromEntries([...mapped].sort()), {
    BFA: "BF-A",
    BFB: "BF-B",
    BRKB: "BRK-B",
    CRDA: "CRD-A",
    CWENA: "CWEN-A",
    GEFB: "GEF-B",
    HEIA: "HEI-A",
    LENB: "LEN-B",
    MOGA: "MOG-A",
    UHALB: "UHAL-B",
  });
  // Class shares whose ticker Yahoo uses as it is (ACV Auctions, Carvana, Under Armour, Meta, Fox...).
  for (const t of ["ACVA", "CVNA", "UAA", "META", "FOXA", "NWSA", "GOOGL", "MA", "V", "ZETA", "ZVIA"]) assert.ok(asIs.has(t), t);
});
