/**
 * A recorded run as a standalone PyTorch script. The script replays the run in float64: the same rows of
 * the same CSV, encoded and standardized with the recorded encoders and scaler, the recorded split, the
 * recorded initial weights, the mini-batches in the trainer's order (its generator, sfc32, ported to
 * Python with 32-bit masks), the same model (with nn.BatchNorm1d, switched to eval mode for the validation
 * loss as the trainer does, and dropout masks drawn from the trainer's generator in its order), the same loss (a formula loss as torch code, see formula.ts), optimizer
 * (torch.optim, or for Lion and Adan, which PyTorch lacks, a torch.optim.Optimizer subclass written in the
 * script following Loss Lab's update), learning rate at every step, L1/L2 penalties, gradient clipping,
 * accumulation and early stopping. Its per-epoch losses match the run's. L-BFGS steps once an epoch with a
 * closure on every training row, the penalties inside the closure, as the trainer's closureStep.
 *
 * The learning rate of each step is written out as the run's schedule computed it (its closed form, warmup
 * and run-length defaults included); reduce_on_plateau, which depends on the losses, is torch's
 * ReduceLROnPlateau.
 */
import type { ComponentConfig, ModelConfig, RunConfig, TrainingConfig } from '../config/types';
import { LossLabError } from '../errors';
import { getOptimizer } from '../optimizers';
import { dropoutSeed } from '../model/dropout';
import { previewSchedule } from '../schedulePreview';
import { FORMULA_LOSS_ID } from '../formula';
import { formulaLossFunction } from './formula';
import { HEAD_TARGETS, headSettings, multitaskLossFunction, taskParameters } from './multitaskCode';
import { PRETRAIN_CALL, pretrainCode, pretrainSettings } from './pretrainCode';
import { GROUPED_ORDER, GROUP_HELPERS, rankingLossExportable, rankingLossFunction } from './rankingCode';
import { CRF_LOSS_FUNCTION, CRF_PARAMETER, checkSequenceExportable, sequenceSettings } from './sequenceCode';
import {
  NOISE,
  checkGenerateExportable,
  familyClass,
  generateLoop,
  generateLossFunction,
  generateOptimizerNames,
  generateSettings,
} from './generateCode';
import { docstringLine, penaltiesAndClipping } from './python';
import type { ExportSource } from './record';

const OPTIMIZERS: Record<string, string> = {
  sgd: 'SGD',
  adagrad: 'Adagrad',
  rmsprop: 'RMSprop',
  adam: 'Adam',
  adamw: 'AdamW',
  nadam: 'NAdam',
  radam: 'RAdam',
  adamax: 'Adamax',
  adadelta: 'Adadelta',
  lbfgs: 'LBFGS',
};

/** Optimizers PyTorch lacks: the class the script defines for each, and its definition. */
const OPTIMIZER_CLASSES: Record<string, { name: string; definition: () => string }> = {
  lion: { name: 'Lion', definition: lionClass },
  adan: { name: 'Adan', definition: adanClass },
};

const ACTIVATIONS: Record<string, string> = {
  relu: 'torch.nn.ReLU()',
  leaky_relu: 'torch.nn.LeakyReLU(0.01)',
  tanh: 'torch.nn.Tanh()',
  sigmoid: 'torch.nn.Sigmoid()',
  gelu: 'torch.nn.GELU()',
  elu: 'torch.nn.ELU(1.0)',
};

/**
 * The script, top-down: the header and the settings (data, training, the learning rate of each step), then
 * the definitions (the loss, the generator, data loading, the model, the training loop) and the entry point.
 */
export function pytorchScript(src: ExportSource): string {
  checkExportable(src);
  const { config } = src;
  const generate = config.data.task === 'generate';
  const settings = [
    header(src),
    dataSettings(src),
    trainingSettings(config.training),
    ...modelSettings(config),
    ...(config.pretrain ? [pretrainSettings(src, py)] : []),
    ...(generate ? [generateSettings(src, py)] : []),
    scheduleCode(config, trainingUnits(src.preprocessing)),
  ];
  const definitions = [
    generate ? generateLossFunction(config) : lossFunction(src),
    RNG,
    ...(generate ? [NOISE] : []),
    dataLoading(config.data.task === 'multitask'),
    ...dropoutClass(config.model),
    buildModel(config.model),
    ...(generate ? generateOptimizerNames(config) : [config.optimizer.name]).flatMap(optimizerClass),
    ...(config.pretrain ? [pretrainCode((p) => optimizerCall(config, p), config.model.dropout > 0)] : []),
    ...(generate
      ? [familyClass(config, optimizerCall), generateLoop(config)]
      : [trainingLoop(config, src.preprocessing)]),
    output(),
  ];
  return `${settings.join('\n\n')}\n\n\n${definitions.join('\n\n\n')}\n`;
}

