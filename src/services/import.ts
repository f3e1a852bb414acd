import { createHash } from "node:crypto";
import { closeSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError, type SourceKind } from "../model/index.ts";
import {
  commitInserted,
  commitStaged,
  ConflictError,
  DuplicateKeyError,
  importIdsByHash,
  importIdsWithHash,
  insertBatched,
  insertDelimited,
  insertNewSeries,
  NotDirect,
  readBatch,
  releaseBatch,
  stageCompanies,
  stageFacts,
  stageHoldings,
  storedSeriesIds,
  upsertFundSnapshot,
  upsertSeries,
  type BatchedFile,
  type ImportOutcome,
  type ImportSource,
  type StageName,
  type Store,
} from "../store/index.ts";
import { describeSeries } from "../model/series-catalog.ts";
import { headDatesAreIso, releaseDelimited, stageDelimited } from "../sources/files/delimited.ts";
import { planImport, type DetectOptions, type ImportPlan } from "../sources/files/detect.ts";
import type { DelimitedPlan } from "../model/index.ts";
import { parseEdgar, type EdgarDocument } from "../sources/files/edgar.ts";
import { parseIshares } from "../sources/files/ishares.ts";
import { readHead, sha256File } from "../sources/files/sniff.ts";

export interface ImportOptions extends DetectOptions {
  /** Accept values that differ from stored ones. */
  replace?: boolean;
  /**
   * Where the bytes really came from, when the file is only a local copy of a download
   * (r2k update writes a fetched body to a temp file): stored instead of the file's path.
   */
  provenance?: { sourceKind: SourceKind; sourceRef: string; format?: string };
  onProgress?: (event: ImportProgress) => void;
}

export interface ImportProgress {
  file: string;
  phase: "hashing" | "reading" | "merging" | "done";
  /** Bytes hashed so far, for the hashing phase. */
  bytes?: number;
  totalBytes: number;
}

export interface FileImportResult {
  file: string;
  format: string;
  status: "imported" | "unchanged" | "rejected";
  series: string[];
  added: number;
  updated: number;
  unchanged: number;
  /** Source rows without data plus identical repeated rows. */
  skipped: number;
  firstDate: string | null;
  lastDate: string | null;
  importId: number | null;
  /** Earlier imports of exactly the same bytes. */
  previousImports: number[];
  error?: { kind: "input" | "conflict"; message: string };
}

/** A file to import, or a path that cannot be read (with why, in words). */
export interface ImportEntry {
  file: string;
  unreadable?: string;
}

/** Why the file system refused a path, in words (Node's error codes). */
export function fsReason(err: unknown): string | null {
  const code = (err as NodeJS.ErrnoException)?.code;
  const reasons: Record<string, string> = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    EPERM: "permission denied",
    ELOOP: "a symbolic link loop",
    EISDIR: "a directory, not a file",
    ENOTDIR: "a path through something that is not a directory",
    ENAMETOOLONG: "the path is too long",
    EIO: "an input/output error from the disk",
    EMFILE: "too many open files",
  };
  return code ? (reasons[code] ?? `${code}: ${(err as Error).message.split("\n")[0]}`) : null;
}

/**
 * Files named on the command line, with directories expanded to the CSV/TXT files inside
 * (sorted, hidden files left out). A path that cannot be read (missing, no permission, a
 * symbolic link loop) is an entry of its own, so that the rest is still imported; a directory
 * reached twice through links is read once.
 */
export function expandPaths(paths: readonly string[], seen = new Set<string>()): ImportEntry[] {
  const out: ImportEntry[] = [];
  for (const p of paths) {
    try {
      if (!statSync(p).isDirectory()) {
        out.push({ file: p });
        continue;
      }
      const real = realpathSync(p);
      if (seen.has(real)) continue;
      seen.add(real);
      for (const name of readdirSync(p).sort()) {
        if (name.startsWith(".")) continue;
        const f = join(p, name);
        let dir = false;
        try {
          dir = statSync(f).isDirectory();
        } catch (err) {
          const reason = fsReason(err);
          if (!reason) throw err;
          out.push({ file: f, unreadable: reason });
          continue;
        }
        if (dir || /\.(csv|txt)$/i.test(name) || (/\.json$/i.test(name) && looksLikeEdgarFile(f))) out.push(...expandPaths([f], seen));
      }
    } catch (err) {
      const reason = fsReason(err);
      if (!reason) throw err;
      out.push({ file: p, unreadable: reason });
    }
  }
  return out;
}

/**
 * Imports one file in one transaction: on any invalid row, conflict or error the store is
 * left exactly as it was and the result says why.
 */
