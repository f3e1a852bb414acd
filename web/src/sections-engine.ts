/** The index engine: a Russell-style reconstitution preview of the stored universe (/api/recon). */
import { ApiError, type Json } from "./api.ts";
import { draw, palette } from "./charts.ts";
import { escapeHtml, money, num, pct } from "./format.ts";
import type { SectionContext } from "./sections.ts";
import { card, empty, h, table } from "./ui.ts";

/** Constituents asked for: the chart shows the largest Russell 2000 members. */
const TOP = 20;

const INDEX_SHORT: Record<string, string> = { r1000: "Russell 1000", r2000: "Russell 2000", r3000: "Russell 3000", microcap: "Russell Microcap", r3000e: "Russell 3000E" };

/** Cumulative share of market cap, in percent as the engine gives it. */
/** The engine's warnings are clauses: "the previous membership has ..." -> "The previous membership has ....". */
const sentence = (t: string) => `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? "" : "."}`;

const cum = (x: number | null | undefined) => (x === null || x === undefined ? "–" : `${num(Math.min(x, 100), 1)}%`);

/**
 * What the footers rest on: the response's sources and rank day. The universe served over HTTP
 * is always a stored demo universe; its label is marked synthetic demo (and every source is
 * when the response is demo but no label says which input was).
 */
function provenanceOf(d: Json): { asOf: string | null; sources: string[] } {
  const sources: string[] = d.meta.sources ?? [];
  const demo = Boolean(d.meta.demo);
  const named = sources.some((s) => s.startsWith("demo "));
  return { asOf: d.meta.asOf ?? d.rankDate ?? null, sources: sources.map((s) => (demo && (!named || s.startsWith("demo ")) ? `${s}:demo` : s)) };
}