/** Throws for what the script cannot replay, naming the setting. */
function checkExportable(src: ExportSource): void {
  const { config, preprocessing } = src;
  if (config.data.valPath !== undefined && !preprocessing.valRows)
    throw new LossLabError(
      "this run validated on a separate file was recorded without that file's rows; train it again to export it",
      { field: 'data.valPath' },
    );
  if (config.data.labelFraction !== undefined && config.data.labelFraction < 1 && !preprocessing.labeled)
    throw new LossLabError(
      'this run on a fraction of the labels was recorded without its labeled rows; train it again to export it',
      { field: 'data.labelFraction' },
    );
  if (config.data.task === 'multitask') {
    if (!preprocessing.heads)
      throw new LossLabError('this multitask run was recorded without its heads; train it again to export it', {
        field: 'data.task',
      });
  }
  if (config.data.task === 'sequence') checkSequenceExportable(config, preprocessing);
  if (config.data.task === 'generate') checkGenerateExportable(src);
  if (config.data.task === 'ranking' && !rankingLossExportable(config.loss.name))
    throw new LossLabError(`loss ${config.loss.name} cannot be exported for a ranking run`, { field: 'loss.name' });
  if (!OPTIMIZERS[config.optimizer.name] && !OPTIMIZER_CLASSES[config.optimizer.name])
    throw new LossLabError(
      `optimizer ${config.optimizer.name} cannot be exported; export supports ${[...Object.keys(OPTIMIZERS), ...Object.keys(OPTIMIZER_CLASSES)].join(', ')}`,
      {
        field: 'optimizer.name',
      },
    );
  if (!ACTIVATIONS[config.model.activation])
    throw new LossLabError(`activation ${config.model.activation} cannot be exported`, { field: 'model.activation' });
  const es = config.training.earlyStopping;
  if (es && es.monitor !== 'val_loss' && es.monitor !== 'train_loss')
    throw new LossLabError(`export replays early stopping on val_loss or train_loss, not ${es.monitor}`, {
      field: 'training.earlyStopping.monitor',
    });
  if (preprocessing.filled.length)
    throw new LossLabError(
      `export replays runs whose rows with missing values were dropped; this run filled ${preprocessing.filled.join(', ')}`,
      {
        field: 'data.missing',
      },
    );
}

/** The shebang, the docstring (the run, what the script prints, how to call it), the imports and float64. */
function header(src: ExportSource): string {
  const { config } = src;
  return `#!/usr/bin/env python3
"""
${docstringLine(`${config.name}: ${config.loss.name} loss, ${config.optimizer.name} (lr ${config.optimizer.lr}), ${config.schedule.name} schedule, ${config.training.epochs} epochs.`)}
Exported from the Loss Lab run ${src.runId}.

Replays the run in PyTorch, in float64: the same rows of the CSV, encoded and standardized as the run did,
the same train/validation split and initial weights, mini-batches in the same order, and the same loss,
optimizer, learning rate at every step, clipping and penalties. Prints one JSON line per epoch
({"epoch", "train_loss", "val_loss"}), then a last line with the whole history: {"train_loss": [...],
"val_loss": [...]}.

    python3 ${'<this file>'} [data.csv${src.preprocessing.valRows ? ' [validation.csv]' : ''}]
"""
import csv
import hashlib
import json
import math
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
M32 = 0xFFFFFFFF`;
}

