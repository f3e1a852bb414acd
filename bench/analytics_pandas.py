"""The pandas baseline for `npm run bench -- analytics`.

Computes the figures of r2k's analytics snapshot for ^RUT, ^GSPC, ^IXIC and IWM over their whole
history (returns over horizons, CAGR, calendar-year and monthly tables, rolling N-year returns,
volatility and rolling volatility, downside deviation, Sharpe/Sortino over DFF, skew, kurtosis,
VaR/CVaR, probability of loss, drawdown episodes, beta/correlation/capture vs ^GSPC with rolling
versions, 2007-2009 and 2020 case studies, leadership zigzag regimes and NBER troughs, weekly
lead/lag, policy regimes and regime statistics, rate regressions, holdings composition, IWM
tracking) the way a pandas user would write them: vectorized where pandas allows, plain loops
for the sequential rules (zigzag, policy cycles). Files are read once, outside the timing.

Usage: python3 analytics_pandas.py DATA_DIR ITERATIONS  -> prints one JSON line with timings.
ITERATIONS 0: read the files and compute the figures once, as a user's script would, and print
only the check figures (`npm run bench -- cli` times this whole process).
"""
import io
import json
import sys
import time

import numpy as np
import pandas as pd

DATA = sys.argv[1].rstrip("/") + "/"
ITER = int(sys.argv[2]) if len(sys.argv) > 2 else 5
PPY = 252
SYMBOLS = ["^RUT", "^GSPC", "^IXIC", "IWM"]


def load_prices(symbol):
    df = pd.read_csv(DATA + "prices/" + symbol + ".csv", parse_dates=["Date"]).set_index("Date")
    return df["Close"], df["Adj Close"]


def load_fred(series_id):
    df = pd.read_csv(DATA + "fred/" + series_id + ".csv", na_values=[".", ""])
    df.columns = ["date", "value"]
    df["date"] = pd.to_datetime(df["date"])
    return df.set_index("date")["value"].dropna()


def load_holdings(name):
    lines = open(DATA + "holdings/" + name, encoding="utf-8-sig").read().split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Ticker,"))
    end = start + 1
    while end < len(lines) and len(lines[end].split('","')) >= 10:
        end += 1
    return pd.read_csv(io.StringIO("\n".join(lines[start:end])), thousands=",")


PRICES = {s: load_prices(s) for s in SYMBOLS}
MACRO = {s: load_fred(s) for s in ["DFF", "DGS2", "DGS10", "BAMLH0A0HYM2", "FEDFUNDS", "USREC"]}
HOLDINGS = {"IWM": load_holdings("IWM_holdings_2026-05-05.csv"), "IWB": load_holdings("IWB_holdings_2026-07-17.csv")}


def zigzag(v, th):
    piv, d, hi, lo, ext = [], 0, 0, 0, 0
    for i in range(1, len(v)):
        x = v[i]
        if d == 0:
            if x > v[hi]:
                hi = i
            if x < v[lo]:
                lo = i
            if x / v[lo] - 1 >= th:
                piv.append((lo, "trough"))
                d, ext = 1, lo + int(np.argmax(v[lo: i + 1]))
            elif x / v[hi] - 1 <= -th:
                piv.append((hi, "peak"))
                d, ext = -1, hi + int(np.argmin(v[hi: i + 1]))
        elif d == 1:
            if x > v[ext]:
                ext = i
            elif x / v[ext] - 1 <= -th:
                piv.append((ext, "peak"))
                d, ext = -1, i
        else:
            if x < v[ext]:
                ext = i
            elif x / v[ext] - 1 >= th:
                piv.append((ext, "trough"))
                d, ext = 1, i
    if d != 0 and ext != piv[-1][0]:
        piv.append((ext, "peak" if d == 1 else "trough"))
    return piv


def horizons(c):
    end = c.index[-1]
    out = {"1D": c.iloc[-1] / c.iloc[-2] - 1, "5D": c.iloc[-1] / c.iloc[-6] - 1}
    for lab, m in [("1M", 1), ("3M", 3), ("6M", 6), ("1Y", 12), ("3Y", 36), ("5Y", 60), ("10Y", 120), ("20Y", 240)]:
        base = c[: end - pd.DateOffset(months=m)]
        if len(base):
            out[lab] = c.iloc[-1] / base.iloc[-1] - 1
            if m >= 12:
                out[lab + " ann"] = (c.iloc[-1] / base.iloc[-1]) ** (365.25 / (end - base.index[-1]).days) - 1
    prev = c[: pd.Timestamp(year=end.year - 1, month=12, day=31)]
    if len(prev):
        out["YTD"] = c.iloc[-1] / prev.iloc[-1] - 1
    out["since start"] = c.iloc[-1] / c.iloc[0] - 1
    out["CAGR"] = (c.iloc[-1] / c.iloc[0]) ** (365.25 / (end - c.index[0]).days) - 1
    return out


