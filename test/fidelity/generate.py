"""PyTorch reference values for the fidelity suite: test/fixtures/fidelity/{loss,optimizer,schedule,train,layer}.json.

Run with Debian's python3-torch (PyTorch 1.13):

    npm run fixtures                                   # rewrites test/fixtures/fidelity/
    /usr/bin/python3 test/fidelity/generate.py --out DIR

The format is described in test/fixtures/fidelity/README.md; test/fidelity/*Case.ts replay every case
with Loss Lab, and test/fidelity/generator.test.ts checks that this script still writes the committed
files (every number within its case's tolerance: train.json's last digits depend on the BLAS kernels
OpenBLAS picks for the CPU; the other files come out byte for byte).

Everything is float64. Expected values come from torch: torch.nn.functional and autograd for losses,
torch.optim for optimizers, torch.optim.lr_scheduler for schedules, torch.nn modules for layers. Where a
case is not a PyTorch class, the formula its `doc` states is written here in torch ops and differentiated
by autograd. Three optimizers are not in PyTorch 1.13 as Loss Lab has them and are written out step by step:
  - NAdam as torch.optim.NAdam has it since 2.0 (1.13 multiplies one momentum factor too many into
    the denominator of the momentum term; 2.0 fixed it, see torch/optim/nadam.py);
  - Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms", Algorithm 2), and Adan
    (Xie et al. 2022, as the official sail-sg/Adan adan.py), which are in no PyTorch release.

Inputs are drawn from one numpy Generator seeded with 1, in the order the cases are written (loss,
then optimizer, then train; schedules draw nothing), so inserting a case changes the inputs of every
later one: add new cases at the end of a file's list, or regenerate and review the diff. Families added
later (Adan, ...) draw from generators of their own, seeded [1, i], and come last in their file. The train
cases' initial weights are nn.Linear's own initialisation after torch.manual_seed(1).

Output is deterministic on a given machine: fixed key order, json.dumps(indent=1), floats in Python's
shortest round-trip repr (the same digits JavaScript prints).
"""
import argparse
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "fixtures", "fidelity")
SEED = 1

# Per-element tolerances (|a - e| <= atol + rtol |e|). A train case runs 30 steps of a whole MLP, so
# summation order differences are allowed to grow; a schedule is a few scalar operations.
TOL = {"rtol": 1e-9, "atol": 1e-12}
SCHEDULE_TOL = {"rtol": 1e-12, "atol": 1e-15}
TRAIN_TOL = {"rtol": 1e-7, "atol": 1e-10}

N = 7  # rows in a loss case


def t(a):
    return torch.tensor(np.asarray(a, dtype=np.float64))


def floats(a):
    """A numpy array or tensor as nested lists of Python floats (class indices too, as in the files)."""
    if isinstance(a, torch.Tensor):
        a = a.detach().numpy()
    return np.asarray(a, dtype=np.float64).tolist()


# ---------------------------------------------------------------------------------------------------
# Losses: each takes (input, target, params) as tensors (input: a tensor or a dict of tensors) and
# returns the mean-reduced loss; the gradient is autograd's.

def _focal(x, y, p):
    if x.dim() == 1:
        # torchvision.ops.sigmoid_focal_loss, reduction="mean" (torchvision is not a dependency here).
        prob = torch.sigmoid(x)
        ce = F.binary_cross_entropy_with_logits(x, y, reduction="none")
        p_t = prob * y + (1 - prob) * (1 - y)
        loss = ce * ((1 - p_t) ** p["gamma"])
        alpha_t = p["alpha"] * y + (1 - p["alpha"]) * (1 - y)
        return (alpha_t * loss).mean()
    logp = F.log_softmax(x, dim=1).gather(1, y.long().unsqueeze(1)).squeeze(1)
    return (-p["alpha"] * (1 - logp.exp()) ** p["gamma"] * logp).mean()


def _dice(x, y, p):
    prob = torch.sigmoid(x)
    return 1 - (2 * (prob * y).sum() + p["smooth"]) / (prob.sum() + y.sum() + p["smooth"])


def _jaccard(x, y, p):
    prob = torch.sigmoid(x)
    inter = (prob * y).sum()
    return 1 - (inter + p["smooth"]) / (prob.sum() + y.sum() - inter + p["smooth"])


def _contrastive(x, y, p):
    d = ((x["x1"] - x["x2"]) ** 2).sum(dim=1).sqrt()
    return (y * d**2 + (1 - y) * torch.clamp(p["margin"] - d, min=0) ** 2).mean()


LOSSES = {
    "mse": (lambda x, y, p: F.mse_loss(x, y), "mean((input-target)^2)"),
    "mae": (lambda x, y, p: F.l1_loss(x, y), "mean(|input-target|); d/dx at 0 is 0"),
    "huber": (
        lambda x, y, p: F.huber_loss(x, y, delta=p["delta"]),
        "mean(0.5 e^2 if |e|<=delta else delta(|e|-0.5 delta)), e=input-target (torch.nn.HuberLoss)",
    ),
    "smooth_l1": (
        lambda x, y, p: F.smooth_l1_loss(x, y, beta=p["beta"]),
        "torch.nn.SmoothL1Loss(beta): 0.5 e^2/beta if |e|<beta else |e|-0.5 beta",
    ),
    "log_cosh": (lambda x, y, p: torch.log(torch.cosh(x - y)).mean(), "mean(log(cosh(input-target)))"),
    "quantile": (
        lambda x, y, p: torch.max(p["q"] * (y - x), (p["q"] - 1) * (y - x)).mean(),
        "pinball: mean(max(q e, (q-1) e)), e=target-input",
    ),
    "bce": (
        lambda x, y, p: F.binary_cross_entropy_with_logits(x, y, pos_weight=t(p["pos_weight"]) if "pos_weight" in p else None),
        "torch BCEWithLogitsLoss(pos_weight); input are logits [N], target in {0,1}",
    ),
    "focal": (
        _focal,
        "binary: torchvision sigmoid_focal_loss(alpha,gamma) mean over N on logits [N]; multiclass ([N,C] logits): "
        "mean(-alpha_t (1-p_t)^gamma log p_t) with p=softmax, alpha_t = alpha (scalar) ",
    ),
    "hinge": (lambda x, y, p: torch.clamp(1 - y * x, min=0).mean(), "mean(max(0, 1 - y s)), logits s [N], target y in {-1,+1}"),
    "squared_hinge": (lambda x, y, p: (torch.clamp(1 - y * x, min=0) ** 2).mean(), "mean(max(0, 1 - y s)^2), target y in {-1,+1}"),
    "dice": (_dice, "1 - (2 sum(p y) + smooth)/(sum p + sum y + smooth), p=sigmoid(logits [N])"),
    "jaccard": (_jaccard, "1 - (sum(p y) + smooth)/(sum p + sum y - sum(p y) + smooth), p=sigmoid(logits [N])"),
    "cross_entropy": (
        lambda x, y, p: F.cross_entropy(
            x, y.long(), weight=t(p["weight"]) if "weight" in p else None, label_smoothing=p.get("label_smoothing", 0.0)
        ),
        "torch CrossEntropyLoss(weight, label_smoothing) on logits [N,C], integer targets",
    ),
    "multi_margin": (
        lambda x, y, p: F.multi_margin_loss(x, y.long(), margin=p["margin"]),
        "torch MultiMarginLoss(p=1, margin) on logits [N,C], integer targets",
    ),
    "kl_div": (
        lambda x, y, p: F.kl_div(F.log_softmax(x, dim=1), y, reduction="batchmean"),
        "KL(P||Q) with Q=softmax(input logits [N,C]), P=target rows (distributions): sum P (log P - log Q) / N "
        "(torch KLDivLoss batchmean on log_softmax)",
    ),
    "contrastive": (
        _contrastive,
        "mean(y d^2 + (1-y) max(0, margin - d)^2), d=||x1-x2||_2 (no eps), y=1 similar, 0 dissimilar; input={x1,x2} [N,E]",
    ),
    "triplet": (
        lambda x, y, p: F.triplet_margin_loss(x["anchor"], x["positive"], x["negative"], margin=p["margin"]),
        "torch TripletMarginLoss(margin, p=2) (pairwise_distance adds eps=1e-6 to the difference); "
        "input={anchor,positive,negative} [N,E]",
    ),
}


def differentiable(inp):
    """The input as tensors that take a gradient (one, or a dict of named ones), and the list of them."""
    if isinstance(inp, dict):
        x = {k: t(v).requires_grad_() for k, v in inp.items()}
        return x, list(x.values())
    x = t(inp).requires_grad_()
    return x, [x]


def loss_case(name, params, inp, target):
    fn, doc = LOSSES[name]
    x, leaves = differentiable(inp)
    value = fn(x, t(target), params)
    grads = torch.autograd.grad(value, leaves)
    if isinstance(inp, dict):
        grad = {k: floats(g) for k, g in zip(inp, grads)}
        inp = {k: floats(v) for k, v in inp.items()}
    else:
        grad, inp = floats(grads[0]), floats(inp)
    return {
        "kind": "loss",
        "name": name,
        "params": params,
        "doc": doc,
        "input": inp,
        "target": floats(target),
        "expected": {"value": value.item(), "grad": grad},
        "tolerance": TOL,
    }


def regression_cases(rng, scale):
    """Residuals of a few units, or (scale 30) of tens to a hundred: Huber and smooth L1 in their linear part."""
    inp = 5 * (scale * rng.standard_normal(N))
    target = scale * rng.standard_normal(N)
    cases = [loss_case(name, params, inp, target) for name, params in [
        ("mse", {}), ("mae", {}), ("huber", {"delta": 1.0}), ("smooth_l1", {"beta": 1.0}),
        ("huber", {"delta": 0.87}), ("smooth_l1", {"beta": 0.87}),
    ]]
    # cosh overflows past ~710: log_cosh gets the residuals without the scale.
    cases.append(loss_case("log_cosh", {}, inp / scale, target / scale))
    for q in (0.5, 1 - 0.7):  # 1 - 0.7 = 0.30000000000000004, deliberately not a round number
        cases.append(loss_case("quantile", {"q": q}, inp, target))
    return cases


def binary_cases(rng, scale):
    """Logits of order 1, or (scale 40) saturated ones where a naive sigmoid or log(1 + e^x) fails."""
    s = rng.standard_normal(N)
    logits = scale * s
    y = (rng.random(N) < 0.5).astype(np.float64)
    cases = [loss_case(name, params, logits, y) for name, params in [
        ("bce", {}), ("bce", {"pos_weight": 3.5}),
        ("focal", {"alpha": 0.25, "gamma": 2.0}), ("focal", {"alpha": 0.6, "gamma": 1.5}),
    ]]
    # Margin losses want scores near the hinge at 1, saturated or not.
    cases += [loss_case(name, {}, 0.7 * s, 2 * y - 1) for name in ("hinge", "squared_hinge")]
    cases += [loss_case(name, {"smooth": 1.0}, logits, y) for name in ("dice", "jaccard")]
    return cases


def multiclass_cases(rng, scale):
    """Four classes; scale 60 puts logits far apart, so softmax saturates (log-sum-exp must be shifted)."""
    logits = scale * rng.standard_normal((N, 4))
    y = rng.integers(0, 4, N)
    weight = np.round(0.2 + rng.random(4), 3).tolist()
    cases = [loss_case("cross_entropy", params, logits, y) for params in [
        {}, {"weight": weight}, {"label_smoothing": 0.1}, {"weight": weight, "label_smoothing": 0.1},
    ]]
    cases += [loss_case("focal", params, logits, y) for params in [{"alpha": 1.0, "gamma": 2.0}, {"alpha": 0.5, "gamma": 1.5}]]
    # The margin loss is linear in the logits: at scale 60 it would only test the same branch.
    cases += [loss_case("multi_margin", {"margin": m}, logits / scale, y) for m in (1.0, 0.75)]
    u = rng.random((N, 4)) + 0.05  # no zero probability: P log P stays finite
    cases.append(loss_case("kl_div", {}, logits, u / u.sum(axis=1, keepdims=True)))
    return cases