/** Which file and rows the run read, how it encoded and standardized each column, its split and initial weights. */
function dataSettings(src: ExportSource): string {
  const pre = src.preprocessing;
  const features = pre.features.map((f) => [f.column, f.level, f.mean, f.std]);
  const valFile = pre.valRows
    ? `\n# The validation file: its rows used follow the training file's; VAL below points at them.
VAL_CSV_PATH = sys.argv[2] if len(sys.argv) > 2 else ${py(src.config.data.valPath)}
VAL_CSV_SHA256 = ${py(src.valDataHash)}
VAL_ROWS = ${py(pre.valRows)}`
    : '';
  return `CSV_PATH = sys.argv[1] if len(sys.argv) > 1 else ${py(src.config.data.path)}
CSV_SHA256 = ${py(src.dataHash)}
DELIMITER = ${py(pre.delimiter)}
# Source lines (1-based) where the rows used start, as [first, last] runs.
ROWS = ${py(pre.rows)}${valFile}
# Each model input: (column, one-hot level or None for a number, mean, std) of the standardization.
FEATURES = ${py(features)}
TARGET = ${py(pre.target.columns)}
CLASSES = ${py(pre.target.classes)}
TARGET_SCALER = ${py(pre.target.scaler && [pre.target.scaler.mean, pre.target.scaler.std])}
# Positions of the validation rows among the rows used; the others are the training rows.
VAL = ${py(pre.val)}${pre.labeled ? `\n# The training rows whose labels were used, in the trainer's order (a fraction of the labels).\nLABELED = ${py(pre.labeled)}` : ''}${pre.heads ? `\n${headSettings(pre.heads, py)}` : ''}${pre.group && src.config.data.task === 'ranking' ? `\n# Ranking: the column that groups rows into queries, and whether its cells are compared as numbers.\nGROUP = ${py([pre.group.column, pre.group.numeric])}` : ''}${src.config.data.task === 'sequence' ? `\n${sequenceSettings(src.config, pre, py)}` : ''}
# Initial parameters per layer, PyTorch layout: weight [out][in], bias [out]${src.config.model.batchNorm ? "; a hidden layer's BatchNorm1d as bn" : ''}.
INITIAL = ${py(src.initial)}`;
}

/** Epochs, mini-batches, clipping, penalties and early stopping. */
function trainingSettings(t: TrainingConfig): string {
  const es = t.earlyStopping;
  return `EPOCHS = ${py(t.epochs)}
BATCH_SIZE = ${py(t.batchSize)}
SHUFFLE = ${py(t.shuffle)}
SEED = ${py(t.seed)}
ACCUMULATE = ${py(t.accumulate)}
CLIP_NORM = ${py(t.clipNorm)}
CLIP_VALUE = ${py(t.clipValue)}
L1 = ${py(t.l1)}
L2 = ${py(t.l2)}
EARLY_STOPPING = ${py(es && { monitor: es.monitor, patience: es.patience, min_delta: es.minDelta })}`;
}

/** The units an epoch's batches split: the training rows, or a ranking run's training groups. */
function trainingUnits(pre: ExportSource['preprocessing']): number {
  if (pre.trainUnits !== undefined) return pre.trainUnits;
  const kept = pre.rows.reduce((s, [a, b]) => s + b - a + 1, 0);
  // A validation file's rows are not among `rows`.
  return pre.valRows ? kept : kept - pre.val.length;
}

/** The learning-rate lines: a table of every step's rate, or ReduceLROnPlateau (with the generic warmup). */
function scheduleCode(config: RunConfig, trainRows: number): string {
  // A generate run's loop never tells the schedule its losses: reduce_on_plateau keeps its rate there.
  if (config.schedule.name === 'reduce_on_plateau' && config.data.task !== 'generate') {
    const { warmup, ...plateau } = params(config.schedule);
    const args = Object.entries(plateau)
      .map(([k, v]) => `${k}=${py(v)}`)
      .join(', ');
    return [
      "# reduce_on_plateau: torch's scheduler, stepped once per epoch on the validation loss (the train loss",
      '# without a validation split), on a placeholder optimizer so that the warmup can scale its rate.',
      `WARMUP = ${py(warmup)}`,
      `PLATEAU = torch.optim.lr_scheduler.ReduceLROnPlateau(torch.optim.SGD([torch.zeros(1)], lr=${py(config.optimizer.lr)}), ${args})`,
      '',
      '',
      'def lr_at(step):',
      '    lr = PLATEAU.optimizer.param_groups[0]["lr"]',
      '    return lr * step / WARMUP if step < WARMUP else lr',
      '',
      '',
      'def end_of_epoch(loss):',
      '    PLATEAU.step(loss)',
    ].join('\n');
  }
  const { lrs } = previewSchedule(config, trainRows);
  return [
    `# The rate of each optimizer step: ${config.schedule.name} ${py(params(config.schedule))} from lr ${config.optimizer.lr}, defaults filled from the run.`,
    `LRS = ${py(lrs)}`,
    '',
    '',
    'def lr_at(step):',
    '    return LRS[step]',
    '',
    '',
    'def end_of_epoch(loss):',
    '    pass',
  ].join('\n');
}

/** The script's `loss_fn(out, y)`: a built-in loss, or a formula printed from its syntax tree. */
function lossFunction({ config, preprocessing }: ExportSource): string {
  if (config.loss.name === FORMULA_LOSS_ID) return formulaLossFunction(config);
  if (config.data.task === 'ranking') return rankingLossFunction(config, py);
  if (config.data.task === 'sequence')
    return config.loss.name === 'crf'
      ? `${GROUP_HELPERS}\n\n\n${CRF_LOSS_FUNCTION}`
      : `${GROUP_HELPERS}\n\n\ndef loss_fn(out, y):\n    ${lossCode(config)}`;
  if (preprocessing.heads) return multitaskLossFunction(config, preprocessing.heads, lossCode, py);
  return `def loss_fn(out, y):\n    ${lossCode(config)}`;
}

