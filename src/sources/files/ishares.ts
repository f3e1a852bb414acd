import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { AssetClass, Holding, InputError, quoteValue, isoToDay, dayToIso } from "../../model/index.ts";
import { ISHARES_FUNDS } from "../catalog.ts";
import { splitCsvLine } from "./sniff.ts";

/**
 * iShares "Detailed Holdings" CSV: a `key,"value"` header block (fund name, as-of date,
 * shares outstanding), a table whose header starts with `Ticker,`, quoted numbers with
 * thousands separators, then a U+00A0 line and a multi-line disclaimer (absent in some
 * saved copies). Layout details: docs/data-formats.md, "iShares holdings".
 */

export interface IsharesFile {
  fund: string;
  fundName: string;
  asOf: string;
  sharesOutstanding: number | null;
  holdings: Holding[];
  /** 1-based file line of each holding. */
  lines: number[];
}

const MONTHS: Record<string, number> = {
  Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12,
};

const ASSET_CLASSES: Record<string, AssetClass> = {
  Equity: "equity",
  Cash: "cash",
  "Money Market": "money-market",
  "Cash Collateral and Margins": "collateral",
  Futures: "future",
};

const REQUIRED = ["Ticker", "Name", "Sector", "Asset Class", "Market Value", "Weight (%)", "Price"] as const;

export function looksLikeIshares(lines: string[]): boolean {
  const header = lines.slice(0, 20);
  return (
    (/^iShares /.test(lines[0] ?? "") || header.some((l) => l.startsWith("Fund Holdings as of,"))) &&
    lines.slice(0, 30).some((l) => l.startsWith("Ticker,"))
  );
}

/** "May 05, 2026" -> "2026-05-05", or null. */
function parseIsharesDate(text: string): string | null {
  const m = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4})$/.exec(text.trim());
  if (!m || !MONTHS[m[1]]) return null;
  const iso = `${m[3]}-${String(MONTHS[m[1]]).padStart(2, "0")}-${m[2].padStart(2, "0")}`;
  try {
    return dayToIso(isoToDay(iso));
  } catch {
    return null;
  }
}

/** "1,532,594,919.50" -> 1532594919.5; "-" and "" -> null; anything else non-numeric -> NaN. */
function parseNumber(text: string): number | null {
  const t = text.trim();
  if (t === "-" || t === "") return null;
  const cleaned = t.replace(/,/g, "");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cleaned)) return NaN;
  return Number(cleaned);
}

const textOrNull = (t: string | undefined) => (t === undefined || t.trim() === "-" || t.trim() === "" ? null : t.trim());

/**
 * The layout of an iShares holdings text, read once for the file importer and the live
 * download's completeness check: the key/value header block, the table header, the table rows
 * up to the table's end, and how the table ended.
 */
export interface IsharesTable {
  lines: string[];
  /** Index of the `Ticker,` line, -1 when there is none. */
  headerIdx: number;
  /** The key/value lines above the table ("Fund Holdings as of" -> "May 05, 2026"). */
  meta: Map<string, string>;
  header: string[];
  rows: { line: number; cells: string[] }[];
  /**
   * "separator": a blank (U+00A0) line with text after it, as the site writes it; "disclaimer":
   * disclaimer text right after the table; "eof": the text stops after the table (a trimmed
   * copy, or a download cut short); "short-row": a row with too few fields (see `shortRow`).
   */
  end: "separator" | "disclaimer" | "eof" | "short-row";
  shortRow: { line: number; fields: number } | null;
}

export function isharesTable(body: string): IsharesTable {
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  const lines = text.split(/\r?\n/);
  const headerIdx = lines.findIndex((l) => l.startsWith("Ticker,"));
  const meta = new Map<string, string>();
  for (const l of lines.slice(0, Math.max(0, headerIdx))) {
    const cells = splitCsvLine(l);
    if (cells.length >= 2) meta.set(cells[0].trim(), cells[1]);
  }
  const header = headerIdx < 0 ? [] : splitCsvLine(lines[headerIdx]).map((h) => h.trim());
  const rows: IsharesTable["rows"] = [];
  let end: IsharesTable["end"] = "eof";
  let shortRow: IsharesTable["shortRow"] = null;
  for (let i = headerIdx + 1; headerIdx >= 0 && i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === "") {
      // The U+00A0 separator, or a blank line with the disclaimer after it; a blank last line is the end of the text.
      end = raw.includes("\u00A0") || lines.slice(i + 1).some((l) => l.trim() !== "") ? "separator" : "eof";
      break;
    }
    const cells = splitCsvLine(raw);
    if (cells.length < header.length) {
      end = cells.length < 10 ? "disclaimer" : "short-row";
      shortRow = { line: i + 1, fields: cells.length };
      break;
    }
    rows.push({ line: i + 1, cells });
  }
  return { lines, headerIdx, meta, header, rows, end, shortRow };
}

