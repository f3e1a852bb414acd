/**
 * Delimited price and observation files: the store's bulk reader (src/store/delimited.ts) does
 * the parsing and checking in DuckDB; this side turns a refused row into the file's own line
 * number and text, so the error names file, line and field.
 */
import { InputError, quoteValue, type DelimitedPlan, type StagedFile } from "../../model/index.ts";
import { BadRowError, releaseDelimited as releaseStaged, stageDelimited as stageRows, type Store } from "../../store/index.ts";
import { physicalLineOfRow, splitCsvLine } from "./sniff.ts";

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