/** `def loss_fn(out, y)`: out is n × k, y the class indices (as floats), values or distributions. */
function lossCode(config: RunConfig): string {
  const p = params(config.loss);
  // Hinge losses read a positive target as +1 and any other as −1.
  const sign = 'y = torch.where(y > 0, 1.0, -1.0)\n    ';
  switch (config.loss.name) {
    case 'mse':
      return 'return F.mse_loss(out, y)';
    case 'mae':
      return 'return F.l1_loss(out, y)';
    case 'huber':
      return `return F.huber_loss(out, y, delta=${py(p.delta)})`;
    case 'smooth_l1':
      return `return F.smooth_l1_loss(out, y, beta=${py(p.beta)})`;
    case 'log_cosh':
      return 'e = (out - y).abs()\n    return (e + torch.log1p(torch.exp(-2 * e)) - math.log(2)).mean()';
    case 'quantile':
      return `u = y - out\n    return torch.maximum(${py(p.q)} * u, (${py(p.q)} - 1) * u).mean()`;
    case 'bce':
      return `return F.binary_cross_entropy_with_logits(out[:, 0], y${p.pos_weight === undefined ? '' : `, pos_weight=torch.tensor(${py(p.pos_weight)})`})`;
    case 'cross_entropy':
      return `return F.cross_entropy(out, y.long()${p.weight === undefined ? '' : `, weight=torch.tensor(${py(p.weight)})`}, label_smoothing=${py(p.label_smoothing)})`;
    case 'focal':
      return [
        'if out.shape[1] == 1:  # sigmoid form, as torchvision.ops.sigmoid_focal_loss',
        '        x = out[:, 0]',
        '        p_t = torch.sigmoid(torch.where(y > 0.5, x, -x))',
        '        alpha_t = torch.where(y > 0.5, ALPHA, 1 - ALPHA)',
        '        return (alpha_t * (1 - p_t) ** GAMMA * F.binary_cross_entropy_with_logits(x, y, reduction="none")).mean()',
        '    log_p_t = F.log_softmax(out, 1).gather(1, y.long()[:, None])[:, 0]',
        '    return (-ALPHA * (-torch.expm1(log_p_t)) ** GAMMA * log_p_t).mean()',
      ]
        .join('\n')
        .replace(/ALPHA/g, py(p.alpha))
        .replace(/GAMMA/g, py(p.gamma));
    case 'hinge':
      return `${sign}return F.relu(1 - y * out[:, 0]).mean()`;
    case 'squared_hinge':
      return `${sign}return (F.relu(1 - y * out[:, 0]) ** 2).mean()`;
    case 'multi_margin':
      return `return F.multi_margin_loss(out, y.long(), margin=${py(p.margin)})`;
    case 'dice':
      return `p = torch.sigmoid(out[:, 0])\n    return 1 - (2 * (p * y).sum() + ${py(p.smooth)}) / (p.sum() + y.sum() + ${py(p.smooth)})`;
    case 'jaccard':
      return `p = torch.sigmoid(out[:, 0])\n    i = (p * y).sum()\n    return 1 - (i + ${py(p.smooth)}) / (p.sum() + y.sum() - i + ${py(p.smooth)})`;
    case 'kl_div':
      return "return F.kl_div(F.log_softmax(out, 1), y, reduction='batchmean')";
    default:
      throw new LossLabError(
        `loss ${config.loss.name} cannot be exported to PyTorch (it trains on sampled pairs or triplets, or is not a PyTorch loss)`,
        {
          field: 'loss.name',
        },
      );
  }
}

const RNG = `class Rng:
    """Loss Lab's generator: sfc32 seeded through splitmix32, in 32-bit arithmetic."""

    def __init__(self, seed):
        s = seed & M32

        def splitmix():
            nonlocal s
            s = (s + 0x9E3779B9) & M32
            z = s
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
            return z ^ (z >> 16)

        self.a, self.b, self.c, self.d = splitmix(), splitmix(), splitmix(), splitmix()
        for _ in range(12):
            self.next_uint32()

    def next_uint32(self):
        t = (self.a + self.b + self.d) & M32
        self.d = (self.d + 1) & M32
        self.a = self.b ^ (self.b >> 9)
        self.b = (self.c + (self.c << 3)) & M32
        self.c = ((self.c << 21) | (self.c >> 11)) & M32
        self.c = (self.c + t) & M32
        return t

    def uniform(self):
        hi = self.next_uint32() >> 5
        lo = self.next_uint32() >> 6
        return (hi * 67108864 + lo) / 9007199254740992

    def shuffle(self, a):
        for i in range(len(a) - 1, 0, -1):
            j = math.floor(self.uniform() * (i + 1))
            a[i], a[j] = a[j], a[i]`;

