"""The pm25-forecast graph: RAW hourly windows with NaN in, PM2.5 for horizons 1..H out.

Everything a caller would otherwise have to get right is inside the exported ONNX graph: the NaN
mask, dew point derived from temperature + relative humidity when only RH is present, wind
direction as sin/cos (NaN = calm/unknown), log1p of PM2.5 and wind speed, normalisation with
constants from the training period, zero-fill (= the training mean) of missing values plus
missing-value indicator channels, and the "last observed PM2.5" the prediction is anchored to.
"""

import torch

CHANNELS = ["pm2_5", "temperature", "relative_humidity", "dew_point", "pressure", "wind_speed",
            "wind_direction"]
HOURS = 48
# Internal features after derivation, in this order; normalised with NORM_MEAN/NORM_STD.
INTERNAL = ["log1p_pm2_5", "temperature", "dew_point", "pressure", "log1p_wind_speed",
            "wind_dir_sin", "wind_dir_cos"]
MASKED = 6  # pm, T, dp, P, speed, direction get a 1 = missing indicator channel each


def magnus_dew_point(t, rh):
    gamma = torch.log(rh.clamp(1.0, 100.0) / 100.0) + 17.62 * t / (243.12 + t)
    return 243.12 * gamma / (17.62 - gamma)


def magnus_relative_humidity(t, dp):
    """RH (%) from temperature and dew point, the inverse of magnus_dew_point."""
    return 100.0 * torch.exp(17.62 * dp / (243.12 + dp) - 17.62 * t / (243.12 + t))


def derive(x):
    """[B, 48, 7] raw -> [B, 48, 7] internal features (NaN where missing), in INTERNAL order."""
    pm, t, rh, dp, p, ws, wd = [x[:, :, i] for i in range(len(CHANNELS))]
    dp = torch.where(torch.isnan(dp), magnus_dew_point(t, rh), dp)
    rad = wd * (3.141592653589793 / 180.0)
    return torch.stack([torch.log1p(pm.clamp(min=0.0)), t, dp, p, torch.log1p(ws.clamp(min=0.0)),
                        torch.sin(rad), torch.cos(rad)], dim=2)


class Forecaster(torch.nn.Module):
    def __init__(self, mean, std, horizons, hidden=64, kind="gru"):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))
        self.horizons = horizons
        self.kind = kind
        n_in = len(INTERNAL) + MASKED
        if kind == "gru":
            self.rnn = torch.nn.GRU(n_in, hidden, batch_first=True)
            self.head = torch.nn.Sequential(torch.nn.Linear(hidden + 1, hidden), torch.nn.ReLU(),
                                            torch.nn.Linear(hidden, horizons))
        else:
            self.head = torch.nn.Sequential(torch.nn.Linear(HOURS * n_in + 1, hidden), torch.nn.ReLU(),
                                            torch.nn.Linear(hidden, hidden), torch.nn.ReLU(),
                                            torch.nn.Linear(hidden, horizons))

    def encode(self, x):
        f = derive(x)
        missing = torch.isnan(f)
        z = torch.where(missing, torch.zeros_like(f), (f - self.mean) / self.std)
        m = missing.float()
        # direction sin/cos are missing together; one indicator for both
        ind = torch.cat([m[:, :, 0:5], m[:, :, 5:6]], dim=2)
        # last observed log1p(PM2.5) in the window (normalised); 0 (= mean) when none observed
        pm_ok = ~missing[:, :, 0]
        pos = torch.arange(HOURS, dtype=torch.float32).unsqueeze(0)
        last = torch.where(pm_ok, pos, torch.full_like(pos.expand_as(z[:, :, 0]), -1.0)).amax(dim=1, keepdim=True)
        pick = (pos == last).float()
        anchor = (z[:, :, 0] * pick).sum(dim=1, keepdim=True)
        return torch.cat([z, ind], dim=2), anchor

    def log_forecast(self, x):
        """Forecast of log1p(PM2.5), [B, H]."""
        feats, anchor = self.encode(x)
        if self.kind == "gru":
            # explicit zero state sized from the batch, so the ONNX GRU accepts any batch size
            h0 = torch.zeros(1, feats.size(0), self.rnn.hidden_size)
            _, h = self.rnn(feats, h0)
            out = self.head(torch.cat([h[-1], anchor], dim=1))
        else:
            out = self.head(torch.cat([feats.flatten(1), anchor], dim=1))
        return (anchor + out) * self.std[0] + self.mean[0]

    def forward(self, x):
        # exp(v) - 1 rather than expm1: torch 1.13 cannot export expm1 to ONNX
        return (torch.exp(self.log_forecast(x)) - 1.0).clamp(min=0.0)


