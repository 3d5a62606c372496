"""Writes simulated "other sites" as replay files in the UCI Beijing layout (`--format beijing`).

Issue #14 asks for evidence, on sites the model never saw, that the served forecast (model + online
correction + persistence fallback) is never worse than persistence at 1 h once the correction has
seen two weeks of data. No other PM2.5 station is in this repository's data, so each site here is a
transformation of a series the model was not trained on:

  x0.6, x1.5   the Beijing test year (2014) with PM2.5 scaled: a cleaner / dirtier site
  plus20       PM2.5 + 20 ug/m3: a constant regional background the training site did not have
  drift30      PM2.5 + 30 * (time since 2014-01-01) / 365 d, capped at +30: a level that moves
               through the year (a slowly drifting sensor, or a site whose sources change)
  lowcost      PM2.5 * exp(0.2 e - 0.02) + 10, e ~ N(0, 1) independent per hour (seed 14): a
               low-cost optical sensor with 20 % multiplicative noise and a +10 ug/m3 bias; this
               noisy series is also what the forecasts are scored against (the site's only truth)
  uci-no2      UCI Air Quality (Italy, 2004-03-10 .. 2005-04-04): NO2(GT) (reference analyser,
               ug/m3) in the PM2.5 column, as the model card's "NO2 in the PM2.5 slot" check does;
               TEMP = T, DEWP from T and RH (inverse Magnus, so that the replay's Magnus RH gives RH
               back), pressure and wind missing (PRES = NA, cbwd = cv, Iws = NA); -200 = missing

For the Beijing-derived sites only the pm2.5 column changes (weather as recorded), and only rows
from 2013-12-29 (the 48-hour windows of the first 2014 origins) to 2014-12-31 are written: the
training and validation years never appear. The UCI file keeps its own local wall-clock time, written
as the Beijing file's clock (the replay reads it as UTC+8), so that the calendar channels the serving
tier derives (hour of day, day of week, in its UTC+8 site zone) are the Italian site's local ones.

Nothing here is tuned: the factors are the issue's examples or round numbers fixed before any
replay. The files are data: write them under /tmp, never commit them.

Run: nice -n 19 /usr/bin/python3 models/forecast/make_sites.py /tmp/q5-sites
"""

import argparse
import csv
import datetime
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import airtrace_model as am  # noqa: E402

import numpy as np  # noqa: E402

import beijing as bj  # noqa: E402

UCI_FILE = "uci-air-quality/AirQualityUCI.csv"
FIRST = "2013-12-29T00"  # the replay's first row: 48 h of window before the first 2014 origin
YEAR_START = datetime.datetime(2014, 1, 1)
YEAR_HOURS = 365 * 24
SEED = 14


def transforms(stamps):
    """name -> function(pm array) -> pm array, for the Beijing-derived sites."""
    hours = np.array([(datetime.datetime.strptime(s, "%Y-%m-%dT%H") - YEAR_START).total_seconds()
                      / 3600 for s in stamps])
    drift = 30.0 * np.clip(hours / YEAR_HOURS, 0.0, 1.0)
    noise = np.random.default_rng(SEED).standard_normal(len(stamps))
    return {
        "x0.6": lambda pm: 0.6 * pm,
        "x1.5": lambda pm: 1.5 * pm,
        "plus20": lambda pm: pm + 20.0,
        "drift30": lambda pm: pm + drift,
        "lowcost": lambda pm: pm * np.exp(0.2 * noise - 0.02) + 10.0,
    }


def fmt(v):
    return "NA" if math.isnan(v) else f"{v:.1f}"


def write_beijing_sites(out_dir):
    path = am.data_path(bj.FILE)
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    stamps = [f"{r[1]}-{int(r[2]):02d}-{int(r[3]):02d}T{int(r[4]):02d}" for r in body]
    keep = [i for i, s in enumerate(stamps) if s >= FIRST]
    pm = np.array([float(body[i][5]) if body[i][5] != "NA" else np.nan for i in keep])
    for name, fn in transforms([stamps[i] for i in keep]).items():
        site_pm = fn(pm)
        out = os.path.join(out_dir, f"site-{name}.csv")
        with open(out, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            for k, i in enumerate(keep):
                r = list(body[i])
                r[5] = fmt(site_pm[k])
                w.writerow(r)
        print(f"{out}: {len(keep)} rows, pm2.5 mean {np.nanmean(site_pm):.1f} "
              f"(source {np.nanmean(pm):.1f}), {int(np.isnan(site_pm).sum())} missing")


def dew_point(t, rh):
    """Inverse Magnus (17.62, 243.12 C): the dew point whose Magnus RH at t is rh."""
    g = math.log(rh / 100.0) + 17.62 * t / (243.12 + t)
    return 243.12 * g / (17.62 - g)


def write_uci_site(out_dir):
    path = am.data_path(UCI_FILE)
    out = os.path.join(out_dir, "site-uci-no2.csv")
    n = missing = 0
    with open(path, newline="") as f, open(out, "w", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["No", "year", "month", "day", "hour", "pm2.5", "DEWP", "TEMP", "PRES", "cbwd",
                    "Iws", "Is", "Ir"])
        reader = csv.reader(f, delimiter=";")
        head = next(reader)
        col = {k: i for i, k in enumerate(head)}
        for r in reader:
            if not r or not r[0]:
                continue
            num = lambda k: float(r[col[k]].replace(",", "."))  # noqa: E731
            day, month, year = (int(x) for x in r[col["Date"]].split("/"))
            hour = int(r[col["Time"]].split(".")[0])
            no2, t, rh = num("NO2(GT)"), num("T"), num("RH")
            no2 = math.nan if no2 == -200 else no2
            have_t = t != -200
            have_rh = have_t and 0 < rh <= 100
            n += 1
            missing += math.isnan(no2)
            w.writerow([n, year, month, day, hour, fmt(no2),
                        f"{dew_point(t, rh):.2f}" if have_rh else "NA",
                        f"{t:.1f}" if have_t else "NA", "NA", "cv", "NA", 0, 0])
    print(f"{out}: {n} rows, {missing} without NO2")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir")
    a = ap.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    write_beijing_sites(a.out_dir)
    write_uci_site(a.out_dir)


if __name__ == "__main__":
    main()
