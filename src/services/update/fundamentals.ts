/**
 * Fundamentals from SEC EDGAR for `r2k update`, asking as little as keeps every company current:
 * the ticker map (once a day); for a company of the stored funds' latest holdings with no facts
 * stored yet, its submissions and companyfacts (its whole history, every version with its filing
 * day); then the frames of the recent calendar periods (one request per concept and period for
 * every filer, kept for the universe's companies); last, for a company whose figures the frames
 * missed (an off-calendar fiscal year, a multi-class cover page, a late filing), its
 * companyconcept of each missed concept, or its companyfacts when three or more are missed.
 * Every request names who asks (sources.sec.userAgent): without it nothing is sent. What was
 * asked and when is kept beside the store (sec-state.ts), so a rerun asks only what may have
 * changed and an interrupted run resumes. docs/live-data.md states the rules.
 */
import { createHash } from "node:crypto";
import { httpPolicy } from "../../config/index.ts";
import { isoToDay, type Fact } from "../../model/index.ts";
import { parseEdgar, type EdgarDocument } from "../../sources/files/edgar.ts";
import { FetchError } from "../../sources/live/errors.ts";
import { HttpClient } from "../../sources/live/http.ts";
import { factCoverage, readCompanies, readHoldings, storedVersions } from "../../store/index.ts";
import { importEdgarDocument } from "../import.ts";
import { constituentSymbol } from "../../sources/files/share-classes.ts";
import { filerOf } from "../filers.ts";
import { pool, type UpdateContext } from "./context.ts";
import { COMPANYFACTS_FROM, conceptTaxonomy, frameDone, framePlan, missedConcepts, RECHECK_DAYS, type FrameSpec } from "./sec-frames.ts";
import { readSecState, secStatePath, writeSecState } from "./sec-state.ts";
import type { UpdateItem } from "./types.ts";

/** Why nothing is asked of the SEC without a user agent, and what to do. */
export const SEC_USER_AGENT_MISSING =
  "SEC EDGAR answers only requests that name who is asking: set sources.sec.userAgent in r2k.config.json to your name or organisation and a contact (e.g. \"Jane Doe jane@example.org\"); r2k never sends anonymous requests";

const cik10 = (cik: number) => `CIK${String(cik).padStart(10, "0")}`;
const SHARES = "EntityCommonStockSharesOutstanding";

/**
 * Funds whose companies the index engine ranks besides the analysis' funds: the Russell 3000
 * fund (its universe) and the Russell 1000 and 2000 funds (its previous membership).
 */
const INDEX_ENGINE_FUNDS = ["IWV", "IWB", "IWM"];

/** The tickers of the latest stored holdings of the configured small- and large-cap funds and of the index engine's funds. */
async function universeTickers(ctx: UpdateContext): Promise<{ ticker: string; name: string }[]> {
  const funds = [...new Set([ctx.config.analysis.smallFund, ...ctx.config.analysis.largeFunds, ...INDEX_ENGINE_FUNDS])];
  return ctx.alone(async (store) => {
    const out: { ticker: string; name: string }[] = [];
    for (const fund of funds) for (const h of await readHoldings(store, fund)) out.push({ ticker: h.ticker, name: h.name });
    return out;
  });
}

type Outcome = { added: number; updated: number; firstDate: string | null; lastDate: string | null; importId: number };

