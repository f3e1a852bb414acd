// The dashboard's Index engine section over stored iShares holdings, in chromium: the mini
// fixture files (always, when chromium is there) and the real files (skipped without them).
// Ranks and shares, never fund dollars; sources are the stored files' names; tables fit or
// wrap at 1400 and 390 px. Screenshots go to test-artifacts/e2e/ (look at them).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { realDataSkip, realFile } from "../helpers/real-data.ts";
import { browserSkip } from "../helpers/browser.ts";
import { serveImported, type ServedStore } from "../helpers/dashboard.ts";

const SKIP = browserSkip();
const ARTIFACTS = "test-artifacts/e2e";
const FIX = new URL("../index-engine/fixtures/", import.meta.url).pathname;

async function openRecon(r: ServedStore, width: number): Promise<{ page: Page; errors: string[] }> {
  const page = await r.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(`${r.server.url}#recon`);
  await page.waitForSelector("body[data-ready='1']", { timeout: 30_000 });
  await page.locator("#recon [data-card=recon-universe]").waitFor({ timeout: 30_000 });
  return { page, errors };
}

/** Cells whose text is cut off, and tables wider than their card (run in the page). */
const CUT_OFF = `(() => {
  const bad = [];
  for (const t of document.querySelectorAll("#recon table")) {
    const wrap = t.parentElement;
    if (t.scrollWidth > wrap.clientWidth + 1) bad.push("table " + t.closest("[data-card]").getAttribute("data-card") + ": " + t.scrollWidth + " > " + wrap.clientWidth);
    for (const c of t.querySelectorAll("th, td")) {
      if (c.scrollWidth > c.clientWidth + 1) bad.push("cell " + JSON.stringify(c.textContent.slice(0, 40)) + ": " + c.scrollWidth + " > " + c.clientWidth);
    }
  }
  return bad;
})()`;

async function cutOff(page: Page): Promise<string[]> {
  return (await page.evaluate(CUT_OFF)) as string[];
}

async function check(r: ServedStore, name: string, expect: (text: string) => void, dollars = false): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const width of [1400, 390]) {
    const { page, errors } = await openRecon(r, width);
    const text = await page.locator("#recon").innerText();
    expect(text);
    if (!dollars) assert.ok(!text.includes("$"), `${width}px: a dollar figure in a fund-dollar preview`);
    assert.ok(!text.includes("shared/"), `${width}px: a path of the developers' data folder`);
    assert.deepEqual(await cutOff(page), [], `${width}px`);
    const overflow = (await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")) as number;
    assert.ok(overflow <= 1, `${width}px: page is ${overflow}px wider than the screen`);
    await page.addStyleTag({ content: ".top { position: static !important; }" });
    await page.locator("#recon").screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`) });
    assert.deepEqual(errors, [], `${width}px`);
    await page.close();
  }
}

describe("index engine over stored mini holdings (fixture)", { skip: SKIP, timeout: 120_000 }, () => {
  let r: ServedStore;
  before(async () => {
    // A price file too: a store without prices shows only the import hint.
    const prices = new URL("../fixtures/good/spy_us_d.csv", import.meta.url).pathname;
    r = await serveImported([prices, FIX + "ishares-iwv-mini_2025-05-02.csv", FIX + "ishares-iwb-mini_2025-04-15.csv", FIX + "ishares-iwm-mini_2025-04-15.csv"]);
  });
  after(() => r?.cleanup());

  test("the stored IWV, its rank day and window, the earlier IWB/IWM as previous membership, shares not dollars", async () => {
    await check(r, "recon-mini", (text) => {
      assert.match(text, /Universe\s+IWV holdings of 2025-05-02 \(ishares-iwv-mini_2025-05-02\.csv\)/);
      assert.match(text, /Rank day\s+2025-05-02/);
      assert.match(text, /Inside the June 2025 reconstitution: rank day 2025-04-30, effective after the close of 2025-06-27/);
      assert.match(text, /Previous membership\s+stored IWB holdings of 2025-04-15 \(ishares-iwb-mini_2025-04-15\.csv\); stored IWM holdings of 2025-04-15/);
      assert.match(text, /Share classes\s+2 companies ranked on several lines: AAA \+ AAB, GGG \+ GGH\./);
      assert.match(text, /Russell 1000\s+7\s+1 – 7\s+100\.00%/);
      assert.match(text, /Source: IWV holdings of 2025-05-02 \(ishares-iwv-mini_2025-05-02\.csv\)/);
      assert.match(text, /As of 2025-05-02/);
    });
  });
});

describe("index engine over stored holdings with SEC shares (fixture recon-companies)", { skip: SKIP, timeout: 120_000 }, () => {
  let r: ServedStore;
  before(async () => {
    const dir = new URL("../fixtures/recon-companies/", import.meta.url).pathname;
    // A fund's prices too, as above: the dashboard's sections open once a price series is stored.
    const fund = new URL("../fixtures/good/spy_us_d.csv", import.meta.url).pathname;
    r = await serveImported([fund, ...["IWV_holdings_2025-04-30.csv", "IWB_holdings_2025-03-31.csv", "IWM_holdings_2025-03-31.csv", "prices", "edgar"].map((f) => dir + f)]);
  });
  after(() => r?.cleanup());

  // The dashboard ranks with the default sizes (1,000 and 3,000): the 13 eligible companies
  // are all Russell 1000 members, so the member table shows their caps (README of the fixture).
  test("company caps in dollars, with SEC shares and the closes as sources", async () => {
    await check(
      r,
      "recon-companies",
      (text) => {
        assert.match(text, /Sizes\s+Total market cap of each company in dollars: SEC cover-page shares outstanding of every class, public by the rank day, x the close of 2025-04-30/);
        assert.match(text, /Share classes\s+1 company ranked on several lines: BRVA \+ BRVB\./);
        assert.match(text, /Russell 1000\s+13\s+\$5\.00B – \$150M\s+\$23\.2B/);
        assert.match(text, /Float estimated as the total shares/);
        assert.match(text, /Source: IWV holdings of 2025-04-30 \(IWV_holdings_2025-04-30\.csv\), closes of 2025-04-30, .*; SEC cover-page shares outstanding \(sec\)/);
      },
      true,
    );
  });
});

describe("index engine over the real stored holdings", { skip: SKIP || realDataSkip, timeout: 120_000 }, () => {
  let r: ServedStore;
  before(async () => {
    r = await serveImported([realFile("holdings"), realFile("prices")]);
  });
  after(() => r?.cleanup());

  test("IWV of 2025-05-02 ranked without banding, the later IWB/IWM named in a warning", async () => {
    await check(r, "recon-real", (text) => {
      assert.match(text, /Universe\s+IWV holdings of 2025-05-02 \(IWV_holdings_2025-05-02\.csv\)/);
      assert.match(text, /Share classes\s+22 companies ranked on several lines: GOOGL \+ GOOG, LEN \+ LENB/);
      assert.match(text, /IWB holdings of 2026-07-17 and IWM holdings of 2026-05-05 are dated after the rank day 2025-05-02; not used as the previous membership: ranks without banding\./);
      assert.match(text, /Share of the universe's cap at or above the rank\s+\d+\.\d%/);
      assert.match(text, /No previous membership to compare with/);
    });
  });
});
