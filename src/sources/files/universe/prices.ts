/** Constituent prices for `r2k index build`: a long-format CSV read into a date x id matrix. */
import { dayToIso, InputError, parseIsoDay, quoteValue } from "../../../model/index.ts";
import { splitCsvLine } from "../sniff.ts";
import { headerOf, parseNum, readText, stripBom } from "./text.ts";

/** Constituent closes for `r2k index build`, as a date x id matrix. */
export interface PriceMatrix {
  dates: Int32Array;
  ids: string[];
  /** close[t * ids.length + i]; NaN where an id has no close that day. */
  close: Float64Array;
  /** Same shape; null when the file has no dividend column. */
  dividends: Float64Array | null;
  /** Ids asked for that the file does not price at all. */
  missing: string[];
  rows: number;
}

/**
 * Long-format prices CSV: header with `date`, `ticker` (or `symbol`) and `close`, optional
 * `dividend` (cash per share going ex that day); any column order, other columns ignored.
 * Only the ids in `keep` are kept (all when omitted).
 */
export function parsePricesCsv(text: string, file: string, keep?: ReadonlySet<string>): PriceMatrix {
  const lines = stripBom(text).split(/\r?\n/);
  const headerIdx = lines.findIndex((l) => l.trim() !== "");
  if (headerIdx < 0) throw new InputError(file, null, null, "the file is empty");
  const header = headerOf(lines[headerIdx]);
  const dc = header.indexOf("date");
  const tc = header.includes("ticker") ? header.indexOf("ticker") : header.indexOf("symbol");
  const cc = header.indexOf("close");
  const vc = header.indexOf("dividend");
  if (dc < 0 || tc < 0 || cc < 0) {
    const missing = dc < 0 ? "date" : tc < 0 ? "ticker" : "close";
    throw new InputError(file, headerIdx + 1, missing, "a prices file needs the columns date, ticker (or symbol) and close");
  }
  // Columnar accumulation (a prices file can hold millions of rows).
  let cap = 1024;
  let n = 0;
  let days = new Int32Array(cap);
  let cols = new Int32Array(cap);
  let closes = new Float64Array(cap);
  let divs = new Float64Array(cap);
  let lineNos = new Int32Array(cap);
  const colOf = new Map<string, number>();
  const idList: string[] = [];
  const push = (day: number, c: number, close: number, div: number, line: number) => {
    if (n === cap) {
      cap *= 2;
      const grow = <T extends Int32Array | Float64Array>(a: T, make: (k: number) => T): T => {
        const b = make(cap);
        b.set(a);
        return b;
      };
      days = grow(days, (k) => new Int32Array(k));
      cols = grow(cols, (k) => new Int32Array(k));
      closes = grow(closes, (k) => new Float64Array(k));
      divs = grow(divs, (k) => new Float64Array(k));
      lineNos = grow(lineNos, (k) => new Int32Array(k));
    }
    days[n] = day;
    cols[n] = c;
    closes[n] = close;
    divs[n] = div;
    lineNos[n] = line;
    n++;
  };
  for (let i = headerIdx + 1; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === "") continue;
    const lineNo = i + 1;
    const cells = splitCsvLine(raw);
    if (cells.length < header.length) throw new InputError(file, lineNo, null, `expected ${header.length} fields, found ${cells.length}`);
    const id = cells[tc].trim();
    if (!id) throw new InputError(file, lineNo, header[tc], "value is missing");
    if (keep && !keep.has(id)) continue;
    const day = parseIsoDay(cells[dc].trim());
    if (day === null) throw new InputError(file, lineNo, "date", `not a calendar date YYYY-MM-DD: ${JSON.stringify(cells[dc])}`);
    const close = parseNum(cells[cc]);
    if (close === null || Number.isNaN(close)) throw new InputError(file, lineNo, "close", `not a number: ${quoteValue(cells[cc])}`);
    if (!(close > 0)) throw new InputError(file, lineNo, "close", `price must be positive (got ${close})`);
    let div = 0;
    if (vc >= 0) {
      const d = parseNum(cells[vc] ?? "");
      if (d !== null) {
        if (Number.isNaN(d) || d < 0) throw new InputError(file, lineNo, "dividend", `not a non-negative number: ${JSON.stringify(cells[vc])}`);
        div = d;
      }
    }
    let c = colOf.get(id);
    if (c === undefined) {
      c = idList.length;
      colOf.set(id, c);
      idList.push(id);
    }
    push(day, c, close, div, lineNo);
  }
  if (n === 0) throw new InputError(file, headerIdx + 2, null, keep ? "the prices file has no rows for the requested tickers" : "the prices file has no rows");

  const dayList = Int32Array.from(new Set(days.subarray(0, n))).sort();
  // Final column order: the order of `keep` when given, else sorted ids.
  const ids = keep ? [...keep].filter((id) => colOf.has(id)) : [...idList].sort();
  const missing = keep ? [...keep].filter((id) => !colOf.has(id)) : [];
  const finalCol = new Int32Array(idList.length);
  ids.forEach((id, i) => (finalCol[colOf.get(id) as number] = i));
  const rowOf = new Map<number, number>();
  dayList.forEach((d, t) => rowOf.set(d, t));
  const N = ids.length;
  const close = new Float64Array(dayList.length * N).fill(NaN);
  const dividends = vc >= 0 ? new Float64Array(dayList.length * N) : null;
  const lineAt = new Int32Array(dayList.length * N);
  for (let r = 0; r < n; r++) {
    const k = (rowOf.get(days[r]) as number) * N + finalCol[cols[r]];
    if (close[k] === close[k]) {
      if (close[k] !== closes[r]) {
        throw new InputError(
          file,
          lineNos[r],
          "close",
          `${ids[finalCol[cols[r]]]} on ${dayToIso(days[r])} also appears on line ${lineAt[k]} with a different close`,
        );
      }
      continue;
    }
    close[k] = closes[r];
    lineAt[k] = lineNos[r];
    if (dividends) dividends[k] = divs[r];
  }
  return { dates: dayList, ids, close, dividends, missing, rows: n };
}

export function readPricesFile(path: string, keep?: ReadonlySet<string>): PriceMatrix {
  return parsePricesCsv(readText(path), path, keep);
}
