"""Replays the forecast verifier's online correction and source decision offline, for candidate rules.

Input: the forecasts a demo replay left on its forecasts topic (read as score_replay.py reads them) —
only the raw model output `modelPm2_5` is used, which no correction changes — and the CSV's hourly
PM2.5 as the observations. For each horizon it walks the issue hours in order and does what
ForecastVerifierProcessor + serving's Forecasts.of do: the skill window holds the verified hours
(valid time <= the issue time, 14 days, persistence present) with the model value, the corrected
value *as issued* and persistence; the correction and decision computed from that window give the
value served at this issue hour. Scores the served value, the model and persistence on the
card's rolling-origin rows (beijing.eval_rows) in [--lo, --hi).

Run: nice -n 19 /usr/bin/python3 models/forecast/correction_sim.py SEGMENT_DIR --lo 2013-10-01 \
       --hi 2014-01-01   (SEGMENT_DIR = <demo work-dir>/kafka/logs/airtrace.serving.forecasts.v1-0)

A simulated site (make_sites.py) is scored against its own file: --csv /tmp/q5-sites/site-x1.5.csv
(the file that was replayed, in the UCI Beijing layout). --after-days 14 also prints each rule's skill
on the origins at least that many days after the site's first forecast (the correction has then seen
that much data) and the worst calendar month's 1-h skill among those origins.
"""

import argparse
import datetime
import glob
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, HERE)
import airtrace_model as am  # noqa: E402

import numpy as np  # noqa: E402

import beijing as bj  # noqa: E402

ZONE_HOURS = 8
H = 12
WINDOW = 14 * 24
MIN_N = 24


def read_model_outputs(segment_dir, d):
    """[n, 12] raw model outputs indexed by the CSV row of the issue hour (NaN where none)."""
    index = {}
    for t, s in enumerate(d["stamp"]):
        end = datetime.datetime.strptime(s, "%Y-%m-%dT%H") + datetime.timedelta(hours=1)
        utc = (end - datetime.timedelta(hours=ZONE_HOURS)).replace(tzinfo=datetime.timezone.utc)
        index[int(utc.timestamp() * 1000)] = t
    m = np.full((len(d["pm"]), H), np.nan)
    persistence = np.full(len(d["pm"]), np.nan)
    global SERVED
    SERVED = np.full((len(d["pm"]), H), np.nan)
    for log in sorted(glob.glob(os.path.join(segment_dir, "*.log"))):
        text = subprocess.run(["strings", "-n", "20", log], capture_output=True, text=True,
                              check=True).stdout
        for g in re.finditer(r'\{"siteId".*', text):
            try:
                r = json.loads(g.group(0))
            except ValueError:
                continue
            t = index.get(r["issueTime"])
            if t is None:
                continue
            m[t] = [h.get("modelPm2_5", h["pm2_5"]) for h in r["horizons"]]
            SERVED[t] = [h["pm2_5"] for h in r["horizons"]]
            p = r.get("provenance", {}).get("persistence", r.get("persistence"))
            persistence[t] = p if p is not None else np.nan
    return m, persistence


def correction(x, y, age, lam, kappa, lo, hi):
    w = lam ** age
    sw = w.sum()
    mx, my = (w * x).sum() / sw, (w * y).sum() / sw
    if kappa == np.inf:
        return my - mx, 1.0
    var = (w * (x - mx) ** 2).sum() / sw
    cov = (w * (x - mx) * (y - my)).sum() / sw
    scale = min(hi, max(lo, (cov + kappa) / (var + kappa)))
    return my - scale * mx, scale


def simulate(m, pers, y, rule, lag=0):
    """Served values [n, 12] and the source codes (0 model, 1 corrected, 2 persistence).

    lag: hours verified before the issue hour that the forecast cannot see yet. 0 = every hour up
    to the issue time (the offline ideal); 1 = what a paced replay (`--paced`) guarantees, where the
    forecast issued at the end of hour t and the verification of hour t follow from the same closed
    hour and serving has the skill records only up to hour t - 1."""
    lam, kappa, lo, hi = rule["lam"], rule["kappa"], rule.get("lo", 0.5), rule.get("hi", 2.0)
    margin, hyst = rule.get("margin", 0.0), rule.get("hyst", False)
    # the margin persistence needs to replace the chosen variant: the same by default, or its own
    # (one value, or one per horizon 1..12)
    pmargin = np.broadcast_to(np.asarray(rule.get("pmargin", margin), dtype=float), (H,))
    n = len(y)
    served = np.full((n, H), np.nan)
    src = np.full((n, H), -1)
    for h in range(1, H + 1):
        corr_issued = np.full(n, np.nan)
        prev = 0
        for t in range(n):
            if np.isnan(m[t, h - 1]):
                continue
            # verified hours v <= t - lag inside the window: forecast issued at v - h
            v = np.arange(max(h, t - lag - WINDOW + 1), t - lag + 1)
            i = v - h
            ok = ~np.isnan(m[i, h - 1]) & ~np.isnan(y[v]) & ~np.isnan(pers[i])
            v, i = v[ok], i[ok]
            x = m[i, h - 1]
            if len(v) == 0:
                served[t, h - 1], src[t, h - 1] = m[t, h - 1], 0
                corr_issued[t] = m[t, h - 1]
                continue
            c_as_issued = np.where(np.isnan(corr_issued[i]), x, corr_issued[i])
            off, sc = correction(x, y[v], (v.max() - v).astype(float), lam, kappa, lo, hi)
            corrected = off + sc * m[t, h - 1]
            corr_issued[t] = corrected
            if len(v) < MIN_N:
                d = 0
            else:
                rm = np.sqrt(np.mean((x - y[v]) ** 2))
                rc = np.sqrt(np.mean((c_as_issued - y[v]) ** 2))
                rp = np.sqrt(np.mean((pers[i] - y[v]) ** 2))
                if margin == 0 and not hyst:
                    d = 1 if (rc <= rm and rc <= rp) else (0 if rm <= rp else 2)
                else:
                    # a challenger replaces the incumbent only when it beats it by the margin
                    best = {0: rm, 1: rc, 2: rp}
                    inc = prev if hyst else 0
                    d = inc
                    for cand in (1, 0, 2):
                        m_c = pmargin[h - 1] if cand == 2 else margin
                        if cand != d and best[cand] < (1 - m_c) * best[d]:
                            d = cand
                    # never keep something persistence beats by the margin
            prev = d
            served[t, h - 1] = (m[t, h - 1], corrected, pers[t])[d]
            src[t, h - 1] = d
    return served, src


