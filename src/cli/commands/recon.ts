import type { Command } from "commander";
import { INDEX_NAMES, reconstitutionOrNull, type ChangeRow, type ReconResult } from "../../core/index-engine/index.ts";
import { parseIsoDay } from "../../model/index.ts";
import { forDisplay, needsStoreSpec, runRecon, type ReconReport } from "../../services/recon.ts";
import { fundRoles } from "../funds.ts";
import type { Store } from "../../store/index.ts";
import { ioOf, withReadStore, type Io } from "../context.ts";
import { resolveSpec } from "../index-engine.ts";
import { CliError, EXIT } from "../exit.ts";
import { DEMO_BANNER, fmtInt, fmtMoney, paint, renderTable } from "../format.ts";
import { engineInput } from "../index-engine.ts";
import { numberOption, rulesFromOptions, type RuleOptions } from "../rule-options.ts";
import { fixed, percent, type NumberStyle } from "../../views/format.ts";

function checkDate(text: string, option: string): string {
  if (parseIsoDay(text) === null) throw new CliError(`${option}: not a calendar date YYYY-MM-DD: ${JSON.stringify(text)}`, EXIT.usage);
  return text;
}

/** Recon tables: "-" for what has no value (src/views/format.ts does the rest). */
const DASH: NumberStyle = { missing: "-", minus: "-", plus: "never" };
const money = (v: number | null | undefined): string => fmtMoney(v);
const pct = (x: number | null | undefined, digits = 2) => percent(x, digits, DASH);
/** A cumulative share already in percent: 96.53 -> "96.53%". */
const pts = (x: number | null | undefined) => fixed(x, 2, DASH, "%");

/** "ranks 1-1,000 hold 96.53% of the universe's cap". */
const holdShare = (rank: number, cumPct: number) => `ranks 1-${fmtInt(rank)} hold ${pts(cumPct)} of the universe's cap`;

/** Where the rank day sits in the reconstitution calendar. */
function calendarLine(rankDate: string): string {
  const where = reconstitutionOrNull(rankDate);
  if (!where) return `rank date ${rankDate}`;
  const e = where.event;
  const window = `${e.window.charAt(0).toUpperCase()}${e.window.slice(1)} ${e.rankDay.slice(0, 4)} reconstitution (rank day ${e.rankDay}, effective after the close of ${e.effectiveAfterClose}, ${e.confidence})`;
  return where.inWindow ? `rank date ${rankDate}, inside the ${window}` : `rank date ${rankDate}; next reconstitution: ${window}`;
}

