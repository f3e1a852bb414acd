/**
 * Previous memberships for banding: a `ticker,index` CSV, iShares Russell 1000 / 2000 holdings,
 * or a universe whose membership the caller computes by rank.
 */
import { basename } from "node:path";
import { InputError, isConstituent, type PriorStatus } from "../../../model/index.ts";
import { looksLikeIshares, parseIshares } from "../ishares.ts";
import { splitCsvLine } from "../sniff.ts";
import { looksLikeUniverseCsv, parseUniverseCsv } from "./csv.ts";
import { universeFromHoldings } from "./holdings.ts";
import type { UniverseInput } from "./input.ts";
import { dateInName, headerOf, readText, stripBom } from "./text.ts";

/** A previous membership: a ready map, or a universe to rank. */
export type PreviousInput =
  | { kind: "membership"; file: string; source: string; asOf: string | null; prior: Map<string, PriorStatus> }
  | { kind: "universe"; file: string; source: string; asOf: string | null; universe: UniverseInput };

const INDEX_WORDS: Record<string, PriorStatus> = {
  "1000": "1000",
  r1000: "1000",
  "russell 1000": "1000",
  "2000": "2000",
  r2000: "2000",
  "russell 2000": "2000",
  out: "out",
  none: "out",
  microcap: "out",
  "3000e": "out",
  r3000e: "out",
};

/** `ticker,index` CSV; index is 1000, 2000 (or R1000, R2000) or out (none, microcap, 3000e). */
export function parseMembershipCsv(text: string, file: string): Map<string, PriorStatus> {
  const lines = stripBom(text).split(/\r?\n/);
  const headerIdx = lines.findIndex((l) => l.trim() !== "");
  if (headerIdx < 0) throw new InputError(file, null, null, "the file is empty");
  const header = headerOf(lines[headerIdx]);
  const t = header.indexOf("ticker");
  const x = header.indexOf("index");
  if (t < 0 || x < 0) throw new InputError(file, headerIdx + 1, t < 0 ? "ticker" : "index", "a membership file needs the header ticker,index");
  const out = new Map<string, PriorStatus>();
  const seen = new Map<string, number>();
  for (let i = headerIdx + 1; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    const cells = splitCsvLine(lines[i]);
    const ticker = (cells[t] ?? "").trim();
    if (!ticker) throw new InputError(file, i + 1, "ticker", "value is missing");
    const word = (cells[x] ?? "").trim().toLowerCase();
    const status = INDEX_WORDS[word];
    if (!status) throw new InputError(file, i + 1, "index", `expected 1000, 2000 or out (got ${JSON.stringify(cells[x] ?? "")})`);
    const prev = seen.get(ticker);
    if (prev !== undefined) throw new InputError(file, i + 1, "ticker", `duplicate ticker ${JSON.stringify(ticker)} (first on line ${prev})`);
    seen.set(ticker, i + 1);
    out.set(ticker, status);
  }
  if (out.size === 0) throw new InputError(file, headerIdx + 2, null, "the membership file has no rows");
  return out;
}

/**
 * A previous-membership file: a `ticker,index` CSV; iShares Russell 1000 (IWB) or Russell
 * 2000 (IWM) holdings, whose listed constituents were members of that index; or a universe
 * (generic CSV or other holdings such as IWV), whose membership the caller computes by rank.
 */
export function readPreviousFile(path: string, opts: { scale?: number } = {}): PreviousInput {
  const text = readText(path);
  const lines = text.split(/\r?\n/);
  if (looksLikeIshares(lines)) {
    const parsed = parseIshares(path);
    const status: PriorStatus | null = parsed.fund === "IWB" ? "1000" : parsed.fund === "IWM" ? "2000" : null;
    if (status) {
      const prior = new Map<string, PriorStatus>();
      for (const h of parsed.holdings) if (isConstituent(h)) prior.set(h.ticker, status);
      return { kind: "membership", file: path, source: `${parsed.fund} holdings of ${parsed.asOf}`, asOf: parsed.asOf, prior };
    }
    return {
      kind: "universe",
      file: path,
      source: `${parsed.fund} holdings of ${parsed.asOf}, ranked`,
      asOf: parsed.asOf,
      universe: universeFromHoldings(parsed, path, opts),
    };
  }
  const first = lines.find((l) => l.trim() !== "") ?? "";
  const header = headerOf(first);
  if (header.includes("ticker") && header.includes("index") && !looksLikeUniverseCsv(first)) {
    return { kind: "membership", file: path, source: basename(path), asOf: dateInName(path), prior: parseMembershipCsv(text, path) };
  }
  if (looksLikeUniverseCsv(first)) {
    const universe = parseUniverseCsv(text, path);
    return { kind: "universe", file: path, source: `${basename(path)}, ranked`, asOf: universe.asOf, universe };
  }
  throw new InputError(
    path,
    lines.indexOf(first) + 1,
    null,
    "not a previous membership: expected a ticker,index CSV, an IWB/IWM holdings file or a universe file",
  );
}
