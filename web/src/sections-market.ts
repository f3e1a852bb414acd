/** Sections on prices: overview, performance, leadership, volatility, crashes and recoveries. */
import type { Figure } from "./api.ts";
import { calendarYearChart, chartStyle, crashPathChart, draw, growthChart, horizonReturnsChart, relativeStrengthChart, rollingReturnChart, rollingVolatilityChart, underwaterChart, volatilityRatioChart } from "./charts.ts";
import { fig, figTitle, num, pct } from "./format.ts";
import type { SectionContext } from "./sections.ts";
import { card, empty, h, hasSeries, signClass, table } from "./ui.ts";

export async function overview(el: HTMLElement, c: SectionContext): Promise<void> {
  const [latest, d] = await Promise.all([c.api.latest(), c.api.comparison()]);
  const rows = d.rows;
  const ok = rows.filter((r) => r.available);
  // Level cards: each series at its own last close (they may end on different days; the table below does not).
  const tiles = h("div", { class: "tiles" });
  for (const r of latest.rows) {
    const t = h("div", { class: "tile", "data-symbol": r.symbol });
    t.append(h("div", { class: "tile-name" }, r.name));
    t.append(h("div", { class: "tile-level", title: `close on ${r.asOf}; ${r.sources.join(", ")}` }, num(r.close)));
    const ch = h("div", { class: "tile-changes" });
    for (const [k, x] of [["1D", r.day], ["YTD", r.ytd], ["1Y", r.year]] as const) {
      ch.append(h("span", { class: signClass(x?.value), title: x ? `from the close of ${x.base} to ${r.asOf}` : "no base close" }, `${k} ${pct(x?.value ?? null)}`));
    }
    t.append(ch);
    t.append(h("div", { class: "tile-asof" }, `price, as of its last close ${r.asOf}`));
    tiles.append(t);
  }
  el.append(tiles);
  if (ok.length === 0) {
    empty(el, "No price history in this window.", rows.map((r) => `${r.symbol}: ${r.available ? "" : r.reason}`).join("; "));
    return;
  }

  // Rows were measured, so the response has a window.
  const w = d.meta.window!;
  const cmp = card(el, `Comparison table, ${w.firstClose ?? "each series' start"} to ${w.lastClose ?? "each series' end"}`, { wide: true, id: "comparison" });
  type Row = (typeof ok)[number];
  // The figures against the benchmark: absent for the benchmark itself and when unavailable.
  const versus = (r: Row) => ("beta" in r.vsBenchmark ? r.vsBenchmark : undefined);
  type Metric = { label: string; get: (r: Row) => Figure | null | undefined; kind?: "pct" | "num" };
  const bench = d.benchmark;
  const basis = d.meta.basis === "total" ? "total" : "price";
  const metrics: Metric[] = [
    ...d.horizons.map((k) => ({ label: `Return ${k} (${basis})`, get: (r: Row) => r.returns[k] })),
    { label: "Growth over the window, % a year", get: (r) => r.cagr },
    { label: "Volatility, % a year", get: (r) => r.volatility },
    { label: "Sharpe", get: (r) => r.sharpe, kind: "num" },
    { label: "Max drawdown", get: (r) => r.maxDrawdown },
    { label: "Below the window's high at its end", get: (r) => r.currentDrawdown },
    { label: `Beta vs ${bench}`, get: (r) => versus(r)?.beta, kind: "num" },
    { label: `Correlation vs ${bench}`, get: (r) => versus(r)?.correlation, kind: "num" },
    { label: "Up capture", get: (r) => versus(r)?.upCapture, kind: "num" },
    { label: "Down capture", get: (r) => versus(r)?.downCapture, kind: "num" },
  ];
  const t = table(cmp.body, metrics, [
    { head: "Measure", cell: (m) => m.label },
    ...ok.map((r) => ({
      head: r.symbol,
      cell: (m: Metric) => ("self" in r.vsBenchmark && m.label.includes(bench) ? "benchmark" : fig(m.get(r), m.kind ?? "pct", m.kind === "num" ? 2 : 1)),
      title: (m: Metric) => figTitle(m.get(r)),
      cls: (m: Metric) => (m.label.startsWith("Return") || m.label.startsWith("Growth") ? signClass(m.get(r)?.value) : ""),
    })),
  ]);
  t.id = "comparison-table";
  const priceOnly = ok.filter((r) => r.basis === "price").map((r) => r.symbol);
  cmp.body.append(
    h("p", { class: "note" }, `Every cell: ${w.text}.`),
    h(
      "p",
      { class: "note" },
      basis === "total"
        ? `Total returns where adjusted closes are stored${priceOnly.length ? `; ${priceOnly.join(", ")} on price (none stored)` : ""}. 3Y and longer horizons are cumulative.`
        : "Price returns (the indices are price indices). 3Y and longer horizons are cumulative; hover a cell for its dates and source.",
    ),
  );
  cmp.foot(ok);

  const hc = card(el, `Returns by horizon (${basis})`, { wide: true, id: "horizons" });
  const horizons = d.horizons as string[];
  draw(
    hc.chart(),
    horizonReturnsChart(chartStyle(), horizons, ok.map((r) => ({ name: r.symbol, values: horizons.map((k) => r.returns[k]?.value ?? null) }))),
    horizons.length * ok.length,
  );
  hc.foot(ok.map((r) => r.returns), `Horizons end at the window's last close (${w.lastClose}); 3Y and longer are cumulative, not annualized.`);
}

