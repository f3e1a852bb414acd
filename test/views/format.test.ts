import { test } from "node:test";
import assert from "node:assert/strict";
import { decimal, fixed, money, percent, points, PRINT, SCREEN, TERMINAL } from "../../src/views/format.js";

test("percent: each face's sign, minus and missing text", () => {
  assert.equal(percent(0.0123, 2, TERMINAL), "+1.23%");
  assert.equal(percent(0, 2, TERMINAL), "+0.00%");
  assert.equal(percent(0, 2, PRINT), "0.00%");
  assert.equal(percent(-0.0147, 1, PRINT), "−1.5%");
  assert.equal(percent(-0.0147, 2, SCREEN), "-1.47%");
  assert.equal(percent(null, 2, TERMINAL), "n/a");
  assert.equal(percent(Number.NaN, 2, SCREEN), "–");
});

test("points: differences of fractions and of values already in percent", () => {
  assert.equal(points(-0.0147, 2, PRINT), "−1.47 pp");
  assert.equal(points(-0.44, 2, PRINT, false), "−0.44 pp");
  assert.equal(points(0.005, 1, TERMINAL), "+0.5 pp");
});

test("decimal and fixed: grouping only where asked", () => {
  assert.equal(decimal(2109.314, 2, SCREEN), "2,109.31");
  assert.equal(decimal(-1234567, 0, PRINT), "−1,234,567");
  assert.equal(fixed(0.42491, 4, SCREEN), "0.4249");
  assert.equal(fixed(1.3, 2, PRINT, "×"), "+1.30×");
});

test("money: short scale, significant or fixed digits", () => {
  assert.equal(money(3.549e12, SCREEN), "$3.55T");
  assert.equal(money(6.214e9, SCREEN), "$6.21B");
  assert.equal(money(186.2e6, SCREEN), "$186M");
  assert.equal(money(45.63e6, SCREEN), "$45.6M");
  assert.equal(money(1.234e9, SCREEN, "fixed"), "$1.23B");
  assert.equal(money(45.63e6, SCREEN, "fixed"), "$45.6M");
  assert.equal(money(-2.5e3, PRINT, "fixed"), "−$2.5K");
  assert.equal(money(undefined, PRINT), "n/a");
});
