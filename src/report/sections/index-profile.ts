/** Section 1: what the index is, from its price history and the small-cap fund's holdings. */
import { isConstituent } from "../../model/index.ts";
import { at, fx, table, text, unavailable } from "../blocks.ts";
import type { ReportContext } from "../context.ts";
import { figureCell, isSynthetic, textCell } from "../format.ts";
import type { Block, Cell, Section } from "../types.ts";

export function indexProfile(ctx: ReportContext): Section {
  const d = ctx.data;
  const blocks: Block[] = [];
  const sm = ctx.name(d.smallCap);
  blocks.push(
    text(
      `The ${sm} measures the small-company segment of the US stock market: the companies ranked below the largest thousand of the broad Russell 3000 universe, weighted by the market value of their freely traded shares and rebuilt at each reconstitution. Everything below is measured from the stored data: the index's own price history and, where stored, the holdings of the ${ctx.smallFund} fund that tracks it.`,
    ),
  );
  const items: { label: string; cell: Cell }[] = [];
  if (ctx.small) {
    items.push({ label: `${d.smallCap} history read`, cell: textCell(`${ctx.small.data.from} to ${ctx.small.data.to}`) });
    items.push({ label: `Close on ${ctx.small.lastClose.asOf}, the window's last`, cell: figureCell(ctx.small.lastClose, "level") });
  }
  const pair = ctx.fundPair();
  let finding: Section["finding"] = null;
  if (pair) {
    const f = pair.small;
    const prov = at(f.asOf, f.sources);
    const holdings = ctx.inputs.holdings?.find((h) => h.fund === f.fund);
    const rows = (holdings?.rows ?? []).filter(isConstituent);
    const total = rows.reduce((n, r) => n + r.marketValue, 0);
    const big = [...rows].sort((a, b) => b.marketValue - a.marketValue)[0];
    items.push({ label: `Companies held by ${f.fund} on ${f.asOf}`, cell: fx(f.count, "count", prov, "num0") });
    if (big && total > 0) items.push({ label: `Largest position: ${big.name} (${big.ticker})`, cell: fx(big.marketValue / total, "fraction", prov, "pct", 2) });
    items.push({ label: "Weight of the ten largest positions", cell: fx(f.top10Weight, "fraction", prov, "pct") });
    items.push({ label: "Effective number of holdings (1 / Herfindahl)", cell: fx(f.effectiveHoldings, "count", prov, "num0") });
    const us = f.locations.find((x) => x.name === "United States")?.weight;
    if (us !== undefined) items.push({ label: "Weight located outside the United States", cell: fx(1 - us, "fraction", prov, "pct") });

    const cite = (label: string, value: number, format: "pct" | "num0", p = prov) => ctx.cite(label, { value, unit: "fraction", ...p }, format);
    const parts: Parameters<ReportContext["finding"]>[0] = [
      `${f.fund}'s ${f.count.toLocaleString("en-US")} holdings of ${f.asOf} spread its value widely: the ten largest weigh `,
      cite(`${f.fund} weight of its ten largest positions`, f.top10Weight, "pct"),
      " and the concentration equals ",
      cite(`${f.fund} effective number of holdings`, f.effectiveHoldings, "num0"),
      " equal positions",
    ];
    if (pair.large) {
      const lp = at(pair.large.asOf, pair.large.sources);
      parts.push(
        `, against `,
        cite(`${pair.large.fund} weight of its ten largest positions`, pair.large.top10Weight, "pct", lp),
        ` and `,
        cite(`${pair.large.fund} effective number of holdings`, pair.large.effectiveHoldings, "num0", lp),
        ` for ${pair.large.fund} (${pair.large.asOf}).`,
      );
    } else parts.push(".");
    finding = ctx.finding(parts);
    if (f.asOf > d.asOf) {
      blocks.push(text(`The holdings are dated ${f.asOf}, after the window's last close (${d.asOf}): they describe the fund today, not on that date. Give --asof to use only holdings dated on or before it.`));
    }
  }
  if (items.length) blocks.push({ kind: "figures", id: "index-figures", items, synthetic: items.some((i) => isSynthetic(i.cell.figure?.sources ?? ctx.small?.sources ?? [])) });
  if (pair) {
    const funds = pair.large ? [pair.small, pair.large] : [pair.small];
    blocks.push(
      table(
        "concentration",
        `Size and concentration: ${funds.map((f) => `${f.fund} (${f.asOf})`).join(" and ")}`,
        ["fund (holdings as of)", "companies", "top 10 weight", "largest weight", "effective holdings", "median position"],
        funds.map((f) => {
          const p = at(f.asOf, f.sources);
          return [
            textCell(`${f.fund} (${f.asOf})`),
            fx(f.count, "count", p, "num0"),
            fx(f.top10Weight, "fraction", p, "pct"),
            fx(f.top10[0]?.weight ?? null, "fraction", p, "pct", 2),
            fx(f.effectiveHoldings, "count", p, "num0"),
            fx(f.medianPositionValue, "currency", p, "money"),
          ];
        }),
        { note: `${pair.note ?? ""} Weights are shares of the listed equity positions' market value; the effective number of holdings is the count of equal positions with the same concentration; positions are the fund's dollars, not company sizes.`.trim() },
      ),
    );
  } else {
    const comp = ctx.snapshot.composition;
    blocks.push(unavailable("Holdings, size range and concentration", comp.available ? `no ${ctx.smallFund} holdings stored` : noHoldings(ctx, comp.reason), `Import an iShares holdings file for ${ctx.smallFund} (r2k import IWM_holdings.csv) or run r2k update.`));
  }
  return { id: "index", title: `What the ${sm} is`, question: "What does the index hold, and how concentrated is it?", finding, blocks };
}

/** Why there are no holdings: none stored, or none dated on or before the requested end. */
export function noHoldings(ctx: ReportContext, reason: string): string {
  const later = ctx.data.status.holdings.filter((h) => h.asOf > ctx.data.asOf);
  if (ctx.data.asOfRequested && later.length && !(ctx.inputs.holdings ?? []).length) {
    return `no holdings snapshot dated on or before ${ctx.data.asOf} (the stored ones, ${[...new Set(later.map((h) => `${h.fund} ${h.asOf}`))].join(", ")}, are later and not used)`;
  }
  return reason;
}
