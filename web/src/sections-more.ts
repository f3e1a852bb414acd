/** Sections on rates and credit, composition and valuation, breadth, ETF access and risk by horizon. */
import { advanceDeclineChart, breadthChart, chartStyle, draw, lossProbabilityChart, policyRegimeChart, rateLinesChart, sectorWeightsChart, trackingDifferenceChart } from "./charts.ts";
import { fig, figTitle, num, pct, pp } from "./format.ts";
import type { SectionContext } from "./sections.ts";
import { card, empty, h, signClass, table } from "./ui.ts";
import { comparisonLine, type CompanyValuationReport, shownFunds, type ValuationLine, valuationLines } from "../../src/views/company-valuation.ts";
import { SCREEN } from "../../src/views/format.ts";

export async function rates(el: HTMLElement, c: SectionContext): Promise<void> {
  const d = await c.api.rates();
  const style = chartStyle();
  const series = d.series;
  if (!series.length) {
    empty(el, "No rate or credit series stored for this window.", "Import FRED DFF (or FEDFUNDS), DGS10 and BAMLH0A0HYM2 (r2k import fred/*.csv or r2k update).");
    return;
  }
  const r = d.rates;
  const policy = r.available && r.policy.available ? r.policy : null;
  const k = card(el, "Fed funds, Treasury yields and the high-yield spread (hiking periods shaded)", { wide: true, id: "rate-lines" });
  const hiking = policy ? policy.periods.filter((x) => x.regime === "hiking") : [];
  draw(
    k.chart(),
    rateLinesChart(
      style,
      series.map((s) => ({ name: `${s.id}`, dates: s.dates, values: s.values })),
      hiking.map((x) => ({ from: x.from, to: x.to })),
    ),
    series.reduce((n, s) => n + s.dates.length, 0),
  );
  k.foot(series, series.map((s) => `${s.id}: ${s.name}`).join("; "));

  const b = card(el, "Returns by Fed cycle (annualized)", { id: "fed-cycle" });
  if (!policy) empty(b.body, r.available ? (r.policy as { reason: string }).reason : r.reason, "Needs a fed funds series (FRED DFF or FEDFUNDS).");
  else {
    const regimes = ["hiking", "on hold", "easing"];
    draw(
      b.chart(),
      policyRegimeChart(
        style,
        regimes,
        policy.byIndex.map((x) => ({ name: x.symbol, values: regimes.map((g) => x.rows.find((row) => row.regime === g)?.annualizedReturn.value ?? null) })),
      ),
      policy.byIndex.length * regimes.length,
    );
    b.body.append(h("p", { class: "note" }, policy.rule));
    b.foot(policy.byIndex);
  }

  const s = card(el, "Weekly small-minus-large return gap per 1 pp rise", { id: "rate-betas" });
  const sens = r.available ? r.sensitivity : r;
  if (!sens.available) empty(s.body, sens.reason);
  else {
    table(s.body, sens.rows, [
      { head: "Weekly change in", cell: (x) => x.label },
      { head: "Gap per 1 pp", cell: (x) => (x.available ? pp(x.beta!.value, 2) : "–"), title: (x) => (x.available ? figTitle(x.beta) : (x.reason ?? "")) },
      { head: "t", cell: (x) => (x.available ? fig(x.tStat, "num", 1) : "–") },
      { head: "R²", cell: (x) => (x.available ? fig(x.rSquared, "num", 2) : "–") },
    ]);
    s.body.append(h("p", { class: "note" }, `Weekly ${sens.dependent.replace(/^weekly /, "").replace(" - weekly ", " minus ")}, regressed on weekly changes, ${sens.window.from} to ${sens.window.to}. Negative: small caps fell further behind when the series rose.`));
    s.foot(sens);
  }
}

