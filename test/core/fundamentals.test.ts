// Point-in-time company figures from XBRL facts, against values computed by hand from the
// facts below (a calendar-year filer; the arithmetic is written beside each expectation).
import { test } from "node:test";
import assert from "node:assert/strict";
import { asOfFacts, companyFigures, periodKind, quarterlyFigures, totalDebt, totalShares, trailingTwelveMonths, CONCEPTS } from "../../src/core/fundamentals.ts";
import type { Fact } from "../../src/model/fundamentals.ts";

let n = 0;
function fact(concept: string, start: string | null, end: string, value: number, filed: string | null, extra: Partial<Fact> = {}): Fact {
  return { cik: 1, taxonomy: "us-gaap", concept, unit: "USD", start, end, value, accession: extra.accession ?? `0000000001-00-${String(++n).padStart(6, "0")}`, form: "10-Q", filed, frame: null, seq: 0, ...extra };
}

// Net income: fiscal 2023 (10-K filed 2024-02-20), its quarters, the 6- and 9-month
// year-to-date figures the 10-Qs also carry, and two quarters of 2024, the first restated.
const netIncome: Fact[] = [
  fact("NetIncomeLoss", "2023-01-01", "2023-03-31", 20, "2023-05-05"),
  fact("NetIncomeLoss", "2023-04-01", "2023-06-30", 25, "2023-08-05"),
  fact("NetIncomeLoss", "2023-01-01", "2023-06-30", 45, "2023-08-05"), // 6 months to date
  fact("NetIncomeLoss", "2023-07-01", "2023-09-30", 30, "2023-11-05"),
  fact("NetIncomeLoss", "2023-01-01", "2023-09-30", 75, "2023-11-05"), // 9 months to date
  fact("NetIncomeLoss", "2023-01-01", "2023-12-31", 100, "2024-02-20", { form: "10-K" }),
  fact("NetIncomeLoss", "2024-01-01", "2024-03-31", 28, "2024-05-06"),
  fact("NetIncomeLoss", "2024-01-01", "2024-03-31", 27, "2024-08-06"), // Q1 2024 restated in the Q2 10-Q
  fact("NetIncomeLoss", "2024-04-01", "2024-06-30", 31, "2024-08-06"),
];

test("periods: quarters and years by length; 6- and 9-month year-to-date figures are neither", () => {
  assert.deepEqual(
    netIncome.map((f) => periodKind(f)),
    ["quarter", "quarter", "other", "quarter", "other", "year", "quarter", "quarter", "quarter"],
  );
  assert.equal(periodKind({ start: null, end: "2024-06-30" }), "instant");
});

test("trailing twelve months, point in time: the year alone, then rolled forward by the quarters after it", () => {
  // Before the 10-K of 2023 is public there is no fiscal year: nothing.
  assert.equal(trailingTwelveMonths(netIncome, CONCEPTS.netIncome, "2024-02-19"), null);
  // The year alone: 100.
  assert.deepEqual(trailingTwelveMonths(netIncome, CONCEPTS.netIncome, "2024-03-01"), {
    value: 100, concept: "NetIncomeLoss", end: "2023-12-31", method: "annual"
  });
  // Q1 2024 filed: 100 + 28 - 20 (Q1 2023) = 108.
  assert.deepEqual(trailingTwelveMonths(netIncome, CONCEPTS.netIncome, "2024-05-10"), {
    value: 108, concept: "NetIncomeLoss", end: "2024-03-31", method: "rolled"
  });
  // Q2 2024 filed with Q1 restated to 27: 100 + (27 + 31) - (20 + 25) = 113. As of a day between,
  // the restatement is not yet public: still 108.
  assert.equal(trailingTwelveMonths(netIncome, CONCEPTS.netIncome, "2024-08-05")?.value, 108);
  assert.equal(trailingTwelveMonths(netIncome, CONCEPTS.netIncome, "2024-08-06")?.value, 113);
  // Both versions of Q1 2024 are kept; a day picks the one public then.
  assert.deepEqual(
    asOfFacts(netIncome, "2024-08-06").filter((f) => f.start === "2024-01-01" && f.end === "2024-03-31").map((f) => f.value),
    [27],
  );
});

test("the fiscal fourth quarter is the year less its three quarters; the roll-forward goes on a year later", () => {
  // Fiscal 2024 filed without a Q4 fact; Q1 2025 filed.
  const more = [
    ...netIncome,
    fact("NetIncomeLoss", "2024-07-01", "2024-09-30", 33, "2024-11-05"),
    fact("NetIncomeLoss", "2024-01-01", "2024-12-31", 130, "2025-02-20", { form: "10-K" }),
    fact("NetIncomeLoss", "2025-01-01", "2025-03-31", 35, "2025-05-06"),
  ];
  // Q4 2023 = 100 - (20 + 25 + 30) = 25; Q4 2024 = 130 - (27 + 31 + 33) = 39 (Q1 as restated).
  const q = quarterlyFigures(more, CONCEPTS.netIncome, "2025-05-10");
  assert.deepEqual(
    q?.quarters.map((x) => [x.end, x.value, x.derived]),
    [
      ["2023-03-31", 20, false],
      ["2023-06-30", 25, false],
      ["2023-09-30", 30, false],
      ["2023-12-31", 25, true],
      ["2024-03-31", 27, false],
      ["2024-06-30", 31, false],
      ["2024-09-30", 33, false],
      ["2024-12-31", 39, true],
      ["2025-03-31", 35, false],
    ],
  );
  // TTM: 130 + 35 - 27 = 138, the sum of the last four quarters (31 + 33 + 39 + 35).
  assert.deepEqual(trailingTwelveMonths(more, CONCEPTS.netIncome, "2025-05-10"), {
    value: 138, concept: "NetIncomeLoss", end: "2025-03-31", method: "rolled",
  });
  // Without the year-ago quarter the year stands alone.
  const noQ1 = more.filter((f) => !(f.start === "2024-01-01" && f.end === "2024-03-31"));
  assert.equal(trailingTwelveMonths(noQ1, CONCEPTS.netIncome, "2025-05-10")?.method, "annual");
  assert.equal(trailingTwelveMonths(noQ1, CONCEPTS.netIncome, "2025-05-10")?.value, 130);
});

