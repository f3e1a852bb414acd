/**
 * The web bundle is built on demand: at server start, the sources under web/ are hashed
 * (with the versions of Vite and ECharts); a bundle built from the same hash is reused from the
 * cache (node_modules/.cache/r2k-web/<hash>, or $R2K_HOME/web-cache when node_modules is not
 * writable), otherwise Vite's build API builds it there (a few seconds, once per source change).
 * A clean checkout therefore needs no build step after `npm ci`. R2K_WEB_DIST=DIR serves a
 * bundle built elsewhere instead.
 */
import { createHash } from "node:crypto";
import { accessSync, constants, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { r2kHome } from "../store/index.ts";

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const WEB_DIR = join(PROJECT_ROOT, "web");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n !== "node_modules" && n !== "dist" && !n.startsWith("."))
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? sourceFiles(p) : [p];
    })
    .sort();
}

/** The installed version of a build tool (part of the bundle's cache key); "absent" when it is not installed. */
function packageVersion(name: string): string {
  const file = join(PROJECT_ROOT, "node_modules", name, "package.json");
  if (!existsSync(file)) return "absent";
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

/** Hash of the web sources and the build tool versions: the cache key of a bundle. */
export function webSourceHash(webDir = WEB_DIR): string {
  const h = createHash("sha256");
  h.update(`vite ${packageVersion("vite")} echarts ${packageVersion("echarts")}\n`);
  for (const f of sourceFiles(webDir)) {
    h.update(relative(webDir, f).split(sep).join("/"));
    h.update("\0");
    h.update(readFileSync(f));
    h.update("\0");
  }
  return h.digest("hex").slice(0, 16);
}

function writable(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export function webCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const local = join(PROJECT_ROOT, "node_modules", ".cache", "r2k-web");
  return writable(local) ? local : join(r2kHome(env), "web-cache");
}

export interface WebBundle {
  dir: string;
  hash: string;
  built: boolean;
  ms: number;
}

/** The directory of a built bundle for the current sources; builds it when missing. */
export async function ensureWebBundle(opts: { webDir?: string; cacheRoot?: string; log?: (line: string) => void } = {}): Promise<WebBundle> {
  const t0 = Date.now();
  const prebuilt = process.env.R2K_WEB_DIST;
  if (prebuilt) {
    if (!existsSync(join(prebuilt, "index.html"))) throw new Error(`R2K_WEB_DIST=${prebuilt} has no index.html`);
    return { dir: prebuilt, hash: "prebuilt", built: false, ms: 0 };
  }
  const webDir = opts.webDir ?? WEB_DIR;
  const hash = webSourceHash(webDir);
  const root = opts.cacheRoot ?? webCacheRoot();
  const dir = join(root, hash);
  if (existsSync(join(dir, "index.html"))) return { dir, hash, built: false, ms: Date.now() - t0 };

  opts.log?.(`building the web bundle (once per source change) into ${dir}`);
  mkdirSync(root, { recursive: true });
  const tmp = join(root, `.tmp-${hash}-${process.pid}-${Date.now()}`);
  const { build } = await import("vite");
  try {
    await build({
      root: webDir,
      configFile: join(webDir, "vite.config.ts"),
      logLevel: "warn",
      build: { outDir: tmp, emptyOutDir: true },
    });
    try {
      renameSync(tmp, dir);
    } catch (err) {
      // Another process finished the same build first: use its copy.
      if (!existsSync(join(dir, "index.html"))) throw err;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { dir, hash, built: true, ms: Date.now() - t0 };
}
