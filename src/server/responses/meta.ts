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

export const UpdateStatus = named("UpdateStatus", obj({
  last: obj({
    text: z.string().meta({ description: 'e.g. "updated 18:05 EST (2026-12-01), 17 items, 3 changed, 1 failed: IWM: ..."' }),
    finishedAt: z.string().meta({ description: "ISO date-time" }),
    items: z.number().int(),
    updated: z.number().int(),
    failed: z.number().int(),
    firstFailure: z.string().nullable(),
  }).nullable().meta({ description: "the latest update of this store (r2k update, --refresh or the schedule), null when none is recorded" }),
  plan: z.string().nullable().meta({ description: 'how this server updates the store ("daily at 18:05 on weekdays, America/New_York"), null when it does not' }),
  next: z.string().nullable().meta({ description: "the next update, ISO date-time, or null" }),
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
  update: UpdateStatus,
}));

type _Staleness = Assert<Mirrors<typeof Staleness, CoreStaleness>>;
