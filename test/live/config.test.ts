import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ConfigError, defaultConfig, findConfigFile, fundProduct, httpPolicy, loadConfig, parseConfig } from "../../src/config/index.ts";
import { configuredFundRoles, DEFAULT_FUND_ROLES } from "../../src/services/funds.ts";

test("default configuration: the documented symbols, FRED series and funds", () => {
  const c = defaultConfig();
  assert.deepEqual(c.symbols, ["^RUT", "^GSPC", "^IXIC", "IWM", "SPY", "QQQ", "KRE"]);
  assert.deepEqual(c.fred, ["DFF", "DGS2", "DGS10", "T10Y2Y", "BAMLH0A0HYM2", "UNRATE", "CPIAUCSL", "USREC"]);
  assert.deepEqual(c.funds, ["IWM", "IVV"]);
  assert.deepEqual(fundProduct("IWM"), { ticker: "IWM", productId: "239710", slug: "ishares-russell-2000-etf" });
  assert.equal(c.overlapDays, 10);
  assert.equal(c.sources.yahoo.baseUrl, "https://query2.finance.yahoo.com");
  assert.equal(c.sources.fred.csvBaseUrl, "https://fred.stlouisfed.org");
  assert.equal(c.sources.ishares.baseUrl, "https://www.ishares.com");
  const policy = httpPolicy(c);
  assert.deepEqual(policy.hosts?.["query2.finance.yahoo.com"], { concurrency: 4, minIntervalMs: 250 });
  assert.deepEqual(policy.hosts?.["www.ishares.com"], { concurrency: 1, minIntervalMs: 1000 });
});

test("config files: partial files take defaults; typos and bad values are rejected with their path", () => {
  const c = parseConfig({ symbols: ["^rut", " iwn "], sources: { yahoo: { baseUrl: "http://127.0.0.1:9" } } });
  assert.deepEqual(c.symbols, ["^RUT", "IWN"]);
  assert.equal(c.sources.yahoo.baseUrl, "http://127.0.0.1:9");
  assert.equal(c.sources.yahoo.concurrency, 4);
  assert.deepEqual(c.fred, defaultConfig().fred);
  assert.throws(() => parseConfig({ symbol: ["^RUT"] }), (e: Error) => e instanceof ConfigError && /symbol/.test(e.message));
  assert.throws(() => parseConfig({ symbols: ["not a symbol!"] }), /symbols\.0: not a symbol/);
  assert.throws(() => parseConfig({ sources: { fred: { csvBaseUrl: "ftp://x" } } }), /sources\.fred\.csvBaseUrl: must be an http\(s\) URL/);
  assert.throws(() => parseConfig({ funds: ["XYZ"] }), /product id of XYZ/);
  const custom = parseConfig({ funds: [{ ticker: "iwo", productId: "239711", slug: "ishares-russell-2000-growth-etf" }] });
  assert.deepEqual(fundProduct(custom.funds[0]), { ticker: "IWO", productId: "239711", slug: "ishares-russell-2000-growth-etf" });

  const dir = mkdtempSync(join(tmpdir(), "r2k-config-"));
  try {
    assert.equal(loadConfig(undefined, { R2K_HOME: join(dir, "home") }, dir).path, null, "no file: defaults");
    writeFileSync(join(dir, "r2k.config.json"), JSON.stringify({ fred: ["DGS10"] }));
    const found = loadConfig(undefined, { R2K_HOME: join(dir, "home") }, dir);
    assert.equal(found.path, join(dir, "r2k.config.json"));
    assert.deepEqual(found.config.fred, ["DGS10"]);
    writeFileSync(join(dir, "broken.json"), "{ symbols: [");
    assert.throws(() => loadConfig("broken.json", {}, dir), /not valid JSON/);
    assert.throws(() => loadConfig("missing.json", {}, dir), /cannot read/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("fund roles: the defaults without a config file are the schema's; a file's analysis section and ticker map are read", async () => {
  assert.deepEqual(DEFAULT_FUND_ROLES, defaultConfig().analysis);
  assert.deepEqual(DEFAULT_FUND_ROLES, { smallFund: "IWM", largeFunds: ["IWB", "IVV"], capFunds: ["IWM", "SPY"] });
  const dir = mkdtempSync(join(tmpdir(), "r2k-config-"));
  const saved = { home: process.env.R2K_HOME, config: process.env.R2K_CONFIG };
  try {
    process.env.R2K_HOME = join(dir, "home");
    delete process.env.R2K_CONFIG;
    if (findConfigFile() === null) assert.deepEqual(await configuredFundRoles(), DEFAULT_FUND_ROLES);
    writeFileSync(join(dir, "funds.json"), JSON.stringify({ analysis: { smallFund: "iwo", capFunds: ["iwo", "ivv"] }, constituents: { tickerMap: { xyzb: "xyz-b" } } }));
    process.env.R2K_CONFIG = join(dir, "funds.json");
    // With the ticker map that matches the funds' holdings to SEC filers and closes.
    assert.deepEqual(await configuredFundRoles(), { smallFund: "IWO", largeFunds: ["IWB", "IVV"], capFunds: ["IWO", "IVV"], tickerMap: { XYZB: "XYZ-B" } });
    writeFileSync(join(dir, "funds.json"), JSON.stringify({ analysis: { smallFunds: "IWO" } }));
    await assert.rejects(configuredFundRoles(), (e: Error) => e instanceof ConfigError && /smallFunds/.test(e.message));
  } finally {
    for (const [k, v] of [["R2K_HOME", saved.home], ["R2K_CONFIG", saved.config]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
