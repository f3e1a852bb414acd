/**
 * The current time, injectable: `R2K_NOW` (an ISO date-time, e.g. 2026-12-01T21:00:00Z) fixes
 * it for a process, so tests and reproducible runs never depend on the wall clock.
 */
export function currentTime(env: NodeJS.ProcessEnv = process.env): Date {
  const fixed = env.R2K_NOW;
  if (fixed === undefined || fixed === "") return new Date();
  const d = new Date(fixed);
  if (Number.isNaN(d.getTime())) throw new RangeError(`R2K_NOW: not a date-time (e.g. 2026-12-01T21:00:00Z): ${JSON.stringify(fixed)}`);
  return d;
}
