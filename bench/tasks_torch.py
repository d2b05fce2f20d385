"""PyTorch peers of `losslab train` for bench/tasks.mjs: the same network, loss, optimizer and batches for
the kinds of learning beyond one target, float64 on one thread. Prints one JSON line with the seconds of the
epoch loop (`train_s`, reading and standardizing excluded, as in Loss Lab's timing.train_s), each epoch
followed by a forward pass over every row, as Loss Lab scores its evaluation rows.

    python3 bench/tasks_torch.py ranknet|listnet|lambdarank|uncertainty|info_nce|lbfgs|vae|wgan_gp|crf data.csv ...

The losses are written as a PyTorch user would write them for speed (padded groups, vectorized pairs, the
CRF's forward algorithm batched over padded sequences as pytorch-crf does, the gradient penalty through
torch.autograd.grad with create_graph), with the definitions of test/fidelity/generate.py, which checks
them case by case against Loss Lab.
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


def shape(steps, *modules):
    """What the run trained, to check against Loss Lab's: its steps and its parameter count."""
    return {"steps": steps, "params": sum(p.numel() for m in modules for p in m.parameters())}


def held_out(x, split=0.2):
    """A generate run's split (the last fifth of a random order held out) and the training rows' standardization."""
    x = torch.from_numpy(np.ascontiguousarray(x))
    order = torch.randperm(x.shape[0])
    n_val = int(round(x.shape[0] * split))
    train, val = x[order[n_val:]], x[order[:n_val]]
    mean, std = train.mean(0), train.std(0, unbiased=False)
    return (train - mean) / std, (val - mean) / std


def vae(a, data):
    """Encoder to mu and log var (latent 8), z = mu + exp(logvar / 2) eps, decoder back; squared error summed
    over the columns plus the KL term (beta 1), mean over rows. Each epoch: the loss on the held-out rows."""
    train, val = held_out(data)
    w, k = train.shape[1], a.latent
    encoder = mlp([w, *a.hidden, 2 * k])
    decoder = mlp([k, *reversed(a.hidden), w])
    opt = torch.optim.Adam([*encoder.parameters(), *decoder.parameters()], lr=a.lr)

    def loss_of(x):
        mu, logvar = encoder(x).split(k, dim=1)
        recon = decoder(mu + torch.exp(0.5 * logvar) * torch.randn_like(mu))
        kl = -0.5 * (1 + logvar - mu**2 - logvar.exp()).sum(1)
        return ((recon - x) ** 2).sum(1).mean() + kl.mean()

    n = train.shape[0]
    steps = 0
    start = time.perf_counter()
    for _ in range(a.epochs):
        order = torch.randperm(n)
        for lo in range(0, n, a.batch_size):
            opt.zero_grad()
            loss_of(train[order[lo : lo + a.batch_size]]).backward()
            opt.step()
            steps += 1
        with torch.no_grad():
            loss_of(val)
    return time.perf_counter() - start, shape(steps, encoder, decoder)


def wgan_gp(a, data):
    """Generator from noise (latent 8) through the hidden sizes reversed; critic through them to one score.
    Each batch one critic update (mean C(fake) - mean C(real) + 10 gp at x_hat = alpha x + (1 - alpha) G(z)),
    after every 5 of them one generator update (-mean C(G(z))) on as many fresh noise rows; each its own Adam.
    Each epoch: the critic's loss on the held-out rows against as many generated ones."""
    train, val = held_out(data)
    w, k = train.shape[1], a.latent
    generator = mlp([k, *reversed(a.hidden), w])
    critic = mlp([w, *a.hidden, 1])
    opt_g = torch.optim.Adam(generator.parameters(), lr=a.lr)
    opt_c = torch.optim.Adam(critic.parameters(), lr=a.lr)
    n = train.shape[0]
    pending = steps = 0
    start = time.perf_counter()
    for _ in range(a.epochs):
        order = torch.randperm(n)
        for lo in range(0, n, a.batch_size):
            real = train[order[lo : lo + a.batch_size]]
            b = real.shape[0]
            with torch.no_grad():
                fake = generator(torch.randn(b, k, dtype=torch.float64))
            alpha = torch.rand(b, 1, dtype=torch.float64)
            mixed = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
            opt_c.zero_grad()
            out = critic(torch.cat([real, fake]))
            (grad,) = torch.autograd.grad(critic(mixed).sum(), mixed, create_graph=True)
            gp = ((grad.norm(dim=1) - 1) ** 2).mean()
            (out[b:].mean() - out[:b].mean() + a.gp_lambda * gp).backward()
            opt_c.step()
            steps += 1
            pending += 1
            if pending == a.critic_steps:
                pending = 0
                opt_g.zero_grad()
                (-critic(generator(torch.randn(b, k, dtype=torch.float64))).mean()).backward()
                opt_g.step()
        with torch.no_grad():
            critic(generator(torch.randn(val.shape[0], k, dtype=torch.float64))).mean() - critic(val).mean()
    return time.perf_counter() - start, shape(steps, generator, critic)


