/**
 * The stores a server lends to the commands handed over to it. The file it serves is lent
 * through a connection of its own per command (DuckDB keeps the server's readers on the last
 * committed state meanwhile); any other file is opened here as a command would open it. Writes
 * go one at a time, the server's own scheduled update among them.
 */
import type { StoreKind } from "../../store/kind.ts";
import { Store, StoreError } from "../../store/store.ts";

export type StoreUse = "read" | "write";

export interface StoreLoan {
  store: Store;
  /** Gives the store back: its connection is closed, the next write may start. */
  release(): void;
}

export interface StoreHost {
  /** Whether `path` is the file the server holds. */
  holds(path: string): boolean;
  borrow(path: string, kind: StoreKind | undefined, use: StoreUse): Promise<StoreLoan>;
}

export class ServerStoreHost implements StoreHost {
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly held: Store,
    /** Called after each write to the held file has ended (the server forgets what it derived). */
    private readonly onWritten: () => void,
  ) {}

  holds(path: string): boolean {
    return path === this.held.path;
  }

  /** Runs `fn` when no other write is running (the server's own update goes through here too). */
  async serializeWrite<T>(fn: () => Promise<T>): Promise<T> {
    const unlock = await this.lockWrites();
    try {
      return await fn();
    } finally {
      unlock();
    }
  }

  async borrow(path: string, kind: StoreKind | undefined, use: StoreUse): Promise<StoreLoan> {
    const unlock = use === "write" ? await this.lockWrites() : () => undefined;
    let store: Store;
    try {
      if (this.holds(path)) {
        if (kind && kind !== this.held.kind) {
          throw new StoreError(`the store ${path} holds ${this.held.kind === "demo" ? "the synthetic demo market" : "your own data"}, not ${kind === "demo" ? "the synthetic demo market" : "your own data"}`);
        }
        store = await this.held.connectAnother({ writes: use === "write" });
      } else {
        store = await Store.open(path, kind ? { kind } : {});
      }
    } catch (err) {
      unlock();
      throw err;
    }
    let released = false;
    return {
      store,
      release: () => {
        if (released) return;
        released = true;
        store.close();
        if (use === "write" && this.holds(path)) this.onWritten();
        unlock();
      },
    };
  }

  private async lockWrites(): Promise<() => void> {
    let unlock!: () => void;
    const mine = new Promise<void>((resolve) => (unlock = resolve));
    const before = this.writes;
    this.writes = before.then(() => mine);
    await before;
    return unlock;
  }
}
