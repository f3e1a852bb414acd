/**
 * Delimited price and observation files: the store's bulk reader (src/store/delimited.ts) does
 * the parsing and checking in DuckDB; this side turns a refused row into the file's own line
 * number and text, so the error names file, line and field.
 */
import { InputError, quoteValue, type DelimitedPlan, type StagedFile } from "../../model/index.ts";
import { BadRowError, releaseDelimited as releaseStaged, stageDelimited as stageRows, type Store } from "../../store/index.ts";
import { physicalLineOfRow, splitCsvLine, type FileHead } from "./sniff.ts";

export { BAR_FIELDS, type BarField, type BarPlan, type DelimitedPlan, type ObservationPlan, type StagedFile } from "../../model/index.ts";

/** Stages `path` for the merge (see the store's stageDelimited); a refused row names its line and field. */
export async function stageDelimited(store: Store, path: string, plan: DelimitedPlan): Promise<StagedFile> {
  try {
    return await stageRows(store, path, plan);
  } catch (err) {
    if (!(err instanceof BadRowError)) throw err;
    const { line, text } = await physicalLineOfRow(path, err.row, plan.headerLines);
    const raw = splitCsvLine(text.replace(/\r$/, ""))[plan.columns.indexOf(err.field)];
    throw new InputError(path, line, err.field, `${err.reason}: ${quoteValue(raw ?? "")}`);
  }
}

export const releaseDelimited = releaseStaged;

/**
 * Whether the dates of the first 100 data rows the file's head holds are all ISO (YYYY-MM-DD),
 * missing values aside: the bulk reader can then parse them as dates itself. A guess from the
 * head: a later row spelled otherwise only sends the file to the slower staged path.
 */
export function headDatesAreIso(head: FileHead, plan: DelimitedPlan): boolean {
  const column = plan.target.kind === "bars" ? (plan.target.map.date as number) : plan.target.dateColumn;
  let seen = 0;
  for (const line of head.lines.slice(plan.headerLines)) {
    if (seen === 100) break;
    if (line.trim() === "") continue;
    seen++;
    const cell = splitCsvLine(line.replace(/\r$/, ""))[column] ?? "";
    if (plan.missing.includes(cell)) continue;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(cell)) return false;
  }
  return seen > 0;
}
