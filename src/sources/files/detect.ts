import { basename, extname } from "node:path";
import { InputError } from "../../model/index.ts";
import { BAR_FIELDS, type BarField, type DelimitedPlan } from "./delimited.ts";
import { looksLikeIshares } from "./ishares.ts";
import { splitCsvLine, type FileHead } from "./sniff.ts";
import type { FileFormat } from "./formats.ts";

export { FILE_FORMATS, type FileFormat } from "./formats.ts";

export interface DetectOptions {
  format?: FileFormat;
  /** Symbol, series id or fund ticker to use instead of the one in the file or its name. */
  symbol?: string;
  /** Generic CSV: canonical field -> file column name (date, open, high, low, close, adjClose, volume, value). */
  map?: Record<string, string>;
}

export type ImportPlan =
  | { format: Exclude<FileFormat, "ishares">; source: string; delimited: DelimitedPlan }
  | { format: "ishares"; source: "ishares"; fund?: string };

/** Data-source label stored on each row, by file format. */
const SOURCE: Record<FileFormat, string> = {
  yahoo: "yahoo",
  yfinance: "yahoo",
  eodhd: "eodhd",
  stooq: "stooq",
  bars: "file",
  fred: "fred",
  ishares: "ishares",
  generic: "file",
};

const HEADER_ALIASES: Record<string, BarField> = {
  date: "date",
  open: "open",
  high: "high",
  low: "low",
  close: "close",
  "adj close": "adjClose",
  adj_close: "adjClose",
  adjclose: "adjClose",
  adjusted_close: "adjClose",
  "adjusted close": "adjClose",
  volume: "volume",
};

const FRED_DATE = new Set(["date", "observation_date"]);
const SYMBOL = /^[\^A-Z0-9][A-Z0-9.\-=^]{0,31}$/;

/**
 * The symbol a file name gives, as Yahoo and Stooq name their downloads: `^RUT.csv` is ^RUT,
 * `IWM (1).csv` is IWM, Stooq's `iwm_us_d.csv` is IWM.
 */
export function symbolFromFileName(path: string): string | null {
  let base = basename(path, extname(path)).replace(/ \(\d+\)$/, "").trim();
  const stooq = /^(.+?)(?:[._]us)?_d$/i.exec(base);
  if (stooq) base = stooq[1];
  const symbol = base.toUpperCase();
  return SYMBOL.test(symbol) ? symbol : null;
}

function checkSymbol(path: string, symbol: string): string {
  if (!SYMBOL.test(symbol)) {
    throw new InputError(path, null, null, `${JSON.stringify(symbol)} is not a valid symbol (letters, digits, ^ . - =)`);
  }
  return symbol;
}

function barSymbol(path: string, opts: DetectOptions): string {
  if (opts.symbol) return checkSymbol(path, opts.symbol);
  const fromName = symbolFromFileName(path);
  if (!fromName) {
    throw new InputError(path, null, null, "cannot tell the symbol from the file name; give it with --symbol");
  }
  return fromName;
}