/** Several stored documents as one outcome (a company's companyconcepts). */
function summed(outcomes: (Outcome | null)[]): Outcome | null {
  const got = outcomes.filter((o): o is Outcome => o !== null);
  if (got.length === 0) return null;
  const min = (xs: (string | null)[]) => xs.filter((x): x is string => x !== null).sort()[0] ?? null;
  const changed = got.filter((o) => o.added + o.updated > 0);
  return {
    added: got.reduce((n, o) => n + o.added, 0),
    updated: got.reduce((n, o) => n + o.updated, 0),
    firstDate: min(got.map((o) => o.firstDate)),
    lastDate: got.map((o) => o.lastDate).filter((x): x is string => x !== null).sort().at(-1) ?? null,
    importId: (changed.at(-1) ?? got.at(-1) as Outcome).importId,
  };
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
  const today = ctx.now().toISOString().slice(0, 10);
  const fetchDoc = async (url: string, name: string): Promise<{ doc: EdgarDocument; sha256: string } | null> => {
    const res = await http.get(url, { signal, acceptStatus: [404] });
    if (res.status === 404) return null;
    return { doc: parseEdgar(name, res.text), sha256: createHash("sha256").update(res.body).digest("hex") };
  };
  const store = (doc: EdgarDocument, url: string, sha256: string) =>
    ctx.alone((s) => importEdgarDocument(s, doc, { sourceKind: "url", sourceRef: url, format: "edgar", sha256 }, { replace: true }));
  const item = (id: string, url: string, o: Outcome | null, notes: string[] = []): UpdateItem => ({
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

  // What was asked before, and when: saved at most once a second while the run goes, and at its end.
  const statePath = secStatePath(ctx.store);
  const { state, unreadable } = readSecState(statePath);
  if (unreadable) ctx.emit({ type: "note", message: `fundamentals: ${unreadable}; asking everything again` });
  let dirty = false;
  let savedAt = 0;
  const save = (now = false) => {
    if (!dirty || (!now && Date.now() - savedAt < 1000)) return;
    writeSecState(statePath, state);
    dirty = false;
    savedAt = Date.now();
  };
  const remember = (set: () => void) => {
    set();
    dirty = true;
    save();
  };
  const askedRecently = (key: string) => state.asked[key] !== undefined && isoToDay(today) - isoToDay(state.asked[key]) < RECHECK_DAYS;

  try {
    // 1. Who is who: tickers to CIKs, with exchanges (once a day).
    const mapUrl = `${sec.wwwBaseUrl.replace(/\/$/, "")}/files/company_tickers_exchange.json`;
    const holdings = await universeTickers(ctx);
    const frames = framePlan(today, sec.frameYears).filter((f) => !frameDone(f, state.frames[framePath(f)], today));
    let mapItem: UpdateItem;
    if (state.tickerMap === today) mapItem = item("ticker map", mapUrl, null, [`asked today already`]);
    else {
      try {
        const got = await fetchDoc(mapUrl, "company_tickers_exchange.json");
        if (!got) throw new FetchError("not-found", `${mapUrl}: 404 Not Found`);
        mapItem = item("ticker map", mapUrl, await store(got.doc, mapUrl, got.sha256));
        remember(() => (state.tickerMap = today));
      } catch (err) {
        ctx.emit({ type: "plan", source: "fundamentals", total: 1 });
        record(ctx.failed("fundamentals", "ticker map", refused(err), mapUrl));
        return;
      }
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
    ctx.emit({ type: "plan", source: "fundamentals", total: 1 + companies.size + frames.length });
    record(mapItem);
    if (unknown.length) {
      const shown = [...new Set(unknown)];
      ctx.emit({ type: "note", message: `fundamentals: ${shown.length} holding(s) without an SEC filer of that ticker (funds, foreign or delisted): ${shown.slice(0, 10).join(", ")}${shown.length > 10 ? ", ..." : ""}` });
    }
    const universe = [...companies.keys()];
    const coverage = async () => {
      const byCik = new Map<number, Map<string, string>>();
      const multiClass = new Set<number>();
      for (const c of await ctx.alone((s) => factCoverage(s, universe))) {
        if (!byCik.has(c.cik)) byCik.set(c.cik, new Map());
        byCik.get(c.cik)?.set(c.concept, c.lastEnd);
        if (c.concept === SHARES && c.maxSeq > 0) multiClass.add(c.cik);
      }
      return { byCik, multiClass };
    };
    const before = await coverage();
    const base = sec.baseUrl.replace(/\/$/, "");
    const name = (cik: number) => `${companies.get(cik)} (${cik10(cik)})`;

    // 3. A company without stored facts: its submissions, then its whole companyfacts.
    const firstLoads = universe.filter((cik) => !before.byCik.has(cik));
    await pool(firstLoads, sec.concurrency, signal, async (cik) => {
      const id = name(cik);
      let url = `${base}/api/xbrl/companyfacts/${cik10(cik)}.json`;
      if (askedRecently(String(cik))) {
        record(item(id, url, null, [`no XBRL facts when asked on ${state.asked[String(cik)]}; asked again ${RECHECK_DAYS} days after`]));
        return;
      }
      url = `${base}/submissions/${cik10(cik)}.json`;
      try {
        const sub = await fetchDoc(url, `${cik10(cik)}.json`);
        if (!sub || sub.doc.kind !== "submissions") throw new FetchError("not-found", `${url}: 404 Not Found (no such filer)`);
        await store(sub.doc, url, sub.sha256);
        url = `${base}/api/xbrl/companyfacts/${cik10(cik)}.json`;
        const facts = await fetchDoc(url, `${cik10(cik)}.json`);
        if (!facts) {
          remember(() => (state.asked[String(cik)] = today));
          record(item(id, url, null, ["no XBRL facts reported"]));
          return;
        }
        const stored = await store(facts.doc, url, facts.sha256);
        remember(() => delete state.asked[String(cik)]);
        record(item(id, url, stored));
      } catch (err) {
        record(ctx.failed("fundamentals", id, refused(err), url));
      }
    });
    if (signal?.aborted) return;

    // 4. The frames of the recent periods, kept for the universe's companies.
    const inUniverse = new Set(universe);
    const { multiClass } = await coverage();
    await pool(frames, sec.concurrency, signal, async (spec) => {
      const path = framePath(spec);
      const url = `${base}/api/xbrl/frames/${path}.json`;
      const id = `frame ${path}`;
      try {
        const got = await fetchDoc(url, `${path.replace(/\//g, "-")}.json`);
        if (!got) {
          remember(() => (state.frames[path] = today));
          record(item(id, url, null, ["no filer reported it (404)"]));
          return;
        }
        if (got.doc.kind !== "facts" || got.doc.shape !== "frame") throw new FetchError("invalid", `${url}: not a frame`);
        // A multi-class company's cover page is one count per class; a frame holds one of them.
        const kept = got.doc.facts.filter((f) => inUniverse.has(f.cik) && !(f.concept === SHARES && multiClass.has(f.cik)));
        if (kept.length === 0) {
          remember(() => (state.frames[path] = today));
          record(item(id, url, null, [`none of the ${got.doc.facts.length} filer(s) in it is a company of the funds`]));
          return;
        }
        const later = await laterVersions(ctx, kept);
        const facts = kept.map((f) => (later.has(f) ? { ...f, filed: today } : f));
        const stored = await store({ ...got.doc, facts, skipped: got.doc.skipped + got.doc.facts.length - kept.length }, url, got.sha256);
        remember(() => (state.frames[path] = today));
        record(item(id, url, stored, later.size ? [`${later.size} later version(s) of stored periods, taken as public on ${today}, the day asked`] : []));
      } catch (err) {
        record(ctx.failed("fundamentals", id, refused(err), url));
      }
    });
    if (signal?.aborted) return;

    // 5. Companies loaded before: whatever the frames missed, from the company's own documents.
    const after = await coverage();
    const loaded = universe.filter((cik) => before.byCik.has(cik));
    await pool(loaded, sec.concurrency, signal, async (cik) => {
      const id = name(cik);
      const overdue = missedConcepts(after.byCik.get(cik) ?? new Map(), today);
      const missed = overdue.filter((c) => !askedRecently(`${cik}/${c}`));
      if (missed.length === 0) {
        const notes = overdue.length ? [`${overdue.join(", ")} overdue, asked on ${overdue.map((c) => state.asked[`${cik}/${c}`]).sort()[0]}; asked again ${RECHECK_DAYS} days after`] : ["current"];
        record(item(id, `${base}/api/xbrl/companyfacts/${cik10(cik)}.json`, null, notes));
        return;
      }
      let url = `${base}/api/xbrl/companyfacts/${cik10(cik)}.json`;
      try {
        const outcomes: (Outcome | null)[] = [];
        const notes: string[] = [];
        if (missed.length >= COMPANYFACTS_FROM) {
          const facts = await fetchDoc(url, `${cik10(cik)}.json`);
          outcomes.push(facts ? await store(facts.doc, url, facts.sha256) : null);
          notes.push(facts ? `companyfacts (missed: ${missed.join(", ")})` : "companyfacts: no XBRL facts reported (404)");
        } else {
          for (const concept of missed) {
            const { taxonomy } = conceptTaxonomy(concept);
            url = `${base}/api/xbrl/companyconcept/${cik10(cik)}/${taxonomy}/${concept}.json`;
            const got = await fetchDoc(url, `${cik10(cik)}-${concept}.json`);
            outcomes.push(got ? await store(got.doc, url, got.sha256) : null);
            notes.push(got ? `companyconcept ${concept}` : `${concept}: not reported (404)`);
          }
        }
        remember(() => {
          for (const c of missed) state.asked[`${cik}/${c}`] = today;
        });
        record(item(id, url, summed(outcomes), notes));
      } catch (err) {
        record(ctx.failed("fundamentals", id, refused(err), url));
      }
    });
  } finally {
    save(true);
  }
}

/** A frame's path below /api/xbrl/frames/ ("us-gaap/NetIncomeLoss/USD/CY2025Q3"), its key in the state. */
const framePath = (f: FrameSpec) => `${f.taxonomy}/${f.concept}/${f.unit}/${f.period}`;

/**
 * The facts of a frame that are a later filing of a period already stored under another
 * accession (a restatement, an amendment): a frame does not say when they were filed, and the
 * deadline rule would date them back to the period's original filing, so they are taken as
 * public on the day they were asked. Facts of periods new to the store keep the deadline rule.
 */
async function laterVersions(ctx: UpdateContext, facts: readonly Fact[]): Promise<Set<Fact>> {
  const ends = facts.map((f) => f.end).sort();
  const stored = await ctx.alone((s) =>
    storedVersions(s, { concept: facts[0].concept, unit: facts[0].unit, ciks: [...new Set(facts.map((f) => f.cik))], from: ends[0], to: ends[ends.length - 1] }),
  );
  const byPeriod = new Map<string, Set<string>>();
  for (const v of stored) {
    const key = `${v.cik}|${v.start ?? ""}|${v.end}`;
    if (!byPeriod.has(key)) byPeriod.set(key, new Set());
    byPeriod.get(key)?.add(v.accession);
  }
  const out = new Set<Fact>();
  for (const f of facts) {
    const versions = byPeriod.get(`${f.cik}|${f.start ?? ""}|${f.end}`);
    if (versions && !versions.has(f.accession)) out.add(f);
  }
  return out;
}
