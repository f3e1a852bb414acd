/** A reason quoting the input is cut to a readable length: a damaged line can be megabytes long. */
function shortReason(reason: string): string {
  return reason.length <= 500 ? reason : `${reason.slice(0, 400)}... (${reason.length.toLocaleString("en-US")} characters)`;
}

/** A value from a file, quoted for a message and cut when long (a damaged line can be megabytes). */
export function quoteValue(value: string): string {
  return value.length <= 60 ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, 40))}... (${value.length.toLocaleString("en-US")} characters)`;
}

/**
 * Input that cannot be stored. Names the file, the 1-based line and the field, so a user
 * can open the file and fix it; nothing from the file is written when this is thrown.
 */
export class InputError extends Error {
  override name = "InputError";
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly field: string | null,
    readonly reason: string,
  ) {
    super(`${file}${line !== null ? `:${line}` : ""}${field ? ` (field ${JSON.stringify(field)})` : ""}: ${shortReason(reason)}`);
  }
}