/** The human-readable report. `limit` caps each list (0 = no lists, -1 = all). */
export function renderRecon(io: Io, rep: ReconReport, limit: number): string {
  const r = rep.result;
  // Fund dollars are not company caps: sizes are shown as ranks and shares of the universe.
  const dollars = r.capBasis !== "fund-dollars";
  const share = (x: number | null | undefined) => pct(x, 2);
  const out: string[] = [];
  if (rep.demo) out.push(paint(io, "yellow", `! ${DEMO_BANNER}`));
  out.push(paint(io, "bold", `Reconstitution preview: ${rep.universe}`));
  if (r.rankDate) out.push(calendarLine(r.rankDate));
  out.push(
    rep.previous.length
      ? `previous membership: ${rep.previous.join(" + ")}; banding on, ±${r.rules.bandHalfWidth} points${r.rules.bandInclusive ? ", inclusive" : ", exclusive"}`
      : "no previous membership: membership by rank alone (no banding)",
  );
  for (const n of rep.notes) out.push(paint(io, "dim", `note: ${n}`));
  if (rep.shareClasses.length) {
    const shown = rep.shareClasses.slice(0, 12).map((g) => g.tickers.join("+"));
    out.push(
      `share classes ranked as one company (${fmtInt(rep.shareClasses.length)}): ${shown.join(", ")}${rep.shareClasses.length > shown.length ? ", ..." : ""}`,
    );
  }
  const u = r.universe;
  const b1 = r.breakpoints.r1000;
  const b3 = r.breakpoints.r3000;
  const breakpoint = (b: ReconResult["breakpoints"]["r1000"]) =>
    !b ? "-" : dollars ? `${money(b.totalCap)} (${b.ticker}, cum ${pts(b.cumPct)})` : `${b.ticker}; ${holdShare(b.rank, b.cumPct)}`;
  const bandRanks = (x: NonNullable<ReconResult["bands"]["r1000"]>) =>
    x.firstRankInBand === null || x.lastRankInBand === null ? "-" : `${fmtInt(x.firstRankInBand)}-${fmtInt(x.lastRankInBand)}`;
  const band = (x: ReconResult["bands"]["r1000"]) =>
    !x
      ? "-"
      : dollars
        ? `${pts(x.lowPct)} .. ${pts(x.highPct)} (ranks ${bandRanks(x)}, caps ${money(x.largestCapInBand)} .. ${money(x.smallestCapInBand)})`
        : `${pts(x.lowPct)} .. ${pts(x.highPct)} of cumulative cap (ranks ${bandRanks(x)})`;
  out.push(
    renderTable(
      io,
      ["item", "value"],
      [
        ["securities / companies", `${fmtInt(u.securities)} / ${fmtInt(u.companies)}`],
        ["eligible companies", fmtInt(u.eligibleCompanies)],
        ["ineligible securities", fmtInt(u.ineligibleSecurities)],
        [`breakpoint rank ${fmtInt(r.rules.r1000Size)}`, breakpoint(b1)],
        [`breakpoint rank ${fmtInt(r.rules.r3000Size)}`, breakpoint(b3)],
        [`band around ${fmtInt(r.rules.r1000Size)}`, band(r.bands.r1000)],
        [`band around ${fmtInt(r.rules.r3000Size)}`, band(r.bands.r3000)],
      ],
      ["left", "left"],
    ),
  );
  const ranks = (a: number | null, b: number | null) => (a === null || b === null ? "-" : `${fmtInt(a)}-${fmtInt(b)}`);
  out.push(
    dollars
      ? renderTable(
          io,
          ["index", "companies", "securities", "largest", "smallest", "median", "float cap"],
          INDEX_NAMES.map((n) => {
            const x = r.indexes[n];
            return [x.label, fmtInt(x.companies), fmtInt(x.securities), money(x.largestCap), money(x.smallestCap), money(x.medianCap), money(x.floatCap)];
          }),
        )
      : renderTable(
          io,
          ["index", "companies", "securities", "ranks", "share of universe cap"],
          INDEX_NAMES.map((n) => {
            const x = r.indexes[n];
            return [x.label, fmtInt(x.companies), fmtInt(x.securities), ranks(x.firstRank, x.lastRank), share(x.capShare)];
          }),
        ),
  );
  if (r.changes) {
    const c = r.changes;
    out.push(
      renderTable(
        io,
        ["changes", "previous", "new", "adds", "deletes", "add weight", "delete weight", "turnover (weight)", "turnover (count)"],
        (["r1000", "r2000", "r3000"] as const).map((k) => {
          const x = c[k];
          if (!x) return [r.indexes[k].label, "not covered", "", "", "", "", "", "", ""];
          return [
            r.indexes[k].label,
            fmtInt(x.priorCount),
            fmtInt(x.newCount),
            fmtInt(x.adds.length),
            fmtInt(x.deletes.length) + (x.deletesWithoutData ? ` (${x.deletesWithoutData} not in universe)` : ""),
            pct(x.addWeight),
            pct(x.deleteWeight),
            pct(x.turnoverByWeight),
            pct(x.turnoverByCount),
          ];
        }),
      ),
    );
    out.push(`migrations: ${fmtInt(c.migrations.up.length)} up from R2000 to R1000, ${fmtInt(c.migrations.down.length)} down from R1000 to R2000`);
    if (limit !== 0) {
      const list = (title: string, rows: ChangeRow[] | undefined) => {
        if (!rows || rows.length === 0) return;
        const shown = limit < 0 ? rows : rows.slice(0, limit);
        out.push(`${title} (${fmtInt(rows.length)}${shown.length < rows.length ? `, first ${shown.length}` : ""}):`);
        out.push(
          renderTable(
            io,
            ["ticker", "name", "rank", dollars ? "total cap" : "share of universe", "reason"],
            shown.map((x) => [x.ticker, x.name.slice(0, 34), x.rank === null ? "-" : String(x.rank), dollars ? money(x.totalCap) : share(x.capShare), x.reason]),
          ),
        );
      };
      list("R2000 adds", c.r2000?.adds);
      list("R2000 deletes", c.r2000?.deletes);
      list("moved up to R1000", c.migrations.up);
      list("moved down to R2000", c.migrations.down);
    }
  }
  for (const w of r.warnings) out.push(paint(io, "yellow", `warning: ${w}`));
  out.push("Preview by r2k's Russell-style rules (docs/index-engine.md); not FTSE Russell's official lists.");
  return out.join("\n");
}

