/** The small- vs large-cap valuation as a quarterly history (the dashboard's premium/discount chart). */
import type { FastifyInstance } from "fastify";
import { valuationHistoryOf } from "../../services/valuation-history.ts";
import type { Api } from "../api.ts";

export function registerValuationHistoryRoutes(app: FastifyInstance, api: Api): void {
  api.route(app, {
    path: "/api/valuation/history",
    tag: "analytics",
    summary: "Small- vs large-cap valuation at each quarter end: each fund's aggregate P/E and P/B, their coverage, and the premium of small over large",
    description:
      "The companies of the small-cap fund's and the large-cap fund's latest stored holdings (today's members: survivorship), valued at each calendar quarter end " +
      "from SEC EDGAR facts filed by then and stored closes of that week. A quarter whose ratio covers less than `minCoverage` of a fund's weight is left out, with the reason. " +
      "`history.available` is false, with what to run, without stored holdings, facts or closes.",
    handler: async ({ catalog, ctx }) => {
      const history = await ctx.exclusive((store) => valuationHistoryOf(store, { roles: ctx.funds, tickerMap: ctx.funds.tickerMap }));
      return {
        meta: {
          storeVersion: catalog.version,
          demo: catalog.demo,
          asOf: history.available ? history.asOf : null,
          sources: history.available ? history.sources : [],
        },
        history,
      };
    },
  });
}
