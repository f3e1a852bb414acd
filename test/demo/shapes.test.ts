import { test } from "node:test";
import assert from "node:assert/strict";
import { generateDemoMarket } from "../../src/sources/demo/index.ts";
import { holidays } from "../../src/sources/demo/calendar.ts";
import { Bar, Holding, isoToDay, Observation, Security, weekday } from "../../src/model/index.ts";

const END = "2016-03-31";
const market = generateDemoMarket({ seed: 42, endDate: END });
const bars = (sym: string) => [...market.indices, ...market.etfs].find((s) => s.meta.id === sym)!.bars;
const obs = (id: string) => market.macro.find((s) => s.meta.id === id)!.observations;
const isBusinessDay = (iso: string) => {
  const d = isoToDay(iso);
  const w = weekday(d);
  return w < 5 && !holidays(Number(iso.slice(0, 4))).includes(d); // 0 = Monday .. 4 = Friday
};

test("indices and ETFs: live symbols, real start dates, business days only, valid bars", () => {
  assert.deepEqual(market.indices.map((s) => s.meta.id), ["^GSPC", "^RUT", "^IXIC"]);
  assert.deepEqual(market.etfs.map((s) => s.meta.id), ["IWM", "SPY", "QQQ", "KRE"]);
  const starts: Record<string, string> = {
    "^GSPC": "1987-09-10", "^RUT": "1987-09-10", "^IXIC": "1987-09-10",
    IWM: "2000-05-26", SPY: "1993-01-29", QQQ: "1999-03-10", KRE: "2006-06-22",
  };
  for (const s of [...market.indices, ...market.etfs]) {
    const b = s.bars;
    assert.equal(b[0].date, starts[s.meta.id], `${s.meta.id} first date`);
    assert.equal(b[b.length - 1].date, END);
    assert.equal(s.meta.source, "demo");
    assert.match(s.meta.name, /synthetic demo/);
    for (let i = 0; i < b.length; i++) {
      Bar.parse(b[i]);
      assert.ok(isBusinessDay(b[i].date), `${s.meta.id} ${b[i].date} is not a business day`);
      if (i > 0) assert.ok(b[i].date > b[i - 1].date);
      assert.ok(b[i].high! >= Math.max(b[i].open!, b[i].close) && b[i].low! <= Math.min(b[i].open!, b[i].close));
      assert.ok(b[i].volume! > 0);
    }
    if (s.meta.kind === "index") assert.ok(b.every((x) => x.adjClose === x.close), `${s.meta.id} adjClose = close`);
  }
  // No trading on the fixed holidays or during the 2001-09-11..14 closure.
  const dates = new Set(bars("^GSPC").map((b) => b.date));
  for (const d of ["2015-01-01", "2015-07-03", "2015-12-25", "2001-09-12", "2010-07-05"]) assert.ok(!dates.has(d), d);
  // ETFs: adjusted close reinvests dividends, so it grows faster than the close.
  for (const sym of ["IWM", "SPY", "QQQ", "KRE"]) {
    const b = bars(sym);
    const priceGrowth = b[b.length - 1].close / b[0].close;
    const totalGrowth = b[b.length - 1].adjClose! / b[0].adjClose!;
    assert.ok(totalGrowth > priceGrowth, `${sym}: total ${totalGrowth} vs price ${priceGrowth}`);
  }
  // IWM tracks the demo ^RUT with a small drag: daily tracking error a few percent a year.
  const rut = new Map(bars("^RUT").map((b) => [b.date, b.close]));
  const iwm = bars("IWM");
  const diffs: number[] = [];
  for (let i = 1; i < iwm.length; i++) {
    const r0 = rut.get(iwm[i - 1].date)!;
    const r1 = rut.get(iwm[i].date)!;
    diffs.push(iwm[i].adjClose! / iwm[i - 1].adjClose! - r1 / r0);
  }
  const m = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  const te = Math.sqrt(diffs.reduce((a, b) => a + (b - m) ** 2, 0) / (diffs.length - 1)) * Math.sqrt(252);
  assert.ok(te > 0.02 && te < 0.06, `IWM tracking error ${te}`);
});

