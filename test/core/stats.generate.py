"""Reference values for src/core/stats from scipy: t quantiles, paired t-intervals and sign tests.

Run: /usr/bin/python3 test/core/stats.generate.py  (writes test/fixtures/stats/scipy.json)
"""
import json
import os

import numpy as np
from scipy import stats

out = {"t_ppf": [], "t_cdf": [], "paired": [], "binomtest": []}
for df in [1, 2, 3, 5, 9, 30]:
    for x in [-4.0, -1.5, -0.2, 0.0, 0.7, 1.637744, 2.5, 10.0]:
        out["t_cdf"].append({"x": x, "df": df, "p": float(stats.t.cdf(x, df))})
for df in [1, 2, 3, 4, 5, 7, 9, 19, 29, 99]:
    for p in [0.5, 0.6, 0.9, 0.95, 0.975, 0.995, 0.025]:
        out["t_ppf"].append({"p": p, "df": df, "t": float(stats.t.ppf(p, df))})

rng = np.random.default_rng(17)
for n in [2, 3, 5, 8, 20]:
    for shift in [0.0, 0.3, 1.0]:
        a = rng.normal(1.0 + shift, 0.5, n)
        b = rng.normal(1.0, 0.5, n)
        d = a - b
        lo, hi = stats.t.interval(0.95, n - 1, loc=d.mean(), scale=stats.sem(d))
        k = int((d > 0).sum())
        m = int((d != 0).sum())
        out["paired"].append({
            "a": a.tolist(), "b": b.tolist(), "mean": float(d.mean()), "std": float(d.std(ddof=1)),
            "interval": [float(lo), float(hi)], "positive": k,
            "sign_p": float(stats.binomtest(k, m).pvalue),
        })

for n in [1, 2, 3, 5, 6, 10, 15, 30]:
    for k in range(0, n + 1, max(1, n // 5)):
        out["binomtest"].append({"k": k, "n": n, "p": float(stats.binomtest(k, n).pvalue)})

path = os.path.join(os.path.dirname(__file__), "..", "fixtures", "stats", "scipy.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
