import { createHash } from "node:crypto";
import { isharesTable } from "../files/ishares.ts";
import { FetchError } from "./errors.ts";
import type { HttpClient } from "./http.ts";
import { RetryableFetchError } from "./http.ts";
import { rejectEmpty, rejectHtml } from "./validate.ts";

/**
 * A fund's holdings CSV from ishares.com (URL pattern and product ids:
 * docs/data-formats.md, "Live sources"). The body is the same file the site's "Download
 * holdings" link gives, so it is stored through the iShares file importer; here it is only
 * checked to be a complete holdings file: the site answers bot checks with an HTML page and
 * HTTP 200, and a cut download would silently lose the smallest holdings.
 */

export const ISHARES_DEFAULT_BASE = "https://www.ishares.com";

export interface IsharesProduct {
  productId: string;
  slug: string;
}

/** Product ids of the funds r2k knows (others can be given in r2k.config.json). */
export const ISHARES_PRODUCTS: Record<string, IsharesProduct> = {
  IWM: { productId: "239710", slug: "ishares-russell-2000-etf" },
  IVV: { productId: "239726", slug: "ishares-core-sp-500-etf" },
  IWB: { productId: "239707", slug: "ishares-russell-1000-etf" },
  IWV: { productId: "239714", slug: "ishares-russell-3000-etf" },
  IWN: { productId: "239712", slug: "ishares-russell-2000-value-etf" },
};

export interface IsharesDownload {
  fund: string;
  url: string;
  body: Buffer;
  sha256: string;
  /** Table rows in the body. */
  rows: number;
  /** Sum of the Weight (%) column, in percent. */
  weightSum: number;
}

/**
 * A second public route reported to serve the same CSV (BlackRock's product-data API), tried when
 * the first fails; its query parameters have varied between reports, so it is a template in
 * r2k.config.json (sources.ishares.fallbackUrl): {productId}, {slug} and {ticker} are filled in.
 */
export const ISHARES_DEFAULT_FALLBACK =
  "https://www.blackrock.com/varnish-api/blk-one01-product-data/product-data/api/v1/get-fund-document?portfolioId={productId}&component=holdings&fileType=csv";

/** A fallback template with the fund's product id, slug and ticker filled in. */
export function fillIsharesTemplate(template: string, fund: string, product: IsharesProduct): string {
  return template.replace(/\{productId\}/g, encodeURIComponent(product.productId)).replace(/\{slug\}/g, encodeURIComponent(product.slug)).replace(/\{ticker\}/g, encodeURIComponent(fund));
}

/** What a user can always do when no route gives the file. */
export function saveFromBrowserHint(fund: string, product: IsharesProduct): string {
  return (
    `save the holdings CSV from the fund's page in a browser (https://www.ishares.com/us/products/${product.productId}/${product.slug}, ` +
    `"Detailed Holdings and Analytics", download) and run \`r2k import\` on it`
  );
}

export function isharesUrl(fund: string, product: IsharesProduct, baseUrl = ISHARES_DEFAULT_BASE, asOf?: string): string {
  const u = new URL(`${baseUrl.replace(/\/+$/, "")}/us/products/${product.productId}/${product.slug}/1467271812596.ajax`);
  u.searchParams.set("fileType", "csv");
  u.searchParams.set("fileName", `${fund}_holdings`);
  u.searchParams.set("dataType", "fund");
  if (asOf) u.searchParams.set("asOfDate", asOf.replace(/-/g, ""));
  return u.toString();
}

/** Weights of a complete holdings file add up to about 100%; a cut file falls short. */
const MIN_WEIGHT_SUM = 90;
const MAX_WEIGHT_SUM = 110;

/** Rows and weight sum of a complete holdings file; throws on anything else (cut files are retryable). */
export function inspectHoldings(body: string, url: string): { rows: number; weightSum: number } {
  const t = isharesTable(body);
  if (t.meta.get("Fund Holdings as of")?.trim() === "-") {
    throw new FetchError("invalid", `${url} answered an empty holdings file ("Fund Holdings as of" is "-", as on a day without trading): nothing stored`);
  }
  if (t.headerIdx < 0 || !t.lines.slice(0, t.headerIdx).some((l) => l.startsWith("Fund Holdings as of,"))) {
    throw new FetchError(
      "invalid",
      `${url} is not an iShares holdings file (no "Fund Holdings as of" line or "Ticker," header): ${JSON.stringify(t.lines[0]?.replace(/^\uFEFF/, "").slice(0, 60) ?? "")}`,
    );
  }
  if (t.shortRow) {
    throw new RetryableFetchError("invalid", `${url} is truncated: table row ${t.rows.length + 1} (line ${t.shortRow.line}) has ${t.shortRow.fields} of ${t.header.length} fields`);
  }
  const weightCol = t.header.indexOf("Weight (%)");
  let weightSum = 0;
  for (const r of t.rows) {
    const w = Number((r.cells[weightCol] ?? "").replace(/,/g, ""));
    if (Number.isFinite(w)) weightSum += w;
  }
  const rows = t.rows.length;
  // The site always closes the table with a U+00A0 line and a disclaimer; a body without it was cut.
  if (t.end !== "separator") throw new RetryableFetchError("invalid", `${url} is truncated: the holdings table has no end (${rows} rows read)`);
  if (rows === 0) throw new FetchError("invalid", `empty range: ${url} has a holdings header but no rows`);
  if (weightCol >= 0 && (weightSum < MIN_WEIGHT_SUM || weightSum > MAX_WEIGHT_SUM)) {
    throw new FetchError(
      "implausible",
      `implausible value: the weights in ${url} add up to ${weightSum.toFixed(2)}%, not about 100% (${rows} rows); nothing stored`,
    );
  }
  return { rows, weightSum };
}

/**
 * The holdings file from the iShares route, else from the fallback route (`fallbackUrl`, filled
 * template; none when null). When both fail the error names both and says how to get the file
 * by hand.
 */
export async function fetchIsharesHoldings(
  http: HttpClient,
  req: { fund: string; product: IsharesProduct; baseUrl?: string; fallbackUrl?: string | null; signal?: AbortSignal },
): Promise<IsharesDownload> {
  const url = isharesUrl(req.fund, req.product, req.baseUrl);
  try {
    return await fetchFrom(http, url, req);
  } catch (err) {
    if (!(err instanceof FetchError) || err.kind === "aborted" || err.kind === "offline") throw err;
    const hint = saveFromBrowserHint(req.fund, req.product);
    if (!req.fallbackUrl) throw new FetchError(err.kind, `${err.message}; ${hint}`, err.status);
    try {
      return await fetchFrom(http, req.fallbackUrl, req);
    } catch (second) {
      if (!(second instanceof FetchError) || second.kind === "aborted") throw second;
      throw new FetchError(err.kind, `${err.message}; the fallback route failed too: ${second.message}; ${hint}`, err.status);
    }
  }
}

async function fetchFrom(http: HttpClient, url: string, req: { fund: string; signal?: AbortSignal }): Promise<IsharesDownload> {
  const res = await http.get(url, {
    signal: req.signal,
    headers: { accept: "text/csv,*/*" },
    validate: (r) => {
      rejectEmpty(r, url);
      rejectHtml(r, url, "an iShares holdings CSV");
      inspectHoldings(r.text, url);
    },
  });
  const { rows, weightSum } = inspectHoldings(res.text, url);
  return { fund: req.fund, url, body: res.body, sha256: createHash("sha256").update(res.body).digest("hex"), rows, weightSum };
}