export function parseIshares(path: string, fundOverride?: string): IsharesFile {
  const table = isharesTable(readFileSync(path, "utf8"));
  const { lines, headerIdx, meta, header } = table;
  if (headerIdx < 0) throw new InputError(path, null, null, "no holdings table: no line starts with \"Ticker,\"");

  const fundName = lines[0].trim();
  const asOfText = meta.get("Fund Holdings as of");
  const asOfLine = lines.findIndex((l) => l.startsWith("Fund Holdings as of,")) + 1;
  if (asOfText === undefined) throw new InputError(path, null, "Fund Holdings as of", "the as-of date line is missing");
  const asOf = parseIsharesDate(asOfText);
  if (!asOf) throw new InputError(path, asOfLine, "Fund Holdings as of", `not a date like "May 05, 2026": ${JSON.stringify(asOfText)}`);
  const fromName = /^([A-Za-z]+)_holdings/i.exec(basename(path))?.[1]?.toUpperCase();
  const fund = fundOverride ?? ISHARES_FUNDS[fundName] ?? fromName;
  if (!fund) {
    throw new InputError(path, 1, null, `unknown fund ${JSON.stringify(fundName)}; name it with --symbol (e.g. --symbol IWM)`);
  }
  const so = meta.get("Shares Outstanding");
  const sharesOutstanding = so === undefined ? null : parseNumber(so);

  for (const name of REQUIRED) {
    if (!header.includes(name)) {
      throw new InputError(path, headerIdx + 1, name, `the holdings table header lacks the column ${JSON.stringify(name)}`);
    }
  }
  const at = (name: string) => header.indexOf(name);
  const sharesCol = header.includes("Quantity") ? at("Quantity") : at("Shares");
  // A row with too few fields but more than disclaimer text: a truncated file.
  if (table.end === "short-row" && table.shortRow) {
    throw new InputError(path, table.shortRow.line, null, `expected ${header.length} fields, found ${table.shortRow.fields} (a truncated row)`);
  }

  const holdings: Holding[] = [];
  const rowLines: number[] = [];
  for (const { line: lineNo, cells } of table.rows) {
    const num = (name: string, required: boolean): number | null => {
      const v = parseNumber(cells[at(name)] ?? "");
      if (Number.isNaN(v)) throw new InputError(path, lineNo, name, `not a number: ${quoteValue(cells[at(name)])}`);
      if (v === null && required) throw new InputError(path, lineNo, name, "value is missing");
      return v;
    };
    const assetText = cells[at("Asset Class")].trim();
    const holding = {
      fund,
      asOf,
      ticker: cells[at("Ticker")].trim() || "-",
      name: cells[at("Name")].trim(),
      sector: textOrNull(cells[at("Sector")]),
      assetClass: ASSET_CLASSES[assetText] ?? "other",
      marketValue: num("Market Value", true) as number,
      weight: (num("Weight (%)", true) as number) / 100,
      shares: sharesCol >= 0 ? num(header[sharesCol], false) : null,
      price: num("Price", false),
      location: textOrNull(cells[at("Location")]),
      exchange: textOrNull(cells[at("Exchange")]),
      currency: textOrNull(cells[at("Currency")]),
    };
    if (holding.price !== null && holding.price < 0) {
      throw new InputError(path, lineNo, "Price", `price must not be negative: ${cells[at("Price")]}`);
    }
    const checked = Holding.safeParse(holding);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new InputError(path, lineNo, String(issue.path[0] ?? ""), issue.message);
    }
    holdings.push(checked.data);
    rowLines.push(lineNo);
  }
  if (holdings.length === 0) throw new InputError(path, headerIdx + 2, null, "the holdings table has no rows");
  return { fund, fundName, asOf, sharesOutstanding, holdings, lines: rowLines };
}
