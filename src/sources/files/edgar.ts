/**
 * SEC EDGAR's JSON documents, saved to files or fetched, translated into Company and Fact
 * records: the ticker maps (company_tickers.json, company_tickers_exchange.json), a company's
 * submissions, its companyfacts or one companyconcept, and a frame (one concept for every filer
 * in one calendar period). Only the concepts r2k reads (STORED_CONCEPTS) are kept. A value
 * that is not what EDGAR documents is an InputError naming the file and the field's path.
 */
import { InputError, parseIsoDay, STORED_CONCEPTS, type Company, type Fact } from "../../model/index.ts";

export type EdgarDocument =
  | { kind: "tickers"; companies: Company[] }
  | { kind: "submissions"; companies: Company[]; /** The latest filing day its recent filings list. */ latestFiled: string | null }
  | { kind: "facts"; shape: "companyfacts" | "companyconcept" | "frame"; facts: Fact[]; /** Facts of concepts r2k does not read, left out. */ skipped: number };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Which EDGAR document a parsed JSON value is, or null when it is none of them. */
export function edgarShape(v: unknown): "tickers" | "tickersExchange" | "submissions" | "companyfacts" | "companyconcept" | "frame" | null {
  if (!isObject(v)) return null;
  if (Array.isArray(v.fields) && Array.isArray(v.data) && v.fields.includes("cik") && v.fields.includes("ticker")) return "tickersExchange";
  if (isObject(v["0"]) && "cik_str" in v["0"] && "ticker" in v["0"]) return "tickers";
  if ("cik" in v && "filings" in v && "name" in v) return "submissions";
  if ("cik" in v && isObject(v.facts)) return "companyfacts";
  if ("cik" in v && "taxonomy" in v && "tag" in v && isObject(v.units)) return "companyconcept";
  if ("taxonomy" in v && "tag" in v && "uom" in v && Array.isArray(v.data)) return "frame";
  return null;
}

/** Parses the text of an EDGAR JSON file; `file` names it in errors. */
export function parseEdgar(file: string, text: string): EdgarDocument {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new InputError(file, null, null, `not valid JSON: ${(err as Error).message}`);
  }
  const bad = (field: string, reason: string): never => {
    throw new InputError(file, null, field, reason);
  };
  const cikOf = (x: unknown, field: string): number => {
    const n = typeof x === "string" && /^\d{1,10}$/.test(x) ? Number(x) : x;
    if (typeof n !== "number" || !Number.isInteger(n) || n <= 0) return bad(field, `expected a CIK (a positive whole number), found ${JSON.stringify(x)}`);
    return n;
  };
  const text_ = (x: unknown): string | null => (typeof x === "string" && x.trim() !== "" ? x.trim() : null);
  const shape = edgarShape(v);
  const doc = v as Json;
  switch (shape) {
    case "tickers": {
      const byCik = new Map<number, Company>();
      for (const [k, row] of Object.entries(doc)) {
        if (!isObject(row)) bad(k, "expected an object {cik_str, ticker, title}");
        const r = row as Json;
        const cik = cikOf(r.cik_str, `${k}.cik_str`);
        const ticker = text_(r.ticker) ?? bad(`${k}.ticker`, "expected a ticker");
        addTicker(byCik, cik, text_(r.title) ?? "", ticker, null);
      }
      return { kind: "tickers", companies: [...byCik.values()] };
    }
    case "tickersExchange": {
      const fields = doc.fields as unknown[];
      const at = (name: string) => fields.indexOf(name);
      const byCik = new Map<number, Company>();
      (doc.data as unknown[]).forEach((row, i) => {
        if (!Array.isArray(row)) bad(`data[${i}]`, "expected an array [cik, name, ticker, exchange]");
        const r = row as unknown[];
        const cik = cikOf(r[at("cik")], `data[${i}].cik`);
        const ticker = text_(r[at("ticker")]) ?? bad(`data[${i}].ticker`, "expected a ticker");
        addTicker(byCik, cik, text_(r[at("name")]) ?? "", ticker, at("exchange") >= 0 ? text_(r[at("exchange")]) : null);
      });
      return { kind: "tickers", companies: [...byCik.values()] };
    }
    case "submissions": {
      const cik = cikOf(doc.cik, "cik");
      const tickers = Array.isArray(doc.tickers) ? doc.tickers : [];
      const exchanges = Array.isArray(doc.exchanges) ? doc.exchanges : [];
      const business = isObject(doc.addresses) && isObject(doc.addresses.business) ? doc.addresses.business : {};
      const fye = text_(doc.fiscalYearEnd);
      if (fye !== null && !/^\d{4}$/.test(fye)) bad("fiscalYearEnd", `expected MMDD, found ${JSON.stringify(doc.fiscalYearEnd)}`);
      const recent = isObject(doc.filings) && isObject(doc.filings.recent) ? doc.filings.recent : {};
      const days = Array.isArray(recent.filingDate) ? recent.filingDate.filter((d): d is string => typeof d === "string" && parseIsoDay(d) !== null) : [];
      return {
        kind: "submissions",
        latestFiled: days.length ? days.reduce((a, b) => (b > a ? b : a)) : null,
        companies: [
          {
            cik,
            name: text_(doc.name) ?? bad("name", "expected the company's name"),
            tickers: tickers.flatMap((t, i) => (text_(t) ? [{ ticker: text_(t) as string, exchange: text_(exchanges[i]) }] : [])),
            sic: text_(doc.sic),
            sicDescription: text_(doc.sicDescription),
            stateOfIncorporation: text_(doc.stateOfIncorporation),
            location: text_(business.stateOrCountry),
            fiscalYearEnd: fye,
          },
        ],
      };
    }
    case "companyfacts": {
      const cik = cikOf(doc.cik, "cik");
      const facts: Fact[] = [];
      let skipped = 0;
      for (const [taxonomy, concepts] of Object.entries(doc.facts as Json)) {
        if (!isObject(concepts)) bad(`facts.${taxonomy}`, "expected an object of concepts");
        for (const [concept, body] of Object.entries(concepts as Json)) {
          const units = isObject(body) && isObject(body.units) ? body.units : bad(`facts.${taxonomy}.${concept}.units`, "expected an object of units");
          if (!STORED_CONCEPTS.has(concept)) {
            for (const list of Object.values(units)) skipped += Array.isArray(list) ? list.length : 0;
            continue;
          }
          facts.push(...unitFacts(units, { cik, taxonomy, concept }, `facts.${taxonomy}.${concept}.units`, bad));
        }
      }
      return { kind: "facts", shape: "companyfacts", facts, skipped };
    }
    case "companyconcept": {
      const cik = cikOf(doc.cik, "cik");
      const taxonomy = text_(doc.taxonomy) ?? bad("taxonomy", "expected a taxonomy");
      const concept = text_(doc.tag) ?? bad("tag", "expected a concept");
      if (!STORED_CONCEPTS.has(concept)) return { kind: "facts", shape: "companyconcept", facts: [], skipped: countUnits(doc.units as Json) };
      return { kind: "facts", shape: "companyconcept", facts: unitFacts(doc.units as Json, { cik, taxonomy, concept }, "units", bad), skipped: 0 };
    }
    case "frame": {
      const taxonomy = text_(doc.taxonomy) ?? bad("taxonomy", "expected a taxonomy");
      const concept = text_(doc.tag) ?? bad("tag", "expected a concept");
      const unit = text_(doc.uom) ?? bad("uom", "expected a unit");
      const frame = text_(doc.ccp);
      const rows = doc.data as unknown[];
      if (!STORED_CONCEPTS.has(concept)) return { kind: "facts", shape: "frame", facts: [], skipped: rows.length };
      const facts = rows.map((row, i): Fact => {
        if (!isObject(row)) bad(`data[${i}]`, "expected an object {accn, cik, end, val}");
        const r = row as Json;
        return checkedFact({ ...r, form: null, filed: null, frame }, { cik: cikOf(r.cik, `data[${i}].cik`), taxonomy, concept, unit }, `data[${i}]`, bad);
      });
      return { kind: "facts", shape: "frame", facts: numbered(facts), skipped: 0 };
    }
    default:
      throw new InputError(file, null, null, "not an SEC EDGAR document r2k reads (company tickers, submissions, companyfacts, companyconcept or a frame)");
  }
}

