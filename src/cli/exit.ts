/** Exit codes scripts can rely on (documented in README). */
export const EXIT = {
  ok: 0,
  /** Unexpected failure (a bug or an environment problem). */
  failure: 1,
  /** Bad command-line usage. */
  usage: 2,
  /** Input rejected: invalid file or record; nothing was written. */
  invalidInput: 3,
  /** Input disagrees with stored values; nothing was written (use --replace). */
  conflict: 4,
  /** Nothing stored to work with (import data or run `r2k demo`). */
  noData: 5,
  /** A network source failed or is unreachable; stored data kept as it was. */
  network: 6,
  /** The store is damaged or was found with faults (`r2k check` says which). */
  damaged: 7,
} as const;

/** An error whose message is for the user (no stack trace) and whose exit code is fixed. */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}
