"""Trains anomaly-ae: a next-step predictor over per-series-normalised windows [-1, W, 1].

The model reads the W-1 oldest values of a window and predicts the newest; its output ``score``
is |prediction - newest| in normalised units (higher = more anomalous). Windows are normalised
exactly as the Java detector does online (``ewm-zscore``, see anomaly/.../WindowSpec.java):
exponentially weighted mean/variance/mean|x| per series, every value of the window ending at x_t
mapped with the statistics before x_t, then clipped.

Data: environmental series only (Beijing PM2.5 + weather, UCI Air Quality reference and sensor
channels); NAB is never read. Split by time per series: first 80 % train, last 20 % validation.

Run: /usr/bin/python3 models/anomaly/train.py   (seeded, single-threaded, about a minute)
"""

import csv
import math
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import airtrace_model as am  # noqa: E402

SEED = 20261125
W = 32
HALF_LIFE = 1000.0
CLIP = 8.0
STD_FLOOR = 0.001
VERSION = int(os.environ.get("ANOMALY_AE_VERSION", "1"))
EPOCHS = 4
BATCH = 512

BEIJING = "beijing-pm25/PRSA_data_2010.1.1-2014.12.31.csv"
UCI = "uci-air-quality/AirQualityUCI.csv"
BEIJING_COLUMNS = ["pm2.5", "DEWP", "TEMP", "PRES", "Iws"]
UCI_COLUMNS = ["CO(GT)", "PT08.S1(CO)", "C6H6(GT)", "PT08.S2(NMHC)", "NOx(GT)", "PT08.S3(NOx)",
               "NO2(GT)", "PT08.S4(NO2)", "PT08.S5(O3)", "T", "RH", "AH"]


def load_series():
    """name -> 1-D float array in time order, missing readings dropped (they never arrive)."""
    series = {}
    with open(am.data_path(BEIJING), newline="") as f:
        rows = list(csv.DictReader(f))
    for c in BEIJING_COLUMNS:
        vals = [float(r[c]) for r in rows if r[c] not in ("NA", "")]
        series["beijing/" + c] = np.array(vals, dtype=np.float64)
    with open(am.data_path(UCI), newline="") as f:
        reader = csv.reader(f, delimiter=";")
        header = next(reader)
        idx = {h: i for i, h in enumerate(header)}
        rows = [r for r in reader if len(r) > 2 and r[0]]
    for c in UCI_COLUMNS:
        vals = []
        for r in rows:
            v = float(r[idx[c]].replace(",", "."))
            if v != -200:
                vals.append(v)
        series["uci/" + c] = np.array(vals, dtype=np.float64)
    return series


def normalised_windows(x):
    """All windows of x normalised like the Java EwmNormaliser: [n-W+1, W] float32."""
    alpha = 1.0 - 2.0 ** (-1.0 / HALF_LIFE)
    n = len(x)
    means = np.empty(n)
    stds = np.empty(n)
    count, mean, var, mabs = 0, 0.0, 0.0, 0.0
    for t in range(n):
        # statistics before x[t]
        floor = STD_FLOOR * mabs
        means[t] = mean
        stds[t] = math.sqrt(var + floor * floor + 1e-12)
        v = x[t]
        count += 1
        if count == 1:
            mean, var, mabs = v, 0.0, abs(v)
        else:
            a = max(alpha, 1.0 / count)
            d = v - mean
            mean += a * d
            var = (1 - a) * (var + a * d * d)
            mabs += a * (abs(v) - mabs)
    idx = np.arange(W - 1, n)
    win = np.lib.stride_tricks.sliding_window_view(x, W)  # [n-W+1, W], window k ends at k+W-1
    z = (win - means[idx][:, None]) / stds[idx][:, None]
    return np.clip(z, -CLIP, CLIP).astype(np.float32)


class NextStep(nn.Module):
    """Predicts the newest value from the W-1 before it (a residual on the last one)."""

    def __init__(self, w, hidden=64):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(w - 1, hidden), nn.ReLU(), nn.Linear(hidden, hidden),
                                 nn.ReLU(), nn.Linear(hidden, 1))

    def forward(self, window):  # window [B, W, 1]
        x = window[:, :, 0]
        history = x[:, :-1]
        prediction = history[:, -1] + self.net(history)[:, 0]
        return torch.abs(prediction - x[:, -1])


