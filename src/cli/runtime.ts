/**
 * Where a command runs. Usually this process, with its own terminal, directory and environment;
 * while `r2k serve` owns the store, the command a client hands over is run inside the server
 * (cli/handover), with the client's streams, directory and environment instead. Commands reach
 * theirs through the Command they were given, never through `process` directly.
 */
import { resolve } from "node:path";
import type { Writable } from "node:stream";
import type { Command } from "commander";
import type { StoreOwner } from "../store/owner.ts";
import type { StoreHost } from "./handover/host.ts";

/** A stream a command writes to, with what it knows of the terminal behind it. */
export type OutputStream = Writable & { isTTY?: boolean; columns?: number };

export interface Runtime {
  stdout: OutputStream;
  stderr: OutputStream;
  /** The directory relative paths of the command line are read from. */
  cwd: string;
  /** The environment the command's configuration and keys come from. */
  env: NodeJS.ProcessEnv;
  /** The outcome a command reports without failing (import with a rejected file: 3). */
  exitCode?: number;
  /** Set in a server running a client's command: it lends the stores it holds. */
  host?: StoreHost;
  /** In a server, aborted when the client that handed the command over has gone. */
  signal?: AbortSignal;
  /**
   * Runs a command line in a runtime and gives its exit code (the CLI's main, set by it): a
   * server runs the commands handed over to it with it.
   */
  run?: (argv: string[], runtime: Runtime) => Promise<number>;
}

/** This process's own streams, directory and environment. */
export function processRuntime(): Runtime {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}

const attached = new WeakMap<Command, Runtime>();
let fallback: Runtime | null = null;

function root(cmd: Command): Command {
  let r = cmd;
  while (r.parent) r = r.parent;
  return r;
}

/** Gives a program (and so each of its commands) the runtime it runs in. */
export function attachRuntime(program: Command, runtime: Runtime): void {
  attached.set(root(program), runtime);
}

/** The runtime a command runs in: its program's, else this process's own. */
export function runtimeOf(cmd: Command): Runtime {
  const rt = attached.get(root(cmd));
  if (rt) return rt;
  fallback ??= processRuntime();
  return fallback;
}

/** Reports an outcome without failing: the command's exit code when it ends. */
export function setExitCode(cmd: Command, code: number): void {
  runtimeOf(cmd).exitCode = code;
}

/** A path of the command line, absolute against the command's directory ("-" and ":memory:" as they are). */
export function resolvePath(cmd: Command, path: string): string {
  if (path === "-" || path === ":memory:") return path;
  return resolve(runtimeOf(cmd).cwd, path);
}

/**
 * Thrown before a command opens a store that a running server owns: main hands the command over
 * to that server (handover/client.ts), which runs it on the store it holds.
 */
export class OwnedByServer extends Error {
  override name = "OwnedByServer";
  constructor(readonly owner: StoreOwner) {
    super(`the store ${owner.store} is owned by the r2k server at ${owner.url} (process ${owner.pid})`);
  }
}
