// End to end in a real browser: Debian's chromium driven by playwright-core against `startServer`
// on a copy of the demo market. Screenshots go to test-artifacts/e2e/ (look at them).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { startServer, type RunningServer } from "../../src/server/index.ts";
import { Store } from "../../src/store/index.ts";
import { demoStoreCopy } from "../server/helpers.ts";
import { browserSkip } from "../helpers/browser.ts";
import { launchChromium } from "../helpers/dashboard.ts";

const SKIP = browserSkip();
const ARTIFACTS = "test-artifacts/e2e";
const SECTIONS = ["overview", "performance", "leadership", "volatility", "crashes", "rates", "composition", "breadth", "etf", "risk", "recon"];

let server: RunningServer;
let browser: BrowserContext;
let profile: string;
let cleanupStore: () => void;

async function open(url: string, width = 1280): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  await page.setViewportSize({ width, height: 900 });
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
  await page.goto(url);
  await page.waitForSelector("body[data-ready='1']", { timeout: 30_000 });
  return { page, errors };
}

/** Waits until the page has redrawn for a URL containing `needle` (a function, not a string: the CSP forbids eval). */
async function readyWith(page: Page, needle: string): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const g = globalThis as unknown as { document: { body: { dataset: Record<string, string> } }; location: { search: string } };
      return g.document.body.dataset.ready === "1" && g.location.search.includes(n);
    },
    needle,
    { timeout: 30_000 },
  );
}

async function shoot(page: Page, name: string, sections = false): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.addStyleTag({ content: ".top { position: static !important; }" });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  if (sections) for (const id of SECTIONS) await page.locator(`#${id}`).screenshot({ path: join(ARTIFACTS, `${name}-${id}.png`) });
}