export async function performance(el: HTMLElement, c: SectionContext): Promise<void> {
  const d = await c.api.returns({ rollingYears: c.state.roll });
  const syms = d.symbols.filter((s) => s.available);
  if (!syms.length) {
    empty(el, "No price history in this window.", "Import index prices (r2k import ^RUT.csv), or see the synthetic demo market with r2k serve --demo.");
    return;
  }
  const style = chartStyle();
  const g = card(el, `Growth of 10,000${c.state.log ? " (log scale)" : ""}`, { wide: true, id: "growth" });
  const growth = syms.filter(hasSeries("growth"));
  draw(
    g.chart(),
    growthChart(style, growth.map((s) => ({ name: s.symbol, dates: s.series.growth.dates, values: s.series.growth.values })), { log: c.state.log, fitLog: true }),
    growth.reduce((n, s) => n + s.series.growth.dates.length, 0),
  );
  const labels = [...new Set(growth.map((s) => s.series.growth.label))];
  g.foot(growth.map((s) => s.series.growth), labels.length === 1 ? `All: ${labels[0]}.` : growth.map((s) => `${s.symbol}: ${s.series.growth.label}`).join("; "));

  const cy = card(el, "Calendar-year returns", { id: "calendar" });
  const years = [...new Set(syms.flatMap((s) => s.calendarYears.rows.map((r) => r.year)))].sort().slice(-25);
  const val = (r: { price: number | null; total: number | null }) => r.total ?? r.price;
  draw(
    cy.chart(),
    calendarYearChart(
      style,
      years,
      syms.map((s) => ({
        name: s.symbol,
        values: years.map((y) => {
          const r = s.calendarYears.rows.find((x) => x.year === y);
          return r ? val(r) : null;
        }),
      })),
    ),
    years.length * syms.length,
  );
  cy.foot(syms.map((s) => s.calendarYears), "Partial first and last years are marked partial in the API.");

  const rc = card(el, `Rolling ${c.state.roll}-year returns`, { id: "rolling-returns" });
  const sel = h("select", { name: "roll", "aria-label": "Rolling window in years" });
  for (const y of [1, 3, 5, 10]) sel.append(new Option(`${y} year${y > 1 ? "s" : ""}`, String(y), false, y === c.state.roll));
  sel.addEventListener("change", () => c.update({ roll: Number(sel.value) }));
  rc.body.append(sel);
  const rolling = syms.filter(hasSeries("rolling"));
  if (!rolling.length) empty(rc.body, `No ${c.state.roll}-year window fits in the stored history before this window's end.`);
  else {
    draw(
      rc.chart(),
      rollingReturnChart(style, rolling.map((s) => ({ name: s.symbol, dates: s.series.rolling.dates, values: s.series.rolling.values }))),
      rolling.reduce((n, s) => n + s.series.rolling.dates.length, 0),
    );
    rc.foot(rolling.map((s) => s.series.rolling));
  }
}

