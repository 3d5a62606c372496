"""Trains pm25-calibration: a PurpleAir PM2.5 correction from the raw cf_1 A/B mean, RH and temperature.

Data: ../shared/data/purpleair-collocation (Mathieu-Campbell et al. 2024, daily means, 18 sensors
collocated with AQS FEM monitors in the humid US South-East, 2021-01-01..2023-08-27).

Time split (dates are the file's DAILY column):
  fit        2021-01-01 .. 2022-06-30   model selection: fit candidates here
  validation 2022-07-01 .. 2022-12-31   choose the candidate and the epoch count here
  train      2021-01-01 .. 2022-12-31   refit the chosen candidate here (fit + validation)
  test       2023-01-01 .. 2023-08-27   reported once; never used for any choice

Baselines on the same test rows: raw PurpleAir, Barkjohn 2021 (US-wide), Barkjohn 2022 piecewise
(extended for smoke), OLS on (PA, RH, T) fit on the train period.

The exported graph takes RAW [PA_cf1 A/B mean (ug/m3), RH (%), T (degC)] and derives dew point
(Magnus) and log1p(PA) itself, normalises with constants from the train period, and clamps the
output at 0. Run: /usr/bin/python3 models/calibration/train_calibration.py
"""

import csv
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import airtrace_model as am  # noqa: E402

am.require_debian_python()
import numpy as np  # noqa: E402
import torch  # noqa: E402

SEED = 20240611
NAME, VERSION = "pm25-calibration", 1
DATA_FILE = "purpleair-collocation/DAILY90_r0_5km_processeddata_PA_AQS_Jan2021_Aug2023_Final.csv"
FIT_END, TRAIN_END = "2022-07-01", "2023-01-01"  # exclusive upper bounds (ISO dates compare as text)
# Candidates for model selection: (feature set, hidden units, weight decay, loss).
FEATURE_SETS = {"pa_rh_t": ["pa", "rh", "t"], "pa_rh_t_td_logpa": ["pa", "rh", "t", "td", "logpa"]}
CANDIDATES = [(fs, h, 1e-2, loss) for loss in ("huber", "mse") for fs in FEATURE_SETS for h in (8, 16)]
MAX_EPOCHS, EVAL_EVERY, LR, HUBER_DELTA = 2000, 100, 1e-2, 2.0
ALL_FEATURES = ["pa", "rh", "t", "td", "logpa"]


def load():
    with open(am.data_path(DATA_FILE), newline="") as f:
        rows = list(csv.DictReader(f))
    dates = np.array([r["DAILY"] for r in rows])
    col = lambda k: np.array([float(r[k]) for r in rows])  # noqa: E731
    x = np.stack([col("A_B_Avg"), col("humidity_a"), col("temp_Celsius")], axis=1)
    return dates, x, col("conc")


class Calibration(torch.nn.Module):
    """Raw [PA, RH, T] -> derived features -> normalise -> linear + small MLP -> clamp >= 0."""

    def __init__(self, features, mean, std, hidden):
        super().__init__()
        self.idx = [ALL_FEATURES.index(f) for f in features]
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))
        n = len(features)
        self.linear = torch.nn.Linear(n, 1)
        self.mlp = torch.nn.Sequential(torch.nn.Linear(n, hidden), torch.nn.Tanh(),
                                       torch.nn.Linear(hidden, hidden), torch.nn.Tanh(),
                                       torch.nn.Linear(hidden, 1))

    @staticmethod
    def derive(x):
        pa = x[:, 0:1].clamp(min=0.0)
        rh = x[:, 1:2].clamp(1.0, 100.0)
        t = x[:, 2:3]
        gamma = torch.log(rh / 100.0) + 17.62 * t / (243.12 + t)
        td = 243.12 * gamma / (17.62 - gamma)  # Magnus dew point, degC
        return torch.cat([pa, rh, t, td, torch.log1p(pa)], dim=1)

    def raw(self, x):
        z = (self.derive(x)[:, self.idx] - self.mean) / self.std
        return self.linear(z) + self.mlp(z)

    def forward(self, x):
        return self.raw(x).clamp(min=0.0)