const CSV_HEAD = [
  "rank",
  "company_id",
  "ticker",
  "name",
  "total_cap",
  "float_cap",
  "cap_share",
  "cum_pct",
  "prior",
  "by_rank",
  "index",
  "in_band_1000",
  "in_band_3000",
  "r3000e",
  "microcap",
  "change",
];

const csvCell = (v: string | number | boolean | null) => {
  const s = v === null ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One line per eligible company, in rank order; with fund dollars the dollar columns are empty. */
export function reconCsv(r: ReconResult): string {
  const dollars = r.capBasis !== "fund-dollars";
  const lines = [CSV_HEAD.join(",")];
  for (const c of r.companies) {
    const change =
      c.prior === null
        ? r.banding
          ? "new"
          : ""
        : c.prior === c.index
          ? "stay"
          : c.index === "out"
            ? "delete"
            : c.prior === "out"
              ? "add"
              : c.index === "1000"
                ? "up"
                : "down";
    lines.push(
      [
        c.rank,
        c.companyId,
        c.ticker,
        c.name,
        dollars ? c.totalCap : null,
        dollars ? c.floatCap : null,
        r.eligibleCap > 0 ? (c.totalCap / r.eligibleCap).toFixed(8) : null,
        c.cumPct.toFixed(6),
        c.prior,
        c.byRank,
        c.index,
        c.inBand1000,
        c.inBand3000,
        c.r3000e,
        c.microcap,
        change,
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return lines.join("\n");
}

export interface ReconCliOptions extends RuleOptions {
  universe: string;
  previous: string[];
  rankDate?: string;
  format: "table" | "csv" | "json";
  limit: string;
}

export async function runReconCli(store: Store | null, opts: ReconCliOptions, tickerMap?: Readonly<Record<string, string>>): Promise<ReconReport> {
  const rankDate = opts.rankDate ? checkDate(opts.rankDate, "--rank-date") : undefined;
  const scale = numberOption(opts.scale, "--scale");
  if (scale !== undefined && !(scale > 0)) throw new CliError("--scale must be positive", EXIT.usage);
  const rules = rulesFromOptions(opts);
  return engineInput(() => runRecon(store, { universe: opts.universe, previous: opts.previous, rankDate, scale, rules, tickerMap }));
}

/** `r2k recon`: the reconstitution preview as a table, CSV or JSON. */
export async function reconAction(opts: ReconCliOptions, command: Command): Promise<void> {
  const limit = Number(opts.limit);
  if (!Number.isInteger(limit) || limit < -1) throw new CliError("--limit: expected an integer >= -1", EXIT.usage);
  opts = { ...opts, universe: resolveSpec(command, opts.universe), previous: opts.previous.map((p) => resolveSpec(command, p)) };
  const needsStore = needsStoreSpec(opts.universe) || opts.previous.some(needsStoreSpec);
  const emit = (io: Io, rep: ReconReport) => {
    if (opts.format === "json") {
      const { universe: counts, ...rest } = rep.result;
      const json = { source: rep.universe, capSources: rep.capSources, previous: rep.previous, demo: rep.demo, notes: rep.notes, shareClasses: rep.shareClasses, universe: counts, ...rest };
      io.out(JSON.stringify(forDisplay(json, rep.capBasis), null, 2));
    } else if (opts.format === "csv") io.out(reconCsv(rep.result));
    else io.out(renderRecon(io, rep, limit));
  };
  if (needsStore) {
    // The user's ticker map matches stored holdings to SEC filers and closes.
    const { tickerMap } = await fundRoles(command);
    await withReadStore(command, async (store, io) => emit(io, await runReconCli(store, opts, tickerMap)));
  } else {
    emit(ioOf(command), await runReconCli(null, opts));
  }
}