export async function importFile(store: Store, file: string, opts: ImportOptions = {}): Promise<FileImportResult> {
  const base = notStored(file, opts.format ?? "?");
  try {
    if (/\.json$/i.test(file)) return await importEdgarFile(store, file, opts, { ...base, format: "edgar" });
    const head = readHead(file);
    const plan = planImport(head, opts);
    base.format = plan.format;
    const progress = (phase: ImportProgress["phase"], bytes?: number) =>
      opts.onProgress?.({ file, phase, bytes, totalBytes: head.size });
    let hashed = 0;
    // Hashing runs on this thread while DuckDB reads the file on its own threads.
    const hashing = sha256File(file, (n) => progress("hashing", (hashed += n)));
    hashing.catch(() => undefined);

    const withHash = async () => {
      const sha256 = await hashing;
      base.previousImports = await importIdsWithHash(store, sha256);
      return sourceOf(file, plan.format, opts, sha256);
    };

    progress("reading");
    let outcome: ImportOutcome | null = null;
    if (plan.format !== "ishares") {
      // The first import of a file's series goes from the CSV reader into its table in one
      // statement. Anything else (a bad row, a repeated key, rows of the series stored) rolls
      // back and takes the staged path below, which names the line or merges.
      const delimited = plan.delimited;
      try {
        outcome = await store.transaction(async () => {
          const inserted = await commitInserted(store, {
            dataSource: plan.source,
            insert: () => insertDelimited(store, file, delimited, { source: plan.source, isoDates: headDatesAreIso(head, delimited), bytes: head.size }),
            source: async () => {
              progress("merging");
              return withHash();
            },
          });
          await upsertSeries(store, inserted.groups.map((id) => describeSeries(id, plan.source, delimited.target.kind === "observations")));
          return inserted;
        });
      } catch (err) {
        if (!(err instanceof NotDirect)) throw err;
      }
    }

    // Reading and checking fill temporary tables only, so they run before the transaction:
    // rows a transaction creates are copied again at commit. The transaction holds every write
    // to the stored tables.
    if (!outcome) {
      let stages: StageName[];
      let skipped = 0;
      let isMacro = false;
      let from: Partial<Record<StageName, string>> | undefined;
      let fund: ReturnType<typeof parseIshares> | null = null;
      if (plan.format === "ishares") {
        fund = parseIshares(file, plan.fund);
        stages = ["holdings", "fundOther"];
      } else {
        const staged = await stageDelimited(store, file, plan.delimited).catch(async (err) => {
          await releaseDelimited(store);
          throw err;
        });
        skipped = staged.skipped;
        const t = plan.delimited.target;
        stages = [t.kind === "bars" ? "bars" : "observations"];
        from = { [stages[0]]: staged.relation };
        isMacro = t.kind === "observations";
      }
      try {
        outcome = await store.transaction(async () => {
          if (fund) await stageHoldings(store, fund.holdings, fund.lines);
          progress("merging");
          const merged = await commitStaged(store, await withHash(), stages, {
            dataSource: plan.source,
            replace: opts.replace ?? false,
            skipped,
            from,
          });
          // Bars and observations describe the series they touched (a long-format file names its symbols row by row).
          if (from) await upsertSeries(store, merged.groups.map((id) => describeSeries(id, plan.source, isMacro)));
          if (fund && merged.added + merged.updated > 0) {
            await upsertFundSnapshot(store, { fund: fund.fund, asOf: fund.asOf, fundName: fund.fundName, sharesOutstanding: fund.sharesOutstanding, importId: merged.importId });
          }
          return merged;
        });
      } finally {
        if (from) await releaseDelimited(store);
        if (fund) for (const stage of stages) await store.clearStage(stage);
      }
    }
    progress("done");
    return storedResult(base, outcome);
  } catch (err) {
    if (err instanceof InputError) return { ...base, error: { kind: "input", message: err.message } };
    // The file went away or cannot be read: the file's own result, not the end of a folder's import.
    const reason = fsReason(err);
    if (reason) return { ...base, error: { kind: "input", message: `${file}: cannot read the file: ${reason}` } };
    if (err instanceof DuplicateKeyError) {
      const e = new InputError(file, err.secondLine, "Date", `duplicate row: ${err.message}`);
      return { ...base, error: { kind: "input", message: e.message } };
    }
    if (err instanceof ConflictError) {
      const lines = err.conflicts
        .slice(0, 5)
        .map((c) => `  line ${c.line}: ${c.key} ${c.field}: stored ${String(c.stored)}, file ${String(c.incoming)}`);
      return {
        ...base,
        error: {
          kind: "conflict",
          message: `${file}: ${err.total} row(s) differ from stored values; nothing written (use --replace to accept the file's values)\n${lines.join("\n")}`,
        },
      };
    }
    throw err;
  }
}