/**
 * `read_csv`, `class_index` and `encode`: the run's rows of the CSV, encoded and standardized as the run did
 * (a multitask run's targets one per head).
 */
function dataLoading(heads: boolean): string {
  return `def read_csv(path, sha256, runs):
    with open(path, "rb") as f:
        if hashlib.sha256(f.read()).hexdigest() != sha256:
            print(f"warning: {path} differs from the file the run trained on", file=sys.stderr)
    wanted = {line for first, last in runs for line in range(first, last + 1)}
    header, rows = None, {}
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f, delimiter=DELIMITER)
        end = 0
        for cells in reader:
            start, end = end + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue  # blank lines are skipped
            if header is None:
                header = [c.strip() for c in cells]
            elif start in wanted:
                rows[start] = [c.strip() for c in cells]
    missing = wanted - rows.keys()
    if missing:
        sys.exit(f"{path}: no row starts at line {min(missing)}; is it the file the run trained on?")
    return header, [rows[line] for first, last in runs for line in range(first, last + 1)]


def class_index(label, classes):
    if label in classes:
        return classes.index(label)
    return [float(c) for c in classes].index(float(label))  # a numeric label written another way (1.0 for 1)


def encode(header, rows):
    col = {name: j for j, name in enumerate(header)}
    x = [[((float(r[col[c]]) if level is None else float(r[col[c]] == level)) - mean) / std for c, level, mean, std in FEATURES] for r in rows]
    ${heads ? HEAD_TARGETS : SINGLE_TARGET}
    return torch.tensor(x), torch.tensor(y)`;
}

/** The y lines of `encode` for one target: class indices, a standardized number, or the numbers as they are. */
const SINGLE_TARGET = `if CLASSES is not None:
        y = [float(class_index(r[col[TARGET[0]]], CLASSES)) for r in rows]
    elif TARGET_SCALER is not None:
        y = [[(float(r[col[TARGET[0]]]) - TARGET_SCALER[0]) / TARGET_SCALER[1]] for r in rows]
    else:
        y = [[float(r[col[t]]) for t in TARGET] for r in rows]`;

/** Batch norm's and dropout's settings, for a run that has them (none otherwise, so that such scripts stay as they were). */
function modelSettings(config: RunConfig): string[] {
  const { batchNorm, bnEps, bnMomentum, dropout } = config.model;
  const lines = [
    ...(batchNorm ? [`BN_EPS = ${py(bnEps)}`, `BN_MOMENTUM = ${py(bnMomentum)}`] : []),
    ...(dropout > 0 ? [`DROPOUT = ${py(dropout)}`, `DROPOUT_SEED = ${py(dropoutSeed(config.training.seed))}`] : []),
  ];
  return lines.length ? [lines.join('\n')] : [];
}

/** `Dropout`, for a run with dropout: torch's inverted dropout with the trainer's masks. */
function dropoutClass(model: ModelConfig): string[] {
  if (!(model.dropout > 0)) return [];
  return [
    `class Dropout(torch.nn.Module):
    """torch.nn.Dropout (inverted: kept units scaled by 1 / (1 - p)) with Loss Lab's masks: drawn from its
    generator, layer after layer, each row by row, a unit kept when uniform() >= p."""

    def __init__(self, p, rng):
        super().__init__()
        self.p, self.rng = p, rng

    def forward(self, h):
        if not self.training:
            return h
        scale = 1 / (1 - self.p)
        rows, units = h.shape
        return h * torch.tensor([[scale if self.rng.uniform() >= self.p else 0.0 for _ in range(units)] for _ in range(rows)])`,
  ];
}

/** `build_model`: the layers (a hidden one Linear, BatchNorm1d, activation, dropout), with the recorded initial weights. */
function buildModel(model: ModelConfig): string {
  const norm = `
            norm = torch.nn.BatchNorm1d(len(p["bias"]), eps=BN_EPS, momentum=BN_MOMENTUM)
            with torch.no_grad():
                for name in ("weight", "bias", "running_mean", "running_var"):
                    getattr(norm, name).copy_(torch.tensor(p["bn"][name]))
            layers.append(norm)`;
  const dropout = model.dropout > 0;
  return `def build_model(${dropout ? 'dropout_rng, ' : ''}initial=INITIAL):
    layers = []
    for i, p in enumerate(initial):
        linear = torch.nn.Linear(len(p["weight"][0]), len(p["weight"]))
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(p["weight"]))
            linear.bias.copy_(torch.tensor(p["bias"]))
        layers.append(linear)
        if i < len(initial) - 1:${model.batchNorm ? norm : ''}
            layers.append(${ACTIVATIONS[model.activation]})${dropout ? '\n            layers.append(Dropout(DROPOUT, dropout_rng))' : ''}
    return torch.nn.Sequential(*layers)`;
}

