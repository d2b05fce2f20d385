"""PyTorch peers of `losslab train` for bench/tasks.mjs: the same network, loss, optimizer and batches for
the kinds of learning beyond one target, float64 on one thread. Prints one JSON line with the seconds of the
epoch loop (`train_s`, reading and standardizing excluded, as in Loss Lab's timing.train_s), each epoch
followed by a forward pass over every row, as Loss Lab scores its evaluation rows.

    python3 bench/tasks_torch.py ranknet|listnet|lambdarank|uncertainty|info_nce|lbfgs data.csv [--epochs N] ...

The losses are written as a PyTorch user would write them for speed (padded groups, vectorized pairs), with
the definitions of test/fidelity/generate.py, which checks them case by case against Loss Lab.
"""
import argparse
import json
import math
import os
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

EVAL_CHUNK = 4096


def mlp(sizes, last=True):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1], dtype=torch.float64))
        if i < len(sizes) - 2 or not last:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def standardized(a):
    a = torch.from_numpy(np.ascontiguousarray(a))
    return (a - a.mean(0)) / a.std(0, unbiased=False)


def score_all(model, x):
    with torch.no_grad():
        for lo in range(0, x.shape[0], EVAL_CHUNK):
            model(x[lo : lo + EVAL_CHUNK])


def softplus(z):
    return torch.clamp(z, min=0) + torch.log1p(torch.exp(-z.abs()))


class Groups:
    """Queries padded to the longest (the CSV's rows of a query are contiguous): rows [G, L], -1 padding."""

    def __init__(self, qid):
        starts = np.flatnonzero(np.r_[True, qid[1:] != qid[:-1]])
        ends = np.r_[starts[1:], len(qid)]
        width = int((ends - starts).max())
        self.rows = torch.full((len(starts), width), -1, dtype=torch.long)
        for g, (a, b) in enumerate(zip(starts, ends)):
            self.rows[g, : b - a] = torch.arange(a, b)


def ranking_loss(name, s, rel, mask):
    """s, rel [B, L] with mask [B, L] of real rows; pairs (i, j) within a group with rel_i > rel_j."""
    if name == "listnet":
        neg = torch.finfo(torch.float64).min
        target = torch.softmax(rel.masked_fill(~mask, neg), 1)
        return -(target * torch.log_softmax(s.masked_fill(~mask, neg), 1)).masked_fill(~mask, 0).sum(1).mean()
    pair = (rel[:, :, None] > rel[:, None, :]) & mask[:, :, None] & mask[:, None, :]
    z = softplus(-(s[:, :, None] - s[:, None, :]))
    if name == "ranknet":
        return z[pair].mean()
    with torch.no_grad():  # lambdarank: |ΔNDCG| of swapping each pair in the current ranking
        order = torch.sort(s.masked_fill(~mask, -math.inf), dim=1, descending=True, stable=True).indices
        pos = torch.empty_like(order)
        pos.scatter_(1, order, torch.arange(s.shape[1]).expand_as(order))
        disc = 1 / torch.log2(pos.to(torch.float64) + 2)
        gain = (2**rel - 1) * mask
        ideal = (torch.sort(gain, 1, descending=True).values / torch.log2(torch.arange(s.shape[1]) + 2.0)).sum(1)
        w = ((gain[:, :, None] - gain[:, None, :]) * (disc[:, :, None] - disc[:, None, :])).abs() / ideal[:, None, None]
    w = w[pair]
    return (w * z[pair]).sum() / w.sum()


def ranking(a, data):
    x = standardized(data[:, 1:-1])
    rel = torch.from_numpy(data[:, -1].copy())
    groups = Groups(data[:, 0])
    model = mlp([x.shape[1], *a.hidden, 1])
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    start = time.perf_counter()
    for _ in range(a.epochs):
        order = torch.randperm(groups.rows.shape[0])
        for lo in range(0, len(order), a.batch_size):
            rows = groups.rows[order[lo : lo + a.batch_size]]
            mask = rows >= 0
            idx = rows.clamp(min=0)
            opt.zero_grad()
            s = model(x[idx.reshape(-1)]).reshape(idx.shape)
            ranking_loss(a.mode, s, rel[idx], mask).backward()
            opt.step()
        score_all(model, x)
    return time.perf_counter() - start