function addTicker(byCik: Map<number, Company>, cik: number, name: string, ticker: string, exchange: string | null): void {
  let c = byCik.get(cik);
  if (!c) {
    c = { cik, name, tickers: [], sic: null, sicDescription: null, stateOfIncorporation: null, location: null, fiscalYearEnd: null };
    byCik.set(cik, c);
  }
  c.tickers.push({ ticker, exchange });
}

function countUnits(units: Json): number {
  return Object.values(units).reduce((n: number, list) => n + (Array.isArray(list) ? list.length : 0), 0);
}

type Bad = (field: string, reason: string) => never;

function unitFacts(units: Json, of: { cik: number; taxonomy: string; concept: string }, path: string, bad: Bad): Fact[] {
  const out: Fact[] = [];
  for (const [unit, list] of Object.entries(units)) {
    if (!Array.isArray(list)) bad(`${path}.${unit}`, "expected an array of facts");
    (list as unknown[]).forEach((row, i) => {
      if (!isObject(row)) bad(`${path}.${unit}[${i}]`, "expected a fact {end, val, accn, filed, ...}");
      out.push(checkedFact(row as Json, { ...of, unit }, `${path}.${unit}[${i}]`, bad));
    });
  }
  return numbered(out);
}

/** One fact, its fields checked as EDGAR documents them. */
function checkedFact(r: Json, of: { cik: number; taxonomy: string; concept: string; unit: string }, path: string, bad: Bad): Fact {
  const date = (x: unknown, field: string, optional: boolean): string | null => {
    if ((x === undefined || x === null) && optional) return null;
    if (typeof x !== "string" || parseIsoDay(x) === null) return bad(`${path}.${field}`, `expected a date YYYY-MM-DD, found ${JSON.stringify(x)}`);
    return x;
  };
  const value = typeof r.val === "number" && Number.isFinite(r.val) ? r.val : bad(`${path}.val`, `expected a number, found ${JSON.stringify(r.val)}`);
  const accession = typeof r.accn === "string" && r.accn.trim() ? r.accn.trim() : bad(`${path}.accn`, "expected an accession number");
  const start = date(r.start, "start", true);
  const end = date(r.end, "end", false) as string;
  if (start !== null && start > end) bad(`${path}.start`, `starts after it ends (${start} > ${end})`);
  return {
    ...of,
    start,
    end,
    value,
    accession,
    form: typeof r.form === "string" ? r.form : null,
    filed: date(r.filed, "filed", true),
    frame: typeof r.frame === "string" ? r.frame : null,
    seq: 0,
  };
}

/**
 * Numbers facts alike in all but their value (a multi-class company's share count per class,
 * in the order EDGAR lists them), so that each is kept.
 */
function numbered(facts: Fact[]): Fact[] {
  const seen = new Map<string, number>();
  return facts.map((f) => {
    const key = `${f.cik}|${f.taxonomy}|${f.concept}|${f.unit}|${f.start ?? ""}|${f.end}|${f.accession}`;
    const seq = seen.get(key) ?? 0;
    seen.set(key, seq + 1);
    return { ...f, seq };
  });
}
