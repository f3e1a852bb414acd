/**
 * PDF output: the HTML report printed by headless Chromium through playwright-core. Uses the
 * system's Chromium (Debian's /usr/bin/chromium, or $R2K_CHROMIUM); nothing is downloaded. The
 * page gets the HTML directly and every network request is refused, so printing is offline.
 */
import { existsSync } from "node:fs";

/** Chromium is not installed (or not where $R2K_CHROMIUM says). */
export class ChromiumMissingError extends Error {
  override name = "ChromiumMissingError";
}

export const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** The Chromium executable to use, or a ChromiumMissingError saying how to get one. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.R2K_CHROMIUM;
  if (override) {
    if (existsSync(override)) return override;
    throw new ChromiumMissingError(`R2K_CHROMIUM is ${override}, which does not exist; point it at a Chromium or Chrome executable, or unset it to use ${CHROMIUM_CANDIDATES[0]}`);
  }
  const found = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  throw new ChromiumMissingError(
    `PDF output needs Chromium, and none was found (looked for ${CHROMIUM_CANDIDATES.join(", ")}). Install it (Debian/Ubuntu: sudo apt-get install chromium) or set R2K_CHROMIUM to a Chrome/Chromium executable; --format html writes the same report without it.`,
  );
}

export interface PdfOptions {
  /** Printed in every page footer next to the page number. */
  footer?: string;
  executablePath?: string;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Prints `html` to a PDF (A4, backgrounds on, page numbers in the footer) and returns its bytes. */
export async function htmlToPdf(html: string, opts: PdfOptions = {}): Promise<Buffer> {
  const executablePath = opts.executablePath ?? findChromium();
  let chromium: typeof import("playwright-core").chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch {
    throw new ChromiumMissingError("PDF output needs the playwright-core package (npm install playwright-core); --format html writes the same report without it.");
  }
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.route("**/*", (route) => route.abort());
    await page.setContent(html, { waitUntil: "load" });
    const footer = `<div style="font-size:7pt;color:#5b6470;width:100%;padding:0 12mm;display:flex;justify-content:space-between;font-family:system-ui,sans-serif"><span>${escapeHtml(opts.footer ?? "")}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
    return await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true, displayHeaderFooter: true, headerTemplate: "<span></span>", footerTemplate: footer });
  } finally {
    await browser.close();
  }
}