test("macro series: FRED ids, frequencies and the scripted history", () => {
  assert.deepEqual(
    market.macro.map((s) => s.meta.id).sort(),
    ["BAMLH0A0HYM2", "CPIAUCSL", "DFF", "DGS10", "DGS2", "UNRATE", "USREC"],
  );
  for (const s of market.macro) {
    assert.equal(s.meta.kind, "macro");
    assert.equal(s.meta.source, "demo");
    for (const o of s.observations) Observation.parse(o);
  }
  const dff = obs("DFF");
  assert.equal(dff.length, isoToDay(END) - isoToDay("1987-09-10") + 1, "DFF has every calendar day");
  for (const id of ["DGS2", "DGS10", "BAMLH0A0HYM2"]) assert.ok(obs(id).every((o) => isBusinessDay(o.date)), id);
  assert.equal(obs("BAMLH0A0HYM2")[0].date, "1996-12-31");
  for (const id of ["UNRATE", "CPIAUCSL", "USREC"]) {
    const o = obs(id);
    assert.equal(o[0].date, "1987-09-01");
    assert.equal(o[o.length - 1].date, "2016-02-01", `${id}: last month is the one before the end date's`);
    assert.ok(o.every((x) => x.date.endsWith("-01")));
  }
  const recession = obs("USREC").filter((o) => o.value === 1).map((o) => o.date.slice(0, 7));
  assert.equal(recession.length, 8 + 8 + 18);
  assert.ok(recession.includes("1990-08") && recession.includes("2001-11") && recession.includes("2009-06"));
  assert.ok(!recession.includes("2009-07") && !recession.includes("2001-03"));
  const at = (id: string, date: string) => obs(id).filter((o) => o.date <= date).at(-1)!.value;
  // Fed cycles: hikes in 1994, 1999-2000, 2004-06, 2015-16; cuts in 2001-03, 2007-08.
  assert.ok(at("DFF", "1995-03-01") - at("DFF", "1993-12-31") > 2.5);
  assert.ok(at("DFF", "2000-06-30") - at("DFF", "1999-05-31") > 1.4);
  assert.ok(at("DFF", "2003-07-31") < 1.2 && at("DFF", "2006-08-31") > 5);
  assert.ok(at("DFF", "2009-06-30") < 0.3);
  assert.ok(at("BAMLH0A0HYM2", "2008-12-15") > 15 && at("BAMLH0A0HYM2", "2007-06-01") < 4);
  assert.ok(at("UNRATE", "2009-10-01") > 9 && at("UNRATE", "2007-05-01") < 5.2);
  assert.ok(at("CPIAUCSL", "2016-01-01") > 230 && at("CPIAUCSL", "2016-01-01") < 245);
  assert.ok(obs("DGS10").every((o) => o.value > 0) && obs("DGS2").every((o) => o.value > 0));
});

test("holdings: IWM ~1,950 equities and IVV 503, cash and futures kept apart, weights sum to 1", () => {
  for (const h of market.holdings) Holding.parse(h);
  const iwm = market.holdings.filter((h) => h.fund === "IWM");
  const ivv = market.holdings.filter((h) => h.fund === "IVV");
  const eq = (rows: typeof iwm) => rows.filter((h) => h.assetClass === "equity");
  assert.equal(eq(iwm).length, 1950);
  assert.equal(eq(ivv).length, 503);
  for (const rows of [iwm, ivv]) {
    const other = rows.filter((h) => h.assetClass !== "equity").map((h) => h.assetClass).sort();
    assert.deepEqual(other, ["cash", "future", "money-market"]);
    const sum = rows.reduce((s, h) => s + h.weight, 0);
    assert.ok(Math.abs(sum - 1) < 1e-9, `weights sum ${sum}`);
    const mv = rows.reduce((s, h) => s + h.marketValue, 0);
    for (const h of rows) assert.ok(Math.abs(h.weight - h.marketValue / mv) < 1e-12);
    assert.ok(rows.every((h) => h.asOf === END));
    assert.equal(new Set(rows.map((h) => h.ticker)).size, rows.length);
  }
  const e = eq(iwm);
  const total = e.reduce((s, h) => s + h.marketValue, 0);
  const sectors = new Map<string, number>();
  for (const h of e) sectors.set(h.sector!, (sectors.get(h.sector!) ?? 0) + h.marketValue / total);
  assert.equal(sectors.size, 11);
  for (const s of ["Industrials", "Information Technology", "Financials", "Health Care"]) {
    assert.ok(sectors.get(s)! > 0.11 && sectors.get(s)! < 0.25, `${s} ${sectors.get(s)}`);
  }
  const us = e.filter((h) => h.location === "United States").reduce((s, h) => s + h.marketValue, 0) / total;
  assert.ok(us > 0.95 && us < 1, `US share ${us}`);
  const w = e.map((h) => h.marketValue / total).sort((a, b) => b - a);
  const top10 = w.slice(0, 10).reduce((a, b) => a + b, 0);
  assert.ok(top10 > 0.04 && top10 < 0.12, `IWM top-10 weight ${top10}`);
  // IWM holds the demo Russell 2000: none of IVV's names.
  const ivvTickers = new Set(eq(ivv).map((h) => h.ticker));
  assert.ok(e.every((h) => !ivvTickers.has(h.ticker)));
});

