/**
 * `npm run bench -- package`: what a user downloads and installs. Packs the current build (`npm
 * pack`; dist/ is rebuilt first when it does not match the sources), installs the tarball into
 * an empty folder from the npm registry, and reports the tarball, the unpacked package, the
 * installed node_modules (runtime dependencies only: dev dependencies are never installed with a
 * package) and its largest packages. Sizes are bytes of the files (du --apparent-size).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildIfStale, REPO_ROOT } from "../scripts/build-hash.mjs";
import { installTarball, packageSizes, packRepo, treeBytes } from "../test/helpers/package.ts";

const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Installed packages, counting scoped ones one by one. */
function packageCount(nodeModules: string): number {
  return readdirSync(nodeModules)
    .filter((n) => !n.startsWith("."))
    .reduce((n, name) => n + (name.startsWith("@") ? readdirSync(join(nodeModules, name)).length : 1), 0);
}

async function install(tarball: string, dir: string): Promise<string> {
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "r2k-size-check", private: true }));
  const r = await installTarball(tarball, dir);
  if (r.code !== 0) throw new Error(`npm install exited ${r.code}:\n${r.stderr}`);
  return join(dir, "node_modules");
}

export async function benchPackage(): Promise<void> {
  if (!buildIfStale("dist/ does not match the sources: building it")) throw new Error("the build failed");
  const tmp = mkdtempSync(join(tmpdir(), "r2k-bench-package-"));
  try {
    const packed = await packRepo(tmp);
    const dist = treeBytes(join(REPO_ROOT, "dist"));
    const web = treeBytes(join(REPO_ROOT, "dist", "web"));
    console.log(`tarball ${MiB(packed.size)} (${packed.files.length} files), unpacked ${MiB(packed.unpackedSize)}; dist/ ${MiB(dist)} of which dist/web ${MiB(web)}`);
    const nm = await install(packed.tarball, join(tmp, "app"));
    const sizes = packageSizes(nm);
    console.log(`installed node_modules: ${MiB(treeBytes(nm))} in ${packageCount(nm)} packages (r2k itself ${MiB(sizes.find((s) => s.name === "r2k")?.bytes ?? 0)})`);
    for (const s of sizes.slice(0, 8)) console.log(`  ${s.name.padEnd(34)} ${MiB(s.bytes).padStart(10)}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
