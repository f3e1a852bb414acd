// The dashboard over the real files (prices, FRED series, iShares holdings) in chromium, as a user
// sees it: every section shows data or says why not, the window is stated, no table or card is
// cut off at 1400 and 390 px, no "as of" date comes after the data, and the banner says the
// prices are not current (the server's clock is fixed). Skipped without chromium or the files.
// Screenshots go to test-artifacts/e2e/real-*.png (look at them).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import type { RunningServer } from "../../src/server/index.ts";
import { realDataSkip, realFile } from "../helpers/real-data.ts";
import { browserSkip } from "../helpers/browser.ts";
import { serveImported, type ServedStore } from "../helpers/dashboard.ts";

const SKIP = browserSkip() || realDataSkip;
const ARTIFACTS = "test-artifacts/e2e";
const NOW = new Date("2026-12-01T15:00:00Z");
const SECTIONS = ["overview", "performance", "leadership", "volatility", "crashes", "rates", "composition", "breadth", "etf", "risk", "recon"];
/** The last stored holdings snapshot (IWB, 2026-07-17): the latest date any figure may show. */
const LAST_HOLDINGS = "2026-07-17";

interface PageFacts {
  sections: { id: string; cards: number; cardsWithoutSource: string[]; empties: string[]; charts: number[]; asOf: string[] }[];
  cutOff: string[];
  windowLine: string;
  stale: string | null;
  tiles: string[];
}

/** What the page shows, read from the DOM. */
async function facts(page: Page): Promise<PageFacts> {
  return page.evaluate(() => {
    // The DOM, typed loosely: the tests compile without the DOM library.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    type Node = any;
    const doc: Node = (globalThis as unknown as { document: Node }).document;
    const win = globalThis as unknown as { innerWidth: number };
    const text = (e: Node) => String(e?.textContent ?? "").replace(/\s+/g, " ").trim();
    const sections = [...doc.querySelectorAll("section.section")].map((sec: Node) => ({
      id: sec.id,
      cards: sec.querySelectorAll(".card").length,
      cardsWithoutSource: [...sec.querySelectorAll(".card")].filter((c: Node) => !c.querySelector(".prov")).map((c: Node) => c.getAttribute("data-card") ?? text(c.querySelector("h3"))),
      empties: [...sec.querySelectorAll(".empty")].map(text),
      charts: [...sec.querySelectorAll("[data-points]")].map((e) => Number(e.getAttribute("data-points"))),
      asOf: [...sec.querySelectorAll(".prov")].map((p: Node) => /As of (\d{4}-\d{2}-\d{2})/.exec(text(p))?.[1] ?? "none"),
    }));
    const cutOff: string[] = [];
    for (const t of doc.querySelectorAll("table")) {
      const box = t.parentElement;
      if (t.scrollWidth > box.clientWidth + 1) cutOff.push(`table in ${t.closest("[data-card]")?.getAttribute("data-card") ?? t.closest("section")?.id}: ${t.scrollWidth} > ${box.clientWidth}`);
    }
    for (const el of doc.querySelectorAll(".card, .tile, .empty, .banner")) {
      if (el.scrollWidth > el.clientWidth + 1) cutOff.push(`${el.getAttribute("data-card") ?? el.className}: ${el.scrollWidth} > ${el.clientWidth}`);
    }
    if (doc.documentElement.scrollWidth > win.innerWidth + 1) cutOff.push(`page: ${doc.documentElement.scrollWidth} > ${win.innerWidth}`);
    const banner = doc.getElementById("stale-banner");
    return {
      sections,
      cutOff,
      windowLine: text(doc.getElementById("window-line")),
      stale: banner.hidden ? null : text(banner),
      tiles: [...doc.querySelectorAll(".tile-asof")].map((e: Node) => text(e)),
    };
  });
}

