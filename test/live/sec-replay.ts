import type { IncomingMessage } from "node:http";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { R2kConfig } from "../../src/config/index.ts";
import type { Holding } from "../../src/model/index.ts";
import { commitStaged, stageHoldings, type Store } from "../../src/store/index.ts";
import { testConfig } from "./market.ts";
import type { Reply, ReplayServer } from "./server.ts";

/** The User-Agent the SEC tests send: a name and a contact, as EDGAR requires. */
export const SEC_UA = "r2k tests research@example.org";

/**
 * The replay server's configuration (every source on it, no spacing) with the SEC's settings
 * over it (the User-Agent above unless given) and the analysis' funds over the defaults.
 */
export function secConfig(base: string, sec: Partial<R2kConfig["sources"]["sec"]> = {}, analysis: Partial<R2kConfig["analysis"]> = {}): R2kConfig {
  const cfg = testConfig(base);
  return { ...cfg, analysis: { ...cfg.analysis, ...analysis }, sources: { ...cfg.sources, sec: { ...cfg.sources.sec, userAgent: SEC_UA, ...sec } } };
}

/** EDGAR's answer `body`, or its 403 to a request whose User-Agent names no contact. */
export function withContact(body: string): (url: URL, req: IncomingMessage) => Reply {
  return (_url, req) =>
    /@/.test(String(req.headers["user-agent"] ?? "")) ? { status: 200, headers: { "content-type": "application/json" }, body } : { status: 403, body: "Undeclared Automated Tool" };
}

/** Stores IWM holdings of 2024-06-28, one line per [ticker, name, asset class (equity by default)]. */
export async function storeIwmHoldings(store: Store, lines: readonly [string, string, Holding["assetClass"]?][]): Promise<void> {
  const h = ([ticker, name, assetClass = "equity"]: readonly [string, string, Holding["assetClass"]?]): Holding => ({
    fund: "IWM", asOf: "2024-06-28", ticker, name, sector: null, assetClass, marketValue: 100, weight: 0.01, shares: 1, price: 100, location: "United States", exchange: "NASDAQ", currency: "USD",
  });
  await store.transaction(async () => {
    await stageHoldings(store, lines.map(h));
    await commitStaged(store, { sourceKind: "file", sourceRef: "IWM_holdings.csv", format: "ishares", sha256: "0".repeat(64) }, ["holdings", "fundOther"], { dataSource: "ishares", replace: false, skipped: 0 });
  });
}

interface SavedTicker {
  cik_str: number;
  ticker: string;
  title: string;
}

interface CompanyFactsDoc {
  cik: number;
  entityName: string;
  facts: Record<string, Record<string, { label: string; description: string; units: unknown }>>;
}

/**
 * SEC EDGAR as a replay of a fixture folder of saved documents (the shapes EDGAR serves): the
 * ticker map with exchanges built from `company_tickers.json`; each company's submissions as
 * saved (`CIK##########-submissions.json`), else the few fields r2k reads; its companyfacts
 * as saved (`CIK##########-companyfacts.json`) together with any saved companyconcept
 * (`CIK##########-{Concept}.json`), since EDGAR's companyfacts holds every concept a filer reported.
 */
export function serveSavedEdgar(server: ReplayServer, folder: string, opts: { filed?: string } = {}): void {
  const json = (body: unknown) => ({ status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const files = readdirSync(folder);
  const read = (name: string) => JSON.parse(readFileSync(join(folder, name), "utf8"));
  const tickers = Object.values(read("company_tickers.json") as Record<string, SavedTicker>);
  server.route("/files/company_tickers_exchange.json", json({ fields: ["cik", "name", "ticker", "exchange"], data: tickers.map((t) => [t.cik_str, t.title, t.ticker, "Nasdaq"]) }));
  for (const cik of new Set(tickers.map((t) => t.cik_str))) {
    const id = `CIK${String(cik).padStart(10, "0")}`;
    const own = tickers.filter((t) => t.cik_str === cik);
    const submissions = files.includes(`${id}-submissions.json`)
      ? read(`${id}-submissions.json`)
      : { cik: String(cik), name: own[0].title, tickers: own.map((t) => t.ticker), exchanges: own.map(() => "Nasdaq"), fiscalYearEnd: "1231", filings: { recent: { filingDate: [opts.filed ?? "2025-02-20"], form: ["10-K"] }, files: [] } };
    server.route(`/submissions/${id}.json`, json(submissions));

    const facts: CompanyFactsDoc = files.includes(`${id}-companyfacts.json`) ? read(`${id}-companyfacts.json`) : { cik, entityName: own[0].title, facts: {} };
    const concepts = files.filter((f) => f.startsWith(`${id}-`) && !/-(companyfacts|submissions)\.json$/.test(f));
    for (const name of concepts) {
      const c = read(name) as { taxonomy: string; tag: string; label: string; description: string | null; units: unknown };
      (facts.facts[c.taxonomy] ??= {})[c.tag] = { label: c.label, description: c.description ?? "", units: c.units };
    }
    if (Object.keys(facts.facts).length) server.route(`/api/xbrl/companyfacts/${id}.json`, json(facts));
    else server.route(`/api/xbrl/companyfacts/${id}.json`, { status: 404, body: "" });
  }
}
