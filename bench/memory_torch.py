"""pandas + PyTorch peer of `losslab train` for bench/memory.mjs: the same CSV read with pandas `read_csv`,
its features and target made float64 tensors (the frame then let go, as Loss Lab lets its columns go),
standardized in place, and one epoch of the same MLP (Adam, MSE, shuffled batches), scored at the end, on
one thread. Its peak memory is measured from outside (GNU time); prints one JSON line with the seconds of
reading (`read_s`) and of the epoch (`train_s`).

    python3 bench/memory_torch.py data.csv --batch-size 4096 --hidden 64
"""
import argparse
import json
import os
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import pandas as pd  # noqa: E402
import torch  # noqa: E402

EVAL_CHUNK = 4096


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--batch-size", type=int, default=4096)
    ap.add_argument("--hidden", default="64")
    ap.add_argument("--lr", type=float, default=0.01)
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)

    start = time.perf_counter()
    df = pd.read_csv(a.csv)
    x = torch.tensor(df.iloc[:, :-1].to_numpy(), dtype=torch.float64)
    y = torch.tensor(df.iloc[:, -1:].to_numpy(), dtype=torch.float64)
    del df
    x.sub_(x.mean(0)).div_(x.std(0))
    y.sub_(y.mean()).div_(y.std())
    read_s = time.perf_counter() - start

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
    start = time.perf_counter()
    order = torch.randperm(n)
    for lo in range(0, n, a.batch_size):
        idx = order[lo : lo + a.batch_size]
        opt.zero_grad()
        mse(model(x[idx]), y[idx]).backward()
        opt.step()
    with torch.no_grad():
        sq = sum(((model(x[lo : lo + EVAL_CHUNK]) - y[lo : lo + EVAL_CHUNK]) ** 2).sum().item() for lo in range(0, n, EVAL_CHUNK))
    print(json.dumps({"read_s": read_s, "train_s": time.perf_counter() - start, "eval_loss": sq / n}))


if __name__ == "__main__":
    main()