/** `main`: the training loop. */
function trainingLoop(config: RunConfig, pre: ExportSource['preprocessing']): string {
  const closure = getOptimizer(config.optimizer.name).closure;
  const modes = config.model.batchNorm || config.model.dropout > 0;
  const sequences = config.loss.name === 'crf' ? CRF_SEQUENCES : TOKENS;
  const heads = config.loss.weighting === 'gradnorm' ? GRADNORM_HEADS : HEADS;
  const batching = { ranking: GROUPS, multitask: heads, sequence: sequences }[config.data.task as string] ?? ROWS;
  return [
    trainingSetup(config, pre),
    closure ? closureEpochStep(batching) : epochSteps(batching),
    epochEnd(modes, batching),
  ].join('\n');
}

/** How the loop's lines name a batch: the rows of `order[a:b]` (units of `order`), and the loss on rows. */
interface Batching {
  rows: (units: string) => string;
  loss: (rows: string) => string;
  /** What the loss does at the end of each epoch, after the validation loss. */
  endEpoch?: string;
  /** What the loss does after each optimizer step of a mini-batch loop. */
  afterStep?: string;
}

const ROWS: Batching = {
  rows: (units) => `torch.tensor(${units}, dtype=torch.long)`,
  loss: (rows) => `loss_fn(model(x[${rows}]), y[${rows}])`,
};

/** Multitask: the loss reads the model's learned log-variances (uncertainty), and dwa moves its weights each epoch. */
const HEADS: Batching = {
  rows: ROWS.rows,
  loss: (rows) => `loss_fn(model(x[${rows}]), y[${rows}], model)`,
  endEpoch: 'WEIGHTING.end_epoch()',
};

/** Multitask weighted by GradNorm: the weights, a parameter of the model, are renormalized after each step. */
const GRADNORM_HEADS: Batching = {
  rows: ROWS.rows,
  loss: HEADS.loss,
  afterStep: 'WEIGHTING.after_step(model)',
};

/** Ranking: `order` holds groups; a batch is the rows of its groups, and the loss sees each row's group. */
const GROUPS: Batching = {
  rows: (units) => `torch.tensor([r for k in ${units} for r in members[k]], dtype=torch.long)`,
  loss: (rows) => `loss_fn(model(x[${rows}]), y[${rows}], g[${rows}])`,
};

/** Sequences with a CRF: `order` holds sequences; the loss sees each row's sequence and the CRF's scores. */
const CRF_SEQUENCES: Batching = {
  rows: GROUPS.rows,
  loss: (rows) => `loss_fn(model(x[${rows}]), y[${rows}], g[${rows}], model)`,
};

/** Sequences with a per-token loss: batches of whole sequences, each token a row of the loss. */
const TOKENS: Batching = { rows: GROUPS.rows, loss: ROWS.loss };

/** The start of `main`: the data and its split, the model and optimizer, the batch size and the generator. */
function trainingSetup(config: RunConfig, pre: ExportSource['preprocessing']): string {
  // Ranking and sequence batches are whole groups (queries, sequences).
  const grouped = config.data.task === 'ranking' || config.data.task === 'sequence';
  // A linear probe's frozen encoder has no gradient: no penalty, no optimizer state.
  const probe = config.pretrain?.probe === true;
  const trainable = probe ? ' and m.weight.requires_grad' : '';
  return `def main():
    header, rows = read_csv(CSV_PATH, CSV_SHA256, ROWS)${config.data.valPath === undefined ? '' : '\n    rows += read_csv(VAL_CSV_PATH, VAL_CSV_SHA256, VAL_ROWS)[1]'}
    x, y = encode(header, rows)${grouped ? '\n    g = group_ids(header, rows)' : ''}
    val = set(VAL)
    order = ${pre.labeled ? 'list(LABELED)' : '[i for i in range(len(x)) if i not in val]'}${grouped ? `\n${GROUPED_ORDER}` : ''}
    val_rows = torch.tensor(VAL, dtype=torch.long)
    model = build_model(${config.model.dropout > 0 ? 'Rng(DROPOUT_SEED)' : ''})${taskParameters(config)}${config.loss.name === 'crf' ? CRF_PARAMETER : ''}${config.pretrain ? `\n${PRETRAIN_CALL}` : ''}
    weights = [m.weight for m in model if isinstance(m, torch.nn.Linear)${trainable}]
    optimizer = ${optimizerCall(config, probe ? '[p for p in model.parameters() if p.requires_grad]' : 'model.parameters()')}
    n = len(order)
    batch = n if BATCH_SIZE == "full" else min(BATCH_SIZE, n)
    batches = math.ceil(n / batch)
    rng = Rng(SEED ^ 0x5EED5EED)
    step, best, since_best = 0, None, 0
    history = {${config.pretrain ? '"pretrain_loss": pretrain_loss, ' : ''}"train_loss": [], "val_loss": []}`;
}

