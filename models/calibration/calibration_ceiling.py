"""Evidence for the pm25-calibration card: can (PA, RH, T) reach RMSE <= 2.0 ug/m3 on the 2023 test split?

NumPy only, seconds, no export. Prints, on the card's split (fit 2021-01-01..2022-06-30,
validation 2022-07-01..2022-12-31, train = fit + validation, test 2023-01-01..2023-08-27):
  1. linear feature sets built from the three model inputs, fit on `fit`, RMSE on `validation`
     (the only thing a choice looks at), and the validation winner refit on train, scored on test;
  2. ceilings: the best family fit IN-SAMPLE on the test rows themselves (no model of that family
     can do better on them), with and without per-sensor offsets (which the contract cannot carry);
  3. sensors of the test split never seen in training;
  4. the dataset authors' own corrections on the same test dates (Daily_Predicted_concentrations.csv).

Run: /usr/bin/python3 models/calibration/calibration_ceiling.py
"""

import csv
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import numpy as np  # noqa: E402

DATA = os.environ.get("AIRTRACE_DATA", os.path.normpath(os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data")))
DAILY = os.path.join(DATA, "purpleair-collocation",
                     "DAILY90_r0_5km_processeddata_PA_AQS_Jan2021_Aug2023_Final.csv")
PREDICTED = os.path.join(DATA, "purpleair-collocation", "Daily_Predicted_concentrations.csv")
FIT_END, TRAIN_END = "2022-07-01", "2023-01-01"


def rmse(p, y):
    return float(np.sqrt(np.mean((p - y) ** 2)))


def main():
    with open(DAILY, newline="") as f:
        rows = list(csv.DictReader(f))
    d = np.array([r["DAILY"] for r in rows])
    col = lambda k: np.array([float(r[k]) for r in rows])  # noqa: E731
    y, pa, rh, t = col("conc"), col("A_B_Avg"), col("humidity_a"), col("temp_Celsius")
    sensor = np.array([r["sensor_index"] for r in rows])
    fit, train = d < FIT_END, d < TRAIN_END
    val, test = train & ~fit, ~train
    lp = np.log1p(pa)
    sets = {"pa rh t (OLS baseline)": [pa, rh, t], "+ pa*rh": [pa, rh, t, pa * rh],
            "+ pa^2": [pa, rh, t, pa ** 2], "+ pa*rh + pa^2": [pa, rh, t, pa * rh, pa ** 2],
            "+ pa*rh + pa*t": [pa, rh, t, pa * rh, pa * t], "+ log1p(pa)": [pa, rh, t, lp],
            "+ log1p(pa) + pa*rh": [pa, rh, t, lp, pa * rh],
            "+ log1p(pa) + pa*rh + pa^2": [pa, rh, t, lp, pa * rh, pa ** 2]}

    def design(cols):
        return np.c_[np.stack(cols, axis=1), np.ones(len(y))]

    def fit_predict(a, m):
        w = np.linalg.lstsq(a[m], y[m], rcond=None)[0]
        return np.maximum(a @ w, 0.0)

    print(f"rows: fit {fit.sum()}, validation {val.sum()}, test {test.sum()}")
    scores = {}
    for name, cols in sets.items():
        scores[name] = rmse(fit_predict(design(cols), fit)[val], y[val])
        print(f"  {name:28s} validation RMSE {scores[name]:.3f}")
    best = min(scores, key=scores.get)
    a = design(sets[best])
    print(f"validation winner '{best}', refit on train: test RMSE {rmse(fit_predict(a, train)[test], y[test]):.3f}")
    print(f"ceiling, '{best}' fit in-sample on the test rows: {rmse(fit_predict(a, test)[test], y[test]):.3f}")
    dummies = np.stack([sensor == s for s in np.unique(sensor)], axis=1).astype(float)
    a_s = np.c_[a[:, :-1], dummies]
    print(f"  + per-sensor offsets, in-sample on test: {rmse(fit_predict(a_s, test)[test], y[test]):.3f}; "
          f"fit on train, scored on test: {rmse(fit_predict(a_s, train)[test], y[test]):.3f}")
    unseen = sorted(set(sensor[test]) - set(sensor[train]))
    print(f"test sensors never seen in training: {len(unseen)} of {len(set(sensor[test]))} "
          f"({int(np.isin(sensor[test], unseen).sum())} of {int(test.sum())} test rows)")
    with open(PREDICTED, newline="") as f:
        pr = list(csv.DictReader(f))
    pd = np.array([r["Date"] for r in pr])
    num = lambda k: np.array([float(r[k]) if r[k] not in ("", "NA") else np.nan for r in pr])  # noqa: E731
    ref, m_te = num("AQS_conc"), pd >= TRAIN_END
    for k in ("Model4", "SSC", "ModelBj", "PA_raw_conc"):
        p = num(k)
        m = m_te & ~np.isnan(p) & ~np.isnan(ref)
        print(f"authors' {k:12s} on the test dates ({int(m.sum())} rows): RMSE {rmse(p[m], ref[m]):.3f}")


if __name__ == "__main__":
    main()