def period_table(c, rule):
    last = c.resample(rule).last().dropna()
    ret = last.pct_change()
    ret.iloc[0] = last.iloc[0] / c.iloc[0] - 1
    return ret


def episodes(c):
    peak = c.cummax()
    new_high = c >= peak
    group = new_high.cumsum()
    rows = []
    g = pd.DataFrame({"c": c, "g": group.values, "peak": peak})
    for _, grp in g[~new_high].groupby("g"):
        t = grp["c"].idxmin()
        rows.append((grp["peak"].iloc[0], t, grp["c"][t] / grp["peak"].iloc[0] - 1, grp.index[-1]))
    rows.sort(key=lambda r: r[2])
    return len(rows), rows[:5]


def symbol_figures(symbol, dff):
    close, adj = PRICES[symbol]
    total = adj if not np.allclose(adj.values, close.values) else None
    c = total if total is not None else close
    f = {"price": horizons(close)}
    if total is not None:
        f["total"] = horizons(total)
    f["years"] = period_table(close, "A")
    if total is not None:
        f["years total"] = period_table(total, "A")
    m = period_table(c, "M")
    f["monthly"] = m.groupby([m.index.year, m.index.month]).first().unstack()
    r = c.pct_change().dropna()
    for n in (1, 3, 5, 10):
        v = (c.shift(-PPY * n) / c - 1).dropna().values
        if len(v):
            f[f"roll{n}"] = (v.min(), np.median(v), v.max(), (v > 0).mean(), np.median((1 + v) ** (1 / n) - 1))
        f[f"loss{n}"] = (v < 0).mean() if len(v) else None
    f["vol"] = r.std() * np.sqrt(PPY)
    for w in (21, 63, 252):
        rv = (r.rolling(w).std() * np.sqrt(PPY)).dropna()
        f[f"vol{w}"] = (rv.iloc[-1], rv.min(), rv.median(), rv.max())
    f["downside"] = np.sqrt((np.minimum(r, 0) ** 2).mean()) * np.sqrt(PPY)
    rr = r[r.index >= dff.index[0]]
    ex = rr - dff.reindex(rr.index).ffill() / 100 / PPY
    f["sharpe"] = ex.mean() / ex.std() * np.sqrt(PPY)
    f["sortino"] = ex.mean() * PPY / (np.sqrt((np.minimum(ex, 0) ** 2).mean()) * np.sqrt(PPY))
    f["skew"], f["kurt"] = r.skew(), r.kurt()
    month = (c.shift(-21) / c - 1).dropna()
    for conf in (0.95, 0.99):
        for name, x in (("1d", r), ("1m", month)):
            q = np.quantile(x, 1 - conf)
            f[f"var{conf}{name}"] = (-q, -x[x <= q].mean())
    uw = c / c.cummax() - 1
    f["maxdd"] = (uw.min(), uw.idxmin())
    f["episodes"] = episodes(c)
    return f


def pair_figures(a, b):
    j = pd.concat([a, b], axis=1, join="inner")
    j.columns = ["a", "b"]
    r = j.pct_change().dropna()
    f = {
        "beta": r.cov().iloc[0, 1] / r.b.var(),
        "corr": r.a.corr(r.b),
        "volratio": r.a.std() / r.b.std(),
    }
    m = j.resample("M").last().pct_change().dropna()
    up, dn = m[m.b > 0], m[m.b < 0]
    f["capture"] = (up.a.mean() / up.b.mean(), dn.a.mean() / dn.b.mean())
    rb = (r.a.rolling(252).cov(r.b) / r.b.rolling(252).var()).dropna()
    rc = r.a.rolling(252).corr(r.b).dropna()
    f["rolling"] = (rb.iloc[-1], rb.min(), rb.median(), rb.max(), rc.iloc[-1], rc.min(), rc.median(), rc.max())
    return f


def case_studies():
    out = {}
    for name, a, b in (("2007-2009", "2007-01-01", "2009-12-31"), ("2020", "2020-01-01", "2020-12-31")):
        for s in SYMBOLS:
            c = PRICES[s][0]
            w = c[a:b]
            t = w.idxmin()
            p = w[:t].idxmax()
            after = c[t:]
            rec = after[after >= w[p]]
            row = [w[t] / w[p] - 1, p, t, rec.index[0] if len(rec) else None]
            for months in (6, 12, 24):
                target = t + pd.DateOffset(months=months)
                row.append(c[:target].iloc[-1] / c[t] - 1 if c.index[-1] >= target else None)
            out[(name, s)] = row
    return out


