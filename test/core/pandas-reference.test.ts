// Figures reference-figures.md does not cover, checked against independent computations with
// pandas 1.5.3 / numpy 1.24.2 (Debian python3-pandas) on the same files. Each figure states the
// pandas method; numbers are hard-coded (not computed at test time). Notation: c = Close (or Adj
// Close where stated) indexed by date, r = c.pct_change().dropna(), j = inner join of closes.
// Tolerance: 1e-9 relative.
import { trackingError } from "../../src/core/analytics/tracking.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { type PairReport, type Snapshot, type SymbolReport, snapshot } from "../../src/core/analytics/index.ts";
import type { Figure } from "../../src/core/analytics/figure.ts";
import { realDataSkip } from "../helpers/real-data.ts";
import { loadBars, loadFred, loadHoldings } from "./load.ts";

function eq(actual: number | null | undefined, expected: number, what: string) {
  assert.ok(typeof actual === "number", `${what}: no value`);
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.abs(expected) + 1e-15, `${what}: expected ${expected}, got ${actual}`);
}
const v = (f: Figure | null | undefined) => f?.value;
const sym = (s: Snapshot, id: string) => s.symbols.find((x) => x.symbol === id) as SymbolReport;
const pair = (s: Snapshot, id: string) => s.pairs.find((x) => x.symbol === id) as PairReport;

async function inputs() {
  return {
    bars: await Promise.all(["^RUT", "^GSPC", "^IXIC", "IWM", "KRE", "SPY"].map((s) => loadBars(s))),
    macro: await Promise.all(["DFF", "DGS10", "DGS2", "BAMLH0A0HYM2", "FEDFUNDS", "USREC"].map((id) => loadFred(id))),
    holdings: [
      { fund: "IWM", asOf: "2026-05-05", rows: await loadHoldings("IWM", "2026-05-05") },
      { fund: "IWB", asOf: "2026-07-17", rows: await loadHoldings("IWB", "2026-07-17") },
    ],
  };
}
const SUBJECTS = ["^RUT", "^GSPC", "^IXIC", "IWM"];

