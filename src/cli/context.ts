import type { Command } from "commander";
import { defaultDbPath, Store } from "../store/index.ts";

export interface GlobalOptions {
  db?: string;
  color?: boolean;
}

/** Output sinks, so commands can be tested without a terminal. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
  color: boolean;
}

export function processIo(opts: GlobalOptions = {}): Io {
  const isTTY = Boolean(process.stdout.isTTY);
  return {
    out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
    isTTY,
    color: opts.color !== false && isTTY && !process.env.NO_COLOR,
  };
}

export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

export function dbPath(cmd: Command): string {
  return globalOptions(cmd).db ?? defaultDbPath();
}

/** Opens the store named by --db (or the default), runs `fn`, always closes it. */
export async function withStore<T>(cmd: Command, fn: (store: Store, io: Io) => Promise<T>): Promise<T> {
  const store = await Store.open(dbPath(cmd));
  try {
    return await fn(store, processIo(globalOptions(cmd)));
  } finally {
    store.close();
  }
}
