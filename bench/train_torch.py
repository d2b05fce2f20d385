"""PyTorch peer of `losslab train` for bench/train.mjs and bench/threads.mjs: the same data, MLP, loss,
optimizer, batches and per-epoch evaluation, float64 on one thread (or `--threads N`). Prints one JSON line
with the seconds of the epoch loop (`train_s`, reading and standardizing the CSV excluded, as in Loss Lab's
timing.train_s) and the part of it spent on the per-epoch evaluation (`eval_s`).

    python3 bench/train_torch.py data.csv --batch-size 32 --epochs 2 --hidden 64,64 --lr 0.001 [--threads 2]
"""
import argparse
import json
import os
import time


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--hidden", default="64,64")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    return ap.parse_args()


ARGS = parse_args()
# The same thread count for the BLAS under torch too (OpenBLAS starts its own threads, which
# torch.set_num_threads does not reach); set before the libraries load.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(ARGS.threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402

# Rows per forward pass when scoring, as Loss Lab's EVAL_CHUNK.
EVAL_CHUNK = 4096


def main():
    a = ARGS
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    data = np.loadtxt(a.csv, delimiter=",", skiprows=1)
    x = torch.from_numpy(data[:, :-1].copy())
    y = torch.from_numpy(data[:, -1:].copy())
    # Loss Lab standardizes the features and a regression target.
    x = (x - x.mean(0)) / x.std(0)
    y = (y - y.mean()) / y.std()

    sizes = [x.shape[1], *(int(h) for h in a.hidden.split(",") if h), 1]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1], dtype=torch.float64))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    mse = torch.nn.MSELoss()
    n = x.shape[0]

    eval_s = 0.0
    start = time.perf_counter()
    for _ in range(a.epochs):
        order = torch.randperm(n)
        total = 0.0
        for lo in range(0, n, a.batch_size):
            idx = order[lo : lo + a.batch_size]
            xb, yb = x[idx], y[idx]
            opt.zero_grad()
            loss = mse(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        # Loss Lab scores the evaluation rows after every epoch (the training rows when there is no
        # validation split).
        t = time.perf_counter()
        with torch.no_grad():
            sq = 0.0
            for lo in range(0, n, EVAL_CHUNK):
                sq += ((model(x[lo : lo + EVAL_CHUNK]) - y[lo : lo + EVAL_CHUNK]) ** 2).sum().item()
        eval_s += time.perf_counter() - t
    train_s = time.perf_counter() - start
    print(json.dumps({"train_s": train_s, "eval_s": eval_s, "train_loss": total / n, "eval_loss": sq / n}))


if __name__ == "__main__":
    main()
