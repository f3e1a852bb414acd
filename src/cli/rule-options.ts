/**
 * The rule options of the index-engine commands (`r2k recon`, `r2k index build`): declared on the
 * command (addRuleOptions, when the program is defined) and read back as rules (rulesFromOptions,
 * when the command runs). Light on purpose: the program's definition loads it for every command.
 */
import { Option, type Command } from "commander";
import type { Rules } from "../core/index-engine/index.ts";
import { CliError, EXIT } from "./exit.ts";

export interface RuleOptions {
  minPrice?: string;
  minCap?: string;
  countries?: string;
  band?: string;
  bandExclusive?: boolean;
  band3000?: boolean;
  absentPrior?: "new" | "out";
  scale?: string;
  sizes?: string;
}

/** A non-negative number option (underscores allowed as separators); undefined when not given. */
export function numberOption(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text.replace(/_/g, ""));
  if (!Number.isFinite(v) || v < 0) throw new CliError(`${name}: expected a non-negative number, got ${JSON.stringify(text)}`, EXIT.usage);
  return v;
}

/** Rules given on the command line (they override what the input suggests). */
export function rulesFromOptions(o: RuleOptions): Partial<Rules> {
  const r: Partial<Rules> = {};
  const minPrice = numberOption(o.minPrice, "--min-price");
  if (minPrice !== undefined) r.minPrice = minPrice;
  const minCap = numberOption(o.minCap, "--min-cap");
  if (minCap !== undefined) r.minTotalCap = minCap;
  if (o.countries !== undefined) {
    r.countries = o.countries.toLowerCase() === "any" ? null : o.countries.split(",").map((c) => c.trim().toUpperCase());
    if (r.countries && r.countries.some((c) => !/^[A-Z]{2}$/.test(c))) {
      throw new CliError(`--countries: expected ISO alpha-2 codes like US,CA or "any"`, EXIT.usage);
    }
  }
  const band = numberOption(o.band, "--band");
  if (band !== undefined) r.bandHalfWidth = band;
  if (o.bandExclusive) r.bandInclusive = false;
  if (o.band3000 === false) r.bandAt3000 = false;
  if (o.absentPrior) r.absentPrior = o.absentPrior;
  if (o.sizes !== undefined) {
    const n = o.sizes.split(",").map((x) => Number(x.trim()));
    if ((n.length !== 2 && n.length !== 3) || n.some((x) => !Number.isInteger(x) || x < 1)) {
      throw new CliError(`--sizes: expected the Russell 1000, 3000 and optionally 3000E sizes as whole numbers, e.g. 1000,3000,4000 (got ${JSON.stringify(o.sizes)})`, EXIT.usage);
    }
    r.r1000Size = n[0];
    r.r3000Size = n[1];
    if (n.length === 3) r.r3000eSize = n[2];
  }
  return r;
}

/** The rule options (and --scale) on a command; rulesFromOptions reads them back. */
export function addRuleOptions(cmd: Command): Command {
  return cmd
    .option("--min-price <dollars>", "minimum rank-day price (default 1)")
    .option("--min-cap <dollars>", "minimum total market cap (default 30000000)")
    .option("--countries <list>", 'eligible countries, e.g. US or US,CA, or "any" (default US, BDI countries count as US)')
    .option("--band <points>", "band half-width in cumulative-cap percentage points (default 2.5)")
    .option("--band-exclusive", "band ends are outside the band (default inclusive)")
    .option("--no-band-3000", "no band at the 3,000 breakpoint (R3000 membership by rank alone)")
    .addOption(
      new Option("--absent-prior <how>", "companies missing from --previous are new entrants or existing non-members").choices([
        "new",
        "out",
      ]),
    )
    .option("--sizes <r1000,r3000[,r3000e]>", "index sizes by rank, for small universes (default 1000,3000,4000)")
    .option("--scale <factor>", "holdings universes: multiply the fund's quantities (default 1: caps in fund dollars)");
}
