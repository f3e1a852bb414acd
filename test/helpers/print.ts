/**
 * What a printed (A4) report cuts off: the HTML laid out in Debian's chromium with print media at
 * the page's printable width, every table, cell, caption, chart and finding checked against the
 * page edge. Empty when nothing is cut off.
 */
import { chromium } from "playwright-core";
import { browserSkip, CHROMIUM } from "./browser.ts";

export { CHROMIUM };
export const printSkip: false | string = browserSkip();

export async function printCutOff(html: string): Promise<string[]> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    // A4 less the print margins (12 mm each side): 186 mm at 96 px per inch.
    const page = await browser.newPage({ viewport: { width: Math.floor((186 / 25.4) * 96), height: 1100 } });
    await page.emulateMedia({ media: "print" });
    await page.setContent(html);
    return await page.evaluate(() => {
      // The DOM, typed loosely: the tests compile without the DOM library.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const doc = (globalThis as any).document;
      const right = doc.body.getBoundingClientRect().right + 1;
      const out: string[] = [];
      for (const el of doc.querySelectorAll("table, th, td, figcaption, svg, .finding, li, dl.figures div")) {
        const r = el.getBoundingClientRect();
        if (r.right > right || el.scrollWidth > el.clientWidth + 1) out.push(`${el.closest("figure")?.id ?? el.tagName}: ${String(el.textContent ?? "").slice(0, 40)}`);
      }
      return out;
    });
  } finally {
    await browser.close();
  }
}