test("returns: horizons, CAGR, calendar years, months (^RUT whole history to 2024-08-02; IWM)", { skip: realDataSkip }, async () => {
  const s = snapshot(await inputs(), { subjects: SUBJECTS });
  const rut = sym(s, "^RUT");
  const h = (l: string) => rut.returns.find((x) => x.horizon === l)!;
  // c.iloc[-1] / c[:c.index[-1] - DateOffset(months=n)].iloc[-1] - 1
  const H: [string, number][] = [["1M", 0.03709188082703174], ["3M", 0.04622767305323161], ["6M", 0.07468173390309807], ["1Y", 0.07244149505677999], ["3Y", -0.04793046328424733], ["5Y", 0.37534395601692894], ["10Y", 0.8919954849115832], ["20Y", 2.821698560659334]];
  for (const [l, x] of H) eq(v(h(l).price), x, `^RUT ${l}`);
  // (end / base) ** (365.25 / calendar days between the two closes) - 1
  const A: [string, number][] = [["1Y", 0.07228780889660813], ["3Y", -0.016235428126760043], ["5Y", 0.06578818342483728], ["10Y", 0.06581208855140863], ["20Y", 0.06933263540403956]];
  for (const [l, x] of A) eq(v(h(l).priceAnnualized), x, `^RUT ${l} annualized`);
  assert.equal(h("1M").priceAnnualized, null, "no annualized figure under a year");
  eq(v(h("1D").price), -0.03515289667967347, "1D: c.iloc[-1] / c.iloc[-2] - 1");
  eq(v(h("5D").price), -0.06670590079318395, "5D: c.iloc[-1] / c.iloc[-6] - 1");
  eq(v(h("YTD").price), 0.040570929708293235, "YTD: c.iloc[-1] / c[:'2023-12-31'].iloc[-1] - 1");
  eq(v(h("since start").price), 11.483340494497824, "since start: c.iloc[-1] / c.iloc[0] - 1");
  eq(v(rut.cagr.price), 0.0708155405169748, "CAGR: (c[-1]/c[0]) ** (365.25 / days) - 1");
  assert.equal(h("1Y").total, null, "^RUT has no total return (Adj Close == Close)");
  // IWM: Adj Close (total) and Close (price), same horizon method
  const iwm = sym(s, "IWM");
  const ih = (l: string) => iwm.returns.find((x) => x.horizon === l)!;
  eq(v(ih("1Y").total), 0.16473907899086515, "IWM total 1Y");
  eq(v(ih("1Y").price), 0.1489304431825904, "IWM price 1Y");
  eq(v(ih("5Y").total), 0.4383271724895552, "IWM total 5Y");
  eq(v(ih("5Y").price), 0.34749114656920654, "IWM price 5Y");
  // ye = c.resample('A').last(); ye[y] / ye[y-1] - 1; the first year from c.iloc[0], the last to c.iloc[-1]
  const y = (year: number) => rut.calendarYears.rows.find((r) => r.year === year)!;
  for (const [year, x] of [[1988, 0.22380001127746407], [2000, -0.0420406165838596], [2020, 0.18363531860229942], [2023, 0.15092686801366217]] as const) {
    eq(y(year).price, x, `^RUT ${year}`);
    assert.equal(y(year).partial, false);
  }
  eq(y(1987).price, -0.2873291276617993, "1987 from the first close");
  eq(y(2024).price, 0.040570929708293235, "2024 to date");
  assert.ok(y(1987).partial && y(2024).partial);
  // c.resample('M').last().pct_change()
  const m = (year: number, month: number) => rut.monthly.rows.find((r) => r.year === year)!.months[month - 1];
  eq(m(1987, 10), -0.3076517544257724, "1987-10");
  eq(m(2008, 10), -0.20904086934005994, "2008-10");
  eq(m(2020, 3), -0.21899451132976133, "2020-03");
  eq(m(2020, 4), 0.1366404144737643, "2020-04");
});

