/**
 * Each fund's companies valued from stored SEC EDGAR facts as of the fund's holdings' date: the
 * company's cap (companyCaps: total shares of every class x the stored close, else the
 * holdings' price), its weight in the fund (the fund's market value of all its classes over
 * the fund's listed equity value), and its trailing earnings, operating income and interest
 * expense, equity and debt as filed by that day. The pure aggregation is companyValuation.
 */
import type { CompanyRow } from "../core/analytics/company-valuation.ts";
import { selectRows } from "../core/analytics/composition.ts";
import type { CompanyValuationInput, HoldingsInput } from "../core/analytics/snapshot-inputs.ts";
import { companyFigures } from "../core/fundamentals.ts";
import { hasFacts } from "../store/fundamentals-read.ts";
import type { Store } from "../store/store.ts";
import type { Holding } from "../model/index.ts";
import { companyCaps, VALUATION_CONCEPTS, type CompanyCap, type CompanyCaps } from "./company-caps.ts";

export interface CompanyValuationOptions {
  /** The user's symbol map (config `constituents.tickerMap`). */
  tickerMap?: Readonly<Record<string, string>>;
}

/** The company valuation inputs of every fund given; none when no SEC facts are stored. */
export async function companyValuationInputs(store: Store, holdings: readonly HoldingsInput[], opts: CompanyValuationOptions = {}): Promise<CompanyValuationInput[]> {
  if (holdings.length === 0 || !(await hasFacts(store))) return [];
  const out: CompanyValuationInput[] = [];
  for (const h of holdings) {
    const { listed, total } = listedPositions(h.rows);
    if (listed.length === 0 || !(total > 0)) continue;
    const caps = await companyCaps(
      store,
      listed.map((x) => ({ ticker: x.ticker, name: x.name, price: x.price })),
      h.asOf,
      { tickerMap: opts.tickerMap, concepts: VALUATION_CONCEPTS, priceDay: h.asOf },
    );
    const { rows, capped, uncapped } = companyRows(caps, listed, total, h.asOf);
    const closeDays = new Set<string>();
    let atClose = 0;
    let atHoldings = 0;
    for (const c of capped) {
      if (c.price?.from === "close") {
        atClose++;
        closeDays.add(c.price.day);
      } else atHoldings++;
    }
    out.push({
      fund: h.fund,
      asOf: h.asOf,
      rows,
      positions: listed.length,
      unmatched: listed.filter((x) => !caps.cikOf.has(x.ticker)).length,
      uncapped,
      prices: { close: atClose, closeDays: [...closeDays].sort(), holdings: atHoldings },
      sources: atClose ? ["sec", "closes"] : ["sec"],
    });
  }
  return out;
}

/** A holdings snapshot's listed equity positions and their market value: what a company's weight in the fund is a share of. */
export function listedPositions(rows: readonly Holding[]): { listed: Holding[]; total: number } {
  const listed = selectRows(rows, "listed");
  let total = 0;
  for (const x of listed) total += x.marketValue;
  return { listed, total };
}

/**
 * The company rows of a fund's listed positions on `day`: the companies with a cap that day,
 * each weighted by the fund's market value of all its classes over `total`, with their
 * figures as filed by `day`.
 */
export function companyRows(
  caps: CompanyCaps,
  listed: readonly Pick<Holding, "ticker" | "marketValue">[],
  total: number,
  day: string,
): { rows: CompanyRow[]; capped: CompanyCap[]; uncapped: number } {
  const held = new Map<number, number>();
  for (const x of listed) {
    const cik = caps.cikOf.get(x.ticker);
    if (cik !== undefined) held.set(cik, (held.get(cik) ?? 0) + x.marketValue);
  }
  const rows: CompanyRow[] = [];
  const capped: CompanyCap[] = [];
  let uncapped = 0;
  for (const c of caps.companies.values()) {
    if (c.cap === null || !(c.cap > 0) || !c.price) {
      uncapped++;
      continue;
    }
    capped.push(c);
    const f = companyFigures(c.facts, day);
    rows.push({
      id: String(c.cik),
      ticker: c.ticker,
      cap: c.cap,
      weight: (held.get(c.cik) ?? 0) / total,
      earnings: f.earnings?.value ?? null,
      equity: f.equity?.value ?? null,
      debt: f.debt?.value ?? null,
      interestExpense: f.interestExpense?.value ?? null,
      operatingIncome: f.operatingIncome?.value ?? null,
    });
  }
  return { rows, capped, uncapped };
}