/** Works out what a file is and how to read it, from its first lines (or --format/--map). */
export function planImport(head: FileHead, opts: DetectOptions = {}): ImportPlan {
  const { path, lines } = head;
  const first = lines.find((l) => l.trim() !== "") ?? "";
  if (/^\s*<(!doctype|html|\?xml)/i.test(first)) {
    throw new InputError(path, 1, null, "this is an HTML/XML page, not a CSV file (a download that returned an error page?)");
  }
  if (first.trim() === "No data") {
    throw new InputError(path, 1, null, 'the file says "No data" (Stooq\'s answer for an unknown symbol)');
  }
  if (opts.format === "ishares" || (!opts.format && looksLikeIshares(lines))) {
    return { format: "ishares", source: "ishares", fund: opts.symbol };
  }

  const columns = splitCsvLine(lines[0]).map((c) => c.trim());
  const lower = columns.map((c) => c.toLowerCase());

  if (opts.format === "generic" || opts.map) return genericPlan(path, columns, opts);

  if (opts.format === "fred" || (!opts.format && FRED_DATE.has(lower[0]) && columns.length >= 2 && !lower.includes("close"))) {
    if (!FRED_DATE.has(lower[0])) {
      throw new InputError(path, 1, columns[0], 'a FRED file starts with a "DATE" or "observation_date" column');
    }
    const ids = columns.slice(1);
    if (opts.symbol && ids.length !== 1) {
      throw new InputError(path, 1, null, "--symbol names one series, but the file has several value columns");
    }
    return {
      format: "fred",
      source: SOURCE.fred,
      delimited: {
        columns,
        headerLines: 1,
        missing: [".", ""],
        target: {
          kind: "observations",
          dateColumn: 0,
          series: ids.map((id, i) => ({ column: i + 1, id: opts.symbol ?? checkSymbol(path, id) })),
        },
      },
    };
  }

  const symbolColumn = lower.findIndex((name) => name === "symbol" || name === "ticker");
  const map: Partial<Record<BarField, number>> = {};
  lower.forEach((name, i) => {
    const field = HEADER_ALIASES[name];
    if (field && map[field] === undefined) map[field] = i;
  });
  if (map.date === undefined || map.close === undefined) {
    throw new InputError(
      path,
      1,
      null,
      `unrecognised header ${JSON.stringify(lines[0].slice(0, 120))}: a daily-bar file needs Date and Close columns ` +
        "(Yahoo: Date,Open,High,Low,Close,Adj Close,Volume); for other layouts use --format generic --map date=COL,close=COL",
    );
  }
  const exact = columns.join(",");
  const format: FileFormat =
    opts.format ??
    (map.adjClose !== undefined && lower[map.adjClose] === "adjusted_close"
      ? "eodhd"
      : map.adjClose !== undefined
        ? "yahoo"
        : exact === "Date,Close,High,Low,Open,Volume"
          ? "yfinance"
          : exact === "Date,Open,High,Low,Close,Volume" || exact === "Date,Open,High,Low,Close"
            ? "stooq"
            : "bars");
  return {
    format: format as Exclude<FileFormat, "ishares">,
    source: SOURCE[format],
    delimited: {
      columns,
      headerLines: 1,
      missing: ["null", ""],
      target:
        symbolColumn >= 0
          ? { kind: "bars", symbol: opts.symbol ?? "", symbolColumn, map }
          : { kind: "bars", symbol: barSymbol(path, opts), map },
    },
  };
}

function genericPlan(path: string, columns: string[], opts: DetectOptions): ImportPlan {
  const mapping = opts.map;
  if (!mapping || !mapping.date) {
    throw new InputError(path, null, null, "--format generic needs --map with at least date=COLUMN and close=COLUMN or value=COLUMN");
  }
  const index = (field: string, name: string): number => {
    const i = columns.indexOf(name);
    if (i < 0) {
      throw new InputError(path, 1, name, `--map ${field}=${name}: the header has no such column (it has ${columns.join(", ")})`);
    }
    return i;
  };
  const allowed = new Set<string>([...BAR_FIELDS, "value"]);
  for (const field of Object.keys(mapping)) {
    if (!allowed.has(field)) {
      throw new InputError(path, null, null, `--map: unknown field ${JSON.stringify(field)} (use ${[...allowed].join(", ")})`);
    }
  }
  if (mapping.value) {
    const id = opts.symbol ?? symbolFromFileName(path);
    if (!id) throw new InputError(path, null, null, "name the series with --symbol");
    return {
      format: "generic",
      source: SOURCE.generic,
      delimited: {
        columns,
        headerLines: 1,
        missing: ["", ".", "null", "NA", "NaN"],
        target: { kind: "observations", dateColumn: index("date", mapping.date), series: [{ column: index("value", mapping.value), id }] },
      },
    };
  }
  if (!mapping.close) throw new InputError(path, null, null, "--map needs close=COLUMN (bars) or value=COLUMN (a macro series)");
  const map: Partial<Record<BarField, number>> = {};
  for (const field of BAR_FIELDS) if (mapping[field]) map[field] = index(field, mapping[field]);
  return {
    format: "generic",
    source: SOURCE.generic,
    delimited: {
      columns,
      headerLines: 1,
      missing: ["", "null", "NA", "NaN"],
      target: { kind: "bars", symbol: barSymbol(path, opts), map },
    },
  };
}

/** Parses `date=Date,close=Px` into a mapping. */
export function parseMapOption(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(",")) {
    const [k, ...rest] = pair.split("=");
    const v = rest.join("=").trim();
    if (!k?.trim() || !v) throw new Error(`--map expects field=column pairs separated by commas, got ${JSON.stringify(pair)}`);
    out[k.trim()] = v;
  }
  return out;
}