def embedding_cases(rng, margin):
    x1 = rng.standard_normal((N, 3))
    noise = rng.standard_normal((N, 3))
    far = rng.integers(0, 2, N)
    y = (rng.random(N) < 0.5).astype(np.float64)
    # Most pairs are close; the far ones can end up past the margin, where the dissimilar term is 0.
    pair = {"x1": x1, "x2": x1 + np.where(far[:, None] == 1, 1.5, 0.2) * noise}
    anchor = rng.standard_normal((N, 3))
    positive = anchor + 0.3 * rng.standard_normal((N, 3))
    negative = rng.standard_normal((N, 3))
    return [
        loss_case("contrastive", {"margin": margin}, pair, y),
        # Triplets have no target; the file carries zeros.
        loss_case("triplet", {"margin": margin}, {"anchor": anchor, "positive": positive, "negative": negative}, np.zeros(N)),
    ]


def loss_cases(rng):
    cases = regression_cases(rng, 1.0) + regression_cases(rng, 30.0)
    cases.append(loss_case("mse", {}, rng.standard_normal((N, 2)), rng.standard_normal((N, 2))))
    cases += binary_cases(rng, 1.0) + binary_cases(rng, 40.0)
    cases += multiclass_cases(rng, 1.0) + multiclass_cases(rng, 60.0)
    cases += embedding_cases(rng, 1.0) + embedding_cases(rng, 2.5)
    return cases


# ---------------------------------------------------------------------------------------------------
# Losses of the ranking, contrastive and multitask tasks: inputs other than one prediction array
# (named arrays, a `group` of query ids, or no target), each a formula in torch ops.

def exact_softplus(z):
    """log(1 + e^z) as max(z, 0) + log1p(e^-|z|): F.softplus turns linear above 20, off by up to 2e-9 there."""
    return torch.clamp(z, min=0) + torch.log1p(torch.exp(-z.abs()))


def _ranknet(s, rel, group, p):
    pairs = [(i, j) for i in range(len(rel)) for j in range(len(rel)) if group[i] == group[j] and rel[i] > rel[j]]
    if not pairs:
        return s.sum() * 0
    i, j = (torch.tensor(ix) for ix in zip(*pairs))
    return exact_softplus(-p["sigma"] * (s[i] - s[j])).mean()


def _listnet(s, rel, group, p):
    ids = sorted(set(group))
    terms = []
    for g in ids:
        rows = torch.tensor([i for i in range(len(group)) if group[i] == g])
        terms.append(-(torch.softmax(t(rel)[rows], 0) * torch.log_softmax(s[rows], 0)).sum())
    return torch.stack(terms).mean()


def _info_nce(x, p):
    n = x["z1"].shape[0]
    u = F.normalize(torch.cat([x["z1"], x["z2"]]), dim=1)
    sim = (u @ u.T / p["temperature"]).masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
    positives = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(sim, positives)


TASK_LOSSES = {
    "margin_ranking": (
        lambda x, y, g, p: F.margin_ranking_loss(x["x1"], x["x2"], y, margin=p["margin"]),
        "torch.nn.MarginRankingLoss(margin): mean_i max(0, -y_i (x1_i - x2_i) + margin); input={x1,x2} [N], target y in {-1,+1}",
    ),
    "ranknet": (
        lambda x, y, g, p: _ranknet(x, y, g, p),
        "RankNet: P = ordered pairs (i,j) with group_i == group_j and target_i > target_j (rows unsorted); "
        "loss = mean over P of softplus(-sigma (s_i - s_j)), softplus exact (max(z,0) + log1p(exp(-|z|))); "
        "no pair: loss 0, gradient 0. input = scores [N], target = relevance [N], group [N] (query ids)",
    ),
    "listnet": (
        lambda x, y, g, p: _listnet(x, y, g, p),
        "ListNet top-one, temperature 1: per distinct group g, L_g = -sum_i softmax(target_g)_i log_softmax(s_g)_i; "
        "loss = mean of L_g over the distinct groups (a one-row group gives 0 and counts). input = scores [N], target = relevance [N], group [N]",
    ),
    "info_nce": (
        lambda x, y, g, p: _info_nce(x, p),
        "NT-Xent (SimCLR): u = F.normalize(concat(z1, z2)) [2N,D]; S = u u^T / temperature with S_rr = -inf; "
        "pos(r) = r + N (r < N) or r - N; loss = (1/2N) sum_r [log sum_{c != r} exp(S_rc) - S_{r,pos(r)}]; input={z1,z2} [N,D], target null",
    ),
    "uncertainty_weighting": (
        lambda x, y, g, p: (x["losses"] / (2 * torch.exp(x["log_vars"])) + x["log_vars"] / 2).sum(),
        "homoscedastic uncertainty weighting (Kendall et al. 2018, LibMTL's UW): sum_k [losses_k / (2 exp(log_vars_k)) + log_vars_k / 2] "
        "(a sum over tasks); input={losses [K], log_vars [K]}, target null",
    ),
}


def task_loss_case(name, params, inp, target=None, group=None):
    if name in GAN_LOSSES:
        fn, doc = GAN_LOSSES[name]
        fn = (lambda f: lambda x, y, g, p: f(x))(fn)
    else:
        fn, doc = TASK_LOSSES[name]
    x, leaves = differentiable(inp)
    group_ids = None if group is None else [int(v) for v in group]
    value = fn(x, None if target is None else t(target), group_ids, params)
    grads = torch.autograd.grad(value, leaves)
    case = {"kind": "loss", "name": name, "params": params, "doc": doc}
    if isinstance(inp, dict):
        case["input"] = {k: floats(v) for k, v in inp.items()}
        grad = {k: floats(g) for k, g in zip(inp, grads)}
    else:
        case["input"], grad = floats(inp), floats(grads[0])
    case["target"] = None if target is None else floats(target)
    if group is not None:
        case["group"] = group_ids
    case.update(expected={"value": value.item(), "grad": grad}, tolerance=TOL)
    return case


def task_loss_cases(rng):
    cases = []
    for margin in (0.0, 0.5, 1.0):
        pair = {"x1": rng.standard_normal(N), "x2": rng.standard_normal(N)}
        cases.append(task_loss_case("margin_ranking", {"margin": margin}, pair, np.where(rng.random(N) < 0.5, -1.0, 1.0)))
    # Ten rows in three queries (unsorted), one of them a single row; relevance 0..3 with ties.
    group = [2, 5, 2, 9, 5, 2, 5, 2, 5, 5]
    for name, params, scale in [("ranknet", {"sigma": 1.0}, 1.0), ("ranknet", {"sigma": 0.5}, 1.0), ("ranknet", {"sigma": 2.0}, 15.0),
                                ("listnet", {}, 1.0), ("listnet", {}, 30.0)]:
        cases.append(task_loss_case(name, params, scale * rng.standard_normal(10), rng.integers(0, 4, 10).astype(np.float64), group))
    # Equal relevance everywhere: RankNet has no pair.
    cases.append(task_loss_case("ranknet", {"sigma": 1.0}, rng.standard_normal(4), np.ones(4), [1, 1, 3, 3]))
    for n, d, temperature in [(4, 3, 0.5), (3, 5, 0.1), (2, 2, 1.0)]:
        views = {"z1": rng.standard_normal((n, d)), "z2": rng.standard_normal((n, d))}
        cases.append(task_loss_case("info_nce", {"temperature": temperature}, views))
    for k in (2, 3):
        tasks = {"losses": rng.random(k) * 3, "log_vars": rng.standard_normal(k)}
        cases.append(task_loss_case("uncertainty_weighting", {}, tasks))
    return cases


# Adversarial losses: a discriminator's raw outputs (logits for BCE) on real rows and on generated ones.

GAN_LOSSES = {
    "gan_d_bce": (
        lambda x: exact_softplus(-x["real"]).mean() + exact_softplus(x["fake"]).mean(),
        "discriminator BCE on logits: mean_i softplus(-real_i) + mean_j softplus(fake_j), softplus exact; input={real [N], fake [M]}",
    ),
    "gan_g_bce": (lambda x: exact_softplus(-x["fake"]).mean(), "non-saturating generator: mean_j softplus(-fake_j), softplus exact; input={fake [M]}"),
    "gan_g_minimax": (lambda x: -exact_softplus(x["fake"]).mean(), "minimax generator: mean_j log(1 - sigmoid(fake_j)) = -mean_j softplus(fake_j); input={fake [M]}"),
    "lsgan_d": (
        lambda x: 0.5 * ((x["real"] - 1) ** 2).mean() + 0.5 * (x["fake"] ** 2).mean(),
        "LSGAN discriminator: 0.5 mean_i (real_i - 1)^2 + 0.5 mean_j fake_j^2; input={real [N], fake [M]}",
    ),
    "lsgan_g": (lambda x: 0.5 * ((x["fake"] - 1) ** 2).mean(), "LSGAN generator: 0.5 mean_j (fake_j - 1)^2; input={fake [M]}"),
    "wgan_critic": (lambda x: x["fake"].mean() - x["real"].mean(), "WGAN critic: mean_j fake_j - mean_i real_i; input={real [N], fake [M]}"),
    "wgan_g": (lambda x: -x["fake"].mean(), "WGAN generator: -mean_j fake_j; input={fake [M]}"),
    "hinge_gan_d": (
        lambda x: torch.relu(1 - x["real"]).mean() + torch.relu(1 + x["fake"]).mean(),
        "hinge discriminator: mean_i max(0, 1 - real_i) + mean_j max(0, 1 + fake_j) (no value on a kink); input={real [N], fake [M]}",
    ),
    "hinge_gan_g": (lambda x: -x["fake"].mean(), "hinge generator: -mean_j fake_j; input={fake [M]}"),
}


GAN_CRITIC_LOSSES = ("gan_d_bce", "lsgan_d", "wgan_critic", "hinge_gan_d")


def gan_loss_cases(rng):
    """Each loss at moderate logits, at logits far past softplus's linear switch (|z| up to 800), and with
    more real rows than generated ones. Values are nudged off the hinges' kinks at +-1."""
    def outputs(n, scale):
        v = scale * rng.standard_normal(n)
        return np.where(np.abs(np.abs(v) - 1) < 1e-3, v + 0.01, v)
    cases = []
    for n_real, n_fake, scale in [(5, 5, 1.0), (4, 4, 40.0), (6, 3, 300.0)]:
        real, fake = outputs(n_real, scale), outputs(n_fake, scale)
        if scale > 100:
            real[0], fake[0] = 800.0, -800.0
        for name in GAN_LOSSES:
            inp = {"real": real, "fake": fake} if name in GAN_CRITIC_LOSSES else {"fake": fake}
            cases.append(task_loss_case(name, {}, inp))
    return cases


# ---------------------------------------------------------------------------------------------------
# Optimizers: two tensors (a 3x2 weight and a bias of 2), 12 steps. The gradient at step t is that of
# sum(2 log cosh p) at the current parameters plus noise, 2 tanh(p) + 0.3 n, so it follows the path;
# step 5 is a spike, 50 times that, which the running averages must absorb.