export async function composition(el: HTMLElement, c: SectionContext): Promise<void> {
  const [cd, vd] = await Promise.all([c.api.composition(), c.api.valuation()]);
  const comp = cd.composition;
  if (!comp.available || !comp.funds.length) {
    const reason = comp.available ? undefined : comp.reason;
    const later = /are later and not used/.test(reason ?? "");
    empty(
      el,
      reason ?? "No holdings stored.",
      later ? "Clear the To date (or move it past the holdings' dates) to see them." : "Import an iShares holdings file for IWM (and IVV or IWB to compare): r2k import IWM_holdings.csv, or r2k update.",
    );
    return;
  }
  const funds = comp.funds;
  type Fund = (typeof funds)[number];
  const k = card(el, "Sector weights", { wide: true, id: "sectors" });
  const sectors = [...new Set(funds.flatMap((f) => f.sectors.map((s) => s.name)))];
  draw(
    k.chart("chart tall"),
    sectorWeightsChart(
      chartStyle(),
      sectors,
      funds.map((f) => ({ name: `${f.fund} (${f.asOf})`, values: sectors.map((s) => f.sectors.find((x) => x.name === s)?.weight ?? 0) })),
    ),
    sectors.length * funds.length,
  );
  k.foot(funds);

  // The small-cap fund the analysis compares (the configuration's), else the first stored.
  const smallId = comp.comparisons[0]?.small;
  const small = funds.find((f) => f.fund === smallId) ?? funds[0];
  const t = card(el, `Top holdings of ${small.fund}`, { id: "top-holdings" });
  table(t.body, small.top10, [
    { head: "Ticker", cell: (x) => x.ticker },
    { head: "Name", cell: (x) => x.name, cls: () => "text" },
    { head: "Weight", cell: (x) => pct(x.weight, 2) },
  ]);
  t.foot(small);

  const vals = vd.valuation.available ? vd.valuation.funds : [];
  const valued = vals.filter((v) => v.available);
  const conc = card(el, valued.length ? "Concentration, location and valuation" : "Concentration and location", { id: "concentration" });
  const val = (f: Fund) => valued.find((x) => x.fund === f.fund);
  const fundCell = (f: Fund) => `${f.fund} ${f.asOf}`;
  table(conc.body, funds, [
    { head: "Fund, holdings of", cell: fundCell, cls: () => "wrap" },
    { head: "Stocks", cell: (f) => num(f.count, 0), title: () => "listed equity positions (companies and share classes)" },
    { head: "Top 10", cell: (f) => pct(f.top10Weight) },
    { head: "Eff. N", cell: (f) => num(f.effectiveHoldings, 0), title: () => "effective number of holdings: 1 / Herfindahl" },
    { head: "Outside US", cell: (f) => pct(1 - (f.locations.find((l) => l.name === "United States")?.weight ?? 0)) },
  ]);
  // Valuation only where per-company fundamentals are stored: no column of dashes.
  if (valued.length) {
    table(conc.body, funds.filter((f) => val(f)), [
      { head: "Fund", cell: fundCell, cls: () => "wrap" },
      { head: "P/E", cell: (f) => num(val(f)!.pe, 1), title: (f) => `harmonic weighted; earnings coverage ${pct(val(f)!.earningsCoverage)}` },
      { head: "P/B", cell: (f) => num(val(f)!.pb, 2) },
      { head: "Loss-makers", cell: (f) => pct(val(f)!.negativeEarningsShare) },
    ]);
  }
  const missing = vals.filter((v) => !v.available);
  const companies = vd.valuation.available ? vd.valuation.companies : null;
  // The older universe-based valuation's gaps matter only when the SEC filings value nothing either.
  if ((!vals.length || missing.length) && !companies?.available) {
    // One line per distinct reason, naming the funds it applies to.
    const byReason = new Map<string, string[]>();
    for (const v of missing) {
      // An unavailable valuation names its fund only in its sources ("IWM holdings 2025-05-05").
      const fund = String((v.sources[0] ?? "").split(" ")[0]);
      const key = String(v.reason).replace(fund, "{fund}");
      byReason.set(key, [...(byReason.get(key) ?? []), fund]);
    }
    const text = vals.length ? [...byReason].map(([r, fs]) => r.replace("{fund}", fs.join(", "))).join(" ") : "P/E and P/B need per-company earnings and book value (a universe file with fundamentals).";
    // Before any SEC filing is stored, the way to a valuation is the SEC's filings (or a universe file with earnings and book value).
    const sec = companies && !companies.available && !valued.length ? `No valuation: ${companies.reason} (or a universe file with per-company earnings and book value).` : null;
    conc.body.append(h("p", { class: "note" }, sec ?? text));
  }
  conc.foot([cd.composition, vd.valuation]);
  if (companies?.available) companyValuationCard(el, companies);
}