test("risk: rolling returns and volatility, rolling beta/correlation, capture, tail risk, Sharpe/Sortino with DFF", { skip: realDataSkip }, async () => {
  const s = snapshot(await inputs(), { subjects: SUBJECTS });
  const rut = sym(s, "^RUT");
  // v = (c.shift(-252 * N) / c - 1).dropna(): len, min, np.median, max, (v > 0).mean(); annualized np.median((1 + v) ** (1 / N) - 1)
  const RR: Record<number, [number, number, number, number, number, number]> = {
    1: [9045, -0.48891388949292636, 0.10195299369459265, 1.2878144288822733, 0.7008291873963516, 0.10195299369459265],
    3: [8541, -0.5267726409028615, 0.28811433000884534, 1.3187962173353638, 0.8614916286149162, 0.08805655715201643],
    5: [8037, -0.42746101620270993, 0.481952616665156, 2.4581658656906544, 0.9034465596615653, 0.081849537086357],
    10: [6777, -0.12973147037582833, 1.1401319818344975, 3.5326573460892057, 0.9977866312527667, 0.07905617831626244],
  };
  for (const row of rut.rollingReturns) {
    const [n, mn, md, mx, sp, am] = RR[row.years];
    assert.equal(row.windows, n);
    eq(v(row.min), mn, `${row.years}y min`);
    eq(v(row.median), md, `${row.years}y median`);
    eq(v(row.max), mx, `${row.years}y max`);
    eq(v(row.sharePositive), sp, `${row.years}y share positive`);
    eq(v(row.annualizedMedian), am, `${row.years}y annualized median`);
  }
  // r.rolling(w).std() * sqrt(252): last value, max (and its date), median of the defined values
  const RV: Record<number, [number, number, string, number]> = {
    21: [0.30025816022904306, 1.1273010811115618, "2020-04-06", 0.15711786268041966],
    63: [0.20365834230079952, 0.7974697741705303, "2008-12-16", 0.16813019728148426],
    252: [0.20220790961761448, 0.5363472449785913, "2009-07-07", 0.1763051205203252],
  };
  for (const rv of rut.risk.rollingVolatility) {
    const [latest, max, date, med] = RV[rv.window];
    eq(v(rv.latest), latest, `vol${rv.window} latest`);
    eq(v(rv.max), max, `vol${rv.window} max`);
    assert.equal(rv.max.window!.to, date);
    eq(v(rv.median), med, `vol${rv.window} median`);
  }
  // jr = j.pct_change().dropna(); jr.r.rolling(252).cov(jr.g) / jr.g.rolling(252).var(); .corr
  const p = pair(s, "^RUT");
  eq(v(p.rolling.beta.latest), 1.2019566416265286, "rolling beta latest");
  eq(v(p.rolling.beta.min), 0.4250282563221674, "rolling beta min");
  eq(v(p.rolling.correlation.latest), 0.7018379071974958, "rolling corr latest");
  eq(v(p.rolling.correlation.min), 0.6000898104601914, "rolling corr min");
  eq(v(p.beta), 1.0372271964672672, "beta, whole joined history");
  // m = j.resample('M').last().pct_change().dropna(); mean(a | b > 0) / mean(b | b > 0)
  eq(v(p.upCapture), 1.1053395331806113, "up capture");
  eq(v(p.downCapture), 1.1448414523129269, "down capture");
  // ex = r - DFF.reindex(r.index) / 100 / 252 over returns dated from 2000-01-03 (DFF's start);
  // Sharpe ex.mean() / ex.std() * sqrt(252); Sortino ex.mean() * 252 / (sqrt(mean(min(ex, 0)^2)) * sqrt(252))
  eq(v(rut.risk.sharpe), 0.28446832578313447, "Sharpe over DFF");
  assert.deepEqual(rut.risk.sharpe.window, { from: "1999-12-31", to: "2024-08-02" });
  eq(v(rut.risk.sortino), 0.398730046796749, "Sortino over DFF (r2k default: excess returns)");
  assert.equal(rut.risk.sortino.riskFree, "DFF");

  // Window 2000-01-03..2019-12-31 (base 1999-12-31): q = np.quantile(x, 1 - c); VaR -q; CVaR -x[x <= q].mean();
  // 1 month: x = (c.shift(-21) / c - 1).dropna(); losses: (c.shift(-252 N) / c).dropna() < 1
  const a = sym(snapshot(await inputs(), { subjects: ["^RUT"], from: "2000-01-03", to: "2019-12-31" }), "^RUT");
  const t = (h: string, c: number) => a.risk.tail.find((x) => x.horizon === h && x.confidence === c)!;
  eq(v(t("1 day", 0.99).valueAtRisk), 0.03901164882651198, "VaR 99 1d");
  eq(v(t("1 day", 0.99).conditionalValueAtRisk), 0.05439178135734968, "CVaR 99 1d");
  eq(v(t("1 month", 0.95).valueAtRisk), 0.09302301455867086, "VaR 95 1m");
  eq(v(t("1 month", 0.95).conditionalValueAtRisk), 0.14077728875400042, "CVaR 95 1m");
  eq(v(t("1 month", 0.99).valueAtRisk), 0.17302363183891556, "VaR 99 1m");
  eq(v(t("1 month", 0.99).conditionalValueAtRisk), 0.22381996610560614, "CVaR 99 1m");
  eq(v(a.risk.probabilityOfLoss.find((x) => x.years === 3)!.figure), 0.18288119738072967, "loss 3y");
  assert.equal(v(a.risk.probabilityOfLoss.find((x) => x.years === 10)!.figure), 0, "no 10-year loss 2000-2019");
});

