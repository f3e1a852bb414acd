import { homedir, platform } from "node:os";
import { basename, dirname, extname, join } from "node:path";

/** Per-user data directory, overridable with R2K_HOME. */
export function r2kHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.R2K_HOME) return env.R2K_HOME;
  const home = homedir();
  switch (platform()) {
    case "darwin":
      return join(home, "Library", "Application Support", "r2k");
    case "win32":
      return join(env.LOCALAPPDATA ?? join(home, "AppData", "Local"), "r2k");
    default:
      return join(env.XDG_DATA_HOME ?? join(home, ".local", "share"), "r2k");
  }
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(r2kHome(env), "r2k.duckdb");
}

/**
 * The file of the synthetic demo market that belongs to a user store: beside it, `.demo` before
 * the extension (`r2k.duckdb` -> `r2k.demo.duckdb`, `other.db` -> `other.demo.db`). Keeping the
 * demo market in its own file is what makes mixing it with real data impossible.
 */
export function demoStorePath(userStorePath: string): string {
  if (userStorePath === ":memory:") return userStorePath;
  const name = basename(userStorePath);
  const ext = extname(name); // "" for "store" and ".store"
  const stem = ext ? name.slice(0, -ext.length) : name;
  return join(dirname(userStorePath), `${stem}.demo${ext || ".duckdb"}`);
}
