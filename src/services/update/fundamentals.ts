/**
 * Fundamentals from SEC EDGAR for `r2k update`: the ticker map with exchanges, then, for each
 * company of the stored funds' latest holdings (the small-cap fund and the large-cap ones), its
 * submissions and, when it has filed since the facts stored of it, its companyfacts. Every
 * request names who asks (sources.sec.userAgent): without it nothing is sent. A rerun picks up
 * where a stopped one ended, since companies whose facts are current are not asked again.
 */
import { createHash } from "node:crypto";
import { httpPolicy } from "../../config/index.ts";
import { parseEdgar, type EdgarDocument } from "../../sources/files/edgar.ts";
import { FetchError } from "../../sources/live/errors.ts";
import { HttpClient } from "../../sources/live/http.ts";
import { latestFiledOf, readCompanies, readHoldings } from "../../store/index.ts";
import { importEdgarDocument } from "../import.ts";
import { constituentSymbol } from "../../sources/files/share-classes.ts";
import { filerOf } from "../filers.ts";
import { pool, type UpdateContext } from "./context.ts";
import type { UpdateItem } from "./types.ts";

/** Why nothing is asked of the SEC without a user agent, and what to do. */
export const SEC_USER_AGENT_MISSING =
  "SEC EDGAR answers only requests that name who is asking: set sources.sec.userAgent in r2k.config.json to your name or organisation and a contact (e.g. \"Jane Doe jane@example.org\"); r2k never sends anonymous requests";

const cik10 = (cik: number) => `CIK${String(cik).padStart(10, "0")}`;

/** The tickers of the latest stored holdings of the configured small- and large-cap funds. */
async function universeTickers(ctx: UpdateContext): Promise<{ ticker: string; name: string }[]> {
  const funds = [ctx.config.analysis.smallFund, ...ctx.config.analysis.largeFunds];
  return ctx.alone(async (store) => {
    const out: { ticker: string; name: string }[] = [];
    for (const fund of funds) for (const h of await readHoldings(store, fund)) out.push({ ticker: h.ticker, name: h.name });
    return out;
  });
}

export async function updateFundamentals(ctx: UpdateContext, record: (item: UpdateItem) => void): Promise<void> {
  const sec = ctx.config.sources.sec;
  if (!sec.userAgent) {
    ctx.emit({ type: "note", message: `fundamentals skipped: ${SEC_USER_AGENT_MISSING}` });
    return;
  }
  const http = new HttpClient(
    { ...httpPolicy(ctx.config), userAgent: sec.userAgent },
    { onEvent: (e) => (e.type === "retry" ? ctx.emit({ ...e, reason: ctx.clean(e.reason) }) : undefined) },
  );
  const signal = ctx.opts.signal;
  const fetchDoc = async (url: string, name: string): Promise<{ doc: EdgarDocument; sha256: string } | null> => {
    const res = await http.get(url, { signal, acceptStatus: [404] });
    if (res.status === 404) return null;
    return { doc: parseEdgar(name, res.text), sha256: createHash("sha256").update(res.body).digest("hex") };
  };
  const store = (doc: EdgarDocument, url: string, sha256: string) =>
    ctx.alone((s) => importEdgarDocument(s, doc, { sourceKind: "url", sourceRef: url, format: "edgar", sha256 }, { replace: true }));
  const item = (id: string, url: string, o: { added: number; updated: number; firstDate: string | null; lastDate: string | null; importId: number } | null, notes: string[] = []): UpdateItem => ({
    source: "fundamentals",
    id,
    status: o && o.added + o.updated > 0 ? "updated" : "unchanged",
    added: o?.added ?? 0,
    updated: o?.updated ?? 0,
    firstDate: o?.firstDate ?? null,
    lastDate: o?.lastDate ?? null,
    importId: o && o.added + o.updated > 0 ? o.importId : null,
    url,
    notes,
  });
  const refused = (err: unknown) =>
    err instanceof FetchError && /\b403\b/.test(err.message)
      ? new FetchError(err.kind, `${err.message} (the SEC refuses requests without a descriptive User-Agent with a contact, and blocks clients over 10 requests a second: check sources.sec.userAgent)`)
      : err;

  // 1. Who is who: tickers to CIKs, with exchanges.
  const mapUrl = `${sec.wwwBaseUrl.replace(/\/$/, "")}/files/company_tickers_exchange.json`;
  const holdings = await universeTickers(ctx);
  ctx.emit({ type: "plan", source: "fundamentals", total: 1 + new Set(holdings.map((h) => h.ticker)).size });
  try {
    const got = await fetchDoc(mapUrl, "company_tickers_exchange.json");
    if (!got) throw new FetchError("not-found", `${mapUrl}: 404 Not Found`);
    record(item("ticker map", mapUrl, await store(got.doc, mapUrl, got.sha256)));
  } catch (err) {
    record(ctx.failed("fundamentals", "ticker map", refused(err), mapUrl));
    return;
  }

  // 2. The companies of the stored funds, once each (share classes share a CIK).
  const filer = filerOf(await ctx.alone((s) => readCompanies(s)), ctx.config.constituents.tickerMap);
  const companies = new Map<number, string>();
  const unknown: string[] = [];
  for (const h of holdings) {
    const cik = filer(h);
    if (cik === undefined) unknown.push(h.ticker);
    else if (!companies.has(cik)) companies.set(cik, constituentSymbol(h, ctx.config.constituents.tickerMap).symbol);
  }
  if (unknown.length) {
    const shown = [...new Set(unknown)];
    ctx.emit({ type: "note", message: `fundamentals: ${shown.length} holding(s) without an SEC filer of that ticker (funds, foreign or delisted): ${shown.slice(0, 10).join(", ")}${shown.length > 10 ? ", ..." : ""}` });
  }

  // 3. Each company: its submissions, then its facts when it has filed since those stored.
  const base = sec.baseUrl.replace(/\/$/, "");
  await pool([...companies], sec.concurrency, signal, async ([cik, ticker]) => {
    const id = `${ticker} (${cik10(cik)})`;
    let url = `${base}/submissions/${cik10(cik)}.json`;
    try {
      const sub = await fetchDoc(url, `${cik10(cik)}.json`);
      if (!sub || sub.doc.kind !== "submissions") throw new FetchError("not-found", `${url}: 404 Not Found (no such filer)`);
      const latest = sub.doc.latestFiled;
      await store(sub.doc, url, sub.sha256);
      const stored = await ctx.alone((s) => latestFiledOf(s, cik));
      url = `${base}/api/xbrl/companyfacts/${cik10(cik)}.json`;
      if (stored !== null && latest !== null && latest <= stored) {
        record(item(id, url, null, [`no filing since ${stored}`]));
        return;
      }
      const facts = await fetchDoc(url, `${cik10(cik)}.json`);
      if (!facts) {
        record(item(id, url, null, ["no XBRL facts reported"]));
        return;
      }
      record(item(id, url, await store(facts.doc, url, facts.sha256)));
    } catch (err) {
      record(ctx.failed("fundamentals", id, refused(err), url));
    }
  });
}