export async function leadership(el: HTMLElement, c: SectionContext): Promise<void> {
  const d = await c.api.leadership();
  const l = d.leadership;
  if (!l.available) {
    empty(el, l.reason, "Leadership compares ^RUT with ^GSPC: import both (r2k import), or see the synthetic demo market with r2k serve --demo.");
    return;
  }
  const basis = l.basis === "total" ? `total return${l.standsFor ? `, the funds tracking ${l.standsFor.small} and ${l.standsFor.large}` : ""}` : "price";
  const k = card(el, `Relative strength ${l.small} / ${l.large} (${basis}): small-cap leadership shaded, recessions grey`, { wide: true, id: "ratio" });
  const regimes = l.regimes;
  const smallLed = regimes.filter((r) => String(r.leader).startsWith(l.small));
  draw(
    k.chart(),
    relativeStrengthChart(
      chartStyle(),
      { name: `${l.small} / ${l.large}`, dates: l.series!.ratio.dates, values: l.series!.ratio.values },
      smallLed.map((r) => ({ from: r.from, to: r.to })),
      { label: `recessions (${d.recessions.source})`, bands: d.recessions.bands.map((b) => ({ from: b.from, to: b.to })) },
    ),
    l.series!.ratio.dates.length,
  );
  const ratioAsOf = l.series!.ratio.dates.at(-1) ?? null;
  k.foot({ asOf: ratioAsOf, sources: [...l.ratio.latest.sources, d.recessions.source] }, `Regimes: swings of the ratio of at least ${pct(l.threshold, 0)}.`);

  const s = card(el, "Leadership now", { id: "leadership-now" });
  table(
    s.body,
    [
      ["Ratio, latest", fig(l.ratio.latest, "num", 4), figTitle(l.ratio.latest)],
      ["Change over the window", fig(l.ratio.windowChange), figTitle(l.ratio.windowChange)],
      ["Change over 1 year", fig(l.ratio.change1Y), figTitle(l.ratio.change1Y)],
    ],
    [
      { head: "Measure", cell: (r) => r[0] },
      { head: "Value", cell: (r) => r[1], title: (r) => r[2] },
    ],
  );
  table(s.body, regimes.slice(-6).reverse(), [
    { head: "Recent regime", cell: (r) => `${r.from} → ${r.to}` },
    { head: "Leader", cell: (r) => r.leader },
    { head: "Ratio", cell: (r) => pct(r.ratioChange), cls: (r) => signClass(r.ratioChange) },
  ]);
  s.foot([l.ratio, regimes.length ? { asOf: regimes.at(-1)!.to, sources: [] } : null]);
}

export async function volatility(el: HTMLElement, c: SectionContext): Promise<void> {
  const d = await c.api.rolling({ window: c.state.vol });
  const syms = d.symbols.filter((s) => s.available).filter(hasSeries("volatility"));
  if (!syms.length) {
    empty(el, "Not enough closes in this window for rolling volatility.", "Widen the date range or import more history.");
    return;
  }
  const style = chartStyle();
  const v = card(el, `Rolling ${d.window}-session volatility (annualized)`, { wide: true, id: "rolling-vol" });
  const sel = h("select", { name: "vol", "aria-label": "Rolling window in sessions" });
  for (const w of [21, 63, 252]) sel.append(new Option(`${w} sessions`, String(w), false, w === c.state.vol));
  sel.addEventListener("change", () => c.update({ vol: Number(sel.value) as 21 | 63 | 252 }));
  v.body.append(sel);
  draw(v.chart(), rollingVolatilityChart(style, syms.map((s) => ({ name: s.symbol, dates: s.series.volatility.dates, values: s.series.volatility.values }))), syms.reduce((n, s) => n + s.series.volatility.dates.length, 0));
  v.foot(syms.map((s) => ({ sources: s.sources, asOf: s.series.volatility.dates.at(-1) })));

  const ratios = syms.filter(hasSeries("volatilityRatio"));
  const r = card(el, `Volatility ratio to ${d.meta.request.benchmark} and rolling beta`, { id: "vol-ratio" });
  if (!ratios.length) empty(r.body, "Pick a benchmark other than the symbols shown to see ratios.");
  else {
    draw(
      r.chart(),
      volatilityRatioChart(
        style,
        ratios.map((s) => ({ name: `${s.symbol} vol ratio`, dates: s.series.volatilityRatio.dates, values: s.series.volatilityRatio.values })),
        ratios.filter(hasSeries("beta")).map((s) => ({ name: `${s.symbol} beta (${d.betaWindow})`, dates: s.series.beta.dates, values: s.series.beta.values })),
      ),
      ratios.reduce((n, s) => n + s.series.volatilityRatio.dates.length, 0),
    );
    r.foot(ratios.map((s) => ({ sources: s.sources, asOf: s.series.volatilityRatio.dates.at(-1) })));
  }
}