def leadership():
    small, large = PRICES["^RUT"][0], PRICES["^GSPC"][0]
    j = pd.concat([small, large], axis=1, join="inner")
    j.columns = ["s", "l"]
    ratio = (j.s / j.l).values
    piv = zigzag(ratio, 0.10)
    regimes = []
    for (i0, _), (i1, kind) in zip(piv, piv[1:]):
        regimes.append((j.index[i0], j.index[i1], ratio[i1] / ratio[i0] - 1, j.s.iloc[i1] / j.s.iloc[i0] - 1, j.l.iloc[i1] / j.l.iloc[i0] - 1, kind))
    rec = MACRO["USREC"]
    on = rec >= 0.5
    troughs = rec.index[(on & ~on.shift(-1, fill_value=False))]
    after = {}
    for t in troughs:
        for n in (12, 24):
            b = pd.Period(t, "M").end_time.normalize()
            e = (pd.Period(t, "M") + n).end_time.normalize()
            for name, c in (("s", small), ("l", large)):
                ok = c.index[0] <= b and c.index[-1] >= e
                after[(t, n, name)] = c[:e].iloc[-1] / c[:b].iloc[-1] - 1 if ok else None
    return regimes, after


def lead_lag():
    j = pd.concat([PRICES["^RUT"][0], PRICES["^GSPC"][0]], axis=1, join="inner")
    j.columns = ["s", "l"]
    w = j.resample("W-FRI").last().dropna().pct_change().dropna()
    xc = {k: w.s.corr(w.l.shift(-k)) for k in range(-8, 9)}
    ps = zigzag(j.s.values, 0.20)
    pl = [p for p in zigzag(j.l.values, 0.20)[:-1]]
    days = j.index.values.astype("datetime64[D]").astype(np.int64)
    matches = []
    for i, kind in pl:
        best = min(((abs(days[i] - days[k]), k) for k, kk in ps if kk == kind and abs(days[i] - days[k]) <= 365), default=None)
        matches.append((kind, i, None if best is None else best[1], None if best is None else days[i] - days[best[1]]))
    return xc, matches


def policy_regimes():
    m = MACRO["FEDFUNDS"].resample("M").mean().ffill().values
    n = len(m)
    piv, d, hi, lo, ext = [], 0, 0, 0, 0
    for k in range(1, n):
        v = m[k]
        if d == 0:
            hi = k if v > m[hi] else hi
            lo = k if v < m[lo] else lo
            if v - m[lo] >= 0.5:
                piv.append(lo)
                d, ext = 1, lo + int(np.argmax(m[lo: k + 1]))
            elif m[hi] - v >= 0.5:
                piv.append(hi)
                d, ext = -1, hi + int(np.argmin(m[hi: k + 1]))
        elif d == 1:
            if v > m[ext]:
                ext = k
            elif m[ext] - v >= 0.5:
                piv.append(ext)
                d, ext = -1, k
        else:
            if v < m[ext]:
                ext = k
            elif v - m[ext] >= 0.5:
                piv.append(ext)
                d, ext = 1, k
    if d != 0 and ext != piv[-1]:
        piv.append(ext)
    lab = np.zeros(n, dtype=int)
    for a, b in zip(piv, piv[1:]):
        up = m[b] > m[a]
        code = 1 if up else -1
        near_start = (m[a: b + 1] <= m[a] + 0.125) if up else (m[a: b + 1] >= m[a] - 0.125)
        s = a + int(np.nonzero(near_start)[0].max()) + 1
        near_end = (m[s: b + 1] >= m[b] - 0.125) if up else (m[s: b + 1] <= m[b] + 0.125)
        e = s + int(np.argmax(near_end)) if near_end.any() else b
        k = s
        while k <= e:
            j = k
            if abs(m[k] - m[k - 1]) <= 0.125:
                while j + 1 <= e and abs(m[j + 1] - m[k]) <= 0.125:
                    j += 1
            if j - k + 1 >= 6:
                k = j + 1
            else:
                lab[k] = code
                k += 1
    months = MACRO["FEDFUNDS"].resample("M").mean().index.to_period("M")
    return pd.Series(lab, index=months)


