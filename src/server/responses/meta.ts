/** The health response (src/server/routes/meta.ts). */
import { z } from "zod";
import type { Staleness as CoreStaleness } from "../../core/analytics/index.ts";
import { LastImport } from "./data.ts";
import { named, type Assert, IsoDate, type Mirrors, obj } from "./shared.ts";

export const Staleness = named("Staleness", obj({
  checkedAt: z.string().meta({ description: "the instant checked, ISO date-time" }),
  expectedSession: IsoDate.meta({ description: "the last session whose close should be stored by then" }),
  stale: z.boolean(),
  series: z.array(obj({ id: z.string(), last: IsoDate, sessionsBehind: z.number().int().nullable(), daysBehind: z.number().int(), stale: z.boolean() })),
  message: z.string().nullable().meta({ description: "one or two sentences for a banner; null when everything is current" }),
}));

export const HealthResponse = named("HealthResponse", obj({
  status: z.literal("ok"),
  storeVersion: z.string(),
  series: z.number().int(),
  holdings: z.number().int(),
  empty: z.boolean(),
  demo: z.boolean(),
  lastImport: LastImport,
  uptimeSeconds: z.number().int(),
  staleness: Staleness,
}));

type _Staleness = Assert<Mirrors<typeof Staleness, CoreStaleness>>;
