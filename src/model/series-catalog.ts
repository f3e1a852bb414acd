import type { Frequency, SeriesKind, SeriesMeta } from "./series.ts";

interface Known {
  kind: SeriesKind;
  name: string;
  frequency: Frequency;
  currency: string | null;
}

/** Names and kinds of the series r2k knows by id; anything else is described from its id. */
const KNOWN: Record<string, Known> = {
  "^RUT": { kind: "index", name: "Russell 2000", frequency: "daily", currency: "USD" },
  "^GSPC": { kind: "index", name: "S&P 500", frequency: "daily", currency: "USD" },
  "^IXIC": { kind: "index", name: "Nasdaq Composite", frequency: "daily", currency: "USD" },
  "^RUI": { kind: "index", name: "Russell 1000", frequency: "daily", currency: "USD" },
  "^RUA": { kind: "index", name: "Russell 3000", frequency: "daily", currency: "USD" },
  IWM: { kind: "etf", name: "iShares Russell 2000 ETF", frequency: "daily", currency: "USD" },
  IWB: { kind: "etf", name: "iShares Russell 1000 ETF", frequency: "daily", currency: "USD" },
  IWV: { kind: "etf", name: "iShares Russell 3000 ETF", frequency: "daily", currency: "USD" },
  IVV: { kind: "etf", name: "iShares Core S&P 500 ETF", frequency: "daily", currency: "USD" },
  SPY: { kind: "etf", name: "SPDR S&P 500 ETF", frequency: "daily", currency: "USD" },
  QQQ: { kind: "etf", name: "Invesco QQQ (Nasdaq-100) ETF", frequency: "daily", currency: "USD" },
  KRE: { kind: "etf", name: "SPDR S&P Regional Banking ETF", frequency: "daily", currency: "USD" },
  DFF: { kind: "macro", name: "Effective federal funds rate, daily (%)", frequency: "daily", currency: null },
  FEDFUNDS: { kind: "macro", name: "Effective federal funds rate, monthly (%)", frequency: "monthly", currency: null },
  DGS2: { kind: "macro", name: "2-year Treasury yield (%)", frequency: "daily", currency: null },
  DGS10: { kind: "macro", name: "10-year Treasury yield (%)", frequency: "daily", currency: null },
  T10Y2Y: { kind: "macro", name: "10-year minus 2-year Treasury spread (pp)", frequency: "daily", currency: null },
  BAMLH0A0HYM2: { kind: "macro", name: "ICE BofA US high-yield option-adjusted spread (%)", frequency: "daily", currency: null },
  UNRATE: { kind: "macro", name: "Unemployment rate (%)", frequency: "monthly", currency: null },
  CPIAUCSL: { kind: "macro", name: "CPI-U, all items (1982-84=100)", frequency: "monthly", currency: null },
  USREC: { kind: "macro", name: "NBER recession indicator (1 = recession)", frequency: "monthly", currency: null },
};

/**
 * The metadata of series `id` as stored: a known series by its name, anything else described from
 * its id (an index when it starts with ^, else a stock; `isMacro` for observations).
 */
export function describeSeries(id: string, source: string, isMacro = false): SeriesMeta {
  const known = KNOWN[id];
  if (known) return { id, ...known, source };
  if (isMacro) return { id, kind: "macro", name: id, frequency: "daily", currency: null, source };
  return {
    id,
    kind: id.startsWith("^") ? "index" : "stock",
    name: id,
    frequency: "daily",
    currency: "USD",
    source,
  };
}