def score(pred, rows, y, base):
    tgt = y[rows[:, None] + np.arange(1, H + 1)[None, :]]
    rm = np.sqrt(np.nanmean((pred[rows] - tgt) ** 2, axis=0))
    return 100 * (1 - rm / base), np.nanmean(pred[rows] - tgt, axis=0)


RULES = {
    "current (lam .99, k 25, min-RMSE)": dict(lam=0.99, kappa=25.0),
    "k 1e3": dict(lam=0.99, kappa=1e3),
    "k 1e4": dict(lam=0.99, kappa=1e4),
    "offset-only lam .99": dict(lam=0.99, kappa=np.inf),
    "offset-only lam .995": dict(lam=0.995, kappa=np.inf),
    "offset-only lam .999": dict(lam=0.999, kappa=np.inf),
    "current + margin 5%": dict(lam=0.99, kappa=25.0, margin=0.05),
    "offset .99 + margin 2%": dict(lam=0.99, kappa=np.inf, margin=0.02),
    "offset .99 + margin 5%": dict(lam=0.99, kappa=np.inf, margin=0.05),
    "offset .995 + margin 5%": dict(lam=0.995, kappa=np.inf, margin=0.05),
    "k 1e4 + margin 5%": dict(lam=0.99, kappa=1e4, margin=0.05),
    "offset .99 + margin 5% hyst": dict(lam=0.99, kappa=np.inf, margin=0.05, hyst=True),
    "offset .99 + margin 10%": dict(lam=0.99, kappa=np.inf, margin=0.10),
    "current + margin 10%": dict(lam=0.99, kappa=25.0, margin=0.10),
    "offset .999 + margin 5%": dict(lam=0.999, kappa=np.inf, margin=0.05),
    "offset .999 + margin 7.5%": dict(lam=0.999, kappa=np.inf, margin=0.075),
    "offset .999 + margin 10%": dict(lam=0.999, kappa=np.inf, margin=0.10),
    "k 25 lam .999": dict(lam=0.999, kappa=25.0),
    "k 25 lam .999 + margin 10%": dict(lam=0.999, kappa=25.0, margin=0.10),
    "offset .999 + margin 3%": dict(lam=0.999, kappa=np.inf, margin=0.03),
    # persistence fallback with its own margin (simulated sites, 2026-12-06)
    "offset .999 + margin 10%, persistence 0%": dict(lam=0.999, kappa=np.inf, margin=0.10,
                                                      pmargin=0.0),
    "offset .999 + margin 10%, persistence 2%": dict(lam=0.999, kappa=np.inf, margin=0.10,
                                                      pmargin=0.02),
    "offset .999 + margin 10%, persistence 5%": dict(lam=0.999, kappa=np.inf, margin=0.10,
                                                      pmargin=0.05),
    "offset .999 + margin 10%, persistence 0% at 1 h": dict(
        lam=0.999, kappa=np.inf, margin=0.10, pmargin=[0.0] + [0.10] * (H - 1)),
}


