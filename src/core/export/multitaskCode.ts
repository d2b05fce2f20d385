/**
 * The multitask task in the PyTorch script: each head's target read from its column (a class index, or the
 * number standardized as the run did), each head's loss on its slice of the outputs, and the weighting that
 * combines them, as trainer/multitaskObjective.ts computes them. GradNorm, whose weights move on a second
 * objective inside each step, is not written out.
 */
import type { RunConfig } from '../config/types';
import type { Head } from '../dataset/heads';
import { LossLabError } from '../errors';
import type { Params } from '../params';
import { multitaskLoss } from '../trainer/multitaskObjective';

/** The head's loss in torch, given the script's code for a run with that one loss (see pytorch.ts's lossCode). */
export type HeadLossCode = (config: RunConfig) => string;

/** Throws for a multitask run the script cannot replay. */
export function checkMultitaskExportable(config: RunConfig): void {
  if (config.loss.weighting === 'gradnorm')
    throw new LossLabError(
      'multitask runs weighted by gradnorm cannot be exported to PyTorch yet: use fixed, uncertainty or dwa',
      { field: 'loss.weighting' },
    );
}

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
  return [
    HEAD_VALUE,
    ...functions,
    `# Each head's outputs [a, b) and its loss.\nHEAD_SLICES = [${slices.join(', ')}]`,
    weightingCode(config, heads.length, py),
    LOSS_FN,
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

/** The lines after `model = build_model(...)` that give an uncertainty-weighted run its log-variances. */
export function taskParameters(config: RunConfig): string {
  return config.loss.weighting === 'uncertainty'
    ? '\n    model.log_vars = torch.nn.Parameter(torch.zeros(len(HEADS)))  # trained with the network, from 0'
    : '';
}
