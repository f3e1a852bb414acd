/**
 * Measured analytics: the comparison table, the full snapshot and one endpoint per dashboard
 * section. Each handler reads its query, measures (src/server/measured.ts: the same window
 * rule, cut and basis as the CLI and the report), picks its section (src/views/sections.ts) and
 * wraps it in the envelope, which states the window used.
 */
import type { FastifyInstance } from "fastify";
import {
  breadthSection,
  caseStudiesSection,
  comparisonTable,
  drawdownsSection,
  leadershipSection,
  leadLagSection,
  LOSS_HORIZON_YEARS,
  ratesSection,
  returnsSection,
  riskSection,
  rollingSection,
} from "../../views/sections.ts";
import type { Api } from "../api.ts";
import { breadthInputs, envelope, measured, requestWindow } from "../measured.ts";
import { SECTIONS } from "../schemas.ts";

export function registerAnalyticsRoutes(app: FastifyInstance, api: Api): void {
  api.route(app, {
    path: "/api/comparison",
    tag: "analytics",
    summary: "The comparison table: Russell 2000 vs S&P 500 vs Nasdaq Composite, every cell a measured figure over one window",
    description:
      "Per symbol: last close, returns over horizons, CAGR, volatility, Sharpe, maximum and current drawdown; against the benchmark: beta, " +
      "correlation, up/down capture. Every column is measured over the same window (meta.window), price returns unless basis=total.",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["symbols", "pairs"]);
      return envelope(catalog, w, comparisonTable(m, catalog.bySymbol), m);
    },
  });

  api.route(app, {
    path: "/api/snapshot",
    tag: "analytics",
    summary: "The full analytics snapshot (schema r2k.analytics.snapshot/1) for a window, without chart series",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, query.sections ?? [...SECTIONS]);
      return envelope(catalog, w, { snapshot: m.snapshot }, m);
    },
  });

  api.route(app, {
    path: "/api/returns",
    tag: "analytics",
    summary: "Returns tables: horizons, CAGR, calendar years, months, rolling N-year distributions; growth of 10,000 and a rolling-return series",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const years = query.rollingYears ?? 1;
      const m = await measured(ctx, w, ["symbols"]);
      return envelope(catalog, w, returnsSection(m, years, w.maxPoints), m);
    },
  });

  api.route(app, {
    path: "/api/rolling",
    tag: "analytics",
    summary: "Rolling statistics: volatility of each symbol and its ratio to the benchmark's, rolling beta and correlation",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const window = Number(query.window ?? "63");
      const m = await measured(ctx, w, ["symbols", "pairs"], { options: { includeSeries: true }, alsoReported: w.benchmark ? [w.benchmark] : [] });
      return envelope(catalog, w, rollingSection(m, w, window), m);
    },
  });

  api.route(app, {
    path: "/api/drawdowns",
    tag: "analytics",
    summary: "Drawdowns: maximum and current drawdown, the deepest episodes and the underwater series",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["symbols"], { options: { includeSeries: true } });
      return envelope(catalog, w, drawdownsSection(m, w.maxPoints), m);
    },
  });

  api.route(app, {
    path: "/api/case-studies",
    tag: "analytics",
    summary: "Crash case studies (2007-2009 and 2020): peak, trough, depth, recovery, returns after the trough, and each path from its peak",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["caseStudies"]);
      return envelope(catalog, w, caseStudiesSection(m, w.symbols, w.maxPoints), m);
    },
  });

  api.route(app, {
    path: "/api/leadership",
    tag: "analytics",
    summary: "Small vs large leadership: the relative-strength ratio, its regimes, returns after recessions, and recession bands",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["leadership"], { options: { includeSeries: true } });
      return envelope(catalog, w, leadershipSection(m, w.maxPoints), m);
    },
  });

  api.route(app, {
    path: "/api/lead-lag",
    tag: "analytics",
    summary: "Lead/lag of small vs large caps: weekly cross-correlation by lag and turning points",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["leadLag"]);
      return envelope(catalog, w, leadLagSection(m, catalog.bySymbol), m);
    },
  });

  api.route(app, {
    path: "/api/rates",
    tag: "analytics",
    summary: "Rates and credit: Fed policy regimes and returns by regime, sensitivity to rate and spread changes, regional banks, and the rate series",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["rates", "regionalBanks"]);
      return envelope(catalog, w, ratesSection(m, catalog.bySymbol, w.maxPoints), m);
    },
  });

  api.route(app, {
    path: "/api/composition",
    tag: "analytics",
    summary: "Composition of the stored fund holdings: sector and location weights, top holdings, concentration; small vs large comparison",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["composition"]);
      return envelope(catalog, w, { composition: m.snapshot.composition }, m);
    },
  });

  api.route(app, {
    path: "/api/valuation",
    tag: "analytics",
    summary: "Valuation of each fund's companies from SEC filings as of its holdings date (aggregate and median P/E, P/B, loss-makers, debt/equity, interest coverage, coverage; small vs large), and the fund-weighted P/E and P/B of a stored universe",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["valuation"]);
      return envelope(catalog, w, { valuation: m.snapshot.valuation }, m);
    },
  });

  api.route(app, {
    path: "/api/breadth",
    tag: "analytics",
    summary: "Breadth of the small-cap fund's constituents: share above their 50/200-day averages, advance/decline line, new highs and lows",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const inputs = await breadthInputs(ctx, catalog, w.to);
      if ("available" in inputs) return envelope(catalog, w, { breadth: inputs });
      const m = await measured(ctx, w, ["breadth"], { options: { includeSeries: true }, inputs });
      return envelope(catalog, w, breadthSection(m, w.maxPoints), m);
    },
  });

  api.route(app, {
    path: "/api/tracking",
    tag: "analytics",
    summary: "ETF access: each fund against its index, like for like (price vs price, or total vs a total-return index): tracking error daily and monthly, yearly differences, distributions",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["tracking"]);
      return envelope(catalog, w, { tracking: m.snapshot.tracking }, m);
    },
  });

  api.route(app, {
    path: "/api/risk",
    tag: "analytics",
    summary: "Risk by horizon: probability of a loss by holding period, value at risk and expected shortfall, volatility, skew and kurtosis",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["symbols"], { options: { conventions: { lossHorizonYears: LOSS_HORIZON_YEARS } } });
      return envelope(catalog, w, riskSection(m), m);
    },
  });
}