class NAdam2(torch.optim.Optimizer):
    """NAdam as torch.optim.NAdam since PyTorch 2.0: 1.13's _single_tensor_nadam with 2.0's one fix, 1.13
    computing mu_product_next as mu_product * mu * mu_next (one mu too many). With
    mu_t = b1 (1 - 0.5 * 0.96^(t psi)):
        g += weight_decay p;  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
        d = sqrt(v / (1 - b2^t)) + eps
        p -= lr (1 - mu_t) / (1 - prod_{i<=t} mu_i) g / d + lr mu_{t+1} / (1 - prod_{i<=t+1} mu_i) m / d
    """

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, momentum_decay=momentum_decay))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            lr, eps, psi = group["lr"], group["eps"], group["momentum_decay"]
            for p in group["params"]:
                state = self.state[p]
                if not state:
                    state.update(step=0, mu_product=1.0, exp_avg=torch.zeros_like(p), exp_avg_sq=torch.zeros_like(p))
                state["step"] += 1
                step = state["step"]
                grad = p.grad
                if group["weight_decay"] != 0:
                    grad = grad.add(p, alpha=group["weight_decay"])
                bias_correction2 = 1 - beta2**step
                mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * psi)))
                mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * psi)))
                state["mu_product"] *= mu
                mu_product_next = state["mu_product"] * mu_next
                state["exp_avg"].mul_(beta1).add_(grad, alpha=1 - beta1)
                state["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = state["exp_avg_sq"].div(bias_correction2).sqrt().add_(eps)
                p.addcdiv_(grad, denom, value=-lr * (1.0 - mu) / (1.0 - state["mu_product"]))
                p.addcdiv_(state["exp_avg"], denom, value=-lr * mu_next / (1.0 - mu_product_next))


class Lion(torch.optim.Optimizer):
    """Lion (Chen et al. 2023, Algorithm 2; as lucidrains/lion-pytorch), in no PyTorch release:
        p *= 1 - lr wd;  p -= lr sign(b1 m + (1 - b1) g);  m = b2 m + (1 - b2) g
    """

    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                state = self.state[p]
                if not state:
                    state["exp_avg"] = torch.zeros_like(p)
                p.mul_(1 - group["lr"] * group["weight_decay"])
                update = state["exp_avg"].mul(beta1).add(p.grad, alpha=1 - beta1).sign_()
                p.add_(update, alpha=-group["lr"])
                state["exp_avg"].mul_(beta2).add_(p.grad, alpha=1 - beta2)


class Adan(torch.optim.Optimizer):
    """Adan as the official implementation (sail-sg/Adan adan.py, _single_tensor_adan), in no PyTorch
    release; betas are the moving-average factors. The whole gradient is first scaled to max_grad_norm
    (eps added to its norm) when that is > 0; the first step's gradient difference is 0."""

    def __init__(self, params, lr=1e-3, betas=(0.98, 0.92, 0.99), eps=1e-8, weight_decay=0.0, no_prox=False, max_grad_norm=0.0):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, no_prox=no_prox, max_grad_norm=max_grad_norm))

    @torch.no_grad()
    def step(self):
        params = [p for group in self.param_groups for p in group["params"]]
        max_norm, eps = self.defaults["max_grad_norm"], self.defaults["eps"]
        clip = 1.0
        if max_norm > 0:
            norm = torch.sqrt(sum(p.grad.pow(2).sum() for p in params))
            clip = torch.clamp(max_norm / (norm + eps), max=1.0).item()
        for group in self.param_groups:
            beta1, beta2, beta3 = group["betas"]
            lr, wd = group["lr"], group["weight_decay"]
            group["step"] = group.get("step", 0) + 1
            k = group["step"]
            bias_correction1 = 1.0 - beta1**k
            bias_correction2 = 1.0 - beta2**k
            bias_correction3_sqrt = math.sqrt(1.0 - beta3**k)
            for p in group["params"]:
                state = self.state[p]
                grad = p.grad.mul(clip)
                if not state:
                    state.update(exp_avg=torch.zeros_like(p), exp_avg_diff=torch.zeros_like(p), exp_avg_sq=torch.zeros_like(p), pre_grad=grad.clone())
                diff = grad - state["pre_grad"]
                update = grad + beta2 * diff
                state["exp_avg"].mul_(beta1).add_(grad, alpha=1 - beta1)
                state["exp_avg_diff"].mul_(beta2).add_(diff, alpha=1 - beta2)
                state["exp_avg_sq"].mul_(beta3).addcmul_(update, update, value=1 - beta3)
                denom = (state["exp_avg_sq"].sqrt() / bias_correction3_sqrt).add_(eps)
                update = (state["exp_avg"] / bias_correction1 + beta2 * state["exp_avg_diff"] / bias_correction2).div_(denom)
                if group["no_prox"]:
                    p.mul_(1 - lr * wd)
                    p.add_(update, alpha=-lr)
                else:
                    p.add_(update, alpha=-lr)
                    p.div_(1 + lr * wd)
                state["pre_grad"].copy_(grad)


OPTIMIZERS = {
    "sgd": torch.optim.SGD,
    "adagrad": torch.optim.Adagrad,
    "rmsprop": torch.optim.RMSprop,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "nadam": NAdam2,
    "radam": torch.optim.RAdam,
    "adamax": torch.optim.Adamax,
    "adadelta": torch.optim.Adadelta,
    "lion": Lion,
    "adan": Adan,
}


def make_optimizer(name, params, settings):
    """The optimizer `name` with the case's settings (JSON lists become the tuples torch wants)."""
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in settings.items()}
    return OPTIMIZERS[name](params, **kwargs)


def optimizer_case(rng, name, params, doc, steps=12, spike_at=5):
    settings = dict(params)
    clip_norm = settings.pop("clip_norm", None)
    tensors = [t(rng.standard_normal((3, 2))), t(rng.standard_normal(2))]
    initial = [floats(p) for p in tensors]
    for p in tensors:
        p.requires_grad_()
    opt = make_optimizer(name, tensors, settings)
    grads, expected = [], []
    for step in range(steps):
        with torch.no_grad():
            g = [2 * torch.tanh(p) + 0.3 * t(rng.standard_normal(tuple(p.shape))) for p in tensors]
            if step == spike_at:
                g = [x * 50 for x in g]
        grads.append([floats(x) for x in g])
        for p, x in zip(tensors, g):
            p.grad = x.clone()
        if clip_norm is not None:
            torch.nn.utils.clip_grad_norm_(tensors, clip_norm)
        opt.step()
        expected.append([floats(p) for p in tensors])
    return {
        "kind": "optimizer",
        "name": name,
        "params": params,
        "doc": doc,
        "initial": initial,
        "grads": grads,
        "expected": expected,
        "tolerance": TOL,
    }


def optimizer_cases(rng):
    lr = 0.013
    return [optimizer_case(rng, *c) for c in [
        ("sgd", {"lr": lr}, "torch.optim.SGD"),
        ("sgd", {"lr": lr, "momentum": 0.9}, "torch.optim.SGD (heavy ball: v = mu v + g; p -= lr v)"),
        ("sgd", {"lr": lr, "momentum": 0.8, "dampening": 0.1, "weight_decay": 0.01}, "torch.optim.SGD"),
        ("sgd", {"lr": lr, "momentum": 0.9, "nesterov": True}, "torch.optim.SGD nesterov"),
        ("adagrad", {"lr": 0.052}, "torch.optim.Adagrad"),
        ("adagrad", {"lr": 0.052, "lr_decay": 0.01, "weight_decay": 0.02, "initial_accumulator_value": 0.1, "eps": 1e-10}, "torch.optim.Adagrad"),
        ("rmsprop", {"lr": 0.0026, "alpha": 0.9}, "torch.optim.RMSprop"),
        ("rmsprop", {"lr": 0.0026, "alpha": 0.95, "momentum": 0.5, "centered": True, "weight_decay": 0.01}, "torch.optim.RMSprop centered"),
        ("adam", {"lr": lr}, "torch.optim.Adam"),
        ("adam", {"lr": lr, "betas": [0.8, 0.99], "eps": 1e-06, "weight_decay": 0.05}, "torch.optim.Adam (coupled L2)"),
        ("adam", {"lr": lr, "amsgrad": True}, "torch.optim.Adam amsgrad"),
        ("adamw", {"lr": lr, "weight_decay": 0.1}, "torch.optim.AdamW (decoupled)"),
        ("adamw", {"lr": lr}, "torch.optim.AdamW default weight_decay=0.01"),
        ("nadam", {"lr": lr}, "NAdam as torch.optim.NAdam >= 2.0 (momentum_decay=4e-3; mu_product_next = mu_product * mu_next)"),
        ("radam", {"lr": lr}, "torch.optim.RAdam"),
        ("adamax", {"lr": lr}, "torch.optim.Adamax"),
        ("adadelta", {"lr": 1.0, "rho": 0.9}, "torch.optim.Adadelta"),
        ("lion", {"lr": 0.0013, "betas": [0.9, 0.99], "weight_decay": 0.1},
         "Lion (Chen et al. 2023): decoupled decay p *= 1 - lr wd, then p -= lr sign(b1 m + (1-b1) g); m = b2 m + (1-b2) g"),
        ("sgd", {"lr": lr, "clip_norm": 1.0},
         "clip_grad_norm_(max_norm) over all tensors (coef = max_norm/(total_norm+1e-6), only when < 1), then torch.optim.SGD"),
    ]]


ADAN_DOC = (
    "Adan, official sail-sg/Adan adan.py (_single_tensor_adan), betas (b1, b2, b3) are moving-average factors, k = 1, 2, ...: "
    "c = min(1, max_grad_norm/(sqrt(sum of g^2 over all tensors) + eps)) if max_grad_norm > 0 else 1; g = c grad; "
    "d = g - g_prev (0 at k = 1); m = b1 m + (1-b1) g; diff = b2 diff + (1-b2) d; n = b3 n + (1-b3) (g + b2 d)^2; "
    "u = (m/(1-b1^k) + b2 diff/(1-b2^k)) / (sqrt(n)/sqrt(1-b3^k) + eps); "
    "no_prox: p = p (1 - lr wd) - lr u; else p = (p - lr u)/(1 + lr wd); g_prev = g"
)


def adan_cases(rng):
    """Adan over the same gradient path as the other optimizers, from its own stream (see main)."""
    return [optimizer_case(rng, "adan", params, ADAN_DOC) for params in [
        {"lr": 0.01},
        {"lr": 0.01, "weight_decay": 0.02},
        {"lr": 0.01, "weight_decay": 0.02, "no_prox": True},
        {"lr": 0.05, "betas": [0.9, 0.8, 0.999], "eps": 1e-6},
        {"lr": 0.01, "weight_decay": 0.02, "max_grad_norm": 1.0},
        {"lr": 0.02, "max_grad_norm": 100.0},
    ]]


# ---------------------------------------------------------------------------------------------------
# Layers: a forward pass on `input`, then backward with a given upstream gradient `grad_output`.

BATCH_NORM_DOC = {
    "train": "torch.nn.BatchNorm1d(F, eps, momentum) in training mode on x [N,F]: mu = mean_n x, var = mean_n (x - mu)^2 "
             "(biased), xhat = (x - mu)/sqrt(var + eps), output = weight xhat + bias; grad_input through mu and var; "
             "grad_weight = sum_n g xhat, grad_bias = sum_n g; running_mean <- (1 - momentum) running_mean + momentum mu, "
             "running_var <- (1 - momentum) running_var + momentum var N/(N - 1) (unbiased)",
    "eval": "torch.nn.BatchNorm1d(F, eps, momentum) in eval mode: xhat = (x - running_mean)/sqrt(running_var + eps), "
            "output = weight xhat + bias; grad_input = g weight/sqrt(running_var + eps); running stats unchanged",
}


