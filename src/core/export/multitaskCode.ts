/**
 * The multitask task in the PyTorch script: each head's target read from its column (a class index, or the
 * number standardized as the run did), each head's loss on its slice of the outputs, and the weighting that
 * combines them, as trainer/multitaskObjective.ts computes them. GradNorm's weights are a parameter of the
 * model that the run's optimizer moves on GradNorm's own objective (their gradient measured inside each
 * training batch, at the last shared layer), renormalized after each step as the trainer does.
 */
import type { RunConfig } from '../config/types';
import type { Head } from '../dataset/heads';
import type { Params } from '../params';
import { multitaskLoss } from '../trainer/multitaskObjective';

/** The head's loss in torch, given the script's code for a run with that one loss (see pytorch.ts's lossCode). */
export type HeadLossCode = (config: RunConfig) => string;

/** `HEADS`: each head's column, class labels (null for a number) and standardization. */
export function headSettings(heads: readonly Head[], py: (v: unknown) => string): string {
  const rows = heads.map((h) => ({ column: h.name, classes: h.classes, scaler: h.targetScaler }));
  return `# Multitask: each head's target column, its class labels (None: a number) and standardization.
HEADS = ${py(rows)}`;
}

/** The y line of `encode` for a multitask run: one value per head. */
export const HEAD_TARGETS = 'y = [[head_value(r[col[h["column"]]], h) for h in HEADS] for r in rows]';

/** `head_value`, the heads' losses, the weighting and `loss_fn(out, y, model)`. */
export function multitaskLossFunction(
  config: RunConfig,
  heads: readonly Head[],
  headLoss: HeadLossCode,
  py: (v: unknown) => string,
): string {
  const { name: _name, ...p } = config.loss;
  const objective = multitaskLoss(heads, p as Params);
  const functions = objective.heads.map((part, k) => {
    const code = headLoss({ ...config, loss: { name: part.spec.id, ...part.params } });
    // A regression loss compares n × 1 outputs with n × 1 targets; a class loss takes a vector of labels.
    const reshape = part.head.task === 'regression' ? 'y = y[:, None]\n    ' : '';
    return `def head_loss_${k}(out, y):\n    """${part.head.name}: ${part.spec.id}"""\n    ${reshape}${code}`;
  });
  const slices = objective.heads.map((part, k) => `(${part.offset}, ${part.offset + part.width}, head_loss_${k})`);
  const gradNorm = config.loss.weighting === 'gradnorm';
  return [
    HEAD_VALUE,
    ...functions,
    `# Each head's outputs [a, b) and its loss.\nHEAD_SLICES = [${slices.join(', ')}]`,
    gradNorm ? gradNormCode(config, py) : weightingCode(config, heads.length, py),
    gradNorm ? GRADNORM_LOSS_FN : LOSS_FN,
  ].join('\n\n\n');
}

const HEAD_VALUE = `def head_value(cell, head):
    if head["classes"] is not None:
        return float(class_index(cell, head["classes"]))
    scaler = head["scaler"]
    return (float(cell) - scaler["mean"]) / scaler["std"] if scaler else float(cell)`;

/** The weighting's state: fixed weights, learned log-variances (uncertainty), or dynamic weight average. */
function weightingCode(config: RunConfig, count: number, py: (v: unknown) => string): string {
  const weighting = config.loss.weighting as string;
  const fixed = (config.loss.weights as number[] | null | undefined) ?? new Array<number>(count).fill(1);
  return `class Weighting:
    """${weighting}: ${WEIGHTING_DOCS[weighting]}"""

    def __init__(self):
        self.name, self.weights, self.temperature = ${py(weighting)}, ${py(weighting === 'fixed' ? fixed : new Array<number>(count).fill(1))}, ${py(config.loss.temperature ?? 2)}
        self.sums, self.rows, self.history = [0.0] * len(HEADS), 0, []

    def observe(self, losses, n):
        self.sums = [s + l * n for s, l in zip(self.sums, losses)]
        self.rows += n

    def end_epoch(self):
        if self.name != "dwa" or self.rows == 0:
            return
        self.history = self.history[-1:] + [[s / self.rows for s in self.sums]]
        self.sums, self.rows = [0.0] * len(HEADS), 0
        if len(self.history) < 2:
            return
        before, last = self.history
        e = [math.exp(l / b / self.temperature) for l, b in zip(last, before)]
        self.weights = [len(HEADS) * v / sum(e) for v in e]


WEIGHTING = Weighting()`;
}

