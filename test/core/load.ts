/**
 * Test-only readers for the real files in ../shared/data (Yahoo/EODHD price CSV, FRED CSV,
 * iShares holdings). Deliberately minimal: the product's importers live in src/sources; this
 * only feeds the analytics tests until they go through the store.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BarFrame, Holding, SeriesFrame } from "../../src/model/index.ts";
import { dayOfIso } from "../../src/core/analytics/calendar.ts";
import { SHARED_DATA } from "../helpers/store.ts";

const cache = new Map<string, unknown>();
function cached<T>(key: string, make: () => T): T {
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key) as T;
}

function num(text: string | undefined): number {
  if (text === undefined) return NaN;
  const t = text.trim();
  if (t === "" || t === "." || t === "null") return NaN;
  return Number(t);
}

/** Daily bars of prices/<symbol>.csv, columns found by header name. */
export function loadBars(symbol: string, dir = join(SHARED_DATA, "prices")): BarFrame {
  return cached(`bars:${dir}:${symbol}`, () => {
    const lines = readFileSync(join(dir, `${symbol}.csv`), "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
    const head = lines[0].split(",");
    const col = (...names: string[]) => head.findIndex((h) => names.includes(h.trim()));
    const [d, o, h, l, c, a, v] = [col("Date"), col("Open"), col("High"), col("Low"), col("Close"), col("Adj Close", "Adjusted_close"), col("Volume")];
    const n = lines.length - 1;
    const f: BarFrame = {
      symbol,
      dates: new Int32Array(n),
      open: new Float64Array(n),
      high: new Float64Array(n),
      low: new Float64Array(n),
      close: new Float64Array(n),
      adjClose: new Float64Array(n),
      volume: new Float64Array(n),
      sources: ["file"],
    };
    for (let i = 0; i < n; i++) {
      const x = lines[i + 1].split(",");
      f.dates[i] = dayOfIso(x[d]);
      f.open[i] = num(x[o]);
      f.high[i] = num(x[h]);
      f.low[i] = num(x[l]);
      f.close[i] = num(x[c]);
      f.adjClose[i] = a >= 0 ? num(x[a]) : NaN;
      f.volume[i] = num(x[v]);
    }
    return f;
  });
}

/** A FRED CSV (either header style); missing values ('' or '.') kept as NaN. */
export function loadFred(id: string, dir = join(SHARED_DATA, "fred")): SeriesFrame & { sources: string[] } {
  return cached(`fred:${dir}:${id}`, () => {
    const lines = readFileSync(join(dir, `${id}.csv`), "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
    const n = lines.length - 1;
    const dates = new Int32Array(n);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const [date, value] = lines[i + 1].split(",");
      dates[i] = dayOfIso(date);
      values[i] = num(value);
    }
    return { id, dates, values, sources: ["fred"] };
  });
}

const ASSET: Record<string, Holding["assetClass"]> = {
  Equity: "equity",
  Cash: "cash",
  "Money Market": "money-market",
  "Cash Collateral and Margins": "collateral",
  Futures: "future",
};
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** An iShares holdings file: the table between the "Ticker," header and the first short line. */
export function loadHoldings(file: string, dir = join(SHARED_DATA, "holdings")): Holding[] {
  return cached(`holdings:${dir}:${file}`, () => {
    const lines = readFileSync(join(dir, file), "utf8").replace(/^\uFEFF/, "").split(/\r?\n/);
    const fund = file.split("_")[0];
    const asOfLine = lines.find((l) => l.startsWith("Fund Holdings as of")) as string;
    const m = /"(\w{3}) (\d{2}), (\d{4})"/.exec(asOfLine) as RegExpExecArray;
    const asOf = `${m[3]}-${String(MONTHS.indexOf(m[1]) + 1).padStart(2, "0")}-${m[2]}`;
    const start = lines.findIndex((l) => l.startsWith("Ticker,"));
    const head = csvFields(lines[start]);
    const at = (name: string) => head.indexOf(name);
    const out: Holding[] = [];
    for (let i = start + 1; i < lines.length; i++) {
      const f = csvFields(lines[i]);
      if (f.length < 10) break;
      const n = (name: string) => {
        const t = f[at(name)].replace(/,/g, "");
        return t === "-" || t === "" ? null : Number(t);
      };
      const s = (name: string) => (f[at(name)] === "-" || f[at(name)] === "" ? null : f[at(name)]);
      out.push({
        fund,
        asOf,
        ticker: f[at("Ticker")],
        name: f[at("Name")],
        sector: s("Sector"),
        assetClass: ASSET[f[at("Asset Class")]] ?? "other",
        marketValue: n("Market Value") ?? 0,
        weight: (n("Weight (%)") ?? 0) / 100,
        shares: n("Quantity"),
        price: n("Price"),
        location: s("Location"),
        exchange: s("Exchange"),
        currency: s("Currency"),
      });
    }
    return out;
  });
}
