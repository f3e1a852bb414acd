import { homedir, platform } from "node:os";
import { join } from "node:path";

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