/**
 * Whether a JSON file in a folder is one of SEC EDGAR's documents (its first bytes name a CIK or
 * a taxonomy): other JSON files there (a configuration) are not imported. A file named on the
 * command line is always tried, and says what it is not.
 */
function looksLikeEdgarFile(file: string): boolean {
  try {
    const fd = openSync(file, "r");
    try {
      const buf = Buffer.alloc(512);
      const head = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString("utf8");
      return /"(cik|cik_str|taxonomy)"\s*:|"fields"\s*:\s*\[\s*"cik"/.test(head);
    } finally {
      closeSync(fd);
    }
  } catch {
    return true; // unreadable: its own import says why
  }
}

/** An SEC EDGAR JSON document (tickers, submissions, companyfacts, companyconcept, a frame), in one transaction. */
async function importEdgarFile(store: Store, file: string, opts: ImportOptions, base: FileImportResult): Promise<FileImportResult> {
  const bytes = readFileSync(file);
  const doc = parseEdgar(file, bytes.toString("utf8"));
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const outcome = await importEdgarDocument(store, doc, sourceOf(file, "edgar", opts, sha256), {
    replace: opts.replace ?? false,
    onPrevious: (ids) => (base.previousImports = ids),
  });
  return storedResult(base, outcome);
}

/**
 * Stores one parsed EDGAR document (a file's, or one `r2k update` fetched) in one transaction,
 * with `source` as its provenance.
 */
export async function importEdgarDocument(
  store: Store,
  doc: EdgarDocument,
  source: ImportSource,
  opts: { replace?: boolean; onPrevious?: (ids: number[]) => void } = {},
): Promise<ImportOutcome> {
  const stage: StageName = doc.kind === "facts" ? "facts" : "companies";
  try {
    return await store.transaction(async () => {
      if (doc.kind === "facts") await stageFacts(store, doc.facts);
      else await stageCompanies(store, doc.companies);
      opts.onPrevious?.(await importIdsWithHash(store, source.sha256));
      return commitStaged(store, source, [stage], {
        dataSource: EDGAR_SOURCE,
        replace: opts.replace ?? false,
        skipped: doc.kind === "facts" ? doc.skipped : 0,
      });
    });
  } finally {
    await store.clearStage(stage);
  }
}

/** The source label of rows from SEC EDGAR. */
export const EDGAR_SOURCE = "sec";

/** Where a file's rows come from, as its import record says. */
function sourceOf(file: string, format: string, opts: ImportOptions, sha256: string): ImportSource {
  return opts.provenance
    ? { sourceKind: opts.provenance.sourceKind, sourceRef: opts.provenance.sourceRef, format: opts.provenance.format ?? format, sha256 }
    : { sourceKind: "file", sourceRef: resolve(file), format, sha256 };
}

/** A file's result once its transaction has committed. */
function storedResult(base: FileImportResult, outcome: ImportOutcome): FileImportResult {
  return {
    ...base,
    status: outcome.added + outcome.updated > 0 ? "imported" : "unchanged",
    series: outcome.groups,
    added: outcome.added,
    updated: outcome.updated,
    unchanged: outcome.unchanged,
    skipped: outcome.skipped + outcome.duplicates,
    firstDate: outcome.firstDate,
    lastDate: outcome.lastDate,
    importId: outcome.importId,
  };
}

/** A file's result before anything of it is stored: rejected, nothing counted. */
function notStored(file: string, format: string): FileImportResult {
  return {
    file,
    format,
    status: "rejected",
    series: [],
    added: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    firstDate: null,
    lastDate: null,
    importId: null,
    previousImports: [],
  };
}

/** The result of a path that could not be read at all. */
function unreadableResult(file: string, reason: string): FileImportResult {
  return { ...notStored(file, "?"), error: { kind: "input", message: `${file}: cannot read: ${reason}` } };
}

/** Files up to this size may be read together with others of their layout (see importBatch). */
const BATCH_FILE_BYTES = 1024 * 1024;
/** At most this many files (and bytes) are read in one statement, and at least this many make it worth one. */
const BATCH_FILES = 200;
const BATCH_BYTES = 32 * 1024 * 1024;
const BATCH_MIN_FILES = 8;

/** A small file of bars of one symbol, with ISO dates, that a batch read can take. */
interface BatchFile {
  file: string;
  size: number;
  plan: Extract<ImportPlan, { delimited: DelimitedPlan }>;
  symbol: string;
  /** Files read in one statement share their layout: format, columns, header and missing tokens. */
  layout: string;
}

function batchFile(entry: ImportEntry, opts: ImportOptions): BatchFile | null {
  if (entry.unreadable) return null;
  try {
    const head = readHead(entry.file);
    if (head.size > BATCH_FILE_BYTES) return null;
    const plan = planImport(head, opts);
    if (plan.format === "ishares") return null;
    const d = plan.delimited;
    const t = d.target;
    if (t.kind !== "bars" || t.symbolColumn !== undefined || !headDatesAreIso(head, d)) return null;
    return { file: entry.file, size: head.size, plan, symbol: t.symbol, layout: JSON.stringify([plan.format, plan.source, d.columns, d.headerLines, d.missing, t.map]) };
  } catch {
    return null; // its own import says why
  }
}

/**
 * Imports files of one layout, each in a transaction of its own, after reading them all in one
 * statement: per file, only its rows, its record and its series are written. A file the batch
 * read cannot take as the first import of its series (a row fails a check, a day repeats, no
 * rows, its series is stored or came earlier in the folder) takes its own import, in its turn,
 * and so gets the same result as when imported alone.
 */
async function importBatch(store: Store, batch: BatchFile[], opts: ImportOptions, emit: (r: FileImportResult) => void): Promise<void> {
  const read = await readBatch(store, batch.map((b) => b.file), batch[0].plan.delimited);
  try {
    if (!read) {
      for (const b of batch) emit(await importFile(store, b.file, opts));
      return;
    }
    const hashes = batch.map((b) => createHash("sha256").update(readFileSync(b.file)).digest("hex"));
    const previous = await importIdsByHash(store, hashes);
    const taken = await storedSeriesIds(store, batch.map((b) => b.symbol));
    for (const [k, b] of batch.entries()) {
      const rows = read.get(b.file);
      let r: FileImportResult | null = null;
      if (rows && !rows.failed && rows.rows > 0 && rows.rows === rows.days && !taken.has(b.symbol)) {
        r = await commitBatched(store, b, rows, hashes[k], previous.get(hashes[k]) ?? [], opts).catch(() => null);
      }
      r ??= await importFile(store, b.file, opts);
      for (const s of r.series) taken.add(s);
      // A later file of the same bytes names this import too.
      if (r.importId !== null) previous.set(hashes[k], [r.importId, ...(previous.get(hashes[k]) ?? [])].slice(0, 20));
      emit(r);
    }
  } finally {
    await releaseBatch(store);
  }
}

/** One file of a batch read, as the first import of its series, in its own transaction. */
async function commitBatched(store: Store, b: BatchFile, rows: BatchedFile, sha256: string, previousImports: number[], opts: ImportOptions): Promise<FileImportResult> {
  const progress = (phase: ImportProgress["phase"]) => opts.onProgress?.({ file: b.file, phase, totalBytes: b.size });
  progress("reading");
  const outcome = await store.transaction(async () => {
    const inserted = await commitInserted(store, {
      dataSource: b.plan.source,
      insert: () => insertBatched(store, b.file, rows, { symbol: b.symbol, source: b.plan.source }),
      source: async () => {
        progress("merging");
        return sourceOf(b.file, b.plan.format, opts, sha256);
      },
    });
    // New by construction: the batch took it only if no row and no record of it was stored.
    await insertNewSeries(store, [describeSeries(b.symbol, b.plan.source, false)]);
    return inserted;
  });
  progress("done");
  return storedResult({ ...notStored(b.file, b.plan.format), previousImports }, outcome);
}

/**
 * Imports every file of `paths` (folders expanded), each in its own transaction: a file that is
 * rejected or cannot be read is reported in its result, and the others are still imported.
 * Runs of small files of one layout are read in one statement first (importBatch).
 */
export async function importPaths(
  store: Store,
  paths: string[],
  opts: ImportOptions = {},
  onFile?: (r: FileImportResult) => void,
): Promise<FileImportResult[]> {
  const results: FileImportResult[] = [];
  const emit = (r: FileImportResult) => {
    onFile?.(r);
    results.push(r);
  };
  const entries = expandPaths(paths);
  for (let i = 0; i < entries.length; ) {
    const first = entries.length - i >= BATCH_MIN_FILES ? batchFile(entries[i], opts) : null;
    const batch = first ? [first] : [];
    let bytes = first?.size ?? 0;
    while (first && batch.length < BATCH_FILES && i + batch.length < entries.length) {
      const next = batchFile(entries[i + batch.length], opts);
      if (!next || next.layout !== first.layout || bytes + next.size > BATCH_BYTES) break;
      batch.push(next);
      bytes += next.size;
    }
    if (batch.length >= BATCH_MIN_FILES) {
      await importBatch(store, batch, opts, emit);
      i += batch.length;
      continue;
    }
    const entry = entries[i++];
    emit(entry.unreadable ? unreadableResult(entry.file, entry.unreadable) : await importFile(store, entry.file, opts));
  }
  return results;
}