def rates(labels):
    out = {}
    for s in SYMBOLS:
        close, adj = PRICES[s]
        c = adj if s == "IWM" else close
        r = c.pct_change().dropna()
        lab = labels.reindex(r.index.to_period("M")).values
        for code in (1, -1, 0):
            x = r[lab == code]
            out[(s, code)] = ((1 + x).prod() ** (PPY / len(x)) - 1, x.std() * np.sqrt(PPY), len(x))
    j = pd.concat([PRICES["^RUT"][0], PRICES["^GSPC"][0]], axis=1, join="inner")
    wk = j.resample("W-FRI").last().dropna().pct_change().dropna()
    y = (wk.iloc[:, 0] - wk.iloc[:, 1]).rename("y")
    xs = pd.concat([MACRO[i].resample("W-FRI").last().dropna().diff() for i in ("DGS2", "DGS10", "BAMLH0A0HYM2")], axis=1)
    xs.columns = ["DGS2", "DGS10", "BAMLH0A0HYM2"]

    def ols(d, cols):
        X = np.column_stack([np.ones(len(d))] + [d[c].values for c in cols])
        b = np.linalg.lstsq(X, d.y.values, rcond=None)[0]
        e = d.y.values - X @ b
        s2 = e @ e / (len(d) - X.shape[1])
        t = b / np.sqrt(np.diag(s2 * np.linalg.inv(X.T @ X)))
        return b, t, 1 - (e @ e) / ((d.y - d.y.mean()) ** 2).sum(), len(d)

    for c in xs.columns:
        out[c] = ols(pd.concat([y, xs[c]], axis=1, join="inner").dropna(), [c])
    out["joint"] = ols(pd.concat([y, xs], axis=1, join="inner").dropna(), list(xs.columns))
    return out


def composition():
    out = {}
    for fund, df in HOLDINGS.items():
        e = df[(df["Asset Class"] == "Equity") & (df.Ticker != "-") & (df.Exchange != "NO MARKET (E.G. UNLISTED)")]
        mv = e["Market Value"].astype(float)
        w = mv / mv.sum()
        out[fund] = {
            "count": len(e),
            "top10": w.nlargest(10).sum(),
            "hhi": (w**2).sum(),
            "effective": 1 / (w**2).sum(),
            "median": mv.median(),
            "mean": mv.mean(),
            "sectors": w.groupby(e.Sector).sum().sort_values(ascending=False),
            "locations": w.groupby(e.Location).sum().sort_values(ascending=False),
        }
    s, l = out["IWM"], out["IWB"]
    out["compare"] = (s["sectors"].sub(l["sectors"], fill_value=0), s["hhi"] / l["hhi"], s["count"] / l["count"])
    return out


def tracking():
    fund, index = PRICES["IWM"][1], PRICES["^RUT"][0]
    j = pd.concat([fund, index], axis=1, join="inner")
    r = j.pct_change().dropna()
    te = (r.iloc[:, 0] - r.iloc[:, 1]).std() * np.sqrt(PPY)
    td = period_table(fund, "A") - period_table(index, "A").reindex(period_table(fund, "A").index)
    return te, td


def everything():
    dff = MACRO["DFF"]
    out = {s: symbol_figures(s, dff) for s in SYMBOLS}
    out["pairs"] = {s: pair_figures(PRICES[s][1] if s == "IWM" else PRICES[s][0], PRICES["^GSPC"][0]) for s in SYMBOLS if s != "^GSPC"}
    out["cases"] = case_studies()
    out["leadership"] = leadership()
    out["leadlag"] = lead_lag()
    out["rates"] = rates(policy_regimes())
    out["composition"] = composition()
    out["tracking"] = tracking()
    return out


if ITER == 0:
    result = everything()
    print(json.dumps({"iterations": 0, "pandas": pd.__version__, "check": {"^RUT vol": float(result["^RUT"]["vol"])}}))
    sys.exit(0)

everything()  # warm-up
times = []
for _ in range(ITER):
    t0 = time.perf_counter()
    result = everything()
    times.append((time.perf_counter() - t0) * 1000)
times.sort()
print(
    json.dumps(
        {
            "median_ms": times[len(times) // 2],
            "min_ms": times[0],
            "iterations": ITER,
            "pandas": pd.__version__,
            "numpy": np.__version__,
            "check": {
                "^RUT vol": float(result["^RUT"]["vol"]),
                "^RUT maxdd": float(result["^RUT"]["maxdd"][0]),
                "^RUT episodes": int(result["^RUT"]["episodes"][0]),
                "^RUT beta": float(result["pairs"]["^RUT"]["beta"]),
                "leadership regimes": len(result["leadership"][0]),
                "IWM tracking error": float(result["tracking"][0]),
            },
        }
    )
)
