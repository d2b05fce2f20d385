"""PyTorch peer of bench/kernels-ours.ts for bench/kernels.mjs: the eight matrix products of one
training step of an MLP 20-64-64-1 at batch 4096 as autograd runs them (addmm with the bias, ReLU,
the weight gradients as transposed products, ReLU's backward as threshold_backward), float64 on one
thread, at their true sizes (PyTorch pads nothing). Prints the best milliseconds per call of each, in
the process's CPU time, as kernels-ours.ts.

    python3 bench/kernels_torch.py REPS CALLS
"""
import json
import os
import sys
import time

# One thread for the BLAS under torch too (see train_torch.py); set before the libraries load.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import torch  # noqa: E402

ROWS = 4096


def main():
    reps, calls = int(sys.argv[1]), int(sys.argv[2])
    torch.set_num_threads(1)
    g = torch.Generator().manual_seed(20240521)
    r = lambda *shape: torch.randn(*shape, generator=g, dtype=torch.float64) * 0.1  # noqa: E731
    x, h1, h2, d3, d2, d1 = r(ROWS, 20), r(ROWS, 64), r(ROWS, 64), r(ROWS, 1), r(ROWS, 64), r(ROWS, 64)
    w1, w2, w3, b1, b2, b3 = r(64, 20), r(64, 64), r(1, 64), r(64), r(64), r(1)
    tb = torch.ops.aten.threshold_backward
    products = {
        "forward 1 (20→64, ReLU)": lambda: torch.relu(torch.addmm(b1, x, w1.t())),
        "forward 2 (64→64, ReLU)": lambda: torch.relu(torch.addmm(b2, h1, w2.t())),
        "forward 3 (64→1)": lambda: torch.addmm(b3, h2, w3.t()),
        "weight gradient 3": lambda: d3.t().mm(h2),
        "input gradient 3 (ReLU mask)": lambda: tb(d3.mm(w3), h2, 0),
        "weight gradient 2": lambda: d2.t().mm(h1),
        "input gradient 2 (ReLU mask)": lambda: tb(d2.mm(w2), h1, 0),
        "weight gradient 1": lambda: d1.t().mm(x),
    }
    best = {}
    with torch.no_grad():
        for _ in range(reps):
            for name, run in products.items():
                run()
                t0 = time.process_time()
                for _ in range(calls):
                    run()
                ms = (time.process_time() - t0) / calls * 1000
                best[name] = min(best.get(name, float("inf")), ms)
    print(json.dumps({"ms": best}))


if __name__ == "__main__":
    main()
