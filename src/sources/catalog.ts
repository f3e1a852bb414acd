/** Fund tickers for the fund names iShares prints on line 1 of a holdings file. */
export const ISHARES_FUNDS: Record<string, string> = {
  "iShares Russell 2000 ETF": "IWM",
  "iShares Russell 1000 ETF": "IWB",
  "iShares Russell 3000 ETF": "IWV",
  "iShares Core S&P 500 ETF": "IVV",
  "iShares Russell 2000 Value ETF": "IWN",
  "iShares Russell 2000 Growth ETF": "IWO",
};