test("drawdowns and case studies (calendar months after the trough, r2k's default)", { skip: realDataSkip }, async () => {
  const s = snapshot(await inputs(), { subjects: SUBJECTS });
  const rut = sym(s, "^RUT");
  // Episodes by a plain loop: a new running high (>= peak) closes an episode; trough = lowest close.
  assert.equal(rut.drawdowns.episodes, 233);
  const TOP: [string, string, string | null, number][] = [
    ["2007-07-13", "2009-03-09", "2011-04-27", -0.5988875493048396],
    ["2000-03-09", "2002-10-09", "2004-04-05", -0.4603745315862605],
    ["2018-08-31", "2020-03-18", "2020-11-13", -0.43061325684645624],
    ["1987-10-05", "1987-10-28", "1989-06-02", -0.38518600927996893],
    ["1998-04-21", "1998-10-08", "1999-12-29", -0.3685924249262057],
  ];
  rut.drawdowns.top.forEach((e, i) => {
    assert.deepEqual([e.peak, e.trough, e.recovery], TOP[i].slice(0, 3));
    eq(e.depth, TOP[i][3], `episode ${i + 1}`);
  });
  // 2020: w = c['2020']; t = w.idxmin(); p = w[:t].idxmax(); recovery = first c[t:] >= w[p];
  // after N months: c[:t + DateOffset(months=N)].iloc[-1] / c[t] - 1
  const C20: Record<string, [number, string, string, string, number, number, number]> = {
    "^RUT": [-0.4187494926324141, "2020-01-16", "2020-03-18", "2020-11-10", 0.5504863704506975, 1.2878144288822733, 1.1047459028835536],
    "^GSPC": [-0.3392496000265327, "2020-02-19", "2020-03-23", "2020-08-18", 0.44673284310248684, 0.7477966345823344, 0.9917048488770119],
    "^IXIC": [-0.30115673339603644, "2020-02-19", "2020-03-23", "2020-06-08", 0.5498472240886216, 0.9280478940668675, 1.029335293387986],
  };
  const c20 = s.caseStudies.find((c) => c.name === "2020")!;
  for (const [id, [depth, peak, trough, rec, a6, a12, a24]] of Object.entries(C20)) {
    const r = c20.rows.find((x) => x.symbol === id)!;
    assert.deepEqual([r.peak, r.trough, r.recovery], [peak, trough, rec]);
    eq(v(r.depth), depth, `${id} 2020 depth`);
    [a6, a12, a24].forEach((x, i) => eq(v(r.after![i].value), x, `${id} 2020 after ${r.after![i].months}`));
  }
  const c08 = s.caseStudies.find((c) => c.name === "2007-2009")!;
  const r08 = (id: string) => c08.rows.find((x) => x.symbol === id)!;
  eq(v(r08("^RUT").after![0].value), 0.7083260727471616, "^RUT 6 calendar months after 2009-03-09");
  eq(v(r08("^RUT").after![2].value), 1.3923264553948704, "^RUT 24 calendar months after");
  eq(v(r08("^GSPC").after![0].value), 0.5274562109108152, "^GSPC 6 calendar months after");
  eq(v(r08("^GSPC").after![2].value), 0.9511624944470849, "^GSPC 24 calendar months after");
  // The 365-day convention: 6 months = 183 days: c[:t + Timedelta(days=183)]
  const ref = snapshot(await inputs(), { subjects: ["^RUT", "^GSPC"], conventions: { monthMode: "365-day" }, sections: { caseStudies: true } });
  const d08 = ref.caseStudies.find((c) => c.name === "2007-2009")!;
  eq(v(d08.rows.find((x) => x.symbol === "^RUT")!.after![0].value), 0.6791353157519275, "^RUT +183 days");
  eq(v(d08.rows.find((x) => x.symbol === "^GSPC")!.after![0].value), 0.5156607545035901, "^GSPC +183 days");
});

