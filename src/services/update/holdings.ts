import { fundProduct, type R2kConfig } from "../../config/index.ts";
import { fetchIsharesHoldings, fillIsharesTemplate } from "../../sources/live/ishares.ts";
import { otherHoldingSources } from "../../store/index.ts";
import { importFile } from "../import.ts";
import { StoredConflict, type Asked, type UpdateContext } from "./context.ts";
import { fileItem, saveDownload } from "./downloaded-file.ts";
import type { UpdateItem } from "./types.ts";

/** A fund's holdings file from iShares, through the same importer as a downloaded file. */
export async function updateFund(ctx: UpdateContext, fund: R2kConfig["funds"][number]): Promise<UpdateItem> {
  const product = fundProduct(fund);
  const asked: Asked = { url: null };
  try {
    const dl = await fetchIsharesHoldings(ctx.http, {
      fund: product.ticker,
      product,
      baseUrl: ctx.config.sources.ishares.baseUrl,
      fallbackUrl: ctx.config.sources.ishares.fallbackUrl && fillIsharesTemplate(ctx.config.sources.ishares.fallbackUrl, product.ticker, product),
      signal: ctx.opts.signal,
    });
    asked.url = dl.url;
    const file = saveDownload(ctx, `${product.ticker}_holdings.csv`, dl.body);
    const provenance = { sourceKind: "url" as const, sourceRef: dl.url, format: "ishares-holdings" };
    let result = await ctx.alone((store) => importFile(store, file, { format: "ishares", symbol: product.ticker, provenance }));
    const notes: string[] = [];
    if (result.error?.kind === "conflict") {
      // iShares re-published the same as-of date with corrections: the newer file is the fund's word.
      const foreign = await ctx.alone((store) => otherHoldingSources(store, product.ticker, ["ishares"]));
      if (foreign.length > 0 && !ctx.opts.replace) {
        throw new StoredConflict(product.ticker, foreign, 0, "same as-of date");
      }
      result = await ctx.alone((store) => importFile(store, file, { format: "ishares", symbol: product.ticker, provenance, replace: true }));
      if (!result.error) notes.push(`holdings of ${result.firstDate} re-published by iShares: ${result.updated} row(s) corrected`);
    }
    if (!result.error && result.firstDate) notes.unshift(`as of ${result.firstDate}, ${dl.rows} rows, weights ${dl.weightSum.toFixed(2)}%`);
    return fileItem(ctx, "holdings", product.ticker, result, file, dl.url, notes);
  } catch (err) {
    return ctx.failed("holdings", product.ticker, err, asked.url);
  }
}
