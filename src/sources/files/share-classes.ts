/**
 * Share classes of one company in an iShares holdings list. The methodology ranks a company
 * once, on all its share classes together, but a holdings file lists securities only: which
 * lines belong to one issuer has to be read from the names. iShares writes names in capitals,
 * cut at 34 characters, with the class in several shapes: "ALPHABET INC CLASS A",
 * "AMC NETWORKS CLASS A INC", "LENNAR A CORP CLASS A", "LIBERTY MEDIA FORMULA ONE CORP SER",
 * "LIONS GATE ENTERTAINMENT NON VOTIN". This module is that translation rule (pure, no I/O).
 *
 * Rule (docs/index-engine.md, "Share classes"): two or more lines are one company when
 * 1. their name stems are equal and at least one of them carries a share-class marker; the
 *    stem is the name without the class marker, without a lone letter repeating the class
 *    letter ("LENNAR A CORP CLASS A"), without punctuation and without trailing legal forms
 *    (INC, CORP, CO, LTD, ...); or
 * 2. their stems are equal once a trailing HOLDING(S) is dropped too, one of them is marked,
 *    and one ticker is a prefix of all the others ("U HAUL HOLDING" UHAL and "U HAUL NON VOTING
 *    SERIES N" UHALB; but "GRAHAM HOLDINGS COMPANY CLASS B" GHC and "GRAHAM CORP" GHM stay apart).
 * Equal names without any marker stay apart: "FIRST BANCORP" is two unrelated banks.
 */

/** Words that introduce a class letter: "CLASS A", "CL B", "SERIES C", "SER K". */
const CLASS_WORDS = new Set(["CLASS", "CL", "SERIES", "SER"]);

/** A class designation cut by the 34-character limit at the end of a name: "CLAS", "SERIE", "SE". */
const CUT_CLASS_WORDS = new Set(["CL", "CLA", "CLAS", "CLASS", "SE", "SER", "SERI", "SERIE", "SERIES"]);

/** Voting descriptors anywhere ("PENSKE AUTOMOTIVE GROUP VOTING INC"). */
const VOTING_WORDS = new Set(["VOTING", "NON-VOTING", "SUBORDINATE"]);
/** The same, whole or cut, at the end of a name ("... NON VOTIN", "... FEDERAL AGRICULTURAL MORTGAGE NON"). */
const CUT_VOTING_WORDS = new Set(["NON", "VOT", "VOTI", "VOTIN", "VOTING", "NON-VOTING", "SUB", "SUBORDINATE"]);

/** Legal forms dropped from the end of a stem, with their cut forms "I" and "C". */
const LEGAL_FORMS = new Set(["INC", "INCORPORATED", "CORP", "CORPORATION", "CO", "COMPANY", "LTD", "LIMITED", "PLC", "NV", "SA", "AG", "LLC", "I", "C"]);

/** Left dangling once a legal form goes: "MCCORMICK & CO" -> "MCCORMICK". */
const JOINERS = new Set(["&", "AND"]);

const HOLDING_WORDS = new Set(["HOLDING", "HOLDINGS"]);

const isClassLetter = (t: string) => /^[A-Z0-9]{1,2}$/.test(t);

export interface NameStem {
  /** The issuer part of the name, e.g. "ALPHABET" for "ALPHABET INC CLASS A". */
  stem: string;
  /** The stem without a trailing HOLDING(S) as well (rule 2). */
  looseStem: string;
  /** True when the name carries a share-class or voting marker (whole or cut). */
  marked: boolean;
}

function dropTrailing(tokens: string[], words: ReadonlySet<string>): string[] {
  const out = [...tokens];
  while (out.length > 1 && (words.has(out[out.length - 1]) || LEGAL_FORMS.has(out[out.length - 1]) || JOINERS.has(out[out.length - 1]))) {
    out.pop();
  }
  return out;
}

/** The issuer stem of a holdings name and whether it names a share class. */
export function nameStem(name: string): NameStem {
  const tokens = name
    .toUpperCase()
    .replace(/[.,]/g, " ")
    .split(/\s+/)
    .filter((t) => t !== "");
  let marked = false;
  const letters = new Set<string>();
  const kept: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // Never the first word: that is the issuer's own name.
    if (i > 0 && CLASS_WORDS.has(t) && i + 1 < tokens.length && isClassLetter(tokens[i + 1])) {
      marked = true;
      letters.add(tokens[i + 1]);
      i++;
    } else if (i > 0 && t === "NON" && CUT_VOTING_WORDS.has(tokens[i + 1] ?? "")) {
      marked = true;
      i++;
    } else if (i > 0 && VOTING_WORDS.has(t)) {
      marked = true;
    } else {
      kept.push(t);
    }
  }
  // Markers cut at the end: "... CORP SER", "... NON VOTIN", "... CLASS A CLAS".
  while (kept.length > 1 && (CUT_CLASS_WORDS.has(kept[kept.length - 1]) || CUT_VOTING_WORDS.has(kept[kept.length - 1]))) {
    marked = true;
    kept.pop();
  }
  // A lone letter repeating the class letter: "LENNAR A CORP CLASS A".
  const core = kept.filter((t, i) => i === 0 || t.length !== 1 || !letters.has(t));
  const stem = dropTrailing(core, new Set()).join(" ") || name.trim().toUpperCase();
  const looseStem = dropTrailing(core, HOLDING_WORDS).join(" ") || stem;
  return { stem, looseStem, marked };
}