test("leadership, NBER troughs, lead/lag over the whole joined history", { skip: realDataSkip }, async () => {
  const s = snapshot(await inputs(), { subjects: SUBJECTS });
  assert.ok(s.leadership.available);
  // Zigzag (10%) on j.r / j.g by a plain loop: 35 pivots, the first peak 1990-01-22, trough 1990-11-05,
  // peak 1992-03-04; the last two 2024-07-09 (trough) and 2024-07-26 (provisional peak).
  const reg = s.leadership.regimes;
  assert.equal(reg.length, 34);
  assert.deepEqual([reg[0].from, reg[0].to, reg[1].to], ["1990-01-22", "1990-11-05", "1992-03-04"]);
  assert.deepEqual([reg[33].from, reg[33].to, reg[33].confirmed], ["2024-07-09", "2024-07-26", false]);
  // USREC troughs; c[:end of month + N].iloc[-1] / c[:end of trough month].iloc[-1] - 1
  const NB: [string, number, number, number][] = [
    ["1991-03", 12, 0.19115843220554862, 0.0758754893877771],
    ["1991-03", 24, 0.3403310571108449, 0.20374716688427186],
    ["2001-11", 12, -0.11812577112717082, -0.17827896118154252],
    ["2001-11", 24, 0.1860541065442185, -0.07130633505792672],
    ["2009-06", 12, 0.1991225145552602, 0.121165592748812],
    ["2009-06", 24, 0.6279019333103137, 0.43654005583137967],
    ["2020-04", 12, 0.729243199660387, 0.43562936105373384],
    ["2020-04", 24, 0.4222604847737159, 0.4187226037241205],
  ];
  for (const [trough, months, small, large] of NB) {
    const row = s.leadership.afterRecessions.rows.find((r) => r.trough === trough && r.months === months)!;
    eq(v(row.small), small, `${trough} +${months} ^RUT`);
    eq(v(row.large), large, `${trough} +${months} ^GSPC`);
  }
  const early = s.leadership.afterRecessions.rows.find((r) => r.trough === "1982-11")!;
  assert.equal(early.small.value, null, "^RUT starts in 1987");
  // w = j.resample('W-FRI').last().pct_change().dropna(); w.r.corr(w.g.shift(-k))
  assert.ok(s.leadLag.available);
  assert.equal(s.leadLag.weeks, 1804);
  const xc = (k: number) => s.leadLag.available && s.leadLag.crossCorrelation.find((x) => x.lag === k)!.correlation;
  eq(xc(-1) as number, -0.0298711144304053, "lag -1");
  eq(xc(0) as number, 0.8585947165423321, "lag 0");
  eq(xc(1) as number, -0.06712188856474109, "lag 1");
});

test("rates: regime statistics from the cycle table, joint rate regression", { skip: realDataSkip }, async () => {
  // Labels from the cycle table per return date (else on hold); per regime (1 + r).prod() ** (252 / n) - 1, r.std() * sqrt(252)
  const s = snapshot(await inputs(), { subjects: ["^RUT"], conventions: { policySource: "table" } });
  assert.ok(s.rates.available && s.rates.policy.available);
  assert.match(s.rates.policy.source, /cycle table/);
  const rows = s.rates.policy.byIndex[0].rows;
  const R: Record<string, [number, number, number]> = {
    hiking: [2395, 0.06946002991108502, 0.17553484870169664],
    easing: [2119, -0.0589472857328206, 0.23822146483185294],
    "on hold": [4782, 0.13464376990784732, 0.22197988351856007],
  };
  for (const r of rows) {
    assert.equal(r.days, R[r.regime][0]);
    eq(v(r.annualizedReturn), R[r.regime][1], `${r.regime} return`);
    eq(v(r.annualizedVolatility), R[r.regime][2], `${r.regime} vol`);
  }
  // Weeks labelled 2000-01-01..2019-12-31; y = weekly ^RUT - ^GSPC return; X = weekly diff of DGS2, DGS10,
  // BAMLH0A0HYM2 (last value per week); numpy lstsq with intercept; classic t = b / sqrt(diag(s2 (X'X)^-1))
  const b = snapshot(await inputs(), { subjects: ["^RUT"], from: "2000-01-01", to: "2019-12-31", conventions: { weeklyWindow: "labels" } });
  assert.ok(b.rates.available && b.rates.sensitivity.available && b.rates.sensitivity.joint.available);
  const jt = b.rates.sensitivity.joint;
  assert.equal(jt.n, 1043);
  eq(jt.rSquared, 0.07703959803849847, "joint R2");
  const B: [string, number, number][] = [["DGS2", -0.005597701676108693, -0.950321826846724], ["DGS10", 0.014174922536081585, 2.6672603863904234], ["BAMLH0A0HYM2", -0.010653950685026331, -6.576163363901929]];
  for (const [id, beta, t] of B) {
    const c = jt.coefficients.find((x) => x.series === id)!;
    eq(c.beta, beta, `${id} joint beta`);
    eq(c.tStat, t, `${id} joint t`);
  }
});

