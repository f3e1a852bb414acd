/** The dashboard's sections, in the order investors ask their questions. */
import type { ApiClient } from "./api.ts";
import { crashes, leadership, overview, performance, volatility } from "./sections-market.ts";
import { indexEngine } from "./sections-engine.ts";
import { breadth, composition, etf, rates, risk } from "./sections-more.ts";
import { valuationHistoryCard } from "./sections-valuation-history.ts";
import type { State } from "./state.ts";

export interface SectionContext {
  state: State;
  /** The API; its measured endpoints get the window controls (from, to, benchmark, basis, span) and the parameters given. */
  api: ApiClient;
  /** Changes the state (URL included) and redraws. */
  update(patch: Partial<State>): void;
}

export interface SectionDef {
  id: string;
  title: string;
  intro: string;
  render(el: HTMLElement, c: SectionContext): Promise<void>;
}

export const SECTIONS: SectionDef[] = [
  { id: "overview", title: "Overview", intro: "Latest levels and changes, and the Russell 2000 next to the S&P 500 and the Nasdaq Composite, measured over the chosen window.", render: overview },
  { id: "performance", title: "Performance", intro: "What 10,000 grew to, year by year, and over every rolling window.", render: performance },
  { id: "leadership", title: "Leadership", intro: "When small caps led large caps, and for how long; recessions in grey.", render: leadership },
  { id: "volatility", title: "Volatility", intro: "How much each index swings, and how much more small caps swing than the benchmark.", render: volatility },
  { id: "crashes", title: "Crashes and recoveries", intro: "How deep the falls went and how long recoveries took; 2008 and 2020 side by side.", render: crashes },
  { id: "rates", title: "Rates and credit", intro: "Fed funds and credit spreads, returns in each phase of the Fed cycle, and sensitivity to rate and spread changes.", render: rates },
  {
    id: "composition",
    title: "Composition and valuation",
    intro: "What the funds hold: sectors, largest positions, concentration, location, and P/E where fundamentals are stored; the small-cap valuation premium over time.",
    render: async (el, c) => {
      await composition(el, c);
      await valuationHistoryCard(el, c);
    },
  },
  { id: "breadth", title: "Breadth", intro: "How many small caps take part in a move (from stored constituent prices).", render: breadth },
  { id: "etf", title: "ETF access", intro: "How closely the ETFs follow their indices.", render: etf },
  { id: "risk", title: "Risk by horizon", intro: "How often holding for a given period ended in a loss, and the size of bad days.", render: risk },
  { id: "recon", title: "Index engine", intro: "A Russell-style reconstitution preview of the stored universe: the size breakpoints and bands, what each index holds, and what changes against the previous membership. It ranks one universe on its rank day, so the date range above does not apply.", render: indexEngine },
];