class Crf(torch.nn.Module):
    """pytorch-crf's CRF (batch first): transitions, start and end scores uniform in (-0.1, 0.1); the NLL by
    the forward algorithm over a padded batch, one logsumexp over [B, C, C] per position; Viterbi likewise."""

    def __init__(self, c):
        super().__init__()
        init = lambda *shape: torch.nn.Parameter(torch.empty(*shape, dtype=torch.float64).uniform_(-0.1, 0.1))
        self.start, self.end, self.trans = init(c), init(c), init(c, c)

    def nll(self, em, tags, mask):
        """Mean over sequences of log Z - score(tags); em [B, L, C], tags and mask [B, L]."""
        b = torch.arange(em.shape[0])
        emitted = em.gather(2, tags[:, :, None])[:, :, 0]
        steps = self.trans[tags[:, :-1], tags[:, 1:]] + emitted[:, 1:]
        last = tags[b, mask.sum(1) - 1]
        score = self.start[tags[:, 0]] + emitted[:, 0] + (steps * mask[:, 1:]).sum(1) + self.end[last]
        alpha = self.start + em[:, 0]
        for t in range(1, em.shape[1]):
            nxt = torch.logsumexp(alpha[:, :, None] + self.trans + em[:, t, None, :], dim=1)
            alpha = torch.where(mask[:, t, None], nxt, alpha)
        return (torch.logsumexp(alpha + self.end, dim=1) - score).mean()

    def decode(self, em, mask):
        """The best path of each sequence [B, L] (padding arbitrary), backtracked for the whole batch at once."""
        score = self.start + em[:, 0]
        history = []
        for t in range(1, em.shape[1]):
            best, arg = (score[:, :, None] + self.trans).max(1)
            score = torch.where(mask[:, t, None], best + em[:, t], score)
            history.append(arg)
        lens = mask.sum(1)
        tag = (score + self.end).argmax(1)
        cur = tag
        path = torch.empty(mask.shape, dtype=torch.long)
        for t in range(em.shape[1] - 1, -1, -1):
            cur = torch.where(lens - 1 == t, tag, cur)
            path[:, t] = cur
            if t > 0:
                cur = history[t - 1].gather(1, cur[:, None])[:, 0]
        return path


def crf(a, data):
    """Emissions from the MLP (one score per tag), a CRF over them; batches of 32 sentences padded to their
    longest. Each epoch: every sentence's NLL and Viterbi path, and the token accuracy."""
    x = standardized(data[:, 1:-1])
    tags = torch.from_numpy(data[:, -1].astype(np.int64))
    c = int(tags.max()) + 1
    groups = Groups(data[:, 0])
    model = mlp([x.shape[1], *a.hidden, c])
    layer = Crf(c)
    opt = torch.optim.Adam([*model.parameters(), *layer.parameters()], lr=a.lr)

    def padded(rows):
        rows = rows[:, : int((rows >= 0).sum(1).max())]
        mask = rows >= 0
        idx = rows.clamp(min=0)
        return idx, mask

    steps = 0
    start = time.perf_counter()
    for _ in range(a.epochs):
        order = torch.randperm(groups.rows.shape[0])
        for lo in range(0, len(order), a.batch_size):
            steps += 1
            idx, mask = padded(groups.rows[order[lo : lo + a.batch_size]])
            opt.zero_grad()
            em = model(x[idx.reshape(-1)]).reshape(*idx.shape, c)
            layer.nll(em, tags[idx], mask).backward()
            opt.step()
        with torch.no_grad():
            em_all = torch.cat([model(x[lo : lo + EVAL_CHUNK]) for lo in range(0, x.shape[0], EVAL_CHUNK)])
            idx, mask = padded(groups.rows)
            em = em_all[idx]
            layer.nll(em, tags[idx], mask)
            (layer.decode(em, mask) == tags[idx])[mask].double().mean()
    return time.perf_counter() - start, shape(steps, model, layer)


def main():
    ap = argparse.ArgumentParser()
    modes = ["ranknet", "listnet", "lambdarank", "uncertainty", "info_nce", "lbfgs", "vae", "wgan_gp", "crf"]
    ap.add_argument("mode", choices=modes)
    ap.add_argument("csv")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--pretrain-epochs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--hidden", default="64,64")
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--latent", type=int, default=8)
    ap.add_argument("--critic-steps", type=int, default=5)
    ap.add_argument("--gp-lambda", type=float, default=10)
    a = ap.parse_args()
    a.hidden = [int(h) for h in a.hidden.split(",") if h]
    torch.set_num_threads(1)
    torch.manual_seed(0)
    data = np.loadtxt(a.csv, delimiter=",", skiprows=1)
    run = {"uncertainty": uncertainty, "info_nce": info_nce, "lbfgs": lbfgs, "vae": vae, "wgan_gp": wgan_gp, "crf": crf}
    run = run.get(a.mode, ranking)
    out = run(a, data)
    train_s, more = out if isinstance(out, tuple) else (out, None)
    print(json.dumps({"train_s": train_s, **(more if isinstance(more, dict) else {"evals": more})}))


if __name__ == "__main__":
    main()