test("regional banks, tracking SPY vs ^GSPC, composition IWM vs IWB", { skip: realDataSkip }, async () => {
  // On the total basis: the pandas figures below use adjusted closes.
  const s = snapshot(await inputs(), { subjects: SUBJECTS, conventions: { returnBasis: "total" } });
  // KRE Adjusted_close vs IWM Adj Close, joined: beta cov/var, Pearson, total returns, ratio drawdown, vol
  assert.ok(s.regionalBanks.available);
  eq(v(s.regionalBanks.beta), 1.1219726405432484, "KRE beta to IWM");
  eq(v(s.regionalBanks.correlation), 0.81816828798403, "KRE corr");
  eq(v(s.regionalBanks.banksReturn), 0.5156513745599902, "KRE total return");
  eq(v(s.regionalBanks.smallCapReturn), 2.607844090018117, "IWM total return, same dates");
  eq(v(s.regionalBanks.ratioMaxDrawdown), -0.6562699802341827, "KRE/IWM ratio max drawdown");
  assert.equal(s.regionalBanks.ratioMaxDrawdown.trough, "2023-05-11");
  eq(v(s.regionalBanks.banksVolatility), 0.3408987252651758, "KRE vol");
  // SPY Adj Close vs ^GSPC: std(daily diff) * sqrt(252) over all joined dates; 2010 calendar-year difference.
  // r2k's tracking section never compares total with price (no ^SP500TR stored, it falls back to
  // price vs price and shows distributions apart), so the pandas figures are checked on the core
  // function and as price difference plus distributions.
  const spy = s.tracking.find((t) => t.fund === "SPY")!;
  assert.equal(spy.basis, "price");
  assert.match(spy.basisNote ?? "", /\^SP500TR, which is not stored/);
  const bars = (await inputs()).bars;
  const spyBars = bars.find((b) => b.symbol === "SPY")!;
  const gspc = bars.find((b) => b.symbol === "^GSPC")!;
  eq(trackingError({ id: "SPY", dates: spyBars.dates, values: spyBars.adjClose }, { id: "^GSPC", dates: gspc.dates, values: gspc.close }).value, 0.03294069321707915, "SPY tracking error");
  const y2010 = spy.years!.find((y) => y.year === 2010)!;
  eq(y2010.difference + (y2010.distributions as number), 0.022733750999689217, "SPY 2010 tracking difference");
  // Holdings (rows: listed equities, r2k's default; "equity" = all Asset Class Equity rows): weights from Market Value
  const comp = s.composition;
  assert.ok(comp.available);
  const iwm = comp.funds.find((x) => x.fund === "IWM")!;
  const iwb = comp.funds.find((x) => x.fund === "IWB")!;
  assert.equal(iwm.count, 1918);
  eq(iwm.top10Weight, 0.07287799020039873, "IWM top 10 (listed)");
  eq(iwm.herfindahl, 0.0018786547224774399, "IWM HHI (listed)");
  eq(iwm.medianPositionValue, 18994735.505, "IWM median position (listed)");
  eq(iwm.meanPositionValue, 41149948.72828467, "IWM mean position (listed)");
  assert.equal(iwb.count, 1023);
  eq(iwb.top10Weight, 0.3453895241740591, "IWB top 10");
  eq(iwb.herfindahl, 0.01778923942138752, "IWB HHI");
  eq(iwb.medianPositionValue, 10551253.57, "IWB median position");
  eq(iwb.locations.find((l) => l.name === "United States")!.weight, 0.9950998699567789, "IWB US share");
  eq(iwb.sectors.find((x) => x.name === "Information Technology")!.weight, 0.34836970134573797, "IWB IT");
  const cmp = comp.comparisons[0];
  assert.deepEqual([cmp.small, cmp.large], ["IWM", "IWB"]);
  eq(cmp.ratios.herfindahl, 0.0018786547224774399 / 0.01778923942138752, "HHI ratio");
  eq(cmp.sectors.find((x) => x.name === "Financials")!.difference, 0.16306170097609612 - 0.1260312027041615, "Financials IWM - IWB");
  // Equity rows for IWB (the reference's row choice)
  const e = snapshot({ bars: [], holdings: (await inputs()).holdings }, { conventions: { holdingRows: "equity" } });
  assert.ok(e.composition.available);
  const eb = e.composition.funds.find((x) => x.fund === "IWB")!;
  assert.equal(eb.count, 1024);
  eq(eb.herfindahl, 0.017789238253520964, "IWB HHI (equity rows)");
  eq(eb.meanPositionValue, 46828722.84177734, "IWB mean (equity rows)");
});

