/**
 * Where the dashboard bundle comes from.
 * - The compiled server (dist/, what `r2k` runs) serves the bundle `npm run build` put in
 *   dist/web: nothing is built at start.
 * - From the TypeScript sources (tests, `npm run dev`), the bundle is built on demand: the files
 *   under web/ are hashed (with the versions of Vite and ECharts); a bundle built from the same
 *   hash is reused from the cache (node_modules/.cache/r2k-web/<hash>, or $R2K_HOME/web-cache
 *   when node_modules is not writable), otherwise Vite's build API builds it there (a few
 *   seconds, once per source change). The compiled server does the same when dist/web is missing
 *   in a checkout that has web/ and Vite; otherwise it stops with a message saying what to run.
 * R2K_WEB_DIST=DIR serves a bundle built elsewhere instead.
 */
import { createHash } from "node:crypto";
import { accessSync, constants, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { r2kHome } from "../store/index.ts";

/** The package's root: two levels above this module, in src/server/ and in dist/server/ alike. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const WEB_DIR = join(PROJECT_ROOT, "web");
/** The bundle `npm run build` writes. */
export const PREBUILT_WEB_DIR = join(PROJECT_ROOT, "dist", "web");
/** True when this module runs from the TypeScript sources (through tsx), false from dist/. */
export const FROM_SOURCES = import.meta.url.endsWith(".ts");

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

export interface EnsureWebBundleOptions {
  webDir?: string;
  cacheRoot?: string;
  /** Where the prebuilt bundle is looked for (default dist/web). */
  prebuiltDir?: string;
  /** Whether to run as from the sources (default: how this module runs). */
  fromSources?: boolean;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/** The bundle to serve: R2K_WEB_DIST, else dist/web for the compiled server, else one built on demand. */
export async function ensureWebBundle(opts: EnsureWebBundleOptions = {}): Promise<WebBundle> {
  const t0 = Date.now();
  const env = opts.env ?? process.env;
  const given = env.R2K_WEB_DIST;
  if (given) {
    if (!existsSync(join(given, "index.html"))) throw new Error(`R2K_WEB_DIST=${given} has no index.html`);
    return { dir: given, hash: "prebuilt", built: false, ms: 0 };
  }
  const webDir = opts.webDir ?? WEB_DIR;
  const prebuilt = opts.prebuiltDir ?? PREBUILT_WEB_DIR;
  const fromSources = opts.fromSources ?? FROM_SOURCES;
  const hasPrebuilt = existsSync(join(prebuilt, "index.html"));
  if (!fromSources && hasPrebuilt) return { dir: prebuilt, hash: "prebuilt", built: false, ms: Date.now() - t0 };

  const vite = existsSync(join(webDir, "index.html")) ? await importVite() : null;
  if (!vite) {
    // From the sources without Vite (dev dependencies omitted): the last build still serves.
    if (hasPrebuilt) return { dir: prebuilt, hash: "prebuilt", built: false, ms: Date.now() - t0 };
    throw new Error(
      `the dashboard bundle is missing: there is no ${join(prebuilt, "index.html")}` +
        (existsSync(webDir) ? ", and Vite, which would build it from web/, is not installed" : "") +
        ". In a clone of r2k, run `npm ci` (or `npm run build`), which builds it; an installed r2k package ships it, so reinstall it. R2K_WEB_DIST=DIR serves a bundle built elsewhere.",
    );
  }

  const hash = webSourceHash(webDir);
  const root = opts.cacheRoot ?? webCacheRoot(env);
  const dir = join(root, hash);
  if (existsSync(join(dir, "index.html"))) return { dir, hash, built: false, ms: Date.now() - t0 };

  opts.log?.(`building the web bundle (once per source change) into ${dir}`);
  mkdirSync(root, { recursive: true });
  const tmp = join(root, `.tmp-${hash}-${process.pid}-${Date.now()}`);
  try {
    await vite.build({
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

/** Vite's build API, or null when Vite is not installed (it is a dev dependency). */
async function importVite(): Promise<typeof import("vite") | null> {
  try {
    return await import("vite");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND") return null;
    throw err;
  }
}
