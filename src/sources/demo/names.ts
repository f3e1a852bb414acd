/**
 * Invented company names and tickers for the demo universe. Names are assembled from made-up
 * syllables plus a sector word; tickers are derived from the name and kept unique. Any
 * resemblance to a listed company is accidental; real data for a ticker replaces demo rows.
 */
import type { Rng } from "./random.ts";

export const SECTORS = [
  "Industrials",
  "Information Technology",
  "Financials",
  "Health Care",
  "Consumer Discretionary",
  "Real Estate",
  "Energy",
  "Materials",
  "Utilities",
  "Communication",
  "Consumer Staples",
] as const;
export type Sector = (typeof SECTORS)[number];

const HEADS = [
  "Al", "Bel", "Cal", "Dor", "El", "Fen", "Gar", "Hal", "Ir", "Jun", "Kel", "Lum", "Mar", "Nor", "Or", "Pel",
  "Quin", "Ros", "Sol", "Tal", "Ul", "Ver", "Wex", "Xan", "Yor", "Zen", "Bra", "Cor", "Dra", "Fal", "Gre",
  "Hex", "Kor", "Lin", "Mor", "Nex", "Obr", "Pra", "Riv", "Sta", "Tor", "Vel", "Wyn", "Ast", "Bor", "Cyr",
];
const MIDS = ["a", "e", "i", "o", "u", "ar", "en", "is", "on", "el", "ad", "im", "or", "ev"];
const TAILS = [
  "bridge", "field", "tek", "ton", "vex", "gen", "dyne", "more", "stone", "wood", "crest", "point", "ia", "ex",
  "ix", "on", "ara", "ica", "ium", "ant", "ova", "is", "ent", "ora", "wick", "ford", "haven", "line",
];

const WORDS: Record<Sector, readonly string[]> = {
  Industrials: ["Industries", "Manufacturing", "Logistics", "Aerospace", "Machinery", "Engineering", "Building Products", "Freight"],
  "Information Technology": ["Technologies", "Software", "Systems", "Semiconductor", "Networks", "Data", "Digital", "Cloud"],
  Financials: ["Bancorp", "Financial", "Bank", "Capital", "Insurance Group", "Bancshares", "Trust"],
  "Health Care": ["Therapeutics", "Biosciences", "Pharmaceuticals", "Medical", "Health", "Diagnostics", "Bio"],
  "Consumer Discretionary": ["Brands", "Retail", "Restaurants", "Home", "Motors", "Apparel", "Leisure", "Outdoor"],
  "Real Estate": ["Realty", "Properties", "REIT", "Residential", "Land Trust"],
  Energy: ["Energy", "Petroleum", "Resources", "Oil & Gas", "Midstream"],
  Materials: ["Materials", "Chemicals", "Mining", "Metals", "Packaging", "Steel"],
  Utilities: ["Utilities", "Power", "Water", "Electric", "Gas"],
  Communication: ["Media", "Communications", "Entertainment", "Telecom", "Interactive"],
  "Consumer Staples": ["Foods", "Beverages", "Farms", "Household Products", "Grocers"],
};
const SUFFIXES = ["Inc", "Corp", "Holdings Inc", "Co", "Group Inc"];
const FOREIGN_SUFFIXES = ["Ltd", "PLC", "NV", "AG"];

/** Tickers the demo never gives to a company (market symbols and well-known funds). */
const RESERVED = new Set(["RUT", "GSPC", "IXIC", "IWM", "SPY", "QQQ", "KRE", "IVV", "IWB", "IWV", "DIA", "VTI", "VOO", "USD", "MMF"]);

export class NameMaker {
  private readonly tickers = new Set<string>();
  private readonly names = new Set<string>();

  constructor(private readonly rng: Rng) {}

  company(sector: Sector, foreign: boolean): { name: string; ticker: string } {
    const rng = this.rng;
    let name = "";
    let root = "";
    for (let attempt = 0; attempt < 100; attempt++) {
      root = rng.pick(HEADS) + (rng.uniform() < 0.6 ? rng.pick(MIDS) : "") + rng.pick(TAILS);
      const word = rng.pick(WORDS[sector]);
      const suffix = foreign ? rng.pick(FOREIGN_SUFFIXES) : rng.pick(SUFFIXES);
      name = `${root} ${word} ${suffix}`;
      if (!this.names.has(name)) break;
    }
    this.names.add(name);
    return { name, ticker: this.ticker(root) };
  }

  private ticker(root: string): string {
    const letters = root.toUpperCase().replace(/[^A-Z]/g, "");
    const consonants = letters[0] + letters.slice(1).replace(/[AEIOU]/g, "");
    const candidates = [letters.slice(0, 4), consonants.slice(0, 4), letters.slice(0, 3), consonants.slice(0, 3)];
    for (const c of candidates) {
      if (c.length >= 3 && !this.tickers.has(c) && !RESERVED.has(c)) return this.take(c);
    }
    for (;;) {
      const len = this.rng.uniform() < 0.7 ? 4 : 3;
      let t = letters[0];
      while (t.length < len) t += String.fromCharCode(65 + this.rng.int(26));
      if (!this.tickers.has(t) && !RESERVED.has(t)) return this.take(t);
    }
  }

  private take(t: string): string {
    this.tickers.add(t);
    return t;
  }
}
