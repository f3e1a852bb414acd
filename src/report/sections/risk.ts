/** Section 11: risk by holding period: loss probabilities, rolling returns, tail risk. */
import * as charts from "../../views/charts.ts";
import { STYLE, chart, table, unavailable } from "../blocks.ts";
import type { ReportContext } from "../context.ts";
import { figureCell, mergeProvenance, textCell } from "../format.ts";
import type { Block, Section } from "../types.ts";

const plural = (y: number) => `${y} year${y > 1 ? "s" : ""}`;

export function risk(ctx: ReportContext): Section {
  const head = { id: "risk", title: "Risk by holding period", question: "How often did holding it for one, three, five or ten years lose money?" };
  if (!ctx.reps.length) return { ...head, finding: null, blocks: [unavailable("Risk by horizon", "no index has closes in the window")] };
  const blocks: Block[] = [];
  const reps = ctx.reps;
  const years = reps[0].risk.probabilityOfLoss.map((p) => p.years);
  const loss = (r: (typeof reps)[number], y: number) => r.risk.probabilityOfLoss.find((p) => p.years === y)?.figure;
  blocks.push(
    table(
      "loss-probability",
      `Share of holding periods that ended with a loss (every start date in the window, ${ctx.basisWord})`,
      ["holding period", ...reps.map((r) => r.symbol)],
      years.map((y) => [textCell(plural(y)), ...reps.map((r) => figureCell(loss(r, y), "pct"))]),
    ),
  );
  blocks.push(
    chart(
      "loss-chart",
      "Probability of a loss by holding period",
      charts.lossProbabilityChart(STYLE, years, reps.map((r) => ({ name: r.symbol, values: years.map((y) => loss(r, y)?.value ?? null) }))),
      years.length * reps.length,
      mergeProvenance(reps.flatMap((r) => r.risk.probabilityOfLoss.map((p) => p.figure))),
      undefined,
      { width: 760, height: 240 },
    ),
  );
  const rr = reps[0].rollingReturns.map((x) => x.years);
  blocks.push(
    table(
      "rolling-returns",
      "Returns over every holding period of that length, % a year: worst, median, best",
      ["holding period", ...reps.map((r) => r.symbol)],
      rr.flatMap((y) =>
        (["annualizedMin", "annualizedMedian", "annualizedMax"] as const).map((k) => [
          textCell(`${plural(y)}: ${k === "annualizedMin" ? "worst" : k === "annualizedMedian" ? "median" : "best"}`),
          ...reps.map((r) => {
            const x = r.rollingReturns.find((z) => z.years === y);
            return x && x.windows > 0 ? figureCell(x[k], "pctSigned") : textCell("n/a");
          }),
        ]),
      ),
    ),
  );
  const tails = reps[0].risk.tail;
  blocks.push(
    table(
      "tail-risk",
      "Tail risk: historical value at risk and expected shortfall (losses as positive numbers)",
      ["", ...reps.map((r) => r.symbol)],
      tails.flatMap((t) =>
        (["valueAtRisk", "conditionalValueAtRisk"] as const).map((k) => [
          textCell(`${t.horizon}, ${Math.round(t.confidence * 100)}%: ${k === "valueAtRisk" ? "value at risk" : "expected shortfall"}`),
          ...reps.map((r) => figureCell(r.risk.tail.find((x) => x.horizon === t.horizon && x.confidence === t.confidence)?.[k], "pct")),
        ]),
      ),
    ),
  );
  let finding: Section["finding"] = null;
  const small = ctx.small;
  const bench = ctx.rep(ctx.data.benchmark);
  const y = [10, 5, 3, 1].find((n) => small && loss(small, n)?.value != null);
  if (small && y !== undefined) {
    const b = bench ? loss(bench, y) : undefined;
    finding = ctx.finding([
      `Of all ${plural(y)} holding periods starting in the window, `,
      ctx.cite(`${ctx.name(small.symbol)} share of ${y}-year holding periods with a loss`, loss(small, y), "pct"),
      ` ended with a loss for ${ctx.the(small.symbol)}`,
      ...(b?.value != null ? [" against ", ctx.cite(`${ctx.name(ctx.data.benchmark)} share of ${y}-year holding periods with a loss`, b, "pct"), ` for ${ctx.the(ctx.data.benchmark)}`] : []),
      ".",
    ]);
  }
  return { ...head, finding, blocks };
}
