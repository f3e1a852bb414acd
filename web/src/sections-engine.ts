/** The index engine: a Russell-style reconstitution preview of the stored universe (/api/recon). */
import { ApiError, type ApiResponse } from "./api.ts";
import { draw, palette } from "./charts.ts";
import { escapeHtml, money, num, pct } from "./format.ts";
import type { SectionContext } from "./sections.ts";
import { card, empty, h, table } from "./ui.ts";

type Recon = ApiResponse<"/api/recon">;
type Change = NonNullable<Recon["changes"]>["indexes"][number];

/** Constituents asked for: the chart shows the largest Russell 2000 members. */
const TOP = 20;

const INDEX_SHORT: Record<string, string> = { r1000: "Russell 1000", r2000: "Russell 2000", r3000: "Russell 3000", microcap: "Russell Microcap", r3000e: "Russell 3000E" };

/** Cumulative share of market cap, in percent as the engine gives it. */
/** The engine's warnings are clauses: "the previous membership has ..." -> "The previous membership has ....". */
const sentence = (t: string) => `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? "" : "."}`;

const cum = (x: number | null | undefined) => (x === null || x === undefined ? "–" : `${num(Math.min(x, 100), 1)}%`);

/**
 * What the footers rest on: the response's sources (the stored holdings files' labels, or the
 * demo universe) and rank day. A demo label is marked synthetic demo (and every source is when
 * the response is demo but no label says which input was).
 */
function provenanceOf(d: Recon): { asOf: string | null; sources: string[] } {
  const sources: string[] = d.meta.sources ?? [];
  const demo = Boolean(d.meta.demo);
  const named = sources.some((s) => s.startsWith("demo "));
  return { asOf: d.meta.asOf ?? d.rankDate ?? null, sources: sources.map((s) => (demo && (!named || s.startsWith("demo ")) ? `${s}:demo` : s)) };
}