const WEIGHTING_DOCS: Record<string, string> = {
  fixed: 'total = sum_k w_k L_k.',
  uncertainty:
    'total = sum_k L_k / (2 exp(s_k)) + s_k / 2, s = model.log_vars trained with the network (Kendall et al. 2018).',
  dwa: "total = sum_k w_k L_k, w = K softmax(L(t-1) / L(t-2) / T) from epoch 3, the heads' mean training losses of the two epochs before (Liu et al. 2019).",
};

const LOSS_FN = `def loss_fn(out, y, model):
    losses = [f(out[:, a:b], y[:, k]) for k, (a, b, f) in enumerate(HEAD_SLICES)]
    if torch.is_grad_enabled():  # a training batch: dwa averages the heads' losses over the epoch's rows
        WEIGHTING.observe([l.item() for l in losses], len(out))
    if WEIGHTING.name == "uncertainty":
        s = model.log_vars
        return sum(l / (2 * torch.exp(s[k])) + s[k] / 2 for k, l in enumerate(losses))
    return sum(w * l for w, l in zip(WEIGHTING.weights, losses))`;

/**
 * GradNorm's state: α and each head's loss on the first training batch. `weights_grad` is L_grad's gradient
 * with respect to the weights on one training batch, G_k measured by autograd at the last shared layer.
 */
function gradNormCode(config: RunConfig, py: (v: unknown) => string): string {
  return `class GradNorm:
    """gradnorm (Chen et al. 2018): total = sum_k w_k L_k, w = model.task_weights (from 1) trained by the
    run's optimizer on L_grad = sum_k |G_k - mean(G) r_k^alpha| only (the target a constant), where
    G_k = ||d(w_k L_k)/dW|| at the last shared layer's weights W and r_k = L_k / L_k(first batch) over its
    mean; after each step the weights are kept >= 1e-6 and rescaled to sum to the number of heads."""

    def __init__(self):
        self.alpha, self.initial = ${py(config.loss.alpha)}, None

    def weights_grad(self, losses, model):
        shared = [m for m in model if isinstance(m, torch.nn.Linear)][-2].weight
        norms = [torch.autograd.grad(l, shared, retain_graph=True)[0].norm().item() for l in losses]
        values = [l.item() for l in losses]
        if self.initial is None:
            self.initial = values
        rates = [v / v0 for v, v0 in zip(values, self.initial)]
        mean_rate = sum(rates) / len(rates)
        g = [w * norm for w, norm in zip(model.task_weights.tolist(), norms)]
        mean_g = sum(g) / len(g)
        diffs = [gk - mean_g * (r / mean_rate) ** self.alpha for gk, r in zip(g, rates)]
        return torch.tensor([((d > 0) - (d < 0)) * norm for d, norm in zip(diffs, norms)])

    def after_step(self, model):
        with torch.no_grad():
            w = model.task_weights
            w.clamp_(min=1e-6)
            w.copy_(len(HEADS) * w / w.sum())


WEIGHTING = GradNorm()`;
}

const GRADNORM_LOSS_FN = `def loss_fn(out, y, model):
    losses = [f(out[:, a:b], y[:, k]) for k, (a, b, f) in enumerate(HEAD_SLICES)]
    w = model.task_weights
    total = sum(w[k].detach() * l for k, l in enumerate(losses))
    if not torch.is_grad_enabled():
        return total
    # A training batch: the weights' only gradient is GradNorm's, brought by a term worth exactly 0.
    c = (w * WEIGHTING.weights_grad(losses, model)).sum()
    return total + (c - c.detach())`;

/** The lines after `model = build_model(...)` that give the run its task parameters (uncertainty, gradnorm). */
export function taskParameters(config: RunConfig): string {
  if (config.loss.weighting === 'uncertainty')
    return '\n    model.log_vars = torch.nn.Parameter(torch.zeros(len(HEADS)))  # trained with the network, from 0';
  if (config.loss.weighting === 'gradnorm')
    return "\n    model.task_weights = torch.nn.Parameter(torch.ones(len(HEADS)))  # GradNorm's weights, from 1";
  return '';
}