test("breadth on seven real price files used as constituents", { skip: realDataSkip }, async () => {
  // Constituents: Close of ^RUT ^GSPC ^IXIC IWM SPY QQQ KRE. Per series on its own dates:
  // above50 = c > c.rolling(50).mean() (eligible where the mean exists), same for 200;
  // adv/dec = c.diff() > 0 / < 0; new high = c > c.shift(1).rolling(251).max(), low likewise;
  // summed by date over the union of dates; A/D line = (adv - dec).cumsum().
  const closes = await Promise.all(
    ["^RUT", "^GSPC", "^IXIC", "IWM", "SPY", "QQQ", "KRE"].map(async (s) => {
      const b = await loadBars(s);
      return { id: s, dates: b.dates, values: b.close };
    }),
  );
  const s = snapshot({ bars: [], constituents: [{ fund: "TEST", closes }] }, { includeSeries: true });
  assert.ok(s.breadth.available);
  const b = s.breadth.funds[0];
  assert.ok(b.available && b.series);
  assert.equal(b.series.aboveShort.dates.length, 13517);
  // latest (2024-09-12): 4 reporting, 3 of 4 above the 50-day average, 4 of 4 above the 200-day
  assert.equal(b.asOf, "2024-09-12");
  assert.equal(b.constituents, 4);
  eq(v(b.aboveShort), 0.75, "above 50 latest");
  eq(v(b.aboveLong), 1, "above 200 latest");
  assert.deepEqual([b.advancers, b.decliners, v(b.advanceDeclineLine), b.newHighs, b.newLows], [4, 0, 4675, 0, 0]);
  const at = (d: string) => b.series!.aboveShort.dates.indexOf(d);
  const ROWS: [string, number, number, number, number, number][] = [
    // date, share above 50, share above 200, A/D line, new highs, new lows
    ["1999-03-11", 0.75, 0.75, 1808, 2, 0],
    ["2007-07-05", 0.8571428571428571, 0.8571428571428571, 2465, 2, 0],
    ["2014-05-13", 0.42857142857142855, 0.8571428571428571, 3312, 2, 0],
    ["2020-03-23", 0, 0, 4200, 0, 5],
    ["2023-05-03", 0.5714285714285714, 0.5714285714285714, 4486, 0, 1],
  ];
  for (const [d, a50, a200, ad, hi, lo] of ROWS) {
    const i = at(d);
    eq(b.series.aboveShort.values[i], a50, `${d} above 50`);
    eq(b.series.aboveLong.values[i], a200, `${d} above 200`);
    assert.deepEqual(
      [b.series.advanceDeclineLine.values[i], b.series.newHighs.values[i], b.series.newLows.values[i]],
      [ad, hi, lo],
      `${d} A/D line, highs, lows`,
    );
  }
});