def batch_norm_case(rng, mode, n, f, eps=1e-5, momentum=0.1, constant=(), tiny=()):
    x = rng.standard_normal((n, f))
    for j in constant:  # a feature with variance exactly 0
        x[:, j] = x[0, j]
    for j in tiny:  # a variance of about 1e-12, far below eps
        x[:, j] = 0.7 + 1e-6 * rng.standard_normal(n)
    weight, bias = rng.standard_normal(f), rng.standard_normal(f)
    running_mean, running_var = rng.standard_normal(f), 0.5 + rng.random(f)
    grad_output = rng.standard_normal((n, f))
    bn = torch.nn.BatchNorm1d(f, eps=eps, momentum=momentum)
    with torch.no_grad():
        bn.weight.copy_(t(weight))
        bn.bias.copy_(t(bias))
        bn.running_mean.copy_(t(running_mean))
        bn.running_var.copy_(t(running_var))
    bn.train(mode == "train")
    xs = t(x).requires_grad_()
    out = bn(xs)
    out.backward(t(grad_output))
    return {
        "kind": "layer",
        "name": "batch_norm",
        "params": {"mode": mode, "eps": eps, "momentum": momentum},
        "doc": BATCH_NORM_DOC[mode],
        "input": {"x": floats(x), "weight": floats(weight), "bias": floats(bias),
                  "running_mean": floats(running_mean), "running_var": floats(running_var)},
        "grad_output": floats(grad_output),
        "expected": {"output": floats(out), "grad_input": floats(xs.grad), "grad_weight": floats(bn.weight.grad),
                     "grad_bias": floats(bn.bias.grad), "running_mean": floats(bn.running_mean), "running_var": floats(bn.running_var)},
        "tolerance": TOL,
    }


def dropout_case(rng, p, n, f):
    x = rng.standard_normal((n, f))
    mask = (rng.random((n, f)) >= p).astype(np.float64)
    grad_output = rng.standard_normal((n, f))
    xs = t(x).requires_grad_()
    # torch.nn.Dropout's own scaling, x * (mask / (1 - p)), with the mask given instead of drawn.
    out = xs * (t(mask) / (1 - p))
    out.backward(t(grad_output))
    return {
        "kind": "layer",
        "name": "dropout",
        "params": {"p": p},
        "doc": "inverted dropout with a given keep mask [N,F] of 0/1: output = x mask/(1 - p), grad_input = grad_output mask/(1 - p)",
        "input": {"x": floats(x), "mask": floats(mask)},
        "grad_output": floats(grad_output),
        "expected": {"output": floats(out), "grad_input": floats(xs.grad)},
        "tolerance": TOL,
    }


def layer_cases(rng):
    return [
        batch_norm_case(rng, "train", 6, 3),
        batch_norm_case(rng, "train", 2, 3),
        batch_norm_case(rng, "train", 5, 4, eps=1e-3, momentum=0.3, constant=[1], tiny=[2]),
        batch_norm_case(rng, "train", 4, 2, momentum=0.0),
        batch_norm_case(rng, "train", 3, 2, momentum=1.0, constant=[0]),
        batch_norm_case(rng, "eval", 5, 3),
        batch_norm_case(rng, "eval", 3, 2, eps=1e-4, momentum=0.2),
        dropout_case(rng, 0.2, 4, 3),
        dropout_case(rng, 0.0, 3, 2),
        dropout_case(rng, 0.5, 5, 4),
        dropout_case(rng, 0.75, 5, 4),
    ]


# ---------------------------------------------------------------------------------------------------
# Schedules: the learning rate a torch scheduler gives step t (read before the step), on a throwaway
# SGD optimizer. The few that are not torch classes are their formula, evaluated per step.

BASE_LR = 0.03

# A loss that improves, stalls, improves, then stays flat: ReduceLROnPlateau acts in every phase.
PLATEAU_METRICS = [1.0, 0.9, 0.85, 0.84, 0.86, 0.85, 0.849, 0.85, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75, 0.69] + [0.7] * 10


def torch_lrs(make_scheduler, steps, metrics=None):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=BASE_LR)
    scheduler = make_scheduler(opt)
    lrs = []
    for step in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step(metrics[step]) if metrics else scheduler.step()
    return lrs


def warmup_cosine(step, warmup_steps, total_steps):
    if step < warmup_steps:
        return BASE_LR * step / warmup_steps
    progress = min(1, (step - warmup_steps) / (total_steps - warmup_steps))
    return BASE_LR * (1 + math.cos(math.pi * progress)) / 2


def schedule_case(name, params, steps, doc, lrs, metrics=None):
    case = {
        "kind": "schedule",
        "name": name,
        "params": params,
        "base_lr": BASE_LR,
        "steps": steps,
        "doc": doc,
        "expected": lrs,
        "tolerance": SCHEDULE_TOL,
    }
    if metrics is not None:
        case["metrics"] = metrics
    return case


def schedule_cases():
    S = torch.optim.lr_scheduler

    def torch_case(name, params, steps, doc, make, metrics=None):
        return schedule_case(name, params, steps, doc, torch_lrs(make, steps, metrics), metrics)

    def formula_case(name, params, steps, doc, lr):
        return schedule_case(name, params, steps, doc, [lr(step) for step in range(steps)])

    one_cycle = [
        ({"max_lr": 0.3, "total_steps": 50, "pct_start": 0.3, "anneal_strategy": "cos", "div_factor": 25.0, "final_div_factor": 10000.0},
         "torch OneCycleLR (three_phase=False, cycle_momentum=False); base_lr is ignored: starts at max_lr/div_factor"),
        ({"max_lr": 0.3, "total_steps": 40, "pct_start": 0.25, "anneal_strategy": "linear", "div_factor": 10.0, "final_div_factor": 100.0},
         "torch OneCycleLR linear annealing"),
    ]
    plateau = [
        ({"mode": "min", "factor": 0.5, "patience": 2, "threshold": 0.0001, "threshold_mode": "rel", "cooldown": 0, "min_lr": 0.0},
         "torch ReduceLROnPlateau, stepped with metrics[t] after step t; expected[t] is the lr used at step t"),
        # min_lr = 0.03 / 500 sits between the second and third reductions, so the floor is hit.
        ({"mode": "min", "factor": 0.1, "patience": 2, "threshold": 0.01, "threshold_mode": "abs", "cooldown": 2, "min_lr": 0.03 / 500},
         "torch ReduceLROnPlateau abs threshold with cooldown and min_lr"),
    ]
    return [
        formula_case("constant", {}, 10, "lr_t = base", lambda step: BASE_LR),
        torch_case("step", {"step_size": 8, "gamma": 0.5}, 40, "torch StepLR: base * gamma^floor(t/step_size)",
                   lambda o: S.StepLR(o, step_size=8, gamma=0.5)),
        torch_case("multistep", {"milestones": [5, 13, 30], "gamma": 0.3}, 40, "torch MultiStepLR",
                   lambda o: S.MultiStepLR(o, milestones=[5, 13, 30], gamma=0.3)),
        torch_case("exponential", {"gamma": 0.92}, 30, "torch ExponentialLR: base * gamma^t", lambda o: S.ExponentialLR(o, gamma=0.92)),
        # LambdaLR multiplies: base * (1 / (1 + decay_rate t)), which rounds differently from the division.
        torch_case("inverse_time", {"decay_rate": 0.1}, 30, "base / (1 + decay_rate t)",
                   lambda o: S.LambdaLR(o, lambda step: 1 / (1 + 0.1 * step))),
        torch_case("polynomial", {"total_iters": 21, "power": 2.0}, 30, "torch PolynomialLR: base (1 - min(t,T)/T)^power",
                   lambda o: S.PolynomialLR(o, total_iters=21, power=2.0)),
        # Past T_max torch's recursive form climbs back up while Loss Lab holds eta_min: one step past it only.
        torch_case("cosine", {"T_max": 26, "eta_min": 0.001}, 27,
                   "eta_min + (base - eta_min)(1 + cos(pi t/T_max))/2 for t <= T_max (compare only 0..T_max)",
                   lambda o: S.CosineAnnealingLR(o, T_max=26, eta_min=0.001)),
        torch_case("cosine_restarts", {"T_0": 6, "T_mult": 2, "eta_min": 0.0}, 60,
                   "torch CosineAnnealingWarmRestarts (SGDR), stepped once per step with no fractional epochs",
                   lambda o: S.CosineAnnealingWarmRestarts(o, T_0=6, T_mult=2, eta_min=0.0)),
        torch_case("linear", {"start_factor": 0.1, "end_factor": 1.0, "total_iters": 9}, 20,
                   "torch LinearLR: factor goes linearly from start_factor to end_factor over total_iters, then stays",
                   lambda o: S.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=9)),
        *[torch_case("one_cycle", p, p["total_steps"], doc, lambda o, p=p: S.OneCycleLR(o, cycle_momentum=False, **p))
          for p, doc in one_cycle],
        torch_case("cyclic", {"base_lr": 0.003, "max_lr": 0.03, "step_size_up": 7, "mode": "triangular"}, 40, "torch CyclicLR triangular",
                   lambda o: S.CyclicLR(o, base_lr=0.003, max_lr=0.03, step_size_up=7, mode="triangular", cycle_momentum=False)),
        torch_case("cyclic", {"base_lr": 0.003, "max_lr": 0.03, "step_size_up": 5, "mode": "triangular2"}, 40, "torch CyclicLR triangular2",
                   lambda o: S.CyclicLR(o, base_lr=0.003, max_lr=0.03, step_size_up=5, mode="triangular2", cycle_momentum=False)),
        formula_case("warmup_cosine", {"warmup_steps": 11, "total_steps": 50}, 55,
                     "t < warmup: base t/warmup; then base (1 + cos(pi min(1,(t-warmup)/(total-warmup))))/2",
                     lambda step: warmup_cosine(step, 11, 50)),
        *[torch_case("reduce_on_plateau", p, len(PLATEAU_METRICS), doc, lambda o, p=p: S.ReduceLROnPlateau(o, **p), PLATEAU_METRICS)
          for p, doc in plateau],
    ]


# ---------------------------------------------------------------------------------------------------
# Train cases: a small MLP trained full batch on 27 rows of 4 features, through the same loss,
# optimizer and scheduler classes as above, with L1/L2 on the weights and gradient clipping.

TRAIN_DOC = """Full-batch (or unshuffled mini-batch) training of a small MLP, everything float64, PyTorch as oracle.

    data: rows of features `x` and target `y`; model: Linear layers sizes, activation between them, none at the end.
    weights given in PyTorch layout: weight [out][in], bias [out]. Loss is applied to the raw last-layer output
    (logits for classification). Reports loss of each step (before the update) and final parameters."""

REGULARIZATION_DOC = "weights only; l2 penalty is 0.5*l2*sum(w^2), l1 is l1*sum(|w|); reported loss excludes the penalty"

ACTIVATIONS = {
    "tanh": torch.tanh,
    "relu": F.relu,
    "gelu": F.gelu,  # the exact (erf) form
    "leaky_relu": F.leaky_relu,  # slope 0.01
    "sigmoid": torch.sigmoid,
    "elu": F.elu,  # alpha 1
}

TRAIN_SCHEDULES = {
    "cosine": torch.optim.lr_scheduler.CosineAnnealingLR,
    "step": torch.optim.lr_scheduler.StepLR,
    "exponential": torch.optim.lr_scheduler.ExponentialLR,
}

ROWS = 27


def grad_norm(params):
    """The 2-norm of the whole gradient, as one sum of squares. (clip_grad_norm_ returns the norm of
    the per-tensor norms, which can differ in the last digit.)"""
    return torch.sqrt(sum((p.grad**2).sum() for p in params)).item()


def mlp_forward(layers, act, xs):
    """The MLP of the train cases: `act` between the Linear layers, none after the last."""
    h = xs
    for i, layer in enumerate(layers):
        h = layer(h)
        if i < len(layers) - 1:
            h = act(h)
    return h


def as_target(h):
    """One output is a column; the losses take it as a vector like the targets."""
    return h.squeeze(1) if h.shape[1] == 1 else h


def train_data(rng, task):
    """Targets that a small MLP can learn: a noisy linear function (plus a sine), its sign, or the
    largest of the first three features."""
    x = rng.standard_normal((ROWS, 4))
    if task == "regression":
        w = rng.standard_normal(4)
        y = x @ w + 0.5 * np.sin(x[:, 0]) + 0.1 * rng.standard_normal(ROWS)
    elif task == "binary":
        w = rng.standard_normal(4)
        y = (x @ w + 0.3 * rng.standard_normal(ROWS) > 0).astype(np.float64)
    else:
        y = np.argmax(x[:, :3] + 0.3 * rng.standard_normal((ROWS, 3)), axis=1)
    return x, y


