// The dashboard's valuation from SEC filings, in chromium, on the fixture of
// test/fixtures/valuation-history (its README computes every figure by hand): the small-vs-large
// card and the premium/discount chart with its counted quarters, survivorship and sources; and,
// on the same holdings without SEC facts, one line saying what to run instead of empty cards.
// Screenshots go to test-artifacts/e2e/ (look at them).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { browserSkip } from "../helpers/browser.ts";
import { serveImported, type ServedStore } from "../helpers/dashboard.ts";

const SKIP = browserSkip();
const ARTIFACTS = "test-artifacts/e2e";
const FIX = new URL("../fixtures/valuation-history/", import.meta.url).pathname;
// A price series: the dashboard's sections open once one is stored.
const PRICES = new URL("../fixtures/good/spy_us_d.csv", import.meta.url).pathname;

/** The composition section at `width`, with the console's errors and warnings. */
async function openComposition(r: ServedStore, width: number, ready: string): Promise<{ page: Page; errors: string[] }> {
  const page = await r.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const errors: string[] = [];
  page.on("console", (m) => {
    // Without an IWV universe /api/recon answers 404 and the Index engine section says what to import.
    if (/\/api\/recon\b/.test(m.location().url) && /404/.test(m.text())) return;
    if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(`${r.server.url}#composition`);
  await page.waitForSelector("body[data-ready='1']", { timeout: 30_000 });
  await page.locator(`#composition ${ready}`).first().waitFor({ timeout: 30_000 });
  return { page, errors };
}

const overflowOf = (page: Page) => page.evaluate("document.documentElement.scrollWidth - window.innerWidth") as Promise<number>;

describe("valuation from SEC filings on the dashboard (fixture valuation-history)", { skip: SKIP, timeout: 120_000 }, () => {
  let r: ServedStore;
  before(async () => {
    r = await serveImported([PRICES, FIX]);
  });
  after(() => r?.cleanup());

  test("small vs large with coverage, and the quarterly premium drawn with survivorship and sources", async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const width of [1400, 390]) {
      const { page, errors } = await openComposition(r, width, "[data-card=valuation-history] canvas");
      const card = await page.locator("#composition [data-card=company-valuation]").innerText();
      // README: as of 2024-05-03 every cap is total shares x the holdings' price (no stored close
      // that week); IWM P/E 24.4 against IWB 20.0 on all of each fund's weight.
      assert.match(card, /P\/E aggregate\s+24\.4\s+20\.0/);
      assert.match(card, /coverage \(weight\)\s+100\.0%\s+100\.0%/);
      assert.match(card, /IWM against IWB \(small \/ large - 1\): aggregate P\/E \+22\.2%/);
      assert.match(card, /As of 2024-05-03/);
      const hist = await page.locator("#composition [data-card=valuation-history]").innerText();
      // README: 2024-03-31 is the latest counted quarter, IWM 432/14 = 30.9 against IWB 20: +54.3%; 2023-06-30 left out.
      assert.match(hist, /Latest counted quarter: 2024-03-31: P\/E premium \+54\.3%; IWM P\/E 30\.9 \(90\.0% of weight, 2 cos\.\), IWB P\/E 20\.0/);
      assert.match(hist, /Left out: 2023-06-30: the small-cap fund's P\/E covers 30% of its weight/);
      assert.match(hist, /Survivorship: Members are today's/);
      assert.match(hist, /Source: .*sec.*As of 2024-03-31/s);
      assert.ok((await overflowOf(page)) <= 1, `${width}px: wider than the screen`);
      await page.addStyleTag({ content: ".top { position: static !important; }" });
      await page.locator("#composition [data-card=valuation-history]").screenshot({ path: join(ARTIFACTS, `valuation-history-${width}.png`) });
      await page.locator("#composition [data-card=company-valuation]").screenshot({ path: join(ARTIFACTS, `company-valuation-${width}.png`) });
      assert.deepEqual(errors, [], `${width}px`);
      await page.close();
    }
  });
});

describe("valuation before SEC filings are stored (the same holdings only)", { skip: SKIP, timeout: 120_000 }, () => {
  let r: ServedStore;
  before(async () => {
    r = await serveImported([PRICES, join(FIX, "holdings")]);
  });
  after(() => r?.cleanup());

  test("one line says why and what to run; no empty valuation card", async () => {
    const { page, errors } = await openComposition(r, 1400, "[data-card=concentration]");
    const text = await page.locator("#composition").innerText();
    assert.match(text, /No valuation: no SEC EDGAR fundamentals stored: run `r2k update --only fundamentals` with sources\.sec\.userAgent set/);
    assert.match(text, /Valuation premium\/discount over time: unavailable, no SEC EDGAR facts stored/);
    assert.equal(await page.locator("#composition [data-card=company-valuation]").count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
