import { existsSync } from "node:fs";
import type { Command } from "commander";
// The store's modules one by one, not store/index.ts: reading commands never load the write paths.
import type { IntegrityProblem } from "../store/integrity.ts";
import type { DemoRowsRemoved, StoreKind } from "../store/kind.ts";
import { findOwner } from "../store/owner.ts";
import { defaultDbPath, demoStorePath } from "../store/paths.ts";
import { isEmpty } from "../store/read.ts";
import { DAMAGED_ADVICE, Store } from "../store/store.ts";
import type { StoreUse } from "./handover/host.ts";
import { CliError, EXIT } from "./exit.ts";
import { OwnedByServer, resolvePath, runtimeOf, type OutputStream, type Runtime } from "./runtime.ts";

export interface GlobalOptions {
  db?: string;
  color?: boolean;
  /** Read the synthetic demo store instead of the user's own. */
  demo?: boolean;
}

/** Output sinks, so commands can be tested without a terminal. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Standard output is a terminal: tables with borders. */
  isTTY: boolean;
  /** Colour on standard output (a terminal, unless --no-color or NO_COLOR). */
  color: boolean;
  /** Standard error is a terminal: progress is drawn there as bars, else written as plain lines. */
  errTTY: boolean;
  /** Where progress bars are drawn (standard error). */
  progress: OutputStream;
}

/** Terminal colour codes, as `paint` writes them. */
const SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/**
 * A runtime's streams. Each is rich only when it is a terminal: text painted for a terminal
 * on standard output loses its colour when it goes to a standard error that is a pipe or a file.
 */
export function runtimeIo(rt: Runtime, opts: GlobalOptions = {}): Io {
  const isTTY = Boolean(rt.stdout.isTTY);
  const errTTY = Boolean(rt.stderr.isTTY);
  const line = (t: string) => (t.endsWith("\n") ? t : `${t}\n`);
  return {
    out: (t) => rt.stdout.write(line(t)),
    err: (t) => rt.stderr.write(line(errTTY ? t : t.replace(SGR, ""))),
    isTTY,
    color: opts.color !== false && isTTY && !rt.env.NO_COLOR,
    errTTY,
    progress: rt.stderr,
  };
}

/** The streams of the runtime a command runs in. */
export function ioOf(cmd: Command): Io {
  return runtimeIo(runtimeOf(cmd), globalOptions(cmd));
}

/**
 * The program's own options. Read from the root command, so that a subcommand option of the same
 * name (`r2k start --no-demo`) cannot shadow the global `--demo`.
 */
export function globalOptions(cmd: Command): GlobalOptions {
  let root = cmd;
  while (root.parent) root = root.parent;
  const own = root.opts() as GlobalOptions;
  return { db: own.db, color: own.color, demo: own.demo === true };
}

/** The user's store: --db, else the default location (absolute: the key its owner is found by). */
export function dbPath(cmd: Command): string {
  const rt = runtimeOf(cmd);
  return resolvePath(cmd, globalOptions(cmd).db ?? defaultDbPath(rt.env));
}

/**
 * Hands the command over when a running server owns any of `paths` (OwnedByServer). Called
 * before a command writes anything, so that its output comes once, from the server. In the
 * server itself (a handed-over command) there is nothing to hand over.
 */
export function handOverIfOwned(cmd: Command, paths: string[]): void {
  if (runtimeOf(cmd).host) return;
  for (const path of paths) {
    const owner = findOwner(path);
    if (owner) throw new OwnedByServer(owner);
  }
}

/** The demo store that belongs to the user's store (beside it). */
export function demoDbPath(cmd: Command): string {
  return demoStorePath(dbPath(cmd));
}

/** Which store a command reads, and why. */
export interface StoreChoice {
  path: string;
  kind: StoreKind;
  /** The demo store was chosen because the user's store holds no data (not asked for with --demo). */
  fallback: boolean;
}

/** Says once, on stderr, what opening an older user store removed. */
export function reportMigration(io: Io, store: Store): void {
  const r: DemoRowsRemoved | null = store.demoRowsRemoved;
  if (!r) return;
  const parts = Object.entries(r.tables)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${table.replace(/_/g, " ")} ${n.toLocaleString("en-US")}`);
  io.err(
    `r2k: upgraded ${store.path}: removed ${r.total.toLocaleString("en-US")} synthetic demo rows` +
      `${parts.length ? ` (${parts.join(", ")})` : ""}${r.imports ? ` and ${r.imports} demo import record(s)` : ""}; ` +
      `your real data was not touched. The demo market now lives in its own file: \`r2k demo\` regenerates it in ${demoStorePath(store.path)}.`,
  );
}

/** Says once, on stderr, what opening the store found left by a killed process and put right. */
export function reportRepairs(io: Io, store: Store): void {
  const repaired = store.repairedAtOpen;
  if (repaired.length === 0) return;
  io.err(
    `r2k: ${store.path} was left mid-write by a process that was killed; found on opening it:\n` +
      repaired.map((p) => `  - ${p.message}: ${repairWords(p.kind)}`).join("\n"),
  );
}

/** What the repair did about a kind of problem, in words. */
export function repairWords(kind: IntegrityProblem["kind"]): string {
  return {
    uncommittedRows: "removed (the store is as it was before that write)",
    duplicateKeys: "kept the row of the later import",
    missingSeries: "recreated from the series ids",
    unappliedImport: "its record removed (the store is as it was before that write)",
    incompleteImport: "not repairable by r2k: import that file again (with --replace if it replaced stored values)",
    damaged: `not repairable. ${DAMAGED_ADVICE}`,
  }[kind];
}

/** An open store and how to give it back. */
interface OpenedStore {
  store: Store;
  close(): void;
}