# ---------------------------------------------------------------------------------------------
# Version 2: level-invariant inputs, calendar channels, a residual over persistence.

CALENDAR = ["hour_of_day", "day_of_week"]
CHANNELS_V2 = CHANNELS + CALENDAR
# Weather features of v2 after derivation, normalised with the training constants. Pressure enters
# as its deviation from the window's mean (the tendency transfers between sites, the station's
# altitude-dependent level does not).
WEATHER_V2 = ["temperature", "dew_point", "pressure_minus_window_mean", "log1p_wind_speed",
              "wind_dir_sin", "wind_dir_cos"]
TWO_PI = 6.283185307179586


def derive_weather_v2(x):
    """[B, 48, >=7] raw -> [B, 48, 6] weather features in WEATHER_V2 order, NaN where missing."""
    _, t, rh, dp, p, ws, wd = [x[:, :, i] for i in range(len(CHANNELS))]
    dp = torch.where(torch.isnan(dp), magnus_dew_point(t, rh), dp)
    p_ok = ~torch.isnan(p)
    p_mean = torch.where(p_ok, p, torch.zeros_like(p)).sum(dim=1, keepdim=True) / \
        p_ok.float().sum(dim=1, keepdim=True).clamp(min=1.0)
    rad = wd * (3.141592653589793 / 180.0)
    return torch.stack([t, dp, p - p_mean, torch.log1p(ws.clamp(min=0.0)), torch.sin(rad),
                        torch.cos(rad)], dim=2)


class ForecasterV2(torch.nn.Module):
    """pm25-forecast@2: sees PM2.5 only relative to the window's last observed value, so a site
    with twice the level (or 20 ug/m3 more background) gets the same relative dynamics; predicts
    the log-change from that last value (zero = persistence, and the output layer starts at zero).

    Input [B, 48, 9]: the 7 raw v1 channels + hour_of_day (0..23, site-local time of the hour's
    start) + day_of_week (0 = Monday .. 6), both derived by the caller from the window's time
    stamps; the graph turns them into sin/cos pairs.
    """

    def __init__(self, mean, std, horizons, hidden=48):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))
        self.horizons = horizons
        n_in = 1 + len(WEATHER_V2) + MASKED + 4
        self.rnn = torch.nn.GRU(n_in, hidden, batch_first=True)
        self.head = torch.nn.Sequential(torch.nn.Linear(hidden, hidden), torch.nn.ReLU(),
                                        torch.nn.Linear(hidden, horizons))
        torch.nn.init.zeros_(self.head[2].weight)
        torch.nn.init.zeros_(self.head[2].bias)

    def encode(self, x):
        lp = torch.log1p(x[:, :, 0].clamp(min=0.0))
        pm_ok = ~torch.isnan(lp)
        pos = torch.arange(HOURS, dtype=torch.float32).unsqueeze(0)
        last = torch.where(pm_ok, pos, torch.full_like(lp, -1.0)).amax(dim=1, keepdim=True)
        pick = (pos == last).float()
        anchor = (torch.where(pm_ok, lp, torch.zeros_like(lp)) * pick).sum(dim=1, keepdim=True)
        rel = torch.where(pm_ok, lp - anchor, torch.zeros_like(lp))
        w = derive_weather_v2(x)
        w_missing = torch.isnan(w)
        wz = torch.where(w_missing, torch.zeros_like(w), (w - self.mean) / self.std)
        m = w_missing.float()
        ind = torch.cat([(~pm_ok).float().unsqueeze(2), m[:, :, 0:4], m[:, :, 4:5]], dim=2)
        hod = x[:, :, 7] * (TWO_PI / 24.0)
        dow = x[:, :, 8] * (TWO_PI / 7.0)
        cal = torch.stack([torch.sin(hod), torch.cos(hod), torch.sin(dow), torch.cos(dow)], dim=2)
        return torch.cat([rel.unsqueeze(2), wz, ind, cal], dim=2), anchor

    def log_forecast(self, x):
        """Forecast of log1p(PM2.5), [B, H]: the last observed value plus the predicted change."""
        feats, anchor = self.encode(x)
        h0 = torch.zeros(1, feats.size(0), self.rnn.hidden_size)
        _, h = self.rnn(feats, h0)
        return anchor + self.head(h[-1])

    def forward(self, x):
        return (torch.exp(self.log_forecast(x)) - 1.0).clamp(min=0.0)


# ---------------------------------------------------------------------------------------------
# Version 3: v2's input contract [B, 48, 9] unchanged; more derived features inside the graph and
# a direct linear path from the recent PM2.5 changes to the forecast.

