"""Scores the forecasts a replay left on its forecasts topic: served value vs raw model output.

Reads the JSON records straight from a Kafka log segment (`strings`; the demo's topics are
uncompressed), scores them on the card's 2014 rolling-origin rows (bj.eval_rows) against the CSV's
observations and persistence, and prints RMSE skill and bias of `pm2_5` (served, after online
correction or fallback) and `modelPm2_5` (the model's own output), plus the count of each source.

Run: /usr/bin/python3 models/forecast/score_replay.py \
       /tmp/replay-2014/kafka/logs/airtrace.serving.forecasts.v1-0   (the demo's --work-dir)
"""

import collections
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

ZONE_HOURS = 8  # the dataset's local time, UTC+8


def main(segment_dir):
    records = {}
    for log in sorted(glob.glob(os.path.join(segment_dir, "*.log"))):
        text = subprocess.run(["strings", "-n", "20", log], capture_output=True, text=True, check=True).stdout
        for m in re.finditer(r'\{"siteId".*', text):
            try:
                r = json.loads(m.group(0))
            except ValueError:
                continue  # a record split across a batch boundary by strings
            records[r["issueTime"]] = r
    d = bj.load(am.data_path(bj.FILE))
    rows = bj.eval_rows(d, "2014-01-01", "2015-01-01", 12)
    served, model, persistence, y, sources = [], [], [], [], collections.Counter()
    for t in rows:
        end = datetime.datetime.strptime(d["stamp"][t], "%Y-%m-%dT%H") + datetime.timedelta(hours=1)
        utc = (end - datetime.timedelta(hours=ZONE_HOURS)).replace(tzinfo=datetime.timezone.utc)
        r = records.get(int(utc.timestamp() * 1000))
        if r is None:
            continue
        served.append([h["pm2_5"] for h in r["horizons"]])
        model.append([h.get("modelPm2_5", h["pm2_5"]) for h in r["horizons"]])
        sources.update(h.get("source", "model") for h in r["horizons"])
        persistence.append(d["pm"][t])
        y.append(d["pm"][t + 1:t + 13])
    y = np.array(y)
    base = np.sqrt(np.mean((np.array(persistence)[:, None] - y) ** 2, axis=0))
    print(f"{len(y)} of {len(rows)} origins have a forecast; sources {dict(sources)}")
    for name, p in (("served pm2_5", np.array(served)), ("raw modelPm2_5", np.array(model))):
        rmse = np.sqrt(np.mean((p - y) ** 2, axis=0))
        print(f"{name:15s} skill % {np.round(100 * (1 - rmse / base), 1)}")
        print(f"{'':15s} bias    {np.round(np.mean(p - y, axis=0), 2)}")


if __name__ == "__main__":
    main(sys.argv[1])