/** One company with several share classes. */
export interface ShareClassGroup {
  /** Company id given to every line of the group: its name stem. */
  companyId: string;
  /** Tickers in input order. */
  tickers: string[];
  names: string[];
}

interface Candidate {
  marked: boolean;
  members: { ticker: string; name: string }[];
}

function collect(lines: readonly { ticker: string; name: string }[], key: (s: NameStem) => string): Map<string, Candidate> {
  const out = new Map<string, Candidate>();
  for (const l of lines) {
    const s = nameStem(l.name);
    const k = key(s);
    let g = out.get(k);
    if (!g) out.set(k, (g = { marked: false, members: [] }));
    g.marked ||= s.marked;
    g.members.push(l);
  }
  return out;
}

/** One ticker is a prefix of every other one ("UHAL" of "UHALB"). */
function tickersShareRoot(tickers: readonly string[]): boolean {
  const shortest = tickers.reduce((a, b) => (b.length < a.length ? b : a));
  return tickers.every((t) => t.startsWith(shortest));
}

/**
 * Groups the lines of a holdings list into companies by the rule above. Returns the groups
 * (two or more lines each), in the order of their first line.
 */
export function groupShareClasses(lines: readonly { ticker: string; name: string }[]): ShareClassGroup[] {
  const groups: { first: number; group: ShareClassGroup }[] = [];
  const order = new Map(lines.map((l, i) => [l, i]));
  const grouped = new Set<{ ticker: string; name: string }>();
  const add = (companyId: string, members: { ticker: string; name: string }[]) => {
    for (const m of members) grouped.add(m);
    groups.push({
      first: order.get(members[0]) ?? 0,
      group: { companyId, tickers: members.map((m) => m.ticker), names: members.map((m) => m.name) },
    });
  };
  for (const [stem, g] of collect(lines, (s) => s.stem)) {
    if (g.members.length > 1 && g.marked) add(stem, g.members);
  }
  const rest = lines.filter((l) => !grouped.has(l));
  for (const [stem, g] of collect(rest, (s) => s.looseStem)) {
    if (g.members.length > 1 && g.marked && tickersShareRoot(g.members.map((m) => m.ticker))) add(stem, g.members);
  }
  return groups.sort((a, b) => a.first - b.first).map((g) => g.group);
}

/** The Yahoo symbol of an iShares ticker: class shares use "-" (BRK.B -> BRK-B). */
export function yahooSymbol(ticker: string): string {
  return ticker.trim().toUpperCase().replace(/[./ ]/g, "-");
}

/**
 * NYSE share classes that iShares writes without their dot (BRK.B as BRKB), as Yahoo spells
 * them. The name alone cannot tell these from tickers that merely end in the class letter
 * (MA is Mastercard Class A, ACVA is ACV Auctions Class A), hence a table.
 */
export const DOTLESS_SHARE_CLASSES: Readonly<Record<string, string>> = {
  BRKA: "BRK-A",
  BRKB: "BRK-B",
  BFA: "BF-A",
  BFB: "BF-B",
  MOGA: "MOG-A",
  MOGB: "MOG-B",
  HEIA: "HEI-A",
  LENB: "LEN-B",
  GEFB: "GEF-B",
  CWENA: "CWEN-A",
  CRDA: "CRD-A",
  CRDB: "CRD-B",
  UHALB: "UHAL-B",
};

/** A constituent's Yahoo symbol, and the spellings to try when Yahoo does not know it. */
export interface ConstituentSymbol {
  ticker: string;
  symbol: string;
  alternates: string[];
}

/**
 * The Yahoo symbol of a holding: the user's map (constituents.tickerMap), else the table of
 * dotless share classes, else the ticker with "." and "/" as "-". When the name gives a share
 * class (`... CLASS A`) and the ticker ends with its letter, "BASE-A" is tried too, should Yahoo
 * not know the ticker as it is.
 */
export function constituentSymbol(h: { ticker: string; name: string }, tickerMap: Readonly<Record<string, string>> = {}): ConstituentSymbol {
  const ticker = h.ticker.trim().toUpperCase();
  const mapped = tickerMap[ticker] ?? DOTLESS_SHARE_CLASSES[ticker];
  if (mapped) return { ticker, symbol: mapped, alternates: [] };
  const symbol = yahooSymbol(ticker);
  const cls = /\bCLASS ([A-Z])\b/.exec(h.name.toUpperCase())?.[1];
  const alternates = cls && /^[A-Z]{2,}$/.test(ticker) && ticker.endsWith(cls) ? [`${ticker.slice(0, -1)}-${cls}`] : [];
  return { ticker, symbol, alternates };
}
