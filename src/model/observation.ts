import { z } from "zod";
import { IsoDate, ROW_RULES } from "./bar.ts";

/** One value of a macro series (FRED style). Missing observations are not stored. */
export const Observation = z.object({
  seriesId: z.string().min(1).max(64),
  date: IsoDate,
  value: z.number({ error: ROW_RULES.finite }),
});
export type Observation = z.infer<typeof Observation>;