test("a filer that switched concepts is read from the one with the latest period; a frame fact without a filing day waits for the deadline", () => {
  const switched = [
    fact("NetIncomeLoss", "2021-01-01", "2021-12-31", 50, "2022-02-20"),
    fact("ProfitLoss", "2022-01-01", "2022-12-31", 60, "2023-02-20"),
  ];
  assert.deepEqual(trailingTwelveMonths(switched, CONCEPTS.netIncome, "2023-03-01"), {
    value: 60, concept: "ProfitLoss", end: "2022-12-31", method: "annual"
  });
  // From a frames file (no filing day): public from 90 days after a year's end (2023-03-31).
  const framed = [fact("NetIncomeLoss", "2022-01-01", "2022-12-31", 70, null, { frame: "CY2022" })];
  assert.equal(trailingTwelveMonths(framed, CONCEPTS.netIncome, "2023-03-30"), null);
  assert.equal(trailingTwelveMonths(framed, CONCEPTS.netIncome, "2023-03-31")?.value, 70);
});

test("total shares: each class of the latest cover page public by the day, summed", () => {
  const dei = (end: string, value: number, filed: string, accession: string, seq: number): Fact => ({
    ...fact("EntityCommonStockSharesOutstanding", null, end, value, filed, { accession, seq }),
    taxonomy: "dei",
    unit: "shares",
  });
  const cover = [
    dei("2024-02-10", 990, "2024-02-20", "A-10K", 0),
    dei("2024-02-10", 240, "2024-02-20", "A-10K", 1),
    dei("2024-07-25", 1000, "2024-08-06", "A-10Q", 0),
    dei("2024-07-25", 250, "2024-08-06", "A-10Q", 1),
  ];
  assert.equal(totalShares(cover, "2024-02-19"), null);
  assert.deepEqual(totalShares(cover, "2024-05-01"), { shares: 1230, end: "2024-02-10", classes: 2, accession: "A-10K" });
  assert.deepEqual(totalShares(cover, "2024-09-01"), { shares: 1250, end: "2024-07-25", classes: 2, accession: "A-10Q" });
});

test("total debt: LongTermDebt when reported, else the non-current part plus the current debt of that day", () => {
  const parts = [
    fact("LongTermDebtNoncurrent", null, "2023-12-31", 500, "2024-02-20"),
    fact("DebtCurrent", null, "2023-12-31", 50, "2024-02-20"),
  ];
  assert.deepEqual(totalDebt(parts, "2024-03-01"), { value: 550, concept: "LongTermDebtNoncurrent+DebtCurrent", end: "2023-12-31" });
  const whole = [...parts, fact("LongTermDebt", null, "2023-12-31", 545, "2024-02-20")];
  assert.deepEqual(totalDebt(whole, "2024-03-01"), { value: 545, concept: "LongTermDebt", end: "2023-12-31" });
  assert.equal(totalDebt(whole, "2024-01-01"), null);
});

test("company figures carry trailing operating income and interest expense, point in time", () => {
  // Fiscal 2023: operating income 400, interest 40 (10-K filed 2024-02-20); Q1 2024 operating
  // income 110 against 90 in Q1 2023, interest 12 against 10. As of 2024-05-10 (Q1 2024 filed):
  // operating income 400 + 110 - 90 = 420; interest 40 + 12 - 10 = 42.
  const facts = [
    fact("OperatingIncomeLoss", "2023-01-01", "2023-03-31", 90, "2023-05-05"),
    fact("OperatingIncomeLoss", "2023-01-01", "2023-12-31", 400, "2024-02-20", { form: "10-K" }),
    fact("OperatingIncomeLoss", "2024-01-01", "2024-03-31", 110, "2024-05-06"),
    fact("InterestExpense", "2023-01-01", "2023-03-31", 10, "2023-05-05"),
    fact("InterestExpense", "2023-01-01", "2023-12-31", 40, "2024-02-20", { form: "10-K" }),
    fact("InterestExpense", "2024-01-01", "2024-03-31", 12, "2024-05-06"),
  ];
  const later = companyFigures(facts, "2024-05-10");
  assert.deepEqual(later.operatingIncome, { value: 420, concept: "OperatingIncomeLoss", end: "2024-03-31", method: "rolled" });
  assert.equal(later.interestExpense?.value, 42);
  // Before Q1 2024 is filed: the year alone, 400; before the 10-K: none.
  assert.equal(companyFigures(facts, "2024-03-01").operatingIncome?.value, 400);
  assert.equal(companyFigures(facts, "2024-02-19").operatingIncome, null);
});