def bootstrap(served, model, y, rows, n, seed=1):
    """2.5 / 97.5 percentiles of (skill served − skill model) per horizon over day-block resamples
    (whole days of origins, so that the hours of one episode stay together)."""
    tgt = y[rows[:, None] + np.arange(1, H + 1)[None, :]]
    es, em, ep = served[rows] - tgt, model[rows] - tgt, y[rows][:, None] - tgt
    day = (rows // 24)
    days = np.unique(day)
    idx = [np.flatnonzero(day == d) for d in days]
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        pick = np.concatenate([idx[i] for i in rng.integers(0, len(days), len(days))])
        bp = np.sqrt(np.mean(ep[pick] ** 2, axis=0))
        out.append(100 * (np.sqrt(np.mean(em[pick] ** 2, axis=0))
                          - np.sqrt(np.mean(es[pick] ** 2, axis=0))) / bp)
    return np.percentile(np.array(out), [2.5, 97.5], axis=0)


def late_line(name, pred, late, y, base, month):
    """Skill and bias after the warm-up, and the worst calendar month's 1-h skill (by persistence's
    own RMSE in that month)."""
    s, b = score(pred, late, y, base)
    worst = (np.inf, "")
    for mo in np.unique(month):
        r = late[month == mo]
        tgt1 = y[r + 1]
        bp = np.sqrt(np.mean((y[r] - tgt1) ** 2))
        sk = 100 * (1 - np.sqrt(np.mean((pred[r, 0] - tgt1) ** 2)) / bp)
        worst = min(worst, (sk, mo))
    print(f"  late {name:34s} skill {np.round(s, 1)}  bias {np.round(b, 2)[[0, 2, 5, 11]]}  "
          f"worst month 1 h {worst[0]:.1f} ({worst[1]})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("segment_dir")
    ap.add_argument("--lo", default="2013-10-01")
    ap.add_argument("--hi", default="2014-01-01")
    ap.add_argument("--bootstrap", type=int, default=0,
                    help="resamples of whole days of origins for a 95 %% interval of served − model skill")
    ap.add_argument("--rules", default=None, help="semicolon-separated names from RULES (default: all)")
    ap.add_argument("--lag", type=int, default=0,
                    help="hours before the issue hour whose verification the forecast cannot see"
                         " yet (0: offline ideal; 1: what a paced replay guarantees)")
    ap.add_argument("--csv", default=None,
                    help="the replayed file in the UCI Beijing layout (default: the Beijing file)")
    ap.add_argument("--after-days", type=float, default=0,
                    help="also score origins this many days after the first forecast")
    ap.add_argument("--targets-only", action="store_true",
                    help="origins need the issue hour and the 12 targets present, not also 24 lags "
                         "(the model card's UCI protocol: that file has too many gaps for 36 "
                         "consecutive hours)")
    a = ap.parse_args()
    d = bj.load(a.csv or am.data_path(bj.FILE))
    y = d["pm"]
    m, pers = read_model_outputs(a.segment_dir, d)
    if a.targets_only:
        s, n = d["stamp"], len(y)
        rows = np.array([t for t in range(47, n - H) if a.lo <= s[t + 1] and s[t + H] < a.hi
                         and not np.isnan(y[t:t + H + 1]).any()], dtype=int)
    else:
        rows = bj.eval_rows(d, a.lo, a.hi, H)
    rows = rows[~np.isnan(m[rows]).any(axis=1)]
    tgt = y[rows[:, None] + np.arange(1, H + 1)[None, :]]
    base = np.sqrt(np.mean((y[rows][:, None] - tgt) ** 2, axis=0))
    print(f"{len(rows)} origins in [{a.lo}, {a.hi}) with a forecast")
    s, b = score(m, rows, y, base)
    print(f"{'model (modelPm2_5)':34s} skill {np.round(s, 1)}  bias12 {b[-1]:.2f}")
    s, b = score(SERVED, rows, y, base)
    print(f"{'served in the replay (pm2_5)':34s} skill {np.round(s, 1)}  bias12 {b[-1]:.2f}")
    names = a.rules.split(";") if a.rules else list(RULES)
    late = None
    if a.after_days:
        first = int(np.flatnonzero(~np.isnan(m).all(axis=1))[0])
        late = rows[rows >= first + int(a.after_days * 24)]
        late_tgt = y[late[:, None] + np.arange(1, H + 1)[None, :]]
        late_base = np.sqrt(np.mean((y[late][:, None] - late_tgt) ** 2, axis=0))
        month = np.array([st[:7] for st in d["stamp"][late]])
        print(f"after {a.after_days:g} days: {len(late)} origins from {d['stamp'][late[0]]}")
        late_line("model (modelPm2_5)", m, late, y, late_base, month)
    for name in names:
        served, src = simulate(m, pers, y, RULES[name], a.lag)
        if late is not None:
            late_line(name, served, late, y, late_base, month)
        s, b = score(served, rows, y, base)
        frac = [(src[rows] == k).mean() for k in (0, 1, 2)]
        print(f"{name:34s} skill {np.round(s, 1)}  bias12 {b[-1]:.2f}  "
              f"src m/c/p {frac[0]:.2f}/{frac[1]:.2f}/{frac[2]:.2f}  "
              f"worst-vs-model {np.min(s - score(m, rows, y, base)[0]):.2f}")
        diff = np.abs(served[rows] - SERVED[rows])
        print(f"{'':34s} equal to the replay's served value (within 0.01) for "
              f"{100 * (diff < 0.01).mean():.2f} % of horizon values, max difference {diff.max():.2f}")
        if a.bootstrap:
            print(f"{'':34s} served − model, 95 % day-block bootstrap: "
                  + " ".join(f"[{lo:+.1f},{hi:+.1f}]" for lo, hi in
                             bootstrap(served, m, y, rows, a.bootstrap).T))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