def uncertainty(a, data):
    """Two heads on one trunk: y1 by MSE, y2 (0/1) by BCE, weighted by learned log-variances (Kendall et al.)."""
    x = standardized(data[:, :-2])
    y1 = standardized(data[:, -2:-1])[:, 0]
    y2 = torch.from_numpy(data[:, -1].copy())
    model = mlp([x.shape[1], *a.hidden, 2])
    log_vars = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([*model.parameters(), log_vars], lr=a.lr)
    n = x.shape[0]
    start = time.perf_counter()
    for _ in range(a.epochs):
        order = torch.randperm(n)
        for lo in range(0, n, a.batch_size):
            idx = order[lo : lo + a.batch_size]
            opt.zero_grad()
            out = model(x[idx])
            losses = torch.stack([F.mse_loss(out[:, 0], y1[idx]), F.binary_cross_entropy_with_logits(out[:, 1], y2[idx])])
            (losses / (2 * torch.exp(log_vars)) + log_vars / 2).sum().backward()
            opt.step()
        score_all(model, x)
    return time.perf_counter() - start


def info_nce(a, data):
    """SCARF pretraining (corruption 0.6, NT-Xent at temperature 1) of the hidden layers under a projection
    head, for --pretrain-epochs, then the supervised epochs (MSE) under a fresh last layer."""
    x = standardized(data[:, :-1])
    y = standardized(data[:, -1:])
    encoder = mlp([x.shape[1], *a.hidden], last=False)
    h = a.hidden[-1]
    head = mlp([h, h, h])
    opt = torch.optim.Adam([*encoder.parameters(), *head.parameters()], lr=a.lr)
    n, d = x.shape
    start = time.perf_counter()
    for _ in range(a.pretrain_epochs):
        order = torch.randperm(n)
        for lo in range(0, n, a.batch_size):
            xb = x[order[lo : lo + a.batch_size]]
            b = xb.shape[0]
            views = []
            for _ in range(2):
                swap = torch.rand(b, d) < 0.6
                other = x[torch.randint(n, (b, d)), torch.arange(d)]
                views.append(torch.where(swap, other, xb))
            opt.zero_grad()
            u = F.normalize(head(encoder(torch.cat(views))), dim=1)
            sim = (u @ u.T).masked_fill(torch.eye(2 * b, dtype=torch.bool), float("-inf"))
            F.cross_entropy(sim, torch.cat([torch.arange(b, 2 * b), torch.arange(0, b)])).backward()
            opt.step()
    model = torch.nn.Sequential(encoder, torch.nn.Linear(h, 1, dtype=torch.float64))
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    for _ in range(a.epochs):
        order = torch.randperm(n)
        for lo in range(0, n, a.batch_size):
            idx = order[lo : lo + a.batch_size]
            opt.zero_grad()
            F.mse_loss(model(x[idx]), y[idx]).backward()
            opt.step()
        score_all(model, x)
    return time.perf_counter() - start


def lbfgs(a, data):
    """Full batch, one step(closure) per epoch: up to 20 iterations, no line search (PyTorch's defaults)."""
    x = standardized(data[:, :-1])
    y = standardized(data[:, -1:])
    model = mlp([x.shape[1], *a.hidden, 1])
    opt = torch.optim.LBFGS(model.parameters(), lr=a.lr)
    evals = 0

    def closure():
        nonlocal evals
        evals += 1
        opt.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        return loss

    start = time.perf_counter()
    for _ in range(a.epochs):
        opt.step(closure)
        score_all(model, x)
    return time.perf_counter() - start, evals


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["ranknet", "listnet", "lambdarank", "uncertainty", "info_nce", "lbfgs"])
    ap.add_argument("csv")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--pretrain-epochs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--hidden", default="64,64")
    ap.add_argument("--lr", type=float, default=0.01)
    a = ap.parse_args()
    a.hidden = [int(h) for h in a.hidden.split(",") if h]
    torch.set_num_threads(1)
    torch.manual_seed(0)
    data = np.loadtxt(a.csv, delimiter=",", skiprows=1)
    run = {"uncertainty": uncertainty, "info_nce": info_nce, "lbfgs": lbfgs}.get(a.mode, ranking)
    out = run(a, data)
    train_s, evals = out if isinstance(out, tuple) else (out, None)
    print(json.dumps({"train_s": train_s, "evals": evals}))


if __name__ == "__main__":
    main()