/** The run's optimizer as torch.optim, or the script's own class, constructs it over `parameters`. */
function optimizerCall(config: RunConfig, parameters: string): string {
  // L-BFGS's line_search_fn "none" is PyTorch's None.
  const torchValue = (k: string, v: unknown) => (k === 'line_search_fn' && v === 'none' ? null : v);
  const args = Object.entries(params(config.optimizer)).map(([k, v]) => `${k}=${py(torchValue(k, v))}`);
  const own = OPTIMIZER_CLASSES[config.optimizer.name];
  return `${own ? own.name : `torch.optim.${OPTIMIZERS[config.optimizer.name]}`}(${parameters}, ${args.join(', ')})`;
}

/** The class of an optimizer PyTorch lacks, if the run used one (none for torch.optim's). */
function optimizerClass(name: string): string[] {
  const own = OPTIMIZER_CLASSES[name];
  return own ? [own.definition()] : [];
}

/**
 * `Lion`: Loss Lab's lion.ts in torch operations, each a separate operation as there (no fused
 * multiply-add), so that the steps round alike.
 */
function lionClass(): string {
  return `class Lion(torch.optim.Optimizer):
    """Lion (Chen et al. 2023, Algorithm 2), as Loss Lab has it; not in PyTorch:
    p *= 1 - lr wd;  p -= lr sign(b1 m + (1 - b1) g)  (sign(0) = 0);  m = b2 m + (1 - b2) g"""

    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            lr, wd = group["lr"], group["weight_decay"]
            for p in group["params"]:
                state = self.state[p]
                if not state:
                    state["exp_avg"] = torch.zeros_like(p)
                m, g = state["exp_avg"], p.grad
                p.mul_(1 - lr * wd)
                p.sub_(lr * torch.sign(beta1 * m + (1 - beta1) * g))
                m.copy_(beta2 * m + (1 - beta2) * g)`;
}

/**
 * `Adan`: Loss Lab's adan.ts in torch operations: the whole gradient first scaled to max_grad_norm (its
 * norm over all parameters, ε added), a gradient difference of 0 at the first step, the proximal decay or,
 * with no_prox, AdamW's.
 */
function adanClass(): string {
  return `class Adan(torch.optim.Optimizer):
    """Adan (Xie et al. 2022) as its official implementation (sail-sg/Adan), as Loss Lab has it; not in
    PyTorch. The betas are the moving-average factors of the gradient, its change and the squared Nesterov
    gradient."""

    def __init__(self, params, lr=1e-3, betas=(0.98, 0.92, 0.99), eps=1e-8, weight_decay=0.0, no_prox=False, max_grad_norm=0.0):
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, no_prox=no_prox, max_grad_norm=max_grad_norm)
        super().__init__(params, defaults)
        self.k = 0

    @torch.no_grad()
    def step(self):
        self.k += 1
        k = self.k
        max_norm, eps = self.defaults["max_grad_norm"], self.defaults["eps"]
        c = 1.0
        if max_norm > 0:  # one scale for the whole gradient: its norm over every parameter
            norm = math.sqrt(sum((p.grad * p.grad).sum().item() for group in self.param_groups for p in group["params"]))
            c = min(1.0, max_norm / (norm + eps))
        for group in self.param_groups:
            beta1, beta2, beta3 = group["betas"]
            lr, wd = group["lr"], group["weight_decay"]
            bc1, bc2, bc3_sqrt = 1 - beta1**k, 1 - beta2**k, math.sqrt(1 - beta3**k)
            for p in group["params"]:
                state = self.state[p]
                if not state:
                    state.update(m=torch.zeros_like(p), diff_avg=torch.zeros_like(p), n=torch.zeros_like(p), prev=torch.zeros_like(p))
                m, diff_avg, n, prev = state["m"], state["diff_avg"], state["n"], state["prev"]
                g = c * p.grad
                d = torch.zeros_like(g) if k == 1 else g - prev
                nesterov = g + beta2 * d
                m.copy_(beta1 * m + (1 - beta1) * g)
                diff_avg.copy_(beta2 * diff_avg + (1 - beta2) * d)
                n.copy_(beta3 * n + (1 - beta3) * nesterov * nesterov)
                update = (m / bc1 + beta2 * diff_avg / bc2) / (torch.sqrt(n) / bc3_sqrt + eps)
                if group["no_prox"]:
                    p.copy_(p * (1 - lr * wd) - lr * update)
                else:
                    p.copy_((p - lr * update) / (1 + lr * wd))
                prev.copy_(g)`;
}

