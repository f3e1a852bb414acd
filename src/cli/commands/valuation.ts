import type { Command } from "commander";
import { snapshot } from "../../core/analytics/snapshot.ts";
import type { SectionName } from "../../core/analytics/snapshot-options.ts";
import { isIsoDate } from "../../model/dates.ts";
import { loadSnapshotInputs } from "../../services/analytics.ts";
import { comparisonLine, shownFunds, valuationLines } from "../../views/company-valuation.ts";
import { TERMINAL } from "../../views/format.ts";
import { withReadStore } from "../context.ts";
import { CliError, EXIT } from "../exit.ts";
import { setExitCode } from "../runtime.ts";
import { DEMO_BANNER, paint, renderTable } from "../format.ts";
import { fundRoles } from "../funds.ts";

export interface ValuationCliOptions {
  to?: string;
  json?: boolean;
}

const SECTIONS: SectionName[] = ["symbols", "pairs", "caseStudies", "leadership", "leadLag", "rates", "regionalBanks", "composition", "breadth", "tracking"];

/** `r2k valuation`: the snapshot's valuation section alone (the same figures as the API, dashboard and report). */
export async function valuationAction(opts: ValuationCliOptions, cmd: Command): Promise<void> {
  if (opts.to !== undefined && !isIsoDate(opts.to)) throw new CliError(`--to: not a calendar date YYYY-MM-DD: ${JSON.stringify(opts.to)}`, EXIT.usage);
  const funds = await fundRoles(cmd);
  await withReadStore(cmd, async (store, io, choice) => {
    const inputs = await loadSnapshotInputs(store, { symbols: [], macro: false, to: opts.to, tickerMap: funds.tickerMap });
    const s = snapshot(inputs, {
      subjects: [],
      smallFund: funds.smallFund,
      largeFunds: funds.largeFunds,
      sections: Object.fromEntries(SECTIONS.map((x) => [x, false])),
      ...(opts.to && !inputs.holdings?.length ? { noHoldingsReason: `no holdings snapshot stored on or before ${opts.to}` } : {}),
    });
    const demo = choice.kind === "demo";
    const v = s.valuation;
    // Nothing to value is "no data" (exit 5), as for the other commands, after saying why.
    if (!v.available || !v.companies.available) setExitCode(cmd, EXIT.noData);
    if (opts.json) {
      io.out(JSON.stringify({ demo, smallFund: funds.smallFund, largeFunds: funds.largeFunds, valuation: v }, null, 2));
      return;
    }
    const out: string[] = [];
    if (demo) out.push(paint(io, "yellow", `! ${DEMO_BANNER}`));
    out.push(paint(io, "bold", `Valuation from SEC EDGAR filings: ${funds.smallFund} against ${funds.largeFunds.join(", else ")}, as of each fund's holdings date`));
    const companies = v.available ? v.companies : v;
    if (!v.available || !companies.available) {
      out.push(`Unavailable: ${v.available ? (companies.available ? "" : companies.reason) : v.reason}.`);
      if (!v.available) out.push("Import an iShares holdings file (r2k import IWM_holdings.csv) or run r2k update, then store SEC EDGAR fundamentals.");
      io.out(out.join("\n"));
      return;
    }
    const shown = shownFunds(companies);
    const lines = valuationLines(shown, TERMINAL);
    out.push(renderTable(io, ["", ...shown.map((f) => f.fund)], lines.map((l) => [l.label, ...l.cells]), ["left", ...shown.map(() => "right" as const)]));
    const cmp = comparisonLine(companies, TERMINAL);
    out.push(cmp ?? `No large-cap fund (${funds.largeFunds.join(", ")}) valued: store its holdings to compare.`);
    for (const f of shown) for (const n of f.notes) out.push(`${f.fund}: ${n}`);
    out.push(`Sources: ${[...new Set(shown.flatMap((f) => f.sources))].join(", ")}`);
    out.push("Loss-makers count in the aggregate P/E (sum of caps / sum of earnings); medians read profitable companies only. GAAP figures as filed, no estimates.");
    io.out(out.join("\n"));
  });
}