export async function crashes(el: HTMLElement, c: SectionContext): Promise<void> {
  const [dd, cs] = await Promise.all([c.api.drawdowns(), c.api.caseStudies()]);
  const syms = dd.symbols.filter((s) => s.available).filter(hasSeries("underwater"));
  const style = chartStyle();
  if (!syms.length) empty(el, "No price history in this window.");
  else {
    const u = card(el, "Underwater: drawdown from the running peak", { wide: true, id: "underwater" });
    draw(u.chart(), underwaterChart(style, syms.map((s) => ({ name: s.symbol, dates: s.series.underwater.dates, values: s.series.underwater.values }))), syms.reduce((n, s) => n + s.series.underwater.dates.length, 0));
    u.foot(syms.map((s) => s.drawdowns.max));
    const t = card(el, "Deepest drawdowns in the window", { wide: true, id: "episodes" });
    const first = syms[0];
    table(t.body, first.drawdowns.top, [
      { head: `${first.symbol} peak → trough`, cell: (r) => `${r.peak} → ${r.trough}`, cls: () => "wrap" },
      { head: "Depth", cell: (r) => pct(r.depth), cls: () => "neg" },
      { head: "Recovered", cell: (r) => r.recovery ?? `not by ${dd.meta.window?.lastClose ?? "the end"}`, cls: () => "wrap" },
      { head: "Days under", cell: (r) => num(r.daysUnderwater, 0) },
    ]);
    t.foot(first.drawdowns.max);
  }
  const studies = cs.caseStudies;
  const grid = h("div", { class: "pair" });
  el.append(grid);
  for (const st of studies) {
    const k = card(grid, `${st.name}: from each index's pre-crash peak`, { id: `case-${st.name}` });
    if (!st.paths.length) {
      empty(k.body, `No stored closes in ${st.range.from} .. ${st.range.to}.`, "The case studies need history covering 2007-2009 and 2020.");
      continue;
    }
    draw(
      k.chart(),
      crashPathChart(style, st.paths.map((x) => ({ name: x.symbol, sessionsFromPeak: x.sessionsFromPeak, values: x.values }))),
      st.paths.reduce((n, x) => n + x.values.length, 0),
    );
    const end = cs.meta.window?.lastClose ?? "the data's end";
    table(k.body, st.rows.filter((r) => r.available), [
      { head: "Index", cell: (r) => r.symbol },
      { head: "Depth", cell: (r) => fig(r.depth), title: (r) => figTitle(r.depth), cls: () => "neg" },
      { head: "Peak → trough", cell: (r) => `${r.peak} → ${r.trough}`, cls: () => "wrap" },
      { head: "Recovered", cell: (r) => r.recovery ?? `not by ${end}`, cls: () => "wrap" },
    ]);
    // Recoveries are searched up to the window's last close, so the card reads as of that day,
    // not as of the latest figure in it (24 months after the trough).
    k.foot([...st.paths, ...st.rows, { asOf: cs.meta.window?.lastClose ?? null }]);
  }
}
