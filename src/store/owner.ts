/**
 * Who owns a store file. A server (`r2k serve`, `r2k start`) holds its store open for as long as
 * it runs, and DuckDB lets no other process open the file meanwhile; so the server says where
 * other r2k commands can hand their work to it: a small file beside the store with its process
 * id, the loopback port of its handover channel and a token that proves the caller may read the
 * file (only its owner can: it is created readable by the user alone).
 */
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";

export interface StoreOwner {
  /** The server's process. */
  pid: number;
  /** The loopback port (127.0.0.1) its handover channel listens on. */
  port: number;
  /** The secret every handed-over command must carry. */
  token: string;
  /** The store file it owns (absolute). */
  store: string;
  /** Its dashboard, for messages. */
  url: string;
  startedAt: string;
}

/** The owner file of a store: beside it, so that every command reaching the store finds it. */
export function ownerFilePath(storePath: string): string {
  return `${storePath}.owner.json`;
}

/** A fresh secret for a handover channel. */
export function newOwnerToken(): string {
  return randomBytes(32).toString("hex");
}

/** Says that this process owns `owner.store` (readable by the user alone). */
export function writeOwner(owner: StoreOwner): void {
  const path = ownerFilePath(owner.store);
  rmSync(path, { force: true }); // the mode applies when the file is created
  writeFileSync(path, `${JSON.stringify(owner, null, 2)}\n`, { mode: 0o600 });
}

/** Withdraws the owner file, if it is still this process's. */
export function removeOwner(owner: StoreOwner): void {
  const current = readOwnerFile(owner.store);
  if (current && current.pid === owner.pid && current.token === owner.token) rmSync(ownerFilePath(owner.store), { force: true });
}

function readOwnerFile(storePath: string): StoreOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(ownerFilePath(storePath), "utf8")) as Partial<StoreOwner>;
    if (typeof parsed.pid !== "number" || typeof parsed.port !== "number" || typeof parsed.token !== "string") return null;
    return { pid: parsed.pid, port: parsed.port, token: parsed.token, store: storePath, url: String(parsed.url ?? ""), startedAt: String(parsed.startedAt ?? "") };
  } catch {
    return null; // none, or unreadable (another user's server): not one to hand work to
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The running server that owns the store at `storePath`, or null. The file of a server that was
 * killed (its process has gone) is removed on the way.
 */
export function findOwner(storePath: string): StoreOwner | null {
  if (storePath === ":memory:") return null;
  const owner = readOwnerFile(storePath);
  if (!owner) return null;
  if (owner.pid === process.pid) return null; // this process: it opens the file itself
  if (!alive(owner.pid)) {
    rmSync(ownerFilePath(storePath), { force: true });
    return null;
  }
  return owner;
}