export async function indexEngine(el: HTMLElement, c: SectionContext): Promise<void> {
  let d: Recon;
  try {
    d = await c.api.recon({ limit: TOP });
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
    empty(
      el,
      "No stored universe to reconstitute.",
      "The index engine ranks a universe stored in r2k. Real data: import an iShares Russell 3000 (IWV) holdings file with r2k import FILE (IWB and IWM holdings dated before it give the previous membership), then restart r2k serve. Synthetic data: run r2k demo (it writes the demo market to its own file) and serve that with r2k serve --demo. To preview a file without storing it, run r2k recon --universe FILE on the command line.",
    );
    return;
  }
  const prov = provenanceOf(d);
  const ix = (name: string) => d.indexes.find((x) => x.name === name) ?? null;

  // Fund dollars (a fund's holdings) are not company caps: sizes as ranks and shares instead.
  const dollars = d.capBasis !== "fund-dollars";

  // What is ranked: universe, rank day and calendar window, previous membership, cap basis.
  const u = card(el, "What is ranked", { id: "recon-universe", wide: true });
  const cal = d.calendar;
  const windowText = cal
    ? `${cal.inWindow ? "Inside" : "Before"} the ${cal.window.charAt(0).toUpperCase()}${cal.window.slice(1)} ${cal.rankDay.slice(0, 4)} reconstitution: rank day ${cal.rankDay}, effective after the close of ${cal.effectiveAfterClose} (${cal.confidence}).`
    : "–";
  const groups = d.shareClasses?.rows ?? [];
  const facts: [string, string][] = [
    ["Universe", `${d.universe}${d.meta.demo && d.universe.startsWith("demo ") ? " (synthetic demo data, not market data)" : ""}`],
    ["Rank day", d.rankDate ? `${d.rankDate} (the universe's date)` : "–"],
    ["Calendar", windowText],
    [
      "Previous membership",
      (d.previous ?? []).join("; ") ||
        sentence((d.warnings ?? []).find((w) => /not used as the previous membership/.test(w)) ?? "none: membership by rank alone, no bands"),
    ],
    [
      "Sizes",
      !dollars
        ? `The fund's dollars in each company (its holdings), not company market caps: shown as ranks and shares of the universe's cap, never as dollar amounts. Company caps need SEC shares outstanding: run r2k update --only fundamentals with sources.sec.userAgent set, or import saved EDGAR JSON.`
        : d.meta.sources?.some((s) => s.endsWith(":sec"))
          ? `Total market cap of each company in dollars: SEC cover-page shares outstanding of every class, public by the rank day, x the close of ${d.rankDate ?? "the rank day"} (the holdings' price where no close is stored). Float is estimated as the total shares; the notes under the breakpoints say what was left out.`
          : "Total market cap of each company (all share classes) at the universe's prices.",
    ],
    [
      "Share classes",
      groups.length
        ? `${num(d.shareClasses.count, 0)} ${d.shareClasses.count === 1 ? "company" : "companies"} ranked on several lines: ${groups.map((g) => g.tickers.join(" + ")).join(", ")}${d.shareClasses.count > groups.length ? ", …" : ""}.`
        : "Each line is its own company.",
    ],
  ];
  const ut = table(u.body, facts, [
    { head: "Item", cell: (r) => r[0] },
    { head: "Value", cell: (r) => r[1], cls: () => "text" },
  ]);
  ut.classList.add("wraps");
  u.foot(prov);

  // Breakpoints and bands, one column per breakpoint.
  const b = card(el, "Breakpoints and bands", { id: "recon-breakpoints", wide: true });
  const points = (["r1000", "r3000"] as const).map((k, i) => ({ rank: i === 0 ? 1000 : 3000, bp: d.breakpoints[k], band: d.bands[k] }));
  type Row = [string, (p: (typeof points)[number]) => string];
  const rows: Row[] = [
    ["Divides", (p) => (p.rank === 1000 ? "Russell 1000 | 2000" : "end of the Russell 3000")],
    ["Company at the rank", (p) => p.bp?.ticker ?? "–"],
    ...(dollars ? ([["Market cap at the rank", (p) => money(p.bp?.totalCap)]] as Row[]) : []),
    [dollars ? "Cumulative share of cap" : "Share of the universe's cap at or above the rank", (p) => cum(p.bp?.cumPct)],
    ["Band, cumulative share", (p) => (p.band ? `${cum(p.band.lowPct)} – ${cum(p.band.highPct)}` : "no band")],
    ...(dollars ? ([["Band, market cap", (p) => (p.band?.companiesInBand ? `${money(p.band.smallestCapInBand)} – ${money(p.band.largestCapInBand)}` : "–")]] as Row[]) : []),
    ["Band, ranks", (p) => (p.band?.companiesInBand ? `${num(p.band.firstRankInBand, 0)} – ${num(p.band.lastRankInBand, 0)}` : "–")],
    ["Companies in the band", (p) => (p.band ? num(p.band.companiesInBand, 0) : "–")],
  ];
  const bt = table(b.body, rows, [{ head: "Measure", cell: (r) => r[0] }, ...points.map((p) => ({ head: `Rank ${num(p.rank, 0)}`, cell: (r: Row) => r[1](p) }))]);
  bt.classList.add("wraps");
  const n = d.counts;
  const lines = [
    `${num(n.eligibleCompanies, 0)} of ${num(n.companies, 0)} companies eligible (${num(n.ineligibleSecurities, 0)} ${n.ineligibleSecurities === 1 ? "security" : "securities"} left out by the rules).`,
    d.banding
      ? `Banding: members within ±${num(d.rules.bandHalfWidth, 1)} points of cumulative cap around a breakpoint stay where they were.`
      : "No previous membership: membership by rank alone, no bands.",
    ...[...(d.warnings ?? []), ...(d.notes ?? [])].map(sentence),
  ];
  for (const line of lines) b.body.append(h("p", { class: "note" }, line));
  b.foot(prov);

  // The largest Russell 2000 members and their weights.
  const r2000 = ix("r2000");
  const top = r2000?.constituents ?? [];
  const k = card(el, `Largest Russell 2000 members: weight in the index`, { id: "recon-top", wide: true });
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
          formatter: (items: { dataIndex: number }[]) => {
            const x = top[items[0]?.dataIndex ?? -1] ?? null;
            if (!x) return "";
            const size = dollars ? `, float-adjusted cap ${money(x.floatCap)}` : "";
            return `${escapeHtml(x.ticker)}: ${escapeHtml(x.name)}<br>rank ${num(x.rank, 0)}${size}<br>weight ${pct(x.weight, 2)}`;
          },
        },
        xAxis: { type: "value", axisLabel: { color: p.muted, formatter: (v: number) => pct(v, 2) }, splitLine: { lineStyle: { color: p.grid } } },
        yAxis: { type: "category", data: top.map((x) => x.ticker), inverse: true, axisLabel: { color: p.muted } },
        series: [{ type: "bar", name: "weight", data: top.map((x) => x.weight), itemStyle: { color: p.series[0] } }],
      },
      top.length,
    );
    k.foot(prov, `${num(top.length, 0)} of ${num(r2000!.constituentCount, 0)} members, largest first; weights are float-adjusted${dollars ? "" : " (the fund's own weights within the index)"}.`);
  }

  // Members and cap ranges.
  const m = card(el, dollars ? "Members and market cap ranges" : "Members, ranks and shares of the universe", { id: "recon-members", wide: true });
  const shown = ["r1000", "r2000", "microcap", "r3000"].map(ix).filter((x) => x !== null);
  if (dollars) {
    const mt = table(m.body, shown, [
      { head: "Index", cell: (x) => x.label ?? INDEX_SHORT[x.name] },
      { head: "Members", cell: (x) => num(x.companies, 0), title: (x) => `${num(x.securities, 0)} securities` },
      { head: "Largest – smallest", cell: (x) => (x.companies ? `${money(x.largestCap)} – ${money(x.smallestCap)}` : "–"), title: (x) => `median ${money(x.medianCap)}` },
      { head: "Total cap", cell: (x) => money(x.totalCap), title: (x) => `float-adjusted ${money(x.floatCap)}` },
    ]);
    mt.classList.add("wraps");
    m.body.append(h("p", { class: "note" }, "Members are companies; caps are total market cap (all share classes) at the rank-day price. Hover a range for the median, a total for the float-adjusted cap the weights use."));
  } else {
    const mt = table(m.body, shown, [
      { head: "Index", cell: (x) => x.label ?? INDEX_SHORT[x.name] },
      { head: "Members", cell: (x) => num(x.companies, 0), title: (x) => `${num(x.securities, 0)} securities` },
      { head: "Ranks", cell: (x) => (x.firstRank === null ? "–" : `${num(x.firstRank, 0)} – ${num(x.lastRank, 0)}`) },
      { head: "Share of universe cap", cell: (x) => pct(x.capShare, 2) },
    ]);
    mt.classList.add("wraps");
    m.body.append(h("p", { class: "note" }, "Members are companies (share classes together). The universe's sizes are the fund's dollars, so each index is described by its ranks and its share of the universe's total, not by dollar caps."));
  }
  m.foot(prov);

  // Adds, deletes, migrations, turnover.
  const ch = card(el, "Changes against the previous membership", { id: "recon-changes", wide: true });
  const changes = d.changes;
  if (!changes) {
    empty(
      ch.body,
      "No previous membership to compare with, so no adds, deletes or migrations.",
      d.rankDate
        ? `Store IWB (Russell 1000) and IWM (Russell 2000) holdings dated before the rank day ${d.rankDate}: the preview compares with the latest of each. Holdings dated later describe a later membership and are not used.`
        : "Store IWB (Russell 1000) and IWM (Russell 2000) holdings dated before the rank day: the preview compares with them (the synthetic demo market has its own: r2k serve --demo).",
    );
  } else {
    const withWeight = (count: number, weight: number) => `${num(count, 0)} (${pct(weight, 1)})`;
    // One column per index the previous membership covers, so the table fits a phone.
    interface Measure {
      label: string;
      cell: (x: Change) => string;
      cls?: string;
      title: (x: Change) => string;
    }
    const measures: Measure[] = [
      { label: "Members", cell: (x) => `${num(x.priorCount, 0)} → ${num(x.newCount, 0)}`, title: () => "previous → new" },
      { label: "Adds (weight)", cell: (x) => withWeight(x.addCount, x.addWeight), cls: "pos", title: () => "weight: float cap of the adds over the new index" },
      {
        label: "Deletes (weight)",
        cell: (x) => withWeight(x.deleteCount, x.deleteWeight),
        cls: "neg",
        title: (x) => `weight: float cap of the deletes over the previous members, at rank-day prices${x.deletesWithoutData ? `; ${num(x.deletesWithoutData, 0)} not in the universe (no price, not weighted)` : ""}`,
      },
      { label: "Turnover", cell: (x) => pct(x.turnoverByWeight, 1), title: (x) => `one-way, by weight; by count ${pct(x.turnoverByCount, 1)}` },
    ];
    const ct = table(ch.body, measures, [
      { head: "Measure", cell: (m) => m.label },
      ...changes.indexes.map((x) => ({
        head: x.index.toUpperCase(),
        cell: (m: Measure) => m.cell(x),
        cls: (m: Measure) => m.cls ?? "",
        title: (m: Measure) => m.title(x),
      })),
    ]);
    ct.classList.add("wraps");
    const mg = changes.migrations;
    ch.body.append(
      h("p", { class: "note" }, `Migrations: ${num(mg.upCount, 0)} up from the Russell 2000 to the Russell 1000, ${num(mg.downCount, 0)} down. Turnover is one-way by weight: the mean of the adds' and the deletes' weight.`),
      h("p", { class: "note" }, `Previous membership: ${(d.previous ?? []).join("; ") || "–"}.`),
    );
  }
  ch.foot(prov);

}
