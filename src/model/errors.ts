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
    super(
      `${file}${line !== null ? `:${line}` : ""}${field ? ` (field ${JSON.stringify(field)})` : ""}: ${reason}`,
    );
  }
}