describe("dashboard in chromium", { skip: SKIP, timeout: 120_000 }, () => {
  before(async () => {
    const copy = await demoStoreCopy();
    cleanupStore = copy.cleanup;
    server = await startServer({ dbPath: copy.path, port: 0, rateLimit: false });
    profile = mkdtempSync(join(tmpdir(), "r2k-chromium-"));
    browser = await launchChromium(profile);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    cleanupStore?.();
  });

  test("loads without console errors; every section draws its charts with data, source and as-of", async () => {
    const t0 = Date.now();
    const { page, errors } = await open(server.url);
    const firstChart = Date.now() - t0;
    assert.deepEqual(errors, []);
    assert.equal(await page.locator("#demo-banner").isVisible(), true, "demo banner visible");
    for (const id of SECTIONS) {
      const points = await page.$$eval(`#${id} [data-points]`, (els) => els.map((e) => Number(e.getAttribute("data-points"))));
      assert.ok(points.length > 0, `${id}: no chart`);
      assert.ok(points.every((n) => n > 0), `${id}: a chart without data (${points.join(",")})`);
      const canvases = await page.locator(`#${id} canvas`).count();
      assert.ok(canvases >= points.length, `${id}: ${canvases} canvases for ${points.length} charts`);
      assert.equal(await page.locator(`#${id} [data-empty]`).count(), 0, `${id}: empty state shown`);
    }
    const provs = await page.$$eval(".card", (cards) => cards.map((c) => c.querySelector(".prov")?.textContent ?? ""));
    assert.ok(provs.length >= 20);
    for (const p of provs) assert.match(p, /Source: .+ As of \d{4}-\d{2}-\d{2}/);
    assert.ok(provs.every((p) => p.includes("synthetic demo")), "demo named as the source");
    await shoot(page, "desktop", true);
    process.stdout.write(`# time to every chart drawn: ${firstChart} ms\n`);
    await page.close();
  });

  test("changing the date range changes the figures and the URL", async () => {
    const { page, errors } = await open(server.url);
    const before = await page.locator("#comparison-table").innerText();
    await page.fill("input[name=from]", "2020-01-01");
    await page.locator("input[name=from]").dispatchEvent("change");
    await readyWith(page, "from=2020-01-01");
    const afterChange = await page.locator("#comparison-table").innerText();
    assert.notEqual(afterChange, before);
    const growthStart = await page.$$eval("#performance [data-card=growth] .prov", (els) => els[0]?.textContent ?? "");
    assert.match(growthStart, /As of/);
    await page.click("button[data-years='5']");
    await readyWith(page, "from=2020-06-30");
    assert.notEqual(await page.locator("#comparison-table").innerText(), afterChange);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a deep link restores the state: window, benchmark, log scale, dark theme", async () => {
    const { page, errors } = await open(`${server.url}?from=2015-01-01&to=2019-12-31&benchmark=%5EIXIC&log=1&theme=dark#leadership`);
    assert.equal(await page.inputValue("input[name=from]"), "2015-01-01");
    assert.equal(await page.inputValue("input[name=to]"), "2019-12-31");
    assert.equal(await page.inputValue("select[name=benchmark]"), "^IXIC");
    assert.equal(await page.isChecked("input[name=log]"), true);
    assert.equal(await page.evaluate("document.documentElement.dataset.theme"), "dark");
    assert.match(await page.locator("#comparison-table").innerText(), /Beta vs \^IXIC/);
    // Level cards keep each series' own last close, but never one after the window's end.
    const tiles = await page.locator(".tile-asof").allInnerTexts();
    assert.ok(tiles.length === 3 && tiles.every((t) => /last close (\d{4}-\d{2}-\d{2})$/.exec(t)![1] <= "2019-12-31"), tiles.join(","));
    assert.deepEqual(errors, []);
    await shoot(page, "deep-link-dark", true);
    // Back to the default view through history.
    await page.goBack().catch(() => undefined);
    await page.close();
  });

  test("usable at phone width: no sideways scrolling, charts drawn", async () => {
    const { page, errors } = await open(server.url, 390);
    const overflow = (await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")) as number;
    assert.ok(overflow <= 1, `page is ${overflow}px wider than the screen`);
    const widths = await page.$$eval("[data-points]", (els) => els.map((e) => e.getBoundingClientRect().width));
    assert.ok(widths.every((w) => w > 250 && w <= 390), widths.join(","));
    assert.deepEqual(errors, []);
    await shoot(page, "phone");
    await page.locator("#overview").screenshot({ path: join(ARTIFACTS, "phone-overview.png") });
    await page.close();
  });

  test("index engine: breakpoints, bands, members and changes of the demo reconstitution", async () => {
    const { page, errors } = await open(`${server.url}#recon`);
    const bp = await page.locator("#recon [data-card=recon-breakpoints] table").innerText();
    assert.match(bp, /Rank 1,000\s+Rank 3,000/);
    assert.match(bp, /Market cap at the rank\s+\$[\d.]+[MBT]\s+\$[\d.]+[MBT]/);
    assert.match(bp, /Band, market cap\s+\$[\d.]+[MBT] – \$[\d.]+[MBT]/);
    const universe = await page.locator("#recon [data-card=recon-universe] table").innerText();
    assert.match(universe, /Universe\s+demo universe of \d{4}-\d\d-\d\d \(synthetic demo data, not market data\)/);
    assert.match(universe, /Rank day\s+\d{4}-\d\d-\d\d/);
    const members = await page.locator("#recon [data-card=recon-members] table").innerText();
    for (const label of ["Russell 1000", "Russell 2000", "Russell Microcap"]) assert.match(members, new RegExp(`${label}\\s+[\\d,]+\\s+\\$`), label);
    const changes = await page.locator("#recon [data-card=recon-changes]").innerText();
    assert.match(changes, /Measure\s+R2000\s+Members\s+[\d,]+ → [\d,]+\s+Adds \(weight\)\s+\d[\d,]* \([\d.]+%\)\s+Deletes \(weight\)\s+\d[\d,]* \([\d.]+%\)\s+Turnover\s+[\d.]+%/);
    assert.match(changes, /Migrations: \d[\d,]* up .* \d[\d,]* down/);
    assert.equal(await page.locator("#recon [data-card=recon-top] [data-points='20']").count(), 1);
    assert.deepEqual(errors, []);
    await page.close();
    const phone = await open(`${server.url}#recon`, 390);
    await phone.page.locator("#recon").screenshot({ path: join(ARTIFACTS, "phone-recon.png") });
    assert.deepEqual(phone.errors, []);
    await phone.page.close();
  });

  test("unknown benchmark in a link: the page explains instead of breaking", async () => {
    const { page } = await open(`${server.url}?benchmark=NOPE`);
    const msg = await page.locator("#overview [data-empty]").first().innerText();
    assert.match(msg, /unknown symbol "NOPE"/);
    await page.close();
  });
});

describe("dashboard over a store without a universe", { skip: SKIP, timeout: 120_000 }, () => {
  let bare: RunningServer;
  let context: BrowserContext;
  let dir: string;
  let cleanup: () => void;

  before(async () => {
    // Real-data-only stores hold prices and holdings but no universe: drop the demo's.
    const copy = await demoStoreCopy();
    cleanup = copy.cleanup;
    const store = await Store.open(copy.path);
    try {
      await store.run("delete from securities");
    } finally {
      store.close();
    }
    bare = await startServer({ dbPath: copy.path, port: 0, rateLimit: false });
    dir = mkdtempSync(join(tmpdir(), "r2k-chromium-"));
    context = await launchChromium(dir);
  });

  after(async () => {
    await context?.close();
    await bare?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    cleanup?.();
  });

  test("the index engine explains what to run instead of breaking; other sections still draw", async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(`${bare.url}#recon`);
    await page.waitForSelector("body[data-ready='1']", { timeout: 30_000 });
    const msg = await page.locator("#recon [data-empty]").innerText();
    assert.match(msg, /No stored universe/);
    assert.match(msg, /r2k demo/);
    assert.match(msg, /r2k recon --universe FILE/);
    assert.equal(await page.locator("#recon [data-points]").count(), 0);
    assert.ok((await page.locator("#overview [data-points]").count()) > 0);
    // The browser logs the answered 404 itself; nothing else may go wrong.
    assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), []);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator("#recon").screenshot({ path: join(ARTIFACTS, "no-universe-recon.png") });
    await page.close();
  });
});
