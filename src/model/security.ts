import { z } from "zod";

/** One company of an index-construction universe on a rank date. */
export const Security = z.object({
  id: z.string().min(1),
  ticker: z.string().min(1),
  name: z.string(),
  sector: z.string().nullable(),
  /** ISO 3166 alpha-2. */
  country: z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166 alpha-2 code"),
  sharesOutstanding: z.number().finite().positive(),
  floatShares: z.number().finite().nonnegative(),
  price: z.number().finite().positive(),
  securityType: z.string().nullable().default(null),
  /** Trailing twelve-month net income, currency units; negative for loss-makers. */
  earnings: z.number().finite().nullable().default(null),
  bookValue: z.number().finite().nullable().default(null),
});
export type Security = z.infer<typeof Security>;
