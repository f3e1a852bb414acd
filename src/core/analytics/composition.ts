import type { Holding } from "../../model/holding.ts";
import { isConstituent } from "../../model/constituent.ts";
import { quantile } from "./stats.ts";

/**
 * Which rows of a holdings file count: "listed" = the model's constituents (equity rows with a
 * ticker and a market, i.e. without unlisted rights and vesting lines; r2k's default) or
 * "equity" = every row whose asset class is equity (the reference figures' method).
 */
export type HoldingRows = "listed" | "equity";

export interface WeightBucket {
  name: string;
  /** Share of the selected rows' market value. */
  weight: number;
  count: number;
}

export interface Composition {
  fund: string;
  asOf: string;
  rows: HoldingRows;
  count: number;
  totalMarketValue: number;
  /** Sum of the file's own weight column over the selected rows (fractions: 0.9939 for 99.39%). */
  fileWeightSum: number;
  /** Market-value share of the ten largest positions. */
  top10Weight: number;
  top10: { ticker: string; name: string; weight: number }[];
  /** Herfindahl index: sum of squared market-value weights. */
  herfindahl: number;
  /** 1 / Herfindahl. */
  effectiveHoldings: number;
  medianPositionValue: number;
  meanPositionValue: number;
  /** Market-value weights by sector, largest first (missing sector = "Unknown"). */
  sectors: WeightBucket[];
  /** Market-value weights by the file's Location column (a domestic-exposure proxy), largest first. */
  locations: WeightBucket[];
}

export function selectRows(holdings: readonly Holding[], rows: HoldingRows): Holding[] {
  return holdings.filter(rows === "listed" ? isConstituent : (h) => h.assetClass === "equity");
}

/**
 * Composition of one holdings snapshot (one fund, one as-of date). Weights are shares of the
 * selected rows' market value (not the file's rounded weight column). Throws RangeError when no
 * row qualifies, the rows mix funds or dates, or the market values do not sum to a positive total.
 */
export function composition(holdings: readonly Holding[], rows: HoldingRows = "listed"): Composition {
  const sel = selectRows(holdings, rows);
  if (sel.length === 0) throw new RangeError(`no ${rows === "listed" ? "listed equity" : "equity"} rows among ${holdings.length} holdings`);
  const fund = sel[0].fund;
  const asOf = sel[0].asOf;
  for (const h of sel) {
    if (h.fund !== fund || h.asOf !== asOf) {
      throw new RangeError(`holdings mix ${fund} ${asOf} with ${h.fund} ${h.asOf}: pass one snapshot at a time`);
    }
  }
  const mv = Float64Array.from(sel, (h) => h.marketValue);
  let total = 0;
  let fileWeightSum = 0;
  for (let i = 0; i < sel.length; i++) {
    total += mv[i];
    fileWeightSum += sel[i].weight;
  }
  if (!(total > 0)) throw new RangeError(`${fund} ${asOf}: market values sum to ${total}`);
  let hhi = 0;
  for (let i = 0; i < mv.length; i++) hhi += (mv[i] / total) ** 2;
  const order = sel.map((_, i) => i).sort((a, b) => mv[b] - mv[a] || (sel[a].ticker < sel[b].ticker ? -1 : 1));
  const top = order.slice(0, 10);
  let topValue = 0;
  for (const i of top) topValue += mv[i];
  return {
    fund,
    asOf,
    rows,
    count: sel.length,
    totalMarketValue: total,
    fileWeightSum,
    top10Weight: topValue / total,
    top10: top.map((i) => ({ ticker: sel[i].ticker, name: sel[i].name, weight: mv[i] / total })),
    herfindahl: hhi,
    effectiveHoldings: 1 / hhi,
    medianPositionValue: quantile(mv, 0.5),
    meanPositionValue: total / sel.length,
    sectors: buckets(sel, mv, total, (h) => h.sector),
    locations: buckets(sel, mv, total, (h) => h.location),
  };
}

function buckets(sel: Holding[], mv: Float64Array, total: number, key: (h: Holding) => string | null): WeightBucket[] {
  const map = new Map<string, { value: number; count: number }>();
  sel.forEach((h, i) => {
    const k = key(h) ?? "Unknown";
    const b = map.get(k) ?? { value: 0, count: 0 };
    b.value += mv[i];
    b.count++;
    map.set(k, b);
  });
  return [...map.entries()]
    .map(([name, b]) => ({ name, weight: b.value / total, count: b.count }))
    .sort((a, b) => b.weight - a.weight || (a.name < b.name ? -1 : 1));
}

/** Weight of one named bucket (0 when absent). */
export function bucketWeight(list: readonly WeightBucket[], name: string): number {
  return list.find((b) => b.name === name)?.weight ?? 0;
}

export interface CompositionComparison {
  small: string;
  large: string;
  /** Per sector: small-fund weight, large-fund weight, difference (small - large). */
  sectors: { name: string; small: number; large: number; difference: number }[];
  /** small / large for the scalar measures. */
  ratios: {
    count: number;
    top10Weight: number;
    herfindahl: number;
    effectiveHoldings: number;
    medianPositionValue: number;
    meanPositionValue: number;
  };
  /** Market-value share located in `domestic` for each fund. */
  domestic: { location: string; small: number; large: number };
}

/** Side by side: a small-cap fund's composition against a large-cap fund's. */
export function compareComposition(small: Composition, large: Composition, domestic = "United States"): CompositionComparison {
  const names = [...new Set([...small.sectors.map((s) => s.name), ...large.sectors.map((s) => s.name)])];
  const sectors = names
    .map((name) => {
      const s = bucketWeight(small.sectors, name);
      const l = bucketWeight(large.sectors, name);
      return { name, small: s, large: l, difference: s - l };
    })
    .sort((a, b) => b.small - a.small || (a.name < b.name ? -1 : 1));
  return {
    small: small.fund,
    large: large.fund,
    sectors,
    ratios: {
      count: small.count / large.count,
      top10Weight: small.top10Weight / large.top10Weight,
      herfindahl: small.herfindahl / large.herfindahl,
      effectiveHoldings: small.effectiveHoldings / large.effectiveHoldings,
      medianPositionValue: small.medianPositionValue / large.medianPositionValue,
      meanPositionValue: small.meanPositionValue / large.meanPositionValue,
    },
    domestic: { location: domestic, small: bucketWeight(small.locations, domestic), large: bucketWeight(large.locations, domestic) },
  };
}
