/**
 * The generic universe CSV: header `ticker,name,sector,country,price,shares_outstanding,float_shares`
 * plus optional `security_type,earnings,book_value` (and `id,company_id,avg_price_30d`).
 */
import { InputError, quoteValue, Security, type UniverseSecurity } from "../../../model/index.ts";
import { splitCsvLine } from "../sniff.ts";
import type { UniverseInput } from "./input.ts";
import { dateInName, headerOf, parseNum, stripBom } from "./text.ts";

export const REQUIRED_COLUMNS = ["ticker", "name", "sector", "country", "price", "shares_outstanding", "float_shares"] as const;
export const OPTIONAL_COLUMNS = ["security_type", "earnings", "book_value", "id", "company_id", "avg_price_30d"] as const;

/**
 * True when the first non-blank line looks like a universe CSV header (a ticker column and a
 * price or share count), so a header missing a required column is reported as such.
 */
export function looksLikeUniverseCsv(firstLine: string): boolean {
  const h = headerOf(stripBom(firstLine));
  return h.includes("ticker") && ["price", "shares_outstanding", "float_shares"].some((c) => h.includes(c));
}

/** Parses the generic universe CSV. */
export function parseUniverseCsv(text: string, file: string): UniverseInput {
  const lines = stripBom(text).split(/\r?\n/);
  const headerIdx = lines.findIndex((l) => l.trim() !== "");
  if (headerIdx < 0) throw new InputError(file, null, null, "the file is empty");
  const header = headerOf(lines[headerIdx]);
  const headerLine = headerIdx + 1;
  for (const c of REQUIRED_COLUMNS) {
    if (!header.includes(c)) {
      throw new InputError(file, headerLine, c, `the header lacks the column ${JSON.stringify(c)} (needs ${REQUIRED_COLUMNS.join(",")})`);
    }
  }
  const known = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);
  header.forEach((h, i) => {
    if (!known.has(h)) {
      throw new InputError(
        file,
        headerLine,
        h || `column ${i + 1}`,
        `unknown column; allowed: ${[...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].join(", ")}`,
      );
    }
    if (header.indexOf(h) !== i) throw new InputError(file, headerLine, h, "the column appears twice");
  });
  const col = (name: string) => header.indexOf(name);

  const securities: UniverseSecurity[] = [];
  const rowLines: number[] = [];
  const seenTicker = new Map<string, number>();
  const seenId = new Map<string, number>();
  for (let i = headerIdx + 1; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === "") continue;
    const lineNo = i + 1;
    const cells = splitCsvLine(raw);
    if (cells.length !== header.length) {
      throw new InputError(file, lineNo, null, `expected ${header.length} fields, found ${cells.length}`);
    }
    const cell = (name: string) => (col(name) >= 0 ? cells[col(name)].trim() : "");
    const num = (name: string, required: boolean): number | null => {
      const v = parseNum(cell(name));
      if (v === null) {
        if (required) throw new InputError(file, lineNo, name, "value is missing");
        return null;
      }
      if (Number.isNaN(v) || !Number.isFinite(v)) throw new InputError(file, lineNo, name, `not a number: ${quoteValue(cell(name))}`);
      return v;
    };
    const ticker = cell("ticker");
    if (!ticker) throw new InputError(file, lineNo, "ticker", "value is missing");
    const prevLine = seenTicker.get(ticker);
    if (prevLine !== undefined) {
      throw new InputError(file, lineNo, "ticker", `duplicate ticker ${JSON.stringify(ticker)} (first on line ${prevLine})`);
    }
    seenTicker.set(ticker, lineNo);
    const id = cell("id") || ticker;
    const prevId = seenId.get(id);
    if (prevId !== undefined) throw new InputError(file, lineNo, "id", `duplicate id ${JSON.stringify(id)} (first on line ${prevId})`);
    seenId.set(id, lineNo);

    const price = num("price", true) as number;
    if (price < 0) throw new InputError(file, lineNo, "price", `negative price ${price}`);
    if (price === 0) throw new InputError(file, lineNo, "price", "price must be positive (0 given)");
    const shares = num("shares_outstanding", true) as number;
    if (shares <= 0) throw new InputError(file, lineNo, "shares_outstanding", `must be positive (got ${shares})`);
    const floatShares = num("float_shares", true) as number;
    if (floatShares < 0) throw new InputError(file, lineNo, "float_shares", `must not be negative (got ${floatShares})`);
    if (floatShares > shares) {
      throw new InputError(file, lineNo, "float_shares", `${floatShares} exceeds shares_outstanding ${shares}`);
    }
    const country = cell("country").toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) {
      throw new InputError(file, lineNo, "country", `must be an ISO 3166 alpha-2 code like US (got ${JSON.stringify(cell("country"))})`);
    }
    const avg = num("avg_price_30d", false);
    if (avg !== null && avg <= 0) throw new InputError(file, lineNo, "avg_price_30d", `must be positive (got ${avg})`);

    const candidate = {
      id,
      ticker,
      name: cell("name"),
      sector: cell("sector") || null,
      country,
      sharesOutstanding: shares,
      floatShares,
      price,
      securityType: cell("security_type") || null,
      earnings: num("earnings", false),
      bookValue: num("book_value", false),
    };
    const checked = Security.safeParse(candidate);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new InputError(file, lineNo, String(issue.path[0] ?? ""), issue.message);
    }
    securities.push({ ...checked.data, companyId: cell("company_id") || null, avgPrice30: avg });
    rowLines.push(lineNo);
  }
  if (securities.length === 0) throw new InputError(file, headerLine + 1, null, "the universe has no rows");
  return {
    format: "universe-csv",
    file,
    asOf: dateInName(file),
    fund: null,
    securities,
    lines: rowLines,
    skipped: [],
    suggestedRules: {},
    capBasis: "company",
    notes: [],
  };
}