export async function indexEngine(el: HTMLElement, c: SectionContext): Promise<void> {
  let d: Json;
  try {
    d = await c.getOnly("/api/recon", { limit: TOP });
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
    empty(
      el,
      "No stored universe to reconstitute.",
      "The index engine ranks a universe stored in r2k. To try it on the synthetic demo universe, run r2k demo (it writes the demo market to its own file) and serve that with r2k serve --demo. To preview real data, run r2k recon --universe FILE (a universe CSV or an iShares IWV holdings file, with --previous for adds and deletes) on the command line.",
    );
    return;
  }
  const prov = provenanceOf(d);
  const ix = (name: string): Json => (d.indexes as Json[]).find((x) => x.name === name) ?? null;

  // Breakpoints and bands, one column per breakpoint.
  const b = card(el, "Breakpoints and bands", { id: "recon-breakpoints" });
  const points: Json[] = (["r1000", "r3000"] as const).map((k, i) => ({ rank: i === 0 ? 1000 : 3000, bp: d.breakpoints[k], band: d.bands[k] }));
  type Row = [string, (p: Json) => string];
  const rows: Row[] = [
    ["Divides", (p) => (p.rank === 1000 ? "Russell 1000 | 2000" : "end of the Russell 3000")],
    ["Company at the rank", (p) => p.bp?.ticker ?? "–"],
    ["Market cap at the rank", (p) => money(p.bp?.totalCap)],
    ["Cumulative share of cap", (p) => cum(p.bp?.cumPct)],
    ["Band, cumulative share", (p) => (p.band ? `${cum(p.band.lowPct)} – ${cum(p.band.highPct)}` : "no band")],
    ["Band, market cap", (p) => (p.band?.companiesInBand ? `${money(p.band.smallestCapInBand)} – ${money(p.band.largestCapInBand)}` : "–")],
    ["Band, ranks", (p) => (p.band?.companiesInBand ? `${num(p.band.firstRankInBand, 0)} – ${num(p.band.lastRankInBand, 0)}` : "–")],
    ["Companies in the band", (p) => (p.band ? num(p.band.companiesInBand, 0) : "–")],
  ];
  const bt = table(b.body, rows, [{ head: "Measure", cell: (r) => r[0] }, ...points.map((p) => ({ head: `Rank ${num(p.rank, 0)}`, cell: (r: Row) => r[1](p) }))]);
  bt.classList.add("wraps");
  const n = d.counts;
  const lines = [
    `${num(n.eligibleCompanies, 0)} of ${num(n.companies, 0)} companies eligible (${num(n.ineligibleSecurities, 0)} securities left out by the rules).`,
    d.banding
      ? `Banding: members within ±${num(d.rules.bandHalfWidth, 1)} points of cumulative cap around a breakpoint stay where they were.`
      : "No previous membership: membership by rank alone, no bands.",
    ...[...((d.warnings as string[]) ?? []), ...((d.notes as string[]) ?? [])].map(sentence),
  ];
  for (const line of lines) b.body.append(h("p", { class: "note" }, line));
  b.foot(prov);

  // The largest Russell 2000 members and their weights.
  const r2000 = ix("r2000");
  const top: Json[] = r2000?.constituents ?? [];
  const k = card(el, `Largest Russell 2000 members: weight in the index`, { id: "recon-top" });
  if (!top.length) empty(k.body, "The preview put no company in the Russell 2000.");
  else {
    const p = palette();
    draw(
      k.chart("chart tall"),
      {
        grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
        tooltip: {
          trigger: "axis",
          axisPointer: { type: "shadow" },
          confine: true,
          formatter: (items: Json) => {
            const x = top[items[0]?.dataIndex] ?? null;
            return x ? `${escapeHtml(x.ticker)}: ${escapeHtml(x.name)}<br>rank ${num(x.rank, 0)}, float-adjusted cap ${money(x.floatCap)}<br>weight ${pct(x.weight, 2)}` : "";
          },
        },
        xAxis: { type: "value", axisLabel: { color: p.muted, formatter: (v: number) => pct(v, 2) }, splitLine: { lineStyle: { color: p.grid } } },
        yAxis: { type: "category", data: top.map((x) => x.ticker), inverse: true, axisLabel: { color: p.muted } },
        series: [{ type: "bar", name: "weight", data: top.map((x) => x.weight), itemStyle: { color: p.series[0] } }],
      },
      top.length,
    );
    k.foot(prov, `${num(top.length, 0)} of ${num(r2000.constituentCount, 0)} members, largest market cap first; weights are float-adjusted.`);
  }

  // Members and cap ranges.
  const m = card(el, "Members and market cap ranges", { id: "recon-members" });
  const shown = ["r1000", "r2000", "microcap", "r3000"].map(ix).filter((x) => x !== null);
  table(m.body, shown, [
    { head: "Index", cell: (x) => x.label ?? INDEX_SHORT[x.name] },
    { head: "Members", cell: (x) => num(x.companies, 0), title: (x) => `${num(x.securities, 0)} securities` },
    { head: "Largest", cell: (x) => money(x.largestCap) },
    { head: "Median", cell: (x) => money(x.medianCap) },
    { head: "Smallest", cell: (x) => money(x.smallestCap) },
    { head: "Total cap", cell: (x) => money(x.totalCap), title: (x) => `float-adjusted ${money(x.floatCap)}` },
  ]);
  m.body.append(h("p", { class: "note" }, "Members are companies; caps are total market cap (all share classes) at the rank-day price. Hover a total for the float-adjusted cap the weights use."));
  m.foot(prov);

  // Adds, deletes, migrations, turnover.
  const ch = card(el, "Changes against the previous membership", { id: "recon-changes" });
  const changes = d.changes;
  if (!changes) {
    empty(ch.body, "No previous membership to compare with, so no adds, deletes or migrations.", "Store IWM (or IWB) holdings: the preview compares with them (the synthetic demo market has its own: r2k serve --demo).");
  } else {
    const withWeight = (count: number, weight: number) => `${num(count, 0)} (${pct(weight, 1)})`;
    table(ch.body, changes.indexes as Json[], [
      { head: "Index", cell: (x) => (x.index as string).toUpperCase() },
      { head: "Members", cell: (x) => `${num(x.priorCount, 0)} → ${num(x.newCount, 0)}` },
      { head: "Adds (weight)", cell: (x) => withWeight(x.addCount, x.addWeight), cls: () => "pos", title: () => "weight: float cap of the adds over the new index" },
      {
        head: "Deletes (weight)",
        cell: (x) => withWeight(x.deleteCount, x.deleteWeight),
        cls: () => "neg",
        title: (x) => `weight: float cap of the deletes over the previous members, at rank-day prices${x.deletesWithoutData ? `; ${num(x.deletesWithoutData, 0)} not in the universe (no price, not weighted)` : ""}`,
      },
      { head: "Turnover", cell: (x) => pct(x.turnoverByWeight, 1), title: (x) => `one-way, by weight; by count ${pct(x.turnoverByCount, 1)}` },
    ]);
    const mg = changes.migrations;
    ch.body.append(
      h("p", { class: "note" }, `Migrations: ${num(mg.upCount, 0)} up from the Russell 2000 to the Russell 1000, ${num(mg.downCount, 0)} down. Turnover is one-way by weight: the mean of the adds' and the deletes' weight.`),
      h("p", { class: "note" }, `Previous membership: ${((d.previous as string[]) ?? []).join("; ") || "–"}.`),
    );
  }
  ch.foot(prov);

}