def train_case(rng, task, sizes, activation, loss, optimizer, schedule=None, l1=0, l2=0, clip_norm=None, steps=30):
    x, y = train_data(rng, task)
    # nn.Linear's initialisation, drawn from torch's generator (seeded once before the first case).
    layers = [torch.nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
    initial = [{"weight": floats(l.weight), "bias": floats(l.bias)} for l in layers]
    params = [p for l in layers for p in (l.weight, l.bias)]
    weights = [l.weight for l in layers]
    act = ACTIVATIONS[activation]
    loss_fn = LOSSES[loss["name"]][0]
    opt = make_optimizer(optimizer["name"], params, optimizer["params"])
    scheduler = TRAIN_SCHEDULES[schedule["name"]](opt, **schedule["params"]) if schedule else None
    xs, ys = t(x), t(y)

    def forward():
        return as_target(mlp_forward(layers, act, xs))

    losses, lrs, norms = [], [], []
    for _ in range(steps):
        opt.zero_grad()
        data_loss = loss_fn(forward(), ys, loss["params"])
        # The penalty is in the gradient, not in the reported loss.
        penalty = sum(0.5 * l2 * (w**2).sum() + l1 * w.abs().sum() for w in weights)
        (data_loss + penalty).backward()
        norms.append(grad_norm(params))
        if clip_norm is not None:
            torch.nn.utils.clip_grad_norm_(params, clip_norm)
        losses.append(data_loss.item())
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        if scheduler:
            scheduler.step()
    return {
        "kind": "train",
        "task": task,
        "doc": TRAIN_DOC,
        "data": {"x": floats(x), "y": floats(y)},
        "model": {"sizes": sizes, "activation": activation, "initial": initial},
        "loss": loss,
        "optimizer": optimizer,
        "schedule": schedule,
        "regularization": {"l2": l2, "l1": l1, "applies_to": REGULARIZATION_DOC},
        "clip_norm": clip_norm,
        "batch": "full",
        "steps": steps,
        "expected": {
            "loss": losses,
            "lr": lrs,
            "grad_norm_before_clip": norms,
            "final": [{"weight": floats(l.weight), "bias": floats(l.bias)} for l in layers],
        },
        "tolerance": TRAIN_TOL,
    }


def train_cases(rng):
    torch.manual_seed(SEED)
    return [
        train_case(rng, "regression", [4, 6, 1], "tanh", {"name": "mse", "params": {}}, {"name": "sgd", "params": {"lr": 0.05, "momentum": 0.9}}),
        train_case(rng, "regression", [4, 8, 8, 1], "relu", {"name": "huber", "params": {"delta": 0.5}}, {"name": "adam", "params": {"lr": 0.01}},
                   schedule={"name": "cosine", "params": {"T_max": 30, "eta_min": 0.0}}, clip_norm=1.0),
        train_case(rng, "binary", [4, 5, 1], "gelu", {"name": "bce", "params": {}}, {"name": "adamw", "params": {"lr": 0.02, "weight_decay": 0.05}},
                   schedule={"name": "step", "params": {"step_size": 10, "gamma": 0.5}}),
        train_case(rng, "binary", [4, 6, 1], "leaky_relu", {"name": "focal", "params": {"alpha": 0.25, "gamma": 2.0}},
                   {"name": "rmsprop", "params": {"lr": 0.005}}, l1=0.001),
        train_case(rng, "multiclass", [4, 7, 3], "relu", {"name": "cross_entropy", "params": {"label_smoothing": 0.1}},
                   {"name": "adam", "params": {"lr": 0.01}}, l2=0.001, clip_norm=0.5),
        train_case(rng, "multiclass", [4, 6, 3], "sigmoid", {"name": "multi_margin", "params": {"margin": 1.0}},
                   {"name": "sgd", "params": {"lr": 0.1, "nesterov": True, "momentum": 0.9}},
                   schedule={"name": "exponential", "params": {"gamma": 0.97}}),
    ]


RANKING_DOC = """Ranking, full batch: an MLP scorer s = MLP(x)[:, 0] (Linear layers `sizes`, `activation` between them; a
    linear scorer when sizes has two entries); rows grouped by `group` (query ids, rows unsorted), relevance in
    `relevance`. Losses: ranknet and listnet exactly as the loss cases of those names; margin_ranking = mean over the
    same ordered pairs (relevance_i > relevance_j in one group) of max(0, margin - (s_i - s_j)); mse = mean((s -
    relevance)^2); lambdarank = sum over pairs of w_ij softplus(-sigma (s_i - s_j)) / sum of w_ij, where w_ij =
    |(2^rel_i - 2^rel_j)(1/log2(2 + pos_i) - 1/log2(2 + pos_j))| / IDCG_g is a constant of the step (positions
    0-based by descending current score, ties by row order; IDCG_g the group's DCG by descending relevance).
    torch.optim optimizers. expected.loss[t] = loss before step t, expected.final = weights after the last step."""


def _pairs(rel, group):
    return [(i, j) for i in range(len(rel)) for j in range(len(rel)) if group[i] == group[j] and rel[i] > rel[j]]


def _lambdarank(s, rel, group, p):
    pairs = _pairs(rel, group)
    if not pairs:
        return s.sum() * 0
    with torch.no_grad():
        pos, ideal = {}, {}
        for g in set(group):
            rows = [i for i in range(len(group)) if group[i] == g]
            ranked = sorted(rows, key=lambda i: -s[i].item())  # stable: ties keep row order
            pos.update({row: k for k, row in enumerate(ranked)})
            best = sorted(rows, key=lambda i: -rel[i])
            ideal[g] = sum((2.0 ** rel[row] - 1) / math.log2(k + 2) for k, row in enumerate(best))
        w = torch.tensor([abs((2.0 ** rel[i] - 2.0 ** rel[j]) * (1 / math.log2(pos[i] + 2) - 1 / math.log2(pos[j] + 2))) / ideal[group[i]]
                          for i, j in pairs], dtype=torch.float64)
    i, j = (torch.tensor(ix) for ix in zip(*pairs))
    return (w * exact_softplus(-p["sigma"] * (s[i] - s[j]))).sum() / w.sum()


def _margin_pairs(s, rel, group, p):
    pairs = _pairs(rel, group)
    if not pairs:
        return s.sum() * 0
    i, j = (torch.tensor(ix) for ix in zip(*pairs))
    return torch.clamp(p["margin"] - (s[i] - s[j]), min=0).mean()


RANKING_LOSSES = {
    "ranknet": _ranknet,
    "listnet": lambda s, rel, g, p: _listnet(s, rel, g, p),
    "lambdarank": _lambdarank,
    "margin_ranking": _margin_pairs,
    "mse": lambda s, rel, g, p: ((s - t(rel)) ** 2).mean(),
}


def ranking_case(rng, sizes, activation, loss, optimizer, steps=20):
    """Groups of 1 to 7 rows with grades 0-3 (ties included) that a linear score of x can order."""
    sizes_of = [1, 2, 3, 4, 5, 6, 7, 4, 3]
    group = [g * 7 % 11 for g, m in enumerate(sizes_of) for _ in range(m)]
    order = rng.permutation(len(group))
    group = [group[k] for k in order]
    x = rng.standard_normal((len(group), sizes[0]))
    w = rng.standard_normal(sizes[0])
    rel = np.clip(np.round(x @ w / 2 + 1.5 + 0.3 * rng.standard_normal(len(group))), 0, 3)
    layers = [torch.nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
    initial = [{"weight": floats(l.weight), "bias": floats(l.bias)} for l in layers]
    params = [p for l in layers for p in (l.weight, l.bias)]
    opt = make_optimizer(optimizer["name"], params, optimizer["params"])
    act = ACTIVATIONS[activation]
    xs = t(x)
    rel_list = [float(v) for v in rel]
    losses = []
    for _ in range(steps):
        h = mlp_forward(layers, act, xs)
        opt.zero_grad()
        value = RANKING_LOSSES[loss["name"]](h[:, 0], rel_list, group, loss["params"])
        value.backward()
        losses.append(value.item())
        opt.step()
    return {
        "kind": "train",
        "task": "ranking",
        "doc": RANKING_DOC,
        "data": {"x": floats(x), "relevance": rel_list, "group": group},
        "model": {"sizes": sizes, "activation": activation, "initial": initial},
        "loss": loss,
        "optimizer": optimizer,
        "batch": "full",
        "steps": steps,
        "expected": {"loss": losses, "final": [{"weight": floats(l.weight), "bias": floats(l.bias)} for l in layers]},
        "tolerance": TRAIN_TOL,
    }


def ranking_cases(rng):
    torch.manual_seed(SEED + 6)
    sgd = {"name": "sgd", "params": {"lr": 0.1, "momentum": 0.9}}
    adam = {"name": "adam", "params": {"lr": 0.02}}
    return [
        ranking_case(rng, [4, 1], "tanh", {"name": "ranknet", "params": {"sigma": 1.0}}, sgd),
        ranking_case(rng, [4, 1], "tanh", {"name": "listnet", "params": {}}, sgd),
        ranking_case(rng, [4, 5, 1], "tanh", {"name": "lambdarank", "params": {"sigma": 1.0}}, adam),
        ranking_case(rng, [3, 4, 1], "relu", {"name": "lambdarank", "params": {"sigma": 2.0}}, sgd),
        ranking_case(rng, [4, 5, 1], "tanh", {"name": "margin_ranking", "params": {"margin": 0.5}}, adam),
        ranking_case(rng, [4, 1], "tanh", {"name": "mse", "params": {}}, sgd),
    ]


MULTITASK_DOC = """Multi-task training, full batch: h = act(Linear(x)) through every trunk layer (trunk_sizes, activation after
    each); regression head r = Linear(h)[:,0], binary head b = Linear(h)[:,0] (a logit); L_reg = mean((r - y_reg)^2),
    L_bin = BCEWithLogits(b, y_bin).mean(). weighting fixed: total = w0*L_reg + w1*L_bin; uncertainty: total =
    sum_k [L_k/(2*exp(lv_k)) + lv_k/2], lv learned from initial_log_vars by the same optimizer; dwa (every step is an
    epoch): total = sum_k lambda_k L_k with lambda_k = 1 for steps 0 and 1, then lambda_k = K exp(r_k/T) / sum_j
    exp(r_j/T), r_k = L_k(t-1)/L_k(t-2) (the losses reported at the two steps before), T = temperature.
    expected.loss[t] = total before step t, expected.task_losses.{regression,binary}[t], expected.final = all weights
    (and log_vars) after the last step."""


def multitask_case(rng, trunk_sizes, activation, params, optimizer, steps=20):
    n = 24
    x = rng.standard_normal((n, trunk_sizes[0]))
    y_reg = x @ rng.standard_normal(trunk_sizes[0]) + 0.2 * rng.standard_normal(n)
    y_bin = (x @ rng.standard_normal(trunk_sizes[0]) + 0.3 * rng.standard_normal(n) > 0).astype(np.float64)
    trunk = [torch.nn.Linear(a, b) for a, b in zip(trunk_sizes[:-1], trunk_sizes[1:])]
    heads = {"regression": torch.nn.Linear(trunk_sizes[-1], 1), "binary": torch.nn.Linear(trunk_sizes[-1], 1)}
    layer = lambda l: {"weight": floats(l.weight), "bias": floats(l.bias)}
    initial = {"trunk": [layer(l) for l in trunk], "heads": {k: layer(v) for k, v in heads.items()}}
    weights = [p for l in [*trunk, *heads.values()] for p in (l.weight, l.bias)]
    log_vars = torch.tensor(params.get("initial_log_vars", [0.0, 0.0]), dtype=torch.float64, requires_grad=True)
    uncertainty = params["weighting"] == "uncertainty"
    opt = make_optimizer(optimizer["name"], weights + ([log_vars] if uncertainty else []), optimizer["params"])
    act = ACTIVATIONS[activation]
    xs, yr, yb = t(x), t(y_reg), t(y_bin)
    losses, parts = [], {"regression": [], "binary": []}
    for step in range(steps):
        h = xs
        for l in trunk:
            h = act(l(h))
        l_reg = ((heads["regression"](h)[:, 0] - yr) ** 2).mean()
        l_bin = F.binary_cross_entropy_with_logits(heads["binary"](h)[:, 0], yb)
        if uncertainty:
            task = torch.stack([l_reg, l_bin])
            total = (task / (2 * torch.exp(log_vars)) + log_vars / 2).sum()
        elif params["weighting"] == "dwa" and step >= 2:
            r = [parts[k][-1] / parts[k][-2] for k in ("regression", "binary")]
            e = [math.exp(v / params["temperature"]) for v in r]
            lam = [2 * v / sum(e) for v in e]
            total = lam[0] * l_reg + lam[1] * l_bin
        else:
            w = params.get("weights", [1.0, 1.0])
            total = w[0] * l_reg + w[1] * l_bin
        opt.zero_grad()
        total.backward()
        losses.append(total.item())
        parts["regression"].append(l_reg.item())
        parts["binary"].append(l_bin.item())
        opt.step()
    final = {"trunk": [layer(l) for l in trunk], "heads": {k: layer(v) for k, v in heads.items()}}
    if uncertainty:
        final["log_vars"] = floats(log_vars)
    return {
        "kind": "train",
        "task": "multitask",
        "doc": MULTITASK_DOC,
        "data": {"x": floats(x), "y_reg": floats(y_reg), "y_bin": floats(y_bin)},
        "model": {"trunk_sizes": trunk_sizes, "activation": activation, "initial": initial},
        "loss": {"name": "multitask", "params": {"tasks": {"regression": "mse", "binary": "bce"}, **params}},
        "optimizer": optimizer,
        "batch": "full",
        "steps": steps,
        "expected": {"loss": losses, "task_losses": parts, "final": final},
        "tolerance": TRAIN_TOL,
    }


def multitask_cases(rng):
    torch.manual_seed(SEED + 7)
    adam = {"name": "adam", "params": {"lr": 0.02}}
    return [
        multitask_case(rng, [3, 6], "tanh", {"weighting": "fixed", "weights": [0.7, 1.5]}, adam),
        multitask_case(rng, [4, 5, 4], "relu", {"weighting": "uncertainty", "initial_log_vars": [0.5, -0.3]}, adam),
        multitask_case(rng, [4, 6], "tanh", {"weighting": "dwa", "temperature": 2.0},
                       {"name": "sgd", "params": {"lr": 0.05, "momentum": 0.9}}),
        multitask_case(rng, [4, 6], "tanh", {"weighting": "dwa", "temperature": 0.5}, adam),
    ]


# ---------------------------------------------------------------------------------------------------
# L-BFGS train cases: torch.optim.LBFGS stepped with a closure, one outer step per epoch on the whole
# batch. Their own streams: rng seeded [1, 4] for the data, torch.manual_seed(4) for the initial weights.

LBFGS_DOC = TRAIN_DOC + """

    optimizer lbfgs: torch.optim.LBFGS (PyTorch 1.13 torch/optim/lbfgs.py, with _strong_wolfe when line_search_fn is
    strong_wolfe; null is None). Step t is one outer step opt.step(closure), closure = zero grads, data loss plus the
    L1/L2 penalty, backward, return that sum; its state persists across outer steps. expected.loss[t] is the data loss
    of the closure's first call in step t, grad_norm_before_clip[t] the gradient norm there (penalty included),
    evals[t] the closure calls step t made, lr[t] the param group's lr (a scheduler steps after each outer step)."""

LBFGS_DEFAULTS = {"lr": 1, "max_iter": 20, "max_eval": None, "tolerance_grad": 1e-7, "tolerance_change": 1e-9,
                  "history_size": 100, "line_search_fn": None}


def lbfgs_case(rng, task, sizes, activation, loss, settings, steps, schedule=None, l1=0, l2=0):
    x, y = train_data(rng, task)
    layers = [torch.nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
    initial = [{"weight": floats(l.weight), "bias": floats(l.bias)} for l in layers]
    params = [p for l in layers for p in (l.weight, l.bias)]
    weights = [l.weight for l in layers]
    act = ACTIVATIONS[activation]
    loss_fn = LOSSES[loss["name"]][0]
    opt = torch.optim.LBFGS(params, **settings)
    scheduler = TRAIN_SCHEDULES[schedule["name"]](opt, **schedule["params"]) if schedule else None
    xs, ys = t(x), t(y)

    def forward():
        return as_target(mlp_forward(layers, act, xs))

    losses, lrs, norms, evals = [], [], [], []
    calls = []

    def closure():
        opt.zero_grad()
        data_loss = loss_fn(forward(), ys, loss["params"])
        penalty = sum(0.5 * l2 * (w**2).sum() + l1 * w.abs().sum() for w in weights)
        (data_loss + penalty).backward()
        if not calls:
            losses.append(data_loss.item())
            norms.append(grad_norm(params))
        calls.append(1)
        return data_loss + penalty

    for _ in range(steps):
        calls.clear()
        lrs.append(opt.param_groups[0]["lr"])
        opt.step(closure)
        evals.append(len(calls))
        if scheduler:
            scheduler.step()
    return {
        "kind": "train",
        "task": task,
        "doc": LBFGS_DOC,
        "data": {"x": floats(x), "y": floats(y)},
        "model": {"sizes": sizes, "activation": activation, "initial": initial},
        "loss": loss,
        "optimizer": {"name": "lbfgs", "params": {**LBFGS_DEFAULTS, **settings}},
        "schedule": schedule,
        "regularization": {"l2": l2, "l1": l1, "applies_to": REGULARIZATION_DOC},
        "clip_norm": None,
        "batch": "full",
        "steps": steps,
        "expected": {
            "loss": losses,
            "lr": lrs,
            "grad_norm_before_clip": norms,
            "evals": evals,
            "final": [{"weight": floats(l.weight), "bias": floats(l.bias)} for l in layers],
        },
        "tolerance": TRAIN_TOL,
    }


def lbfgs_cases(rng):
    torch.manual_seed(4)
    mse = {"name": "mse", "params": {}}
    wolfe = {"line_search_fn": "strong_wolfe"}
    return [
        # Fixed steps, a short history that fills and drops pairs.
        lbfgs_case(rng, "regression", [4, 6, 1], "tanh", mse, {"lr": 0.8, "max_iter": 10, "history_size": 4}, 5),
        # The line search on a deeper net, max_eval left to its default (max_iter * 5 // 4).
        lbfgs_case(rng, "regression", [4, 5, 3, 1], "tanh", {"name": "huber", "params": {"delta": 0.5}},
                   {**wolfe, "max_iter": 8, "history_size": 6}, 4),
        # The line search with L1 and L2 inside the closure, the other settings at their defaults but max_iter.
        lbfgs_case(rng, "binary", [4, 5, 1], "sigmoid", {"name": "bce", "params": {}}, {**wolfe, "max_iter": 5}, 3,
                   l1=0.001, l2=0.01),
        # Least squares on a linear model: the tolerances end the outer steps early, later ones at their first call.
        lbfgs_case(rng, "regression", [4, 1], "tanh", mse, {**wolfe, "tolerance_grad": 1e-6, "tolerance_change": 1e-7}, 5),
        # Without a line search under a step schedule: the scheduler sets the lr of each outer step.
        lbfgs_case(rng, "multiclass", [4, 6, 3], "tanh", {"name": "cross_entropy", "params": {"label_smoothing": 0.0}},
                   {"lr": 0.5, "max_iter": 6}, 5, schedule={"name": "step", "params": {"step_size": 2, "gamma": 0.5}}),
    ]


# ---------------------------------------------------------------------------------------------------
# Batch-norm train cases: the same training, with nn.BatchNorm1d between each hidden Linear layer and its
# activation (the format of ../shared/fidelity-next's "BatchNorm MLP" cases).

BN_TRAIN_DOC = """Training of an MLP with batch normalisation, float64, PyTorch as oracle: every hidden layer is Linear ->
BatchNorm1d (training mode on each batch: batch mean and biased batch variance, eps = model.bn_eps;
running_mean <- (1-m) running_mean + m mean, running_var <- (1-m) running_var + m unbiased variance,
m = model.bn_momentum) -> activation; the output layer is Linear only. BN weight and bias are trained
parameters; model.initial[i].bn and expected.final[i].bn hold weight, bias, running_mean, running_var. batch
`full`, or unshuffled mini-batches of that many rows in row order, wrapping around (a short last one).
The pre-BN Linear bias gets a zero gradient up to rounding (Adam's eps is 1e-6 so that this noise stays
below the tolerance). L1/L2 apply to the Linear weights only; clip_norm clips the global norm of every
trained parameter's gradient. expected.loss[t] = loss before step t."""


def bn_train_case(rng, task, sizes, activation, loss, optimizer, bn_eps=1e-5, bn_momentum=0.1, l2=0, clip_norm=None,
                  batch="full", steps=20):
    x, y = train_data(rng, task)
    linears = [torch.nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
    norms = [torch.nn.BatchNorm1d(b, eps=bn_eps, momentum=bn_momentum) for b in sizes[1:-1]]

    def layers_state():
        return [{"weight": floats(l.weight), "bias": floats(l.bias),
                 **({"bn": {"weight": floats(norms[i].weight), "bias": floats(norms[i].bias),
                            "running_mean": floats(norms[i].running_mean), "running_var": floats(norms[i].running_var)}}
                    if i < len(norms) else {})}
                for i, l in enumerate(linears)]

    initial = layers_state()
    params = [p for i, l in enumerate(linears) for p in (l.weight, l.bias, *((norms[i].weight, norms[i].bias) if i < len(norms) else ()))]
    act = ACTIVATIONS[activation]
    loss_fn = LOSSES[loss["name"]][0]
    opt = make_optimizer(optimizer["name"], params, optimizer["params"])
    xs, ys = t(x), t(y)
    size = ROWS if batch == "full" else batch
    batches = math.ceil(ROWS / size)

    def forward(h):
        for i, linear in enumerate(linears):
            h = linear(h)
            if i < len(norms):
                h = act(norms[i](h))
        return h.squeeze(1) if h.shape[1] == 1 else h

    losses, lrs, norms_before = [], [], []
    for step in range(steps):
        rows = slice((step % batches) * size, min((step % batches + 1) * size, ROWS))
        opt.zero_grad()
        data_loss = loss_fn(forward(xs[rows]), ys[rows], loss["params"])
        penalty = sum(0.5 * l2 * (l.weight**2).sum() for l in linears)
        (data_loss + penalty).backward()
        norms_before.append(grad_norm(params))
        if clip_norm is not None:
            torch.nn.utils.clip_grad_norm_(params, clip_norm)
        losses.append(data_loss.item())
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
    return {
        "kind": "train",
        "task": task,
        "doc": BN_TRAIN_DOC,
        "data": {"x": floats(x), "y": floats(y)},
        "model": {"sizes": sizes, "activation": activation, "batch_norm": True, "bn_eps": bn_eps,
                  "bn_momentum": bn_momentum, "initial": initial},
        "loss": loss,
        "optimizer": optimizer,
        "schedule": None,
        "regularization": {"l2": l2, "l1": 0, "applies_to": "Linear weights only (not biases, not batch norm); l2 penalty is 0.5*l2*sum(w^2); reported loss excludes it"},
        "clip_norm": clip_norm,
        "batch": batch,
        "steps": steps,
        "expected": {"loss": losses, "lr": lrs, "grad_norm_before_clip": norms_before, "final": layers_state()},
        "tolerance": TRAIN_TOL,
    }


def bn_train_cases(rng):
    torch.manual_seed(SEED + 1)
    mse, bce, ce = ({"name": n, "params": {}} for n in ("mse", "bce", "cross_entropy"))
    return [
        bn_train_case(rng, "regression", [4, 8, 6, 1], "relu", mse, {"name": "sgd", "params": {"lr": 0.05, "momentum": 0.9}},
                      bn_eps=1e-3, bn_momentum=0.2, clip_norm=1.0),
        bn_train_case(rng, "binary", [4, 7, 1], "sigmoid", bce, {"name": "adamw", "params": {"lr": 0.02, "eps": 1e-6, "weight_decay": 0.01}}),
        bn_train_case(rng, "multiclass", [4, 6, 5, 3], "gelu", ce, {"name": "adam", "params": {"lr": 0.01, "eps": 1e-6}},
                      bn_momentum=0.5, batch=8, steps=12),
        bn_train_case(rng, "regression", [4, 5, 1], "leaky_relu", {"name": "huber", "params": {"delta": 0.5}},
                      {"name": "adam", "params": {"lr": 0.02, "eps": 1e-6}}, bn_momentum=0.0, l2=0.01),
        bn_train_case(rng, "binary", [4, 6, 1], "elu", bce, {"name": "sgd", "params": {"lr": 0.1, "momentum": 0.9, "nesterov": True}},
                      bn_momentum=1.0, batch=12, steps=9),
    ]


# ---------------------------------------------------------------------------------------------------
# Linear-chain CRF: pytorch-crf's algorithm (CRF(batch_first=True), reduction 'mean') written out in torch
# ops on padded batches with a mask, differentiated by autograd. Own streams: rng seeded [1, 11] for the
# data, torch.manual_seed(11) for the train cases' initial weights.

CRF_DOC = ("linear-chain CRF negative log-likelihood as pytorch-crf CRF(batch_first=True) with reduction 'mean' "
           "(over sequences): sequence b has length L = lengths[b] (1 <= L <= T; emissions[b][t] and tags[b][t] for "
           "t >= L are padding, ignored, zero gradient; padded tags are -1); a tag path y_0..y_{L-1} scores start[y_0] "
           "+ sum_{t<L} emissions[b][t][y_t] + sum_{1<=t<L} transitions[y_{t-1}][y_t] + end[y_{L-1}] "
           "(transitions[i][j]: tag i followed by tag j); NLL_b = log sum over all C^L paths of exp(score) - "
           "score(tags[b][:L]), the log-sum by the forward algorithm; loss = mean_b NLL_b. input={emissions [B,T,C], "
           "transitions [C,C], start [C], end [C]}, target = tags [B,T], lengths [B]; expected.viterbi[b] = the "
           "highest-scoring path (L tags, unique)")


def crf_nll(e, tags, lengths, trans, start, end):
    """pytorch-crf's _compute_score minus _compute_normalizer, masked, averaged over the batch."""
    b, steps, _ = e.shape
    mask = torch.tensor([[1.0 if i < n else 0.0 for i in range(steps)] for n in lengths])
    y = torch.tensor([[max(v, 0) for v in row] for row in tags])
    rows = torch.arange(b)
    score = start[y[:, 0]] + e[rows, 0, y[:, 0]]
    alpha = start.unsqueeze(0) + e[:, 0]
    for i in range(1, steps):
        score = score + (trans[y[:, i - 1], y[:, i]] + e[rows, i, y[:, i]]) * mask[:, i]
        nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0) + e[:, i].unsqueeze(1), dim=1)
        alpha = torch.where(mask[:, i].unsqueeze(1) > 0, nxt, alpha)
    last = y[rows, torch.tensor(lengths) - 1]
    score = score + end[last]
    log_z = torch.logsumexp(alpha + end.unsqueeze(0), dim=1)
    return (log_z - score).mean()


def crf_viterbi(e, lengths, trans, start, end):
    """pytorch-crf's _viterbi_decode, one sequence at a time."""
    paths = []
    for b, n in enumerate(lengths):
        best = start + e[b, 0]
        back = []
        for i in range(1, n):
            cand = best.unsqueeze(1) + trans
            best, arg = cand.max(dim=0)
            best = best + e[b, i]
            back.append(arg)
        tag = int((best + end).argmax())
        path = [tag]
        for arg in reversed(back):
            tag = int(arg[tag])
            path.append(tag)
        paths.append(path[::-1])
    return paths


def crf_loss_case(rng, c, lengths, scale=1.0):
    steps = max(lengths)
    inp = {"emissions": scale * rng.standard_normal((len(lengths), steps, c)),
           "transitions": rng.standard_normal((c, c)), "start": rng.standard_normal(c), "end": rng.standard_normal(c)}
    tags = [[int(rng.integers(0, c)) if i < n else -1 for i in range(steps)] for n in lengths]
    x, leaves = differentiable(inp)
    value = crf_nll(x["emissions"], tags, lengths, x["transitions"], x["start"], x["end"])
    # Sequences of length 1 only use no transition: its gradient is zero.
    grads = [torch.zeros_like(v) if g is None else g for v, g in zip(leaves, torch.autograd.grad(value, leaves, allow_unused=True))]
    with torch.no_grad():
        paths = crf_viterbi(x["emissions"], lengths, x["transitions"], x["start"], x["end"])
    return {"kind": "loss", "name": "crf_nll", "params": {}, "doc": CRF_DOC,
            "input": {k: floats(v) for k, v in inp.items()}, "target": tags, "lengths": lengths,
            "expected": {"value": value.item(), "grad": {k: floats(g) for k, g in zip(inp, grads)}, "viterbi": paths},
            "tolerance": TOL}


def crf_loss_cases(rng):
    """C = 2..5, sequences of length 1 among longer ones, one batch of length-1 sequences only, and large
    emissions (scale 40: the forward algorithm's log-sum-exp must not overflow)."""
    return [
        crf_loss_case(rng, 2, [3, 1, 4]),
        crf_loss_case(rng, 3, [1, 1]),
        crf_loss_case(rng, 4, [5, 2, 1, 5]),
        crf_loss_case(rng, 5, [2, 6]),
        crf_loss_case(rng, 3, [4, 1, 3], scale=40.0),
        crf_loss_case(rng, 2, [6], scale=40.0),
    ]


CRF_TRAIN_DOC = ("CRF tagger, full batch: emissions[b][t] = W features[b][t] + bias (one Linear F -> C, every position, "
                 "padding too); trained transitions [C][C] (transitions[i][j]: tag i followed by tag j), start [C], end [C], "
                 "initialised uniform(-0.1, 0.1) as pytorch-crf; loss = crf_nll exactly as the loss case of that name; "
                 "torch.optim optimizer over W, bias, transitions, start, end. expected.loss[t] = loss before step t; "
                 "expected.final = parameters after the last step; expected.viterbi = the best path of each sequence "
                 "under the final parameters (unpadded, unique).")


def crf_train_case(rng, c, f, lengths, optimizer, steps):
    """Tags from a sticky Markov chain, features noisy one-hot-like views of the tag."""
    t_max = max(lengths)
    tags, feats = [], np.zeros((len(lengths), t_max, f))
    for b, n in enumerate(lengths):
        seq = [int(rng.integers(0, c))]
        for _ in range(1, n):
            seq.append(seq[-1] if rng.random() < 0.6 else int(rng.integers(0, c)))
        for i, y in enumerate(seq):
            feats[b, i] = rng.standard_normal(f)
            feats[b, i, y % f] += 1.0
        feats[b, n:] = rng.standard_normal((t_max - n, f))
        tags.append(seq + [-1] * (t_max - n))
    lin = torch.nn.Linear(f, c)
    trans = torch.nn.Parameter(torch.empty(c, c).uniform_(-0.1, 0.1))
    start = torch.nn.Parameter(torch.empty(c).uniform_(-0.1, 0.1))
    end = torch.nn.Parameter(torch.empty(c).uniform_(-0.1, 0.1))
    state = lambda: {"emission": {"weight": floats(lin.weight), "bias": floats(lin.bias)}, "transitions": floats(trans),
                     "start": floats(start), "end": floats(end)}
    initial = state()
    opt = make_optimizer(optimizer["name"], [lin.weight, lin.bias, trans, start, end], optimizer["params"])
    xs = t(feats)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        value = crf_nll(lin(xs), tags, lengths, trans, start, end)
        value.backward()
        losses.append(value.item())
        opt.step()
    with torch.no_grad():
        paths = crf_viterbi(lin(xs), lengths, trans, start, end)
    return {"kind": "train", "task": "crf", "doc": CRF_TRAIN_DOC,
            "data": {"features": floats(feats), "lengths": lengths, "tags": tags},
            "model": {"num_tags": c, "initial": initial}, "loss": {"name": "crf_nll", "params": {}},
            "optimizer": optimizer, "batch": "full", "steps": steps,
            "expected": {"loss": losses, "final": state(), "viterbi": paths}, "tolerance": TRAIN_TOL}


def crf_train_cases(rng):
    torch.manual_seed(11)
    return [
        crf_train_case(rng, 3, 4, [5, 1, 3, 4], {"name": "adam", "params": {"lr": 0.05}}, 15),
        crf_train_case(rng, 2, 3, [1, 1, 2], {"name": "sgd", "params": {"lr": 0.3, "momentum": 0.9}}, 12),
        crf_train_case(rng, 5, 3, [6, 4, 2], {"name": "adam", "params": {"lr": 0.02}}, 10),
    ]


# VAE: the loss (loss.json) and full-batch training runs (train.json). Their own streams: rng seeded
# [1, 8] for the data and the noise, torch.manual_seed(8) for the initial weights. `blocks` (when given)
# are categorical columns: [offset, width] of a softmax block of recon, whose error is the cross-entropy
# of its softmax against x's one-hot block instead of squared errors.

VAE_LOSS_DOC = ("VAE: mean_n [ sum_d (recon_nd - x_nd)^2 + beta * (-0.5) * sum_k (1 + logvar_nk - mu_nk^2 - exp(logvar_nk)) ]; "
                "input={recon [N,D], mu [N,K], logvar [N,K]}, target x [N,D]; for each [offset, width] of `blocks` the squared "
                "errors of those columns are replaced by -sum_c x_nc log softmax(recon_n,block)_c")


def _vae_loss(recon, mu, logvar, x, beta, blocks):
    numeric = torch.ones(x.shape[1], dtype=torch.bool)
    rec = torch.zeros(x.shape[0])
    for off, w in blocks:
        numeric[off:off + w] = False
        rec = rec - (x[:, off:off + w] * F.log_softmax(recon[:, off:off + w], dim=1)).sum(1)
    rec = rec + ((recon - x)[:, numeric] ** 2).sum(1)
    kl = -0.5 * (1 + logvar - mu ** 2 - logvar.exp()).sum(1)
    return (rec + beta * kl).mean()


def one_hot_rows(rng, n, numeric, widths):
    cols = [rng.normal(size=(n, numeric))]
    blocks, off = [], numeric
    for w in widths:
        cols.append(np.eye(w)[rng.integers(0, w, size=n)])
        blocks.append([off, w])
        off += w
    return np.concatenate(cols, axis=1), blocks


def vae_loss_case(rng, n, numeric, widths, k, beta):
    x, blocks = one_hot_rows(rng, n, numeric, widths)
    recon, mu, logvar = (t(rng.normal(size=s)).requires_grad_() for s in ((n, x.shape[1]), (n, k), (n, k)))
    value = _vae_loss(recon, mu, logvar, t(x), beta, blocks)
    value.backward()
    return {"kind": "loss", "name": "vae", "params": {"beta": beta}, "doc": VAE_LOSS_DOC,
            "input": {"recon": floats(recon), "mu": floats(mu), "logvar": floats(logvar)},
            "target": floats(x), "blocks": blocks,
            "expected": {"value": float(value), "grad": {"recon": floats(recon.grad), "mu": floats(mu.grad), "logvar": floats(logvar.grad)}},
            "tolerance": TOL}


def vae_loss_cases(rng):
    return [vae_loss_case(rng, 5, 3, [], 2, 1.0), vae_loss_case(rng, 6, 2, [3, 2], 3, 0.5),
            vae_loss_case(rng, 4, 0, [4], 1, 4.0), vae_loss_case(rng, 3, 1, [2], 2, 0.0)]


VAE_TRAIN_DOC = ("VAE, full batch: h = act through the encoder Linear layers (encoder_sizes, activation after each); mu = Linear_mu(h), "
                 "logvar = Linear_logvar(h) [N,K]; z = mu + exp(0.5*logvar) * eps[t] (eps given per step); recon = decoder MLP "
                 "(decoder_sizes, activation between layers, none after the last); loss = the vae loss with `model.blocks` as softmax "
                 "blocks (see loss.json); torch.optim over all weights. expected.loss[t] = loss before step t; expected.final = all "
                 "weights after the last step.")


def vae_train_case(rng, numeric, widths, hidden, k, activation, beta, optimizer, steps=12, n=10):
    x, blocks = one_hot_rows(rng, n, numeric, widths)
    d = x.shape[1]
    enc = [torch.nn.Linear(a, b) for a, b in zip([d] + hidden[:-1], hidden)]
    head_mu, head_lv = torch.nn.Linear(hidden[-1], k), torch.nn.Linear(hidden[-1], k)
    dec_sizes = [k] + hidden[::-1] + [d]
    dec = [torch.nn.Linear(a, b) for a, b in zip(dec_sizes[:-1], dec_sizes[1:])]
    lin = lambda l: {"weight": floats(l.weight), "bias": floats(l.bias)}
    state = lambda: {"encoder": [lin(l) for l in enc], "mu": lin(head_mu), "logvar": lin(head_lv), "decoder": [lin(l) for l in dec]}
    initial = state()
    act = ACTIVATIONS[activation]
    params = [p for l in enc + [head_mu, head_lv] + dec for p in (l.weight, l.bias)]
    opt = make_optimizer(optimizer["name"], params, optimizer["params"])
    eps = rng.normal(size=(steps, n, k))
    xs = t(x)
    losses = []
    for s in range(steps):
        h = xs
        for l in enc:
            h = act(l(h))
        mu, logvar = head_mu(h), head_lv(h)
        z = mu + (0.5 * logvar).exp() * t(eps[s])
        recon = mlp_forward(dec, act, z)
        loss = _vae_loss(recon, mu, logvar, xs, beta, blocks)
        opt.zero_grad()
        loss.backward()
        losses.append(float(loss))
        opt.step()
    return {"kind": "train", "task": "vae", "doc": VAE_TRAIN_DOC, "data": {"x": floats(x), "eps": floats(eps)},
            "model": {"encoder_sizes": [d] + hidden, "latent": k, "decoder_sizes": dec_sizes, "activation": activation,
                      "blocks": blocks, "initial": initial},
            "loss": {"name": "vae", "params": {"beta": beta}}, "optimizer": optimizer, "batch": "full", "steps": steps,
            "expected": {"loss": losses, "final": state()}, "tolerance": TRAIN_TOL}


def vae_train_cases(rng):
    torch.manual_seed(SEED + 8)
    return [
        vae_train_case(rng, 3, [], [5], 2, "tanh", 1.0, {"name": "adam", "params": {"lr": 0.01}}),
        vae_train_case(rng, 2, [3, 2], [6, 4], 2, "relu", 0.5, {"name": "adam", "params": {"lr": 0.02}}),
        vae_train_case(rng, 1, [4], [5], 3, "elu", 2.0, {"name": "sgd", "params": {"lr": 0.05, "momentum": 0.9}}),
    ]


# ---------------------------------------------------------------------------------------------------
# WGAN-GP: a generator and a critic, two Adam instances; n_critic critic updates (each with a gradient
# penalty through the critic's input gradient, a double backward) then one generator update per step.
# Activations with a second derivative (tanh, elu, sigmoid) make the penalty reach the biases too. Their
# own streams: rng seeded [1, 10] for the data and noise, torch.manual_seed(SEED + 10) for the weights.

WGAN_GP_DOC = (
    "WGAN-GP: generator G = MLP generator_sizes, critic C = MLP critic_sizes, activation between Linear layers, none after the last. "
    "Outer step t: for c in 0..n_critic-1: fake = G(z_critic[t][c]) (no gradient to G); xhat = alpha[t][c][n] x[n] + (1 - alpha[t][c][n]) fake[n]; "
    "gp = mean_n (||dC(xhat)/dxhat_n||_2 - 1)^2 (double backward); critic_loss = mean C(fake) - mean C(x) + lambda_gp gp; one Adam step on C. "
    "Then gen_loss = -mean C(G(z_gen[t])); one Adam step on G only (gradients zeroed before every update). expected.critic_loss[t][c], "
    "expected.gp[t][c] (unscaled) before their update, expected.gen_loss[t] before its update, expected.final both networks after the last step."
)


def wgan_gp_case(rng, g_sizes, c_sizes, activation, lambda_gp, n_critic, rows, steps, optimizer, slope=None):
    act = (lambda h: F.leaky_relu(h, slope)) if slope is not None else ACTIVATIONS[activation]
    gen = [torch.nn.Linear(a, b) for a, b in zip(g_sizes[:-1], g_sizes[1:])]
    crit = [torch.nn.Linear(a, b) for a, b in zip(c_sizes[:-1], c_sizes[1:])]
    layer = lambda l: {"weight": floats(l.weight), "bias": floats(l.bias)}
    initial = {"generator": [layer(l) for l in gen], "critic": [layer(l) for l in crit]}
    x = 1.5 + 0.7 * rng.standard_normal((rows, c_sizes[0]))
    z_critic = rng.standard_normal((steps, n_critic, rows, g_sizes[0]))
    alpha = rng.random((steps, n_critic, rows))
    z_gen = rng.standard_normal((steps, rows, g_sizes[0]))
    g_params = [p for l in gen for p in (l.weight, l.bias)]
    c_params = [p for l in crit for p in (l.weight, l.bias)]
    g_opt = torch.optim.Adam(g_params, **optimizer["params"])
    c_opt = torch.optim.Adam(c_params, **optimizer["params"])
    critic_loss, gps, gen_loss = [], [], []
    for s in range(steps):
        c_losses, c_gps = [], []
        for c in range(n_critic):
            with torch.no_grad():
                fake = mlp_forward(gen, act, t(z_critic[s, c]))
            a = t(alpha[s, c]).unsqueeze(1)
            xhat = (a * t(x) + (1 - a) * fake).requires_grad_(True)
            (g,) = torch.autograd.grad(mlp_forward(crit, act, xhat).sum(), xhat, create_graph=True)
            gp = ((g.norm(2, dim=1) - 1) ** 2).mean()
            loss = mlp_forward(crit, act, fake).mean() - mlp_forward(crit, act, t(x)).mean() + lambda_gp * gp
            c_opt.zero_grad()
            loss.backward()
            c_opt.step()
            c_losses.append(loss.item())
            c_gps.append(gp.item())
        critic_loss.append(c_losses)
        gps.append(c_gps)
        g_loss = -mlp_forward(crit, act, mlp_forward(gen, act, t(z_gen[s]))).mean()
        g_opt.zero_grad()
        g_loss.backward()
        g_opt.step()
        gen_loss.append(g_loss.item())
    model = {"generator_sizes": g_sizes, "critic_sizes": c_sizes, "activation": activation}
    if slope is not None:
        model["activation_params"] = {"negative_slope": slope}
    model["initial"] = initial
    return {
        "kind": "train",
        "task": "wgan_gp",
        "doc": WGAN_GP_DOC,
        "data": {"x": floats(x), "z_critic": floats(z_critic), "alpha": floats(alpha), "z_gen": floats(z_gen)},
        "model": model,
        "loss": {"name": "wgan_gp", "params": {"lambda_gp": lambda_gp, "n_critic": n_critic}},
        "optimizer": optimizer,
        "batch": "full",
        "steps": steps,
        "expected": {
            "critic_loss": critic_loss,
            "gp": gps,
            "gen_loss": gen_loss,
            "final": {"generator": [layer(l) for l in gen], "critic": [layer(l) for l in crit]},
        },
        "tolerance": TRAIN_TOL,
    }


def wgan_gp_cases(rng):
    torch.manual_seed(SEED + 10)
    adam = lambda lr: {"name": "adam", "params": {"lr": lr, "betas": [0.5, 0.9]}}
    return [
        wgan_gp_case(rng, [3, 6, 3], [3, 5, 1], "tanh", 10.0, 3, 8, 4, adam(0.01)),
        wgan_gp_case(rng, [2, 5, 4, 3], [3, 6, 4, 1], "elu", 5.0, 2, 5, 3, adam(0.005)),
        wgan_gp_case(rng, [4, 3], [3, 4, 1], "sigmoid", 0.5, 1, 7, 4, adam(0.02)),
        wgan_gp_case(rng, [2, 8, 2], [2, 8, 1], "leaky_relu", 10.0, 5, 6, 3, adam(0.001), slope=0.2),
        wgan_gp_case(rng, [3, 5, 2], [2, 5, 1], "relu", 2.0, 2, 9, 3, adam(0.01)),
    ]


# ---------------------------------------------------------------------------------------------------

def write(out_dir, name, cases):
    text = json.dumps({"generator": f"PyTorch {torch.__version__}, float64", "cases": cases}, indent=1, allow_nan=False)
    with open(os.path.join(out_dir, name), "w", encoding="utf-8") as fh:
        fh.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=DEFAULT_OUT, help="folder to write the JSON files to (default: test/fixtures/fidelity)")
    out = os.path.abspath(parser.parse_args().out)
    os.makedirs(out, exist_ok=True)
    # One stream for every file, in this order: see the module docstring.
    rng = np.random.default_rng(SEED)
    files = [
        ("loss.json", loss_cases(rng)),
        ("optimizer.json", optimizer_cases(rng)),
        ("schedule.json", schedule_cases()),
        ("train.json", train_cases(rng)),
    ]
    # Cases added later draw from streams of their own, seeded [SEED, i], and go at the end of their
    # file: the cases above keep their inputs, and each family its own.
    files[1][1].extend(adan_cases(np.random.default_rng([SEED, 1])))
    files.append(("layer.json", layer_cases(np.random.default_rng([SEED, 2]))))
    files[0][1].extend(task_loss_cases(np.random.default_rng([SEED, 3])))
    files[3][1].extend(lbfgs_cases(np.random.default_rng([SEED, 4])))
    files[3][1].extend(bn_train_cases(np.random.default_rng([SEED, 5])))
    files[3][1].extend(ranking_cases(np.random.default_rng([SEED, 6])))
    files[3][1].extend(multitask_cases(np.random.default_rng([SEED, 7])))
    vae_rng = np.random.default_rng([SEED, 8])
    files[0][1].extend(vae_loss_cases(vae_rng))
    files[3][1].extend(vae_train_cases(vae_rng))
    files[0][1].extend(gan_loss_cases(np.random.default_rng([SEED, 9])))
    files[3][1].extend(wgan_gp_cases(np.random.default_rng([SEED, 10])))
    crf_rng = np.random.default_rng([SEED, 11])
    files[0][1].extend(crf_loss_cases(crf_rng))
    files[3][1].extend(crf_train_cases(crf_rng))
    for name, cases in files:
        write(out, name, cases)
        print(f"wrote {len(cases)} cases to {os.path.join(out, name)}")


if __name__ == "__main__":
    main()
