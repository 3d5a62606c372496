"""Beijing PM2.5 (UCI 381) as hourly arrays in the forecaster's channel vocabulary, plus the baselines.

Column mapping (documented in docs/models/pm25-forecast.md):
  pm2_5 = pm2.5 (NA -> NaN); temperature = TEMP; dew_point = DEWP; pressure = PRES (hPa);
  relative_humidity = Magnus RH from TEMP and DEWP;
  wind_direction = cbwd: NE 45, SE 135, NW 315, cv (calm/variable) NaN;
  wind_speed = the hourly increment of Iws (cumulated wind speed, which restarts whenever cbwd
  changes): Iws[t] - Iws[t-1] when cbwd[t] == cbwd[t-1], else Iws[t] (the first hour after a
  change). Values are the dataset's quantised speeds (0.45, 0.89, 1.79, 3.13 ... m/s).
"""

import csv
import math

import numpy as np

FILE = "beijing-pm25/PRSA_data_2010.1.1-2014.12.31.csv"
DIRECTION = {"NE": 45.0, "SE": 135.0, "NW": 315.0, "cv": math.nan}


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    num = lambda k: np.array([float(r[k]) if r[k] != "NA" else np.nan for r in rows])  # noqa: E731
    year = num("year").astype(int)
    stamp = np.array([f"{r['year']}-{int(r['month']):02d}-{int(r['day']):02d}T{int(r['hour']):02d}"
                      for r in rows])
    pm, t, dp, p, iws = num("pm2.5"), num("TEMP"), num("DEWP"), num("PRES"), num("Iws")
    cb = np.array([r["cbwd"] for r in rows])
    same = np.r_[False, cb[1:] == cb[:-1]]
    ws = np.where(same, iws - np.r_[np.nan, iws[:-1]], iws)
    rh = 100.0 * np.exp(17.62 * dp / (243.12 + dp) - 17.62 * t / (243.12 + t))
    wd = np.array([DIRECTION[c] for c in cb])
    raw = np.stack([pm, t, rh, dp, p, ws, wd], axis=1)  # forecast_model.CHANNELS order
    onehot = np.stack([cb == k for k in ("NE", "NW", "SE", "cv")], axis=1).astype(np.float64)
    return {"year": year, "stamp": stamp, "raw": raw, "pm": pm, "onehot": onehot}


def windows(raw, idx, hours):
    """[len(idx), hours, C] windows ending at (including) each index."""
    off = np.arange(-hours + 1, 1)
    return raw[idx[:, None] + off[None, :]]


def targets(pm, idx, horizons):
    return pm[idx[:, None] + np.arange(1, horizons + 1)[None, :]]


def eval_rows(d, lo, hi, horizons):
    """Issue hours t with t+1..t+H inside [lo, hi) (stamps), all targets present, PM2.5 at t present,
    and the 24 lags t-23..t present (so the linear baselines need no imputation)."""
    s, pm = d["stamp"], d["pm"]
    n = len(pm)
    out = []
    for t in range(47, n - horizons):
        if not (lo <= s[t + 1] and s[t + horizons] < hi):
            continue
        if np.isnan(pm[t + 1:t + horizons + 1]).any() or np.isnan(pm[t - 23:t + 1]).any():
            continue
        out.append(t)
    return np.array(out)


def persistence_pairs(d, year):
    """Reference protocol: consecutive hours (t, t+1) both in `year` with both PM2.5 present."""
    y, pm = d["year"], d["pm"]
    i = np.where((y[:-1] == year) & (y[1:] == year))[0]
    ok = ~np.isnan(pm[i]) & ~np.isnan(pm[i + 1])
    e = pm[i + 1][ok] - pm[i][ok]
    return int(ok.sum()), float(np.sqrt(np.mean(e ** 2))), float(np.mean(np.abs(e)))


def ar_features(d, idx):
    pm = d["pm"]
    return np.stack([pm[idx - k] for k in range(24)], axis=1)


def floor_features(d, idx):
    """24 PM2.5 lags + weather at t (T, dew point, pressure, hourly wind speed) + their 3-hour deltas
    + cbwd one-hot at t."""
    raw = d["raw"]
    w = raw[idx][:, [1, 3, 4, 5]]
    w3 = raw[idx - 3][:, [1, 3, 4, 5]]
    return np.concatenate([ar_features(d, idx), w, w - w3, d["onehot"][idx]], axis=1)


def ols(features, y):
    a = np.c_[features, np.ones(len(features))]
    w = np.linalg.lstsq(a, y, rcond=None)[0]
    return lambda f: np.c_[f, np.ones(len(f))] @ w
