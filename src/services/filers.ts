/**
 * Which SEC filer a fund's holding is. iShares writes share classes without their separator
 * (BRKB for EDGAR's BRK-B) and sometimes only the name says the class, so a holding is looked
 * up as the listed symbol r2k reads it as (constituentSymbol: the user's map, the table of
 * dotless classes, a class letter from the name), then as written, then without separators.
 */
import type { Company } from "../model/index.ts";
import { constituentSymbol } from "../sources/files/share-classes.ts";

const dotless = (ticker: string) => ticker.toUpperCase().replace(/[-.\s]/g, "");

/** A lookup of holdings' filers (CIK) among `companies`; undefined for a holding no filer lists. */
export function filerOf(companies: readonly Company[], tickerMap: Readonly<Record<string, string>> = {}): (h: { ticker: string; name: string }) => number | undefined {
  const byTicker = new Map<string, number>();
  for (const c of companies) for (const t of c.tickers) byTicker.set(t.ticker.toUpperCase(), c.cik);
  const byDotless = new Map<string, number>();
  for (const [ticker, cik] of byTicker) if (!byDotless.has(dotless(ticker))) byDotless.set(dotless(ticker), cik);
  return (h) => {
    const { symbol, alternates } = constituentSymbol(h, tickerMap);
    for (const t of [symbol, ...alternates, h.ticker.toUpperCase()]) {
      const cik = byTicker.get(t);
      if (cik !== undefined) return cik;
    }
    return byDotless.get(dotless(h.ticker));
  };
}