describe("dashboard over the real files", { skip: SKIP, timeout: 180_000 }, () => {
  let served: ServedStore | undefined;
  let server: RunningServer;
  let browser: BrowserContext;

  before(async () => {
    served = await serveImported([realFile("prices"), realFile("fred"), realFile("holdings")], { now: () => NOW });
    ({ server, context: browser } = served);
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  after(async () => {
    await served?.cleanup();
  });

  async function open(query: string, width: number): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    // tsx keeps function names with a helper the page does not have; give it one.
    await page.addInitScript({ content: "globalThis.__name = (f) => f;" });
    await page.setViewportSize({ width, height: 900 });
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(`${server.url}${query}`);
    await page.waitForSelector("body[data-ready='1']", { timeout: 60_000 });
    return { page, errors };
  }

  for (const width of [1400, 390]) {
    test(`every section at ${width} px: data or an explained empty state, the window stated, nothing cut off, no date after the data`, async () => {
      const { page, errors } = await open("", width);
      const f = await facts(page);
      assert.deepEqual(errors, []);
      assert.deepEqual(f.sections.map((s) => s.id), SECTIONS);
      assert.equal(f.windowLine, "Measured over 1990-01-02 to 2023-12-21, common to ^RUT, ^GSPC, ^IXIC. Returns: price (no dividends).");
      assert.match(f.stale ?? "", /^Prices are not current: \^IXIC ends 2023-12-21; KRE ends 2024-04-19; \^RUT ends 2024-08-02; \^GSPC, IWM, QQQ, SPY end 2024-09-12; the last session was 2026-11-30\./);
      // Level cards: each series at its own last close, labelled.
      assert.deepEqual(f.tiles, ["price, as of its last close 2024-08-02", "price, as of its last close 2024-09-12", "price, as of its last close 2023-12-21"]);
      for (const s of f.sections) {
        if (s.id === "breadth") {
          // No constituent prices among the files: the section says so and what to run.
          assert.equal(s.cards, 0);
          assert.match(s.empties.join(" "), /no constituent price histories stored.*r2k update --constituents/);
          continue;
        }
        assert.ok(s.cards > 0, `${s.id} shows cards`);
        assert.deepEqual(s.cardsWithoutSource, [], `${s.id}: every card names its source and as-of date`);
        assert.ok(s.charts.every((n) => n > 0), `${s.id}: charts drawn (${s.charts.join(",")})`);
        // Measured sections end at the window's end; holdings sections at their snapshot's date.
        const limit = s.id === "composition" || s.id === "recon" ? LAST_HOLDINGS : "2023-12-21";
        for (const d of s.asOf) assert.ok(d !== "none" && d <= limit, `${s.id}: as of ${d} (limit ${limit})`);
      }
      assert.deepEqual(f.cutOff, [], `nothing cut off at ${width} px`);
      await page.addStyleTag({ content: ".top { position: static !important; }" });
      await page.screenshot({ path: join(ARTIFACTS, `real-${width}.png`), fullPage: true });
      await page.close();
    });
  }

  test("a window ending 2012-12-31: nothing after it, holdings of later dates not used, the 2008 recovery of ^GSPC not shown", async () => {
    const { page, errors } = await open("?to=2012-12-31#crashes", 1400);
    const f = await facts(page);
    assert.deepEqual(errors, []);
    assert.equal(f.windowLine, "Measured over 1990-01-02 to 2012-12-31, as requested, within the span common to ^RUT, ^GSPC, ^IXIC. Returns: price (no dividends).");
    for (const s of f.sections) {
      if (s.id === "recon") continue; // ranks one stored universe on its rank day (the section says the range does not apply)
      for (const d of s.asOf) assert.ok(d !== "none" && d <= "2012-12-31", `${s.id}: as of ${d}`);
    }
    for (const t of f.tiles) assert.ok(/last close (\d{4}-\d{2}-\d{2})$/.exec(t)![1] <= "2012-12-31", t);
    const composition = f.sections.find((s) => s.id === "composition")!;
    assert.match(composition.empties.join(" "), /2012-12-31/);
    const crisis = await page.locator("[data-card='case-2007-2009'] table").innerText();
    assert.match(crisis, /\^GSPC\s+-56\.8%\s+2007-10-09 → 2009-03-09\s+not by 2012-12-31/);
    assert.match(crisis, /\^RUT\s+-59\.9%\s+2007-07-13 → 2009-03-09\s+2011-04-27/);
    await page.close();
  });

  test("total returns on request: the comparison says which series have them", async () => {
    const { page, errors } = await open("?basis=total", 1400);
    assert.deepEqual(errors, []);
    const note = await page.locator("[data-card='comparison'] .note").allInnerTexts();
    assert.match(note.join(" "), /Total returns where adjusted closes are stored; \^RUT, \^GSPC, \^IXIC on price \(none stored\)/);
    const tracking = await page.locator("[data-card='tracking-error']").innerText();
    assert.match(tracking, /price vs price/);
    assert.match(tracking, /needs the total-return index \^RUTTR, which is not stored/);
    await page.close();
  });
});
