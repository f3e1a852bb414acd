import type { Holding } from "../../model/holding.ts";
import { type HoldingRows, selectRows } from "./composition.ts";

/**
 * Fundamentals for one company, from a fundamentals import or provider quotes. Either totals
 * (earnings and book value with the market capitalisation) or per-share ratios (pe, pb) may be
 * given; totals win when both are present. Earnings are trailing twelve months, currency units.
 */
export interface FundamentalRow {
  ticker: string;
  marketCap?: number | null;
  earnings?: number | null;
  bookValue?: number | null;
  pe?: number | null;
  pb?: number | null;
}

export interface ValuationOptions {
  rows: HoldingRows;
  /**
   * "include" (default): loss-makers enter the harmonic mean with their negative earnings yield,
   * as in an aggregate P/E (total cap / total earnings). "exclude": only positive earnings count.
   */
  negativeEarnings: "include" | "exclude";
}

export type Valuation =
  | { available: false; reason: string }
  | {
      available: true;
      fund: string;
      asOf: string;
      /**
       * Harmonic weighted P/E: sum(w) / sum(w * E/P) over holdings with earnings data (weights
       * renormalized over them); null when that sum is not positive (aggregate losses).
       */
      pe: number | null;
      /** Harmonic weighted P/B: sum(w) / sum(w * B/P); null when not positive or no book data. */
      pb: number | null;
      /** Share of covered companies (by count) with negative earnings. */
      negativeEarningsShare: number;
      /** The same by market-value weight (of the covered holdings). */
      negativeEarningsWeight: number;
      /** Market-value share of the selected holdings with earnings data / with book data. */
      earningsCoverage: number;
      bookCoverage: number;
      covered: number;
      count: number;
      negativeEarnings: "include" | "exclude";
    };

/**
 * Aggregate valuation of a fund from its holdings (weights = market-value shares) and per-company
 * fundamentals matched by ticker. Says clearly when no fundamentals match.
 */
export function valuation(
  holdings: readonly Holding[],
  fundamentals: readonly FundamentalRow[] | undefined,
  options: Partial<ValuationOptions> = {},
): Valuation {
  const o: ValuationOptions = { rows: "listed", negativeEarnings: "include", ...options };
  const sel = selectRows(holdings, o.rows);
  if (sel.length === 0) return { available: false, reason: "no holdings stored: valuation needs a holdings snapshot" };
  const fund = sel[0].fund;
  if (!fundamentals || fundamentals.length === 0) {
    return {
      available: false,
      reason: `no valuation data stored for ${fund}: import per-company earnings and book value (or P/E, P/B quotes)`,
    };
  }
  const byTicker = new Map(fundamentals.map((f) => [f.ticker, f]));
  let total = 0;
  for (const h of sel) total += h.marketValue;
  let wE = 0;
  let sE = 0;
  let wB = 0;
  let sB = 0;
  let covered = 0;
  let negatives = 0;
  let negWeight = 0;
  for (const h of sel) {
    const f = byTicker.get(h.ticker);
    if (!f) continue;
    const w = h.marketValue / total;
    const ey = yieldOf(f.earnings, f.marketCap, f.pe);
    if (ey !== null) {
      covered++;
      if (ey < 0) {
        negatives++;
        negWeight += w;
      }
      if (ey >= 0 || o.negativeEarnings === "include") {
        wE += w;
        sE += w * ey;
      }
    }
    const by = yieldOf(f.bookValue, f.marketCap, f.pb);
    if (by !== null) {
      wB += w;
      sB += w * by;
    }
  }
  if (covered === 0 && wB === 0) {
    return { available: false, reason: `no fundamentals match the tickers of ${fund}'s ${sel.length} holdings` };
  }
  let coveredWeight = 0;
  for (const h of sel) {
    const f = byTicker.get(h.ticker);
    if (f && yieldOf(f.earnings, f.marketCap, f.pe) !== null) coveredWeight += h.marketValue / total;
  }
  return {
    available: true,
    fund,
    asOf: sel[0].asOf,
    pe: wE > 0 && sE > 0 ? wE / sE : null,
    pb: wB > 0 && sB > 0 ? wB / sB : null,
    negativeEarningsShare: covered ? negatives / covered : 0,
    negativeEarningsWeight: coveredWeight > 0 ? negWeight / coveredWeight : 0,
    earningsCoverage: coveredWeight,
    bookCoverage: wB,
    covered,
    count: sel.length,
    negativeEarnings: o.negativeEarnings,
  };
}

/** Yield (E/P or B/P) from totals, else from a ratio; null when unknown. */
function yieldOf(total: number | null | undefined, cap: number | null | undefined, ratio: number | null | undefined): number | null {
  if (total != null && Number.isFinite(total) && cap != null && cap > 0) return total / cap;
  if (ratio != null && Number.isFinite(ratio) && ratio !== 0) return 1 / ratio;
  return null;
}