test("universe: 4,000 companies, Russell-like breakpoints, loss-makers concentrated among the smallest", () => {
  const u = market.universe;
  assert.equal(u.length, 4000);
  for (const s of u) Security.parse(s);
  assert.equal(new Set(u.map((s) => s.id)).size, 4000);
  assert.equal(new Set(u.map((s) => s.ticker)).size, 4000);
  assert.ok(u.every((s) => s.securityType === "common" && s.floatShares <= s.sharesOutstanding));
  const byCap = u.map((s) => ({ cap: s.sharesOutstanding * s.price, loss: s.earnings! < 0, s })).sort((a, b) => b.cap - a.cap);
  const cap1000 = byCap[999].cap;
  const cap3000 = byCap[2999].cap;
  assert.ok(cap1000 > 4.5e9 && cap1000 < 7.5e9, `rank 1,000 cap ${cap1000}`);
  assert.ok(cap3000 > 1.3e8 && cap3000 < 2.8e8, `rank 3,000 cap ${cap3000}`);
  const lossShare = (from: number, to: number) => byCap.slice(from, to).filter((x) => x.loss).length / (to - from);
  assert.ok(lossShare(3000, 4000) > 0.33 && lossShare(3000, 4000) < 0.55, `smallest 1,000: ${lossShare(3000, 4000)}`);
  assert.ok(lossShare(0, 500) < 0.08, `largest 500: ${lossShare(0, 500)}`);
  const foreign = u.filter((s) => s.country !== "US").length / u.length;
  assert.ok(foreign > 0.005 && foreign < 0.04, `foreign share ${foreign}`);
  // Holdings prices agree with the universe and, for the demo Russell 2000, with the stock bars.
  const price = new Map(u.map((s) => [s.ticker, s.price]));
  for (const h of market.holdings.filter((x) => x.assetClass === "equity")) assert.equal(h.price, price.get(h.ticker));
});

test("stock bars: the IWM equity tickers, five years (from 2015-01-02 at the earliest), valid", () => {
  const iwm = new Set(market.holdings.filter((h) => h.fund === "IWM" && h.assetClass === "equity").map((h) => h.ticker));
  assert.equal(market.stocks.metas.length, iwm.size);
  assert.ok(market.stocks.metas.every((m) => iwm.has(m.id) && m.kind === "stock" && m.source === "demo"));
  assert.equal(market.stocks.firstDate, "2015-01-02");
  assert.equal(market.stocks.lastDate, END);
  const batch = (market.stocks.batches(10).next().value as Bar[] | undefined) ?? [];
  assert.equal(batch.length, 10 * market.stocks.daysPerStock);
  for (const b of batch) Bar.parse(b);
  const price = new Map(market.universe.map((s) => [s.ticker, s.price]));
  for (const b of batch.filter((x) => x.date === END)) assert.equal(b.close, price.get(b.symbol));

  const later = generateDemoMarket({ seed: 42, endDate: "2024-06-28" });
  assert.equal(later.stocks.firstDate, "2019-07-01");
  assert.ok(later.stocks.daysPerStock >= 1250 && later.stocks.daysPerStock <= 1300, `${later.stocks.daysPerStock} days`);
});