/** Valuation, earnings quality and leverage from SEC filings: small fund against large, with coverage and holdings dates. */
function companyValuationCard(el: HTMLElement, report: Extract<CompanyValuationReport, { available: true }>): void {
  const k = card(el, "Valuation from SEC filings: small vs large", { wide: true, id: "company-valuation" });
  const funds = shownFunds(report);
  const lines = valuationLines(funds, SCREEN);
  table(k.body, lines, [
    { head: "Figure", cell: (l) => l.label, cls: () => "text", title: (l) => l.hint },
    ...funds.map((f, i) => ({ head: f.fund, cell: (l: ValuationLine) => l.cells[i], title: (l: ValuationLine) => l.hint })),
  ]);
  const cmp = comparisonLine(report, SCREEN);
  const notes = [cmp ?? "No large-cap fund valued: store IWB (or IVV) holdings to compare.", ...funds.flatMap((f) => f.notes.map((n) => `${f.fund}: ${n}.`))];
  for (const n of notes) k.body.append(h("p", { class: "note" }, n));
  k.foot(funds, "Aggregates are sums over companies (loss-makers included in the P/E); GAAP figures as filed.");
}

export async function breadth(el: HTMLElement, c: SectionContext): Promise<void> {
  const d = await c.api.breadth();
  const b = d.breadth;
  const f = b.available ? b.funds.find((x) => x.available) : null;
  if (!f) {
    empty(el, (b.available ? b.funds[0]?.reason : b.reason) ?? "No breadth data.", "Breadth needs IWM holdings and the daily prices of its constituents: r2k update --constituents (the synthetic demo market has them: r2k serve --demo).");
    return;
  }
  const style = chartStyle();
  const k = card(el, `${f.fund} constituents above their 50- and 200-day averages`, { wide: true, id: "breadth-above" });
  draw(
    k.chart(),
    breadthChart(style, [
      { name: "above 50-day", dates: f.series!.aboveShort.dates, values: f.series!.aboveShort.values },
      { name: "above 200-day", dates: f.series!.aboveLong.dates, values: f.series!.aboveLong.values },
    ]),
    f.series!.aboveShort.dates.length + f.series!.aboveLong.dates.length,
  );
  k.foot(f, `${num(f.constituents, 0)} constituents reporting on ${f.asOf}; holdings as of the latest snapshot.`);
  const a = card(el, "Advance/decline line", { id: "breadth-ad" });
  draw(a.chart(), advanceDeclineChart(style, { name: "A/D line", dates: f.series!.advanceDeclineLine.dates, values: f.series!.advanceDeclineLine.values }), f.series!.advanceDeclineLine.dates.length);
  table(a.body, [f], [
    { head: "On", cell: (x) => x.asOf! },
    { head: "Advancers", cell: (x) => num(x.advancers, 0) },
    { head: "Decliners", cell: (x) => num(x.decliners, 0) },
    { head: "New highs", cell: (x) => num(x.newHighs, 0) },
    { head: "New lows", cell: (x) => num(x.newLows, 0) },
  ]);
  a.foot(f);
}