/**
 * Opens a store (in a server running a handed-over command: borrows it, see handover/host.ts)
 * and reports a migration that removed demo rows and a repair at open.
 */
async function openStore(cmd: Command, io: Io, path: string, use: StoreUse, kind?: StoreKind): Promise<OpenedStore> {
  const host = runtimeOf(cmd).host;
  let opened: OpenedStore;
  if (host) {
    const loan = await host.borrow(path, kind, use);
    opened = { store: loan.store, close: loan.release };
  } else {
    const store = await Store.open(path, kind ? { kind } : {});
    opened = { store, close: () => store.close() };
  }
  reportMigration(io, opened.store);
  reportRepairs(io, opened.store);
  return opened;
}

export interface ReadStoreOptions {
  /** Show the demo store when the user's store holds no data (default true). */
  fallback?: boolean;
  /** The command also writes into the store it reads (`r2k index build`); default "read". */
  use?: StoreUse;
}

/**
 * The one place that decides which store a read face (status, summary, analyze, compare, report,
 * recon, index build, serve, start) uses: the demo store with --demo; otherwise the user's store,
 * unless it holds no data at all and a demo store exists, in which case the demo store, said on
 * stderr. A user store with data is always the one read.
 */
export async function resolveReadStore(cmd: Command, io: Io, opts: ReadStoreOptions = {}): Promise<StoreChoice> {
  const { choice, opened } = await chooseReadStore(cmd, io, opts);
  opened?.close();
  return choice;
}

/** resolveReadStore's choice, and the user's store when it had to be opened to choose (left open, to be used). */
async function chooseReadStore(cmd: Command, io: Io, opts: ReadStoreOptions): Promise<{ choice: StoreChoice; opened?: OpenedStore }> {
  const user = dbPath(cmd);
  const demo = demoStorePath(user);
  if (globalOptions(cmd).demo) {
    if (!existsSync(demo)) {
      throw new CliError(`no demo market yet: \`r2k demo\` generates it (into ${demo}); then add --demo`, EXIT.noData);
    }
    return { choice: { path: demo, kind: "demo", fallback: false } };
  }
  const userChoice: StoreChoice = { path: user, kind: "user", fallback: false };
  if (opts.fallback === false || demo === user || !existsSync(demo)) return { choice: userChoice };
  // A missing user store holds no data (and is not created).
  if (user !== ":memory:" && !existsSync(user)) return { choice: fallbackChoice(io, demo) };
  const opened = await openStore(cmd, io, user, opts.use ?? "read");
  let empty: boolean;
  try {
    empty = await isEmpty(opened.store);
  } catch (err) {
    opened.close();
    throw err;
  }
  if (!empty) return { choice: userChoice, opened };
  opened.close();
  return { choice: fallbackChoice(io, demo) };
}

function fallbackChoice(io: Io, demo: string): StoreChoice {
  io.err(fallbackNotice(demo));
  return { path: demo, kind: "demo", fallback: true };
}

/** The one line saying that the demo store is shown because the user's store holds no data. */
export function fallbackNotice(demoPath: string): string {
  return `r2k: no real data stored; showing the SYNTHETIC demo market from ${demoPath} (import files or run \`r2k update\` for real data)`;
}

/** Opens the chosen store (a demo store must be one) and reports a migration that removed demo rows. */
export async function openChosenStore(cmd: Command, io: Io, choice: StoreChoice, use: StoreUse = "read"): Promise<OpenedStore> {
  return openStore(cmd, io, choice.path, use, choice.kind === "demo" ? "demo" : undefined);
}

/** The store files a read face may open: the user's and the demo store beside it. */
export function readStorePaths(cmd: Command): string[] {
  const user = dbPath(cmd);
  return [user, demoStorePath(user)];
}

/** Opens the store a read face uses (see resolveReadStore), runs `fn`, always closes it. */
export async function withReadStore<T>(
  cmd: Command,
  fn: (store: Store, io: Io, choice: StoreChoice) => Promise<T>,
  opts: ReadStoreOptions = {},
): Promise<T> {
  handOverIfOwned(cmd, readStorePaths(cmd));
  const io = ioOf(cmd);
  const { choice, opened } = await chooseReadStore(cmd, io, opts);
  const store = opened ?? (await openChosenStore(cmd, io, choice, opts.use));
  try {
    return await fn(store.store, io, choice);
  } finally {
    store.close();
  }
}

/**
 * Opens the user's own store for a command that writes real data (import, update), runs `fn`,
 * always closes it. --demo is refused: nothing real is ever written into the demo store.
 */
export async function withUserStore<T>(cmd: Command, fn: (store: Store, io: Io) => Promise<T>): Promise<T> {
  if (globalOptions(cmd).demo) {
    throw new CliError(
      `--demo selects the synthetic demo market for reading; r2k ${cmd.name()} writes only your own store: run it without --demo`,
      EXIT.usage,
    );
  }
  handOverIfOwned(cmd, [dbPath(cmd)]);
  const io = ioOf(cmd);
  const store = await openStore(cmd, io, dbPath(cmd), "write", "user");
  try {
    return await fn(store.store, io);
  } finally {
    store.close();
  }
}

/** Opens (creating when missing) the demo store beside the user's store, runs `fn`, always closes it. */
export async function withDemoStore<T>(cmd: Command, fn: (store: Store, io: Io) => Promise<T>): Promise<T> {
  handOverIfOwned(cmd, [demoDbPath(cmd)]);
  const io = ioOf(cmd);
  const store = await openStore(cmd, io, demoDbPath(cmd), "write", "demo");
  try {
    return await fn(store.store, io);
  } finally {
    store.close();
  }
}
