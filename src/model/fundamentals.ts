/**
 * Company fundamentals as SEC EDGAR publishes them (XBRL facts from 10-K and 10-Q filings),
 * translated into r2k's records: one Company per filer (CIK) and one Fact per reported value.
 */

/** A listed class of a company's stock: its ticker and the exchange EDGAR gives for it. */
export interface CompanyTicker {
  ticker: string;
  exchange: string | null;
}

export interface Company {
  /** The SEC's Central Index Key. */
  cik: number;
  name: string;
  tickers: CompanyTicker[];
  /** Standard Industrial Classification code and its description. */
  sic: string | null;
  sicDescription: string | null;
  /** Two-letter state (or country code) of incorporation. */
  stateOfIncorporation: string | null;
  /** Business address: a US state ("CA") or a country code. */
  location: string | null;
  /** Month and day the fiscal year ends ("0926"). */
  fiscalYearEnd: string | null;
}

/** One reported value of an XBRL concept for one period, as filed. */
export interface Fact {
  cik: number;
  /** "us-gaap", "dei", ... */
  taxonomy: string;
  /** The XBRL concept ("NetIncomeLoss"). */
  concept: string;
  /** "USD", "shares", "USD/shares", "pure". */
  unit: string;
  /** First day of a duration; null for an instant (a balance or a share count). */
  start: string | null;
  /** Last day of the period, or the instant. */
  end: string;
  value: number;
  /** The filing's accession number ("0000320193-26-000020"). */
  accession: string;
  /** "10-K", "10-Q", ... (frames do not say). */
  form: string | null;
  /**
   * The day the filing was made public: what a figure "as of" a day may use. Null where the
   * source does not say (frames); see FILED_ASSUMED_DAYS.
   */
  filed: string | null;
  /** The calendar period EDGAR aligned the fact to ("CY2025Q3", "CY2025", "CY2025Q3I"), if any. */
  frame: string | null;
  /** A position among facts alike in everything else: a multi-class company reports one share count per class. */
  seq: number;
}

/**
 * Days after a period's end a fact without a filing date is taken to be public: the SEC's
 * deadlines for the slowest filers (10-Q 45 days, 10-K 90 days). Later than most filings, so a
 * figure as of a day never uses one not yet public.
 */
export const FILED_ASSUMED_DAYS = { quarter: 45, annual: 90 } as const;

/** Period lengths, in days, read as a fiscal quarter and as a fiscal year (6- and 9-month year-to-date figures are neither). */
export const QUARTER_DAYS = [80, 100] as const;
export const YEAR_DAYS = [350, 380] as const;

/**
 * How far back from a day D its figures reach: the latest fiscal year public by D ends at most
 * ~15 months before D (a 10-K filed 90 days after a year that ended a year before the next
 * one), and its roll-forward subtracts quarters a year older still (~27 months). Three years
 * leave a margin; a figure as of D never reads a period ending earlier.
 */
export const FACTS_LOOKBACK_DAYS = 1096;

/**
 * The concepts each figure is read from, in order of preference: real filers use different
 * ones, and some switch over time (the one with the most recent period is used). The shares
 * outstanding come from the cover page (taxonomy dei), the rest from us-gaap.
 */
export const CONCEPTS = {
  netIncome: ["NetIncomeLoss", "ProfitLoss", "NetIncomeLossAvailableToCommonStockholdersBasic"],
  revenue: [
    "RevenueFromContractWithCustomerExcludingAssessedTax",
    "Revenues",
    "RevenueFromContractWithCustomerIncludingAssessedTax",
    "SalesRevenueNet",
    "RevenuesNetOfInterestExpense",
  ],
  operatingIncome: ["OperatingIncomeLoss"],
  interestExpense: ["InterestExpense"],
  equity: ["StockholdersEquity"],
  /** Total debt: LongTermDebt (current portion included), else the non-current part plus DebtCurrent. */
  debt: ["LongTermDebt", "LongTermDebtNoncurrent", "DebtCurrent"],
  sharesOutstanding: ["EntityCommonStockSharesOutstanding"],
} as const;

/** Every concept r2k reads; the rest of a company's facts are not stored. */
export const STORED_CONCEPTS: ReadonlySet<string> = new Set(Object.values(CONCEPTS).flat());