export async function etf(el: HTMLElement, c: SectionContext): Promise<void> {
  const d = await c.api.tracking();
  const pairs = d.tracking.filter((t) => t.available);
  if (!pairs.length) {
    empty(el, "No fund and index pair stored.", "Import IWM with ^RUT (and SPY with ^GSPC) price histories to compare the ETF with its index.");
    return;
  }
  const like = (t: { basis?: "price" | "total" }) => (t.basis === "total" ? "total vs total" : "price vs price");
  const k = card(el, `Yearly return difference: fund minus index (${[...new Set(pairs.map(like))].join(", ")})`, { wide: true, id: "tracking-diff" });
  const years = [...new Set(pairs.flatMap((t) => t.years!.filter((y) => !y.partial).map((y) => y.year)))].sort();
  draw(
    k.chart(),
    trackingDifferenceChart(
      chartStyle(),
      years,
      pairs.map((t) => ({
        name: `${t.fund} − ${t.indexSeries ?? t.index}`,
        values: years.map((y) => {
          const row = t.years!.find((x) => x.year === y);
          return row && !row.partial ? row.difference : null;
        }),
      })),
    ),
    years.length * pairs.length,
  );
  k.foot(pairs, "Full calendar years only. Both sides on the same basis: a total-return fund against a price index would show the dividends, not tracking.");
  const t = card(el, `Tracking error and distributions (${[...new Set(pairs.map(like))].join(", ")})`, { wide: true, id: "tracking-error" });
  const median = (xs: number[]) => {
    const v = [...xs].sort((a, b) => a - b);
    return v.length ? (v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2) : null;
  };
  table(t.body, pairs, [
    { head: "Fund vs index", cell: (x) => `${x.fund} vs ${x.indexSeries ?? x.index}`, title: (x) => like(x), cls: () => "wrap" },
    { head: "Daily TE", cell: (x) => fig(x.trackingError, "pct", 2), title: (x) => figTitle(x.trackingError) },
    { head: "Monthly TE", cell: (x) => fig(x.trackingErrorMonthly, "pct", 2), title: (x) => figTitle(x.trackingErrorMonthly) },
    { head: "Median yearly diff.", cell: (x) => pp(median(x.years!.filter((y) => !y.partial).map((y) => y.difference))) },
    { head: "Median distrib.", cell: (x) => pp(median(x.years!.filter((y) => !y.partial && y.distributions !== null).map((y) => y.distributions as number))) },
  ]).classList.add("wraps");
  const notes = [...new Set(pairs.flatMap((x) => [x.note, x.basisNote, x.distributionsNote]).filter(Boolean))];
  for (const n of notes) t.body.append(h("p", { class: "note" }, n));
  t.foot(pairs, "TE: tracking error, annualized (daily returns × √252, month-end returns × √12).");
}

export async function risk(el: HTMLElement, c: SectionContext): Promise<void> {
  const d = await c.api.risk();
  const syms = d.symbols.filter((s) => s.available);
  if (!syms.length) {
    empty(el, "No price history in this window.");
    return;
  }
  const k = card(el, "Probability of a loss by holding period", { wide: true, id: "loss-probability" });
  const horizons: number[] = d.horizonsYears;
  draw(
    k.chart(),
    lossProbabilityChart(
      chartStyle(),
      horizons,
      syms.map((s) => ({ name: s.symbol, values: horizons.map((y) => s.risk.probabilityOfLoss.find((x) => x.years === y)?.figure.value ?? null) })),
    ),
    horizons.length * syms.length,
  );
  k.foot(syms.map((s) => s.risk.probabilityOfLoss), "Share of all overlapping windows of that length (252 sessions a year) that ended below their start.");
  const t = card(el, "Tail risk and shape of daily returns", { id: "tail" });
  table(t.body, syms, [
    { head: "Index", cell: (s) => s.symbol },
    { head: "Vol", cell: (s) => fig(s.risk.volatility) },
    { head: "VaR 1d 95%", cell: (s) => fig(s.risk.tail.find((x) => x.horizon === "1 day" && x.confidence === 0.95)?.valueAtRisk, "pct", 2), cls: () => "neg" },
    { head: "ES 1m 99%", cell: (s) => fig(s.risk.tail.find((x) => x.horizon === "1 month" && x.confidence === 0.99)?.conditionalValueAtRisk, "pct", 1), cls: () => "neg" },
    { head: "Skew", cell: (s) => fig(s.risk.skewness, "num", 2), cls: (s) => signClass(s.risk.skewness.value) },
    { head: "Kurt.", cell: (s) => fig(s.risk.excessKurtosis, "num", 1) },
  ]);
  t.body.append(h("p", { class: "note" }, "Vol: volatility, % a year. VaR 1d 95%: the daily loss exceeded on 5% of days; ES 1m 99%: the average 21-session loss in the worst 1% of such periods. Skew and excess kurtosis of daily returns."));
  t.foot(syms.map((s) => s.risk.volatility));
}
