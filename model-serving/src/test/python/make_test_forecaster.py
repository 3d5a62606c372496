"""Writes the tiny stand-in forecaster the model-serving tests run (not a trained model).

It has the `pm25-forecast` contract (input `features` [-1, 48, C] of raw values, NaN = missing;
output `pm2_5` [-1, 6]) with random weights, so the serving tests do not depend on the real model's
training. Two versions with different seeds let the reload tests tell them apart.

    /usr/bin/python3 model-serving/src/test/python/make_test_forecaster.py
"""

import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "models")))
import airtrace_model  # noqa: E402

CHANNELS = ["pm2_5", "pm10", "temperature", "relative_humidity", "dew_point", "pressure",
            "wind_speed", "wind_direction"]
HOURS = 48
HORIZONS = 6
# Rough per-channel scales so random weights give outputs in a plausible range.
SCALE = [50.0, 80.0, 10.0, 30.0, 10.0, 1000.0, 3.0, 180.0]


class TinyForecaster(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("scale", torch.tensor(SCALE))
        self.hidden = torch.nn.Linear(HOURS * len(CHANNELS) * 2, 16)
        self.out = torch.nn.Linear(16, HORIZONS)

    def forward(self, features):
        missing = torch.isnan(features)
        filled = torch.where(missing, torch.zeros_like(features), features) / self.scale
        x = torch.cat([filled, missing.float()], dim=2).flatten(1)
        return torch.relu(self.out(torch.tanh(self.hidden(x)))) * 50.0 + 1.0


def main():
    airtrace_model.require_debian_python()
    airtrace_model.REPOSITORY = os.path.normpath(
        os.path.join(HERE, "..", "resources", "repository"))
    for version in (1, 2):
        airtrace_model.seed_everything(version)
        model = TinyForecaster()
        example = torch.rand(8, HOURS, len(CHANNELS)) * torch.tensor(SCALE)
        example[0, 40:, 0] = float("nan")  # golden rows exercise the missing-value path
        example[1, :, 6:] = float("nan")
        extra = {
            "features": {"hours": HOURS, "channels": CHANNELS},
            "horizons_hours": list(range(1, HORIZONS + 1)),
            "training": {"script": "model-serving/src/test/python/make_test_forecaster.py",
                         "note": "random weights: a test stand-in, not a trained forecaster",
                         "seed": version},
        }
        d = airtrace_model.export(model, example, "pm25-forecast", version, "forecast",
                                  "features", ["pm2_5"], extra)
        print("wrote", d)


if __name__ == "__main__":
    main()