def feature_stats(x, features):
    f = Calibration.derive(torch.tensor(x, dtype=torch.float32)).numpy().astype(np.float64)
    idx = [ALL_FEATURES.index(n) for n in features]
    return f[:, idx].mean(0), f[:, idx].std(0)


def fit(x, y, features, hidden, wd, loss_name, epochs, x_val=None, y_val=None):
    """Full-batch Adam with Huber (delta HUBER_DELTA) or MSE loss; returns the model and the validation RMSE every EVAL_EVERY."""
    torch.manual_seed(SEED)
    mean, std = feature_stats(x, features)
    net = Calibration(features, mean, std, hidden)
    opt = torch.optim.Adam(net.parameters(), lr=LR, weight_decay=wd)
    xt = torch.tensor(x, dtype=torch.float32)
    yt = torch.tensor(y, dtype=torch.float32)[:, None]
    curve = []
    for epoch in range(1, epochs + 1):
        opt.zero_grad()
        out = net.raw(xt)
        if loss_name == "huber":
            loss = torch.nn.functional.huber_loss(out, yt, delta=HUBER_DELTA)
        else:
            loss = torch.nn.functional.mse_loss(out, yt)
        loss.backward()
        opt.step()
        if x_val is not None and epoch % EVAL_EVERY == 0:
            curve.append((epoch, errors(predict(net, x_val), y_val)["rmse"]))
    return net, curve


def predict(net, x):
    with torch.no_grad():
        return net(torch.tensor(x, dtype=torch.float32)).numpy()[:, 0].astype(np.float64)


def errors(pred, y):
    e = pred - y
    return {"rmse": round(float(np.sqrt(np.mean(e ** 2))), 3), "mae": round(float(np.mean(np.abs(e))), 3),
            "bias": round(float(np.mean(e)), 3)}


def barkjohn2021(x):
    return 0.524 * x[:, 0] - 0.0862 * x[:, 1] + 5.75


def barkjohn2022(x):
    """Barkjohn et al. 2022 piecewise extension (air-quality.md 3.3); negative results clamped to 0."""
    pa, rh = x[:, 0], x[:, 1]
    out = np.empty_like(pa)
    for i, (p, h) in enumerate(zip(pa, rh)):
        if p < 30:
            v = 0.524 * p - 0.0862 * h + 5.75
        elif p < 50:
            w = p / 20 - 1.5
            v = (0.786 * w + 0.524 * (1 - w)) * p - 0.0862 * h + 5.75
        elif p < 210:
            v = 0.786 * p - 0.0862 * h + 5.75
        elif p < 260:
            w = p / 50 - 4.2
            v = ((0.69 * w + 0.786 * (1 - w)) * p - 0.0862 * h * (1 - w) + 2.966 * w
                 + 5.75 * (1 - w) + 8.84e-4 * p * p * w)
        else:
            v = 2.966 + 0.69 * p + 8.84e-4 * p * p
        out[i] = max(v, 0.0)
    return out