# Wind as a vector (u east, v north, m/s; calm/variable = 0) and the air moved past the site over
# the last RUN_HOURS hours (the sum of those vectors, m/s * h): a 12-hour run from the north-west
# is how Beijing's episodes end, and the dataset's cumulative-speed column Iws is this signal.
WIND_V3 = ["wind_u", "wind_v", "wind_run_u", "wind_run_v"]
WEATHER_V3 = WEATHER_V2 + WIND_V3
RUN_HOURS = 12
AR_HOURS = 24


def run_matrix(hours=HOURS, run=RUN_HOURS):
    """[hours, hours] band matrix M with (x @ M)[t] = sum of x[t-run+1 .. t] (a constant MatMul in
    ONNX; no CumSum needed)."""
    m = torch.zeros(hours, hours)
    for t in range(hours):
        m[max(0, t - run + 1):t + 1, t] = 1.0
    return m


RUN_MATRIX = run_matrix()  # a constant: traced as an initializer, not rebuilt in the graph


def derive_weather_v3(x):
    """[B, 48, >=7] raw -> [B, 48, 10] features in WEATHER_V3 order, NaN where missing."""
    w = derive_weather_v2(x)
    ws, wd = x[:, :, 5], x[:, :, 6]
    rad = wd * (3.141592653589793 / 180.0)
    calm = torch.isnan(wd) & ~torch.isnan(ws)
    u = torch.where(calm, torch.zeros_like(ws), ws.clamp(min=0.0) * torch.sin(rad))
    v = torch.where(calm, torch.zeros_like(ws), ws.clamp(min=0.0) * torch.cos(rad))
    m = RUN_MATRIX
    run_u = torch.where(torch.isnan(u), torch.zeros_like(u), u) @ m
    run_v = torch.where(torch.isnan(v), torch.zeros_like(v), v) @ m
    return torch.cat([w, torch.stack([u, v, run_u, run_v], dim=2)], dim=2)


class ForecasterV3(ForecasterV2):
    """pm25-forecast@3: v2's level-invariant residual over persistence (same [B, 48, 9] input),
    plus wind vectors and 12-hour wind runs as features, and a linear path from the last 24 hours
    of relative log PM2.5 to the 12 log-changes (zero-initialised, so the untrained model is still
    persistence). The GRU learns what the linear path cannot."""

    def __init__(self, mean, std, horizons, hidden=48):
        torch.nn.Module.__init__(self)
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))
        self.horizons = horizons
        n_in = 1 + len(WEATHER_V3) + MASKED + 4
        self.rnn = torch.nn.GRU(n_in, hidden, batch_first=True)
        self.head = torch.nn.Sequential(torch.nn.Linear(hidden, hidden), torch.nn.ReLU(),
                                        torch.nn.Linear(hidden, horizons))
        self.linear = torch.nn.Linear(AR_HOURS, horizons)
        for p in (self.head[2].weight, self.head[2].bias, self.linear.weight, self.linear.bias):
            torch.nn.init.zeros_(p)

    def encode(self, x):
        lp = torch.log1p(x[:, :, 0].clamp(min=0.0))
        pm_ok = ~torch.isnan(lp)
        pos = torch.arange(HOURS, dtype=torch.float32).unsqueeze(0)
        last = torch.where(pm_ok, pos, torch.full_like(lp, -1.0)).amax(dim=1, keepdim=True)
        pick = (pos == last).float()
        anchor = (torch.where(pm_ok, lp, torch.zeros_like(lp)) * pick).sum(dim=1, keepdim=True)
        rel = torch.where(pm_ok, lp - anchor, torch.zeros_like(lp))
        w = derive_weather_v3(x)
        w_missing = torch.isnan(w)
        wz = torch.where(w_missing, torch.zeros_like(w), (w - self.mean) / self.std)
        m = w_missing.float()
        ind = torch.cat([(~pm_ok).float().unsqueeze(2), m[:, :, 0:4], m[:, :, 4:5]], dim=2)
        hod = x[:, :, 7] * (TWO_PI / 24.0)
        dow = x[:, :, 8] * (TWO_PI / 7.0)
        cal = torch.stack([torch.sin(hod), torch.cos(hod), torch.sin(dow), torch.cos(dow)], dim=2)
        return torch.cat([rel.unsqueeze(2), wz, ind, cal], dim=2), anchor

    def log_forecast(self, x):
        feats, anchor = self.encode(x)
        h0 = torch.zeros(1, feats.size(0), self.rnn.hidden_size)
        _, h = self.rnn(feats, h0)
        return anchor + self.head(h[-1]) + self.linear(feats[:, HOURS - AR_HOURS:, 0])
