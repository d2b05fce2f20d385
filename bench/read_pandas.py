"""The Python peers of the reading benchmark: pandas.read_csv, and the same into a float64 PyTorch tensor.

    python3 read_pandas.py FILE REPS  ->  best times and peak RSS of the first read (MB), as JSON
"""
import json
import resource
import sys
import time

import pandas as pd


def best_of(reps, read):
    best, peak = float("inf"), 0.0
    for k in range(reps):
        t0 = time.perf_counter()
        data = read()
        best = min(best, time.perf_counter() - t0)
        if k == 0:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        del data
    return best, peak


def main():
    file, reps = sys.argv[1], int(sys.argv[2])
    out = {"pandas": pd.__version__}
    out["read_s"], out["peak_rss_mb"] = best_of(reps, lambda: pd.read_csv(file))
    try:
        import torch
    except ImportError:
        out["torch"] = None
    else:
        out["torch"] = torch.__version__
        out["torch_read_s"], _ = best_of(reps, lambda: torch.from_numpy(pd.read_csv(file).to_numpy(dtype="float64")))
    print(json.dumps(out))


main()