def auc(pos, neg):
    """ROC AUC by ranks (ties half)."""
    s = np.concatenate([pos, neg])
    order = s.argsort(kind="mergesort")
    ranks = np.empty(len(s))
    ranks[order] = np.arange(1, len(s) + 1)
    # average ranks of ties
    _, inv, counts = np.unique(s, return_inverse=True, return_counts=True)
    sums = np.bincount(inv, ranks)
    ranks = (sums / counts)[inv]
    return (ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def main():
    am.require_debian_python()
    am.seed_everything(SEED)
    series = load_series()
    train, val, val_raw = [], [], {}
    for name, x in series.items():
        cut = int(0.8 * len(x))
        z = normalised_windows(x)
        train.append(z[: cut - W + 1])
        val.append(z[cut - W + 1:])
        val_raw[name] = x
    xtr = torch.from_numpy(np.concatenate(train))[:, :, None]
    xva = torch.from_numpy(np.concatenate(val))[:, :, None]
    print(f"series {len(series)}, train windows {len(xtr)}, validation windows {len(xva)}")

    model = NextStep(W)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    g = torch.Generator().manual_seed(SEED)
    for epoch in range(EPOCHS):
        perm = torch.randperm(len(xtr), generator=g)
        total = 0.0
        for i in range(0, len(xtr), BATCH):
            b = xtr[perm[i:i + BATCH]]
            loss = torch.nn.functional.smooth_l1_loss(model(b), torch.zeros(len(b)), beta=0.5)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(b)
        print(f"epoch {epoch + 1}: train loss {total / len(xtr):.4f}")

    model.eval()
    with torch.no_grad():
        err_model = model(xva).numpy()
    xv = xva[:, :, 0].numpy()
    err_persist = np.abs(xv[:, -1] - xv[:, -2])
    err_mean = np.abs(xv[:, -1] - xv[:, :-1].mean(axis=1))
    # injected anomalies on the validation windows: the newest value jumps by 3..6 window stds
    rng = np.random.default_rng(SEED)
    sel = rng.choice(len(xv), size=min(20000, len(xv)), replace=False)
    clean = xv[sel].copy()
    spiked = clean.copy()
    wstd = np.maximum(clean[:, :-1].std(axis=1), 0.05)
    spiked[:, -1] += rng.choice([-1, 1], len(sel)) * rng.uniform(3, 6, len(sel)) * wstd
    spiked = np.clip(spiked, -CLIP, CLIP)
    with torch.no_grad():
        m_clean = model(torch.from_numpy(clean)[:, :, None]).numpy()
        m_spiked = model(torch.from_numpy(spiked)[:, :, None]).numpy()
    metrics = {
        "validation_mae_newest_normalised": {
            "anomaly-ae": round(float(err_model.mean()), 4),
            "persistence (last value)": round(float(err_persist.mean()), 4),
            "window mean": round(float(err_mean.mean()), 4),
        },
        "injected_spike_auc": {
            "description": "ROC AUC separating 20,000 validation windows from the same windows"
                           " with the newest value moved by 3-6 window standard deviations",
            "anomaly-ae": round(float(auc(m_spiked, m_clean)), 4),
            "persistence (last value)": round(float(auc(np.abs(spiked[:, -1] - spiked[:, -2]),
                                                        np.abs(clean[:, -1] - clean[:, -2]))), 4),
            "window z-score": round(float(auc(
                np.abs(spiked[:, -1] - spiked[:, :-1].mean(1)) / np.maximum(spiked[:, :-1].std(1), 1e-3),
                np.abs(clean[:, -1] - clean[:, :-1].mean(1)) / np.maximum(clean[:, :-1].std(1), 1e-3))), 4),
        },
    }
    print(metrics)
    extra = {
        "window": {"length": W, "normalisation": {"method": "ewm-zscore", "half_life": HALF_LIFE,
                                                  "clip": CLIP, "std_floor": STD_FLOOR}},
        "training": {"data": [BEIJING + " columns " + ",".join(BEIJING_COLUMNS),
                              UCI + " columns " + ",".join(UCI_COLUMNS)],
                     "split": "per series by time: first 80% train, last 20% validation",
                     "seed": SEED, "epochs": EPOCHS, "batch": BATCH, "optimizer": "Adam lr 1e-3",
                     "loss": "smooth L1 (beta 0.5) of the newest-value prediction error",
                     "script": "models/anomaly/train.py", "nab": "never read"},
        "metrics": metrics,
    }
    d = am.export(model, xva[:64], "anomaly-ae", VERSION, "anomaly", "window", ["score"], extra)
    print("wrote", d)


if __name__ == "__main__":
    main()
