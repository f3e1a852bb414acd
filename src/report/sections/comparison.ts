/** Section 2: the measured comparison table. */
import { unavailable } from "../blocks.ts";
import { comparisonBlock, comparisonTable } from "../comparison.ts";
import type { ReportContext } from "../context.ts";
import type { Section } from "../types.ts";

export function comparison(ctx: ReportContext): Section {
  const t = comparisonTable(ctx.data.measurement, ctx.data.indices, ctx.names, ctx.data.catalog.filter((s) => s.table === "bars"));
  const others = [...new Set(t.columns.filter((c) => c.symbol !== ctx.data.smallCap).map((c) => c.name))];
  let finding: Section["finding"] = null;
  const small = ctx.small;
  if (small && ctx.reps.length > 1) {
    const growth = (r: typeof small) => ctx.cite(`${ctx.name(r.symbol)} growth over the window, % a year (${ctx.basisWord})`, r.basis === "total" && r.cagr.total ? r.cagr.total : r.cagr.price, "pct");
    const vol = (r: typeof small) => ctx.cite(`${ctx.name(r.symbol)} volatility over the window`, r.risk.volatility, "pct");
    const rest = ctx.reps.filter((r) => r !== small);
    const list = <T,>(items: T[], f: (x: T) => (string | { text: string; note: number | null })[]) =>
      items.flatMap((x, i) => [...(i === 0 ? [] : [i === items.length - 1 ? " and " : ", "]), ...f(x)]);
    finding = ctx.finding([
      `From ${t.window.from} to ${t.window.to}, ${ctx.the(small.symbol)} grew `,
      growth(small),
      " a year against ",
      ...list(rest, (r) => [growth(r), ` for ${ctx.the(r.symbol)}`]),
      `, with a volatility of `,
      vol(small),
      " a year against ",
      ...list(rest, (r) => [vol(r)]),
      ".",
    ]);
  }
  return {
    id: "comparison",
    title: `How it compares with the ${others.join(" and ")}`,
    question: "Side by side, measured the same way over the same window: how do they differ?",
    finding,
    blocks: t.columns.length ? [comparisonBlock(t)] : [unavailable("The comparison", "no index has closes in the window")],
  };
}
