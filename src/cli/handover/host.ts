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
  /** Files other than the held one, opened here one command at a time (one DuckDB instance per file). */
  private readonly others = new Map<string, Promise<void>>();
  /** Connections lent per held store, and who waits for them all to come back. */
  private readonly lent = new Map<Store, { count: number; idle: (() => void)[] }>();

  constructor(
    private held: Store,
    /** Called after each write has ended, with its file (the server forgets what it derived, or shows a store that now has data). */
    private readonly onWritten: (path: string) => unknown,
  ) {}

  /**
   * Opens `path` (no write and no other command on it meanwhile) and, when `accept` says so,
   * holds it from now on instead of the file held so far, which the caller then closes; else
   * closes it again. The held store, or null.
   */
  async takeOver(path: string, kind: StoreKind, accept: (store: Store) => Promise<boolean>): Promise<Store | null> {
    const unlockWrites = await this.lockWrites();
    const unlockFile = await this.lockOther(path);
    try {
      const store = await Store.open(path, { kind });
      if (await accept(store).catch(() => false)) {
        this.held = store;
        return store;
      }
      store.close();
      return null;
    } finally {
      unlockFile();
      unlockWrites();
    }
  }

  holds(path: string): boolean {
    return path === this.held.path;
  }

  /** Resolves once no command uses a connection lent from `store` (before it is closed). */
  idle(store: Store): Promise<void> {
    const l = this.lent.get(store);
    if (!l || l.count === 0) return Promise.resolve();
    return new Promise((resolve) => l.idle.push(resolve));
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
    const unlockWrites = use === "write" ? await this.lockWrites() : () => undefined;
    const held = this.holds(path);
    const unlockFile = held ? () => undefined : await this.lockOther(path);
    const unlock = () => {
      unlockFile();
      unlockWrites();
    };
    let store: Store;
    let lentFrom: Store | null = null;
    try {
      if (held) {
        if (kind && kind !== this.held.kind) {
          throw new StoreError(`the store ${path} holds ${this.held.kind === "demo" ? "the synthetic demo market" : "your own data"}, not ${kind === "demo" ? "the synthetic demo market" : "your own data"}`);
        }
        lentFrom = this.held;
        store = await lentFrom.connectAnother({ writes: use === "write" });
        const l = this.lent.get(lentFrom) ?? { count: 0, idle: [] };
        l.count++;
        this.lent.set(lentFrom, l);
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
        const l = lentFrom && this.lent.get(lentFrom);
        if (l && --l.count === 0) for (const resolve of l.idle.splice(0)) resolve();
        unlock();
        if (use === "write") this.onWritten(path);
      },
    };
  }

  private async lockWrites(): Promise<() => void> {
    return this.queueOn(this.writes, (next) => (this.writes = next));
  }

  private async lockOther(path: string): Promise<() => void> {
    return this.queueOn(this.others.get(path) ?? Promise.resolve(), (next) => this.others.set(path, next));
  }

  /** Waits for the end of `tail`, and makes the returned unlock the end of the new tail. */
  private async queueOn(tail: Promise<void>, setTail: (next: Promise<void>) => void): Promise<() => void> {
    let unlock!: () => void;
    const mine = new Promise<void>((resolve) => (unlock = resolve));
    setTail(tail.then(() => mine));
    await tail;
    return unlock;
  }
}