/** Each epoch's mini-batches: forward, backward (accumulated), penalties, clipping, the step's rate and the step. */
function epochSteps(batching: Batching): string {
  return `    for epoch in range(1, EPOCHS + 1):
        if SHUFFLE:
            rng.shuffle(order)
        loss_sum, micro, step_rows = 0.0, 0, 0
        for b in range(batches):
            start = b * batch
            count = min(batch, n - start)
            if micro == 0:
                step_rows = min(ACCUMULATE * batch, n - start)
            rows = ${batching.rows('order[start:start + count]')}
            loss = ${batching.loss('rows')}
            if not math.isfinite(loss.item()):
                print(json.dumps({"epoch": epoch, "diverged": True}))
                return history
            # Each micro-batch counts by its share of the step's rows.
            (loss * (count / step_rows)).backward()
            loss_sum += loss.item() * count
            micro += 1
            if micro < ACCUMULATE and b < batches - 1:
                continue
${penaltiesAndClipping('model')}            for group in optimizer.param_groups:
                group["lr"] = lr_at(step)
            optimizer.step()${batching.afterStep ? `\n            ${batching.afterStep}` : ''}
            optimizer.zero_grad()
            step, micro = step + 1, 0`;
}

/**
 * An optimizer that takes a closure (L-BFGS): one outer step each epoch on every training row, the closure
 * adding the penalties to the loss it returns; the epoch's train loss is the closure's first.
 */
function closureEpochStep(batching: Batching): string {
  return `    for epoch in range(1, EPOCHS + 1):
        if SHUFFLE:
            rng.shuffle(order)
        rows = ${batching.rows('order')}
        losses = []

        def closure():
            optimizer.zero_grad()
            loss = ${batching.loss('rows')}
            # on weights, not biases: l1·Σ|w| + ½·l2·Σw²
            penalty = sum(L1 * w.abs().sum() + 0.5 * L2 * (w * w).sum() for w in weights)
            (loss + penalty).backward()
            losses.append(loss.item())
            return loss + penalty

        for group in optimizer.param_groups:
            group["lr"] = lr_at(step)
        optimizer.step(closure)
        if not math.isfinite(losses[0]):
            print(json.dumps({"epoch": epoch, "diverged": True}))
            return history
        loss_sum = losses[0] * n
        step += 1`;
}

/**
 * Each epoch's end: the losses printed and kept (the validation loss in eval mode when `modes`: batch
 * norm or dropout), the schedule told, early stopping; `main` returns the history.
 */
function epochEnd(modes: boolean, batching: Batching): string {
  const val = `val_loss = ${batching.loss('val_rows')}.item() if VAL else None`;
  const scored = modes ? `model.eval()\n            ${val}\n            model.train()` : val;
  return `        train_loss = loss_sum / n
        with torch.no_grad():
            ${scored}
        end_of_epoch(train_loss if val_loss is None else val_loss)${batching.endEpoch ? `\n        ${batching.endEpoch}` : ''}
        print(json.dumps({"epoch": epoch, "train_loss": train_loss, "val_loss": val_loss}))
        history["train_loss"].append(train_loss)
        history["val_loss"].append(val_loss)
        if EARLY_STOPPING:
            value = val_loss if EARLY_STOPPING["monitor"] == "val_loss" and val_loss is not None else train_loss
            if best is None or value < best - EARLY_STOPPING["min_delta"]:
                best, since_best = value, 0
            else:
                since_best += 1
                if since_best >= EARLY_STOPPING["patience"]:
                    break
    return history`;
}

/** Run as a script: the whole history as the last line printed. */
function output(): string {
  return `if __name__ == "__main__":
    print(json.dumps(main()))`;
}

/** A JSON value as a Python literal. */
export function py(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot write ${v} as a Python literal`);
    return JSON.stringify(v);
  }
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(py).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${JSON.stringify(k)}: ${py(x)}`)
    .join(', ')}}`;
}

function params(c: ComponentConfig): Record<string, unknown> {
  const { name: _name, ...rest } = c;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null));
}