def main():
    started = time.time()
    am.seed_everything(SEED)
    dates, x, y = load()
    fit_m, val_m = dates < FIT_END, (dates >= FIT_END) & (dates < TRAIN_END)
    train_m, test_m = dates < TRAIN_END, dates >= TRAIN_END

    # 1. model selection on the validation slice of the train period
    selection = []
    for fs, hidden, wd, loss_name in CANDIDATES:
        _, curve = fit(x[fit_m], y[fit_m], FEATURE_SETS[fs], hidden, wd, loss_name, MAX_EPOCHS,
                       x[val_m], y[val_m])
        epoch, rmse = min(curve, key=lambda c: c[1])
        selection.append({"features": fs, "hidden": hidden, "weight_decay": wd, "loss": loss_name,
                          "best_epoch": epoch, "validation_rmse": rmse})
        print(f"candidate {fs} hidden={hidden} wd={wd} loss={loss_name}: best validation RMSE {rmse} at epoch {epoch}")
    ols_val = ols_fit(x[fit_m], y[fit_m])
    print(f"OLS(PA,RH,T) validation RMSE {errors(ols_val(x[val_m]), y[val_m])['rmse']}")
    chosen = min(selection, key=lambda s: s["validation_rmse"])
    print(f"chosen: {chosen}")

    # 2. refit the chosen candidate on the whole train period, evaluate once on test
    net, _ = fit(x[train_m], y[train_m], FEATURE_SETS[chosen["features"]], chosen["hidden"],
                 chosen["weight_decay"], chosen["loss"], chosen["best_epoch"])
    ols = ols_fit(x[train_m], y[train_m])
    xt, yt = x[test_m], y[test_m]
    table = {
        "raw PurpleAir cf_1": errors(xt[:, 0], yt),
        "Barkjohn 2021": errors(barkjohn2021(xt), yt),
        "Barkjohn 2022 piecewise": errors(barkjohn2022(xt), yt),
        "OLS (PA, RH, T) fit on train": errors(ols(xt), yt),
        f"{NAME}@{VERSION}": errors(predict(net, xt), yt),
    }
    whole = {"Barkjohn 2021": errors(barkjohn2021(x), y), "raw PurpleAir cf_1": errors(x[:, 0], y)}
    print(f"test rows {int(test_m.sum())} (mean reference {yt.mean():.2f} ug/m3)")
    for k, v in table.items():
        print(f"  {k:32s} RMSE {v['rmse']:6.3f}  MAE {v['mae']:6.3f}  bias {v['bias']:+6.3f}")
    print(f"whole file ({len(y)} rows): Barkjohn 2021 {whole['Barkjohn 2021']}")

    # golden rows: the first test rows plus edge cases (zero, saturated RH, smoke-level PA)
    edge = np.array([[0.0, 50.0, 20.0], [5.0, 100.0, 30.0], [250.0, 40.0, 25.0], [12.0, 1.0, -5.0]])
    example = torch.tensor(np.concatenate([xt[:4], edge, xt[4:64]]), dtype=torch.float32)
    wall = round(time.time() - started, 1)
    extra = {
        "calibration": {
            "inputs": ["pm2_5_cf_1_ab_mean", "relative_humidity", "temperature"],
            "input_units": ["ug/m3", "%", "degC"],
            "output": "pm2_5", "output_unit": "ug/m3", "output_min": 0.0,
            "averaging": "trained on daily (24-h) means",
            "derived_in_graph": ["dew_point (Magnus, RH clamped to 1..100 %)", "log1p(PA)"],
            "features": FEATURE_SETS[chosen["features"]],
            "normalisation": {"mean": [round(float(v), 6) for v in net.mean],
                              "std": [round(float(v), 6) for v in net.std],
                              "where": "inside the graph"},
        },
        "training": {
            "data": [DATA_FILE], "data_sha256": am.sha256(am.data_path(DATA_FILE)),
            "split": {"fit": "2021-01-01..2022-06-30", "validation": "2022-07-01..2022-12-31",
                      "train (refit)": "2021-01-01..2022-12-31", "test": "2023-01-01..2023-08-27",
                      "rows": {"fit": int(fit_m.sum()), "validation": int(val_m.sum()),
                               "train": int(train_m.sum()), "test": int(test_m.sum())}},
            "seed": SEED, "script": "models/calibration/train_calibration.py",
            "optimiser": f"full-batch Adam lr {LR}; loss {chosen['loss']} (huber delta {HUBER_DELTA})",
            "selection": selection, "chosen": chosen, "wall_time_s": wall,
        },
        "metrics": {"split": "test 2023-01-01..2023-08-27", "rows": int(test_m.sum()),
                    "unit": "ug/m3", "test": table, "whole_file": whole},
    }
    d = am.export(net, example, NAME, VERSION, "calibration", "features", ["pm2_5"], extra)
    print(f"wrote {d} ({wall} s)")


def ols_fit(x, y):
    a = np.c_[x, np.ones(len(x))]
    w = np.linalg.lstsq(a, y, rcond=None)[0]
    return lambda z: np.c_[z, np.ones(len(z))] @ w


if __name__ == "__main__":
    main()
