/**
 * Experiment templates: the classic comparisons, each written as an experiment file on the user's CSV
 * with a comment on what to look for, ready to run all and compare. `experimentFileText` writes every
 * generated experiment file (also "New experiment…", experimentTemplate.ts).
 */
import { LossLabError, quote } from './errors';
import type { Task } from './tasks';

interface TemplateInput {
  csvFile: string;
  target: string | readonly string[];
  task: Task;
  classCounts?: readonly number[];
}

export interface TemplateRun {
  name: string;
  [setting: string]: unknown;
}

interface Plan {
  /** What to look for, one sentence per line. */
  look: string[];
  shared?: Record<string, unknown>;
  runs: TemplateRun[];
}

export interface ExperimentTemplate {
  id: string;
  title: string;
  description: string;
  tasks: readonly Task[];
  /**
   * The experiment file's text for `csvFile` (as the file should name it: relative to where it is saved).
   * `classCounts`: rows per class in class order, which the imbalance template needs to weight the classes.
   * A LossLabError when the task does not fit.
   */
  build(csvFile: string, target: string | readonly string[], task: Task, classCounts?: readonly number[]): string;
}

const CLASSIFICATION: readonly Task[] = ['binary', 'multiclass'];
const SUPERVISED: readonly Task[] = ['regression', 'binary', 'multiclass', 'distribution'];

/**
 * Inverse-frequency class weights, normalized so that a balanced dataset gets all ones (scikit-learn's
 * `class_weight='balanced'`): w_c = n / (C · n_c). A class absent from the counts gets weight 1.
 */
export function balancedWeights(counts: readonly number[]): number[] {
  const n = counts.reduce((s, c) => s + c, 0);
  return counts.map((c) => (c > 0 ? Number((n / (counts.length * c)).toPrecision(4)) : 1));
}

function whatToCompare(task: Task): string {
  return task === 'regression'
    ? 'Regression: compare the validation RMSE and R².'
    : 'Compare the validation accuracy and F1, not only the loss.';
}

const PLANS: {
  id: string;
  title: string;
  description: string;
  tasks: readonly Task[];
  plan(i: TemplateInput): Plan;
}[] = [
  {
    id: 'outliers',
    title: 'Outliers: MSE, MAE, Huber',
    description: 'Squared against absolute error and Huber, which is quadratic near zero and linear for outliers.',
    tasks: ['regression'],
    plan: () => ({
      look: [
        'MSE squares each error, so a few outliers dominate its gradient and pull the fit towards them;',
        'MAE and Huber grow linearly beyond a point and are robust to them. Compare the validation MAE',
        '(the typical error) with the RMSE (which outliers inflate), and the train curves: MAE moves at a constant pace.',
      ],
      runs: [
        { name: 'mse', loss: 'mse' },
        { name: 'mae', loss: 'mae' },
        { name: 'huber', loss: { name: 'huber', delta: 1 } },
      ],
    }),
  },
  {
    id: 'imbalance',
    title: 'Class imbalance: cross-entropy, weighted, focal',
    description: 'Plain cross-entropy against inverse-frequency class weights and focal loss.',
    tasks: CLASSIFICATION,
    plan: (i) => {
      if (!i.classCounts?.length)
        throw new LossLabError('the class-imbalance template needs the number of rows of each class to weight them');
      const weight = balancedWeights(i.classCounts);
      return {
        look: [
          `Class counts: ${i.classCounts.join(', ')}. Plain cross-entropy is dominated by the frequent class;`,
          'weighting each class by the inverse of its frequency, or focal loss (which down-weights easy examples),',
          'shifts attention to the rare one. Accuracy can hide this: compare F1, recall and ROC AUC, and the confusion matrix.',
        ],
        runs: [
          { name: 'cross-entropy', loss: 'cross_entropy' },
          { name: 'weighted cross-entropy', loss: { name: 'cross_entropy', weight } },
          { name: 'focal', loss: { name: 'focal', alpha: i.task === 'binary' ? 0.25 : 1, gamma: 2 } },
        ],
      };
    },
  },
  {
    id: 'learning-rate',
    title: 'Learning rate: too low, about right, too high',
    description: 'The same model trained with plain SGD at three rates a hundred times apart.',
    tasks: SUPERVISED,
    plan: (i) => ({
      look: [
        'Too low: the loss creeps down and is still falling at the end. Too high: it jumps around, plateaus',
        'above the others or diverges (the run stops with a message). In between: fast and steady.',
        `Watch the update/weight ratio (healthy near 1e-3). ${whatToCompare(i.task)}`,
      ],
      shared: { optimizer: { name: 'sgd', lr: 0.01 } },
      runs: [
        { name: 'lr 0.0003 (too low)', optimizer: { lr: 0.0003 } },
        { name: 'lr 0.03', optimizer: { lr: 0.03 } },
        { name: 'lr 3 (too high)', optimizer: { lr: 3 } },
      ],
    }),
  },
  {
    id: 'batch-size',
    title: 'Batch size: 1, 10, 100, full',
    description: 'Stochastic, mini-batch and full-batch gradient descent at the same rate and number of epochs.',
    tasks: SUPERVISED,
    plan: () => ({
      look: [
        'Smaller batches take more (and noisier) steps per epoch: batch size 1 makes the most progress per epoch',
        'and the noisiest step curve; the full batch takes one smooth step per epoch and is far behind after the same',
        'number of epochs. Compare the curves by epoch and by time (x axis), and the gradient norm.',
      ],
      shared: { optimizer: { name: 'sgd', lr: 0.01 }, training: { epochs: 20 } },
      runs: [
        { name: 'batch 1', training: { batchSize: 1 } },
        { name: 'batch 10', training: { batchSize: 10 } },
        { name: 'batch 100', training: { batchSize: 100 } },
        { name: 'full batch', training: { batchSize: 'full' } },
      ],
    }),
  },
  {
    id: 'decay',
    title: 'Learning-rate decay against none',
    description: 'A constant rate against step decay and cosine annealing from the same start.',
    tasks: SUPERVISED,
    plan: () => ({
      look: [
        'All three start alike. A constant rate keeps bouncing around the minimum; decaying the rate lets the',
        'loss settle lower late in training (step decay in drops, cosine smoothly). Plot the learning rate too.',
      ],
      shared: { optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9 } },
      runs: [
        { name: 'no decay', schedule: 'constant' },
        { name: 'step decay', schedule: { name: 'step', gamma: 0.1 } },
        { name: 'cosine', schedule: 'cosine' },
      ],
    }),
  },
  {
    id: 'warmup',
    title: 'Warmup against none',
    description: 'Cosine decay from a high rate, with and without a linear warmup over the first tenth of the run.',
    tasks: SUPERVISED,
    plan: () => ({
      look: [
        'At a high rate, the first steps from random weights can be violent: a spike in the loss and the gradient',
        'norm, or a diverged run. A linear warmup starts the rate at 0 and ramps it up, so early training is calm.',
        'Compare the first epochs of the step curves and the gradient norm.',
      ],
      shared: { optimizer: { name: 'adam', lr: 0.1 } },
      runs: [
        { name: 'no warmup', schedule: 'cosine' },
        { name: 'warmup', schedule: 'warmup_cosine' },
      ],
    }),
  },
  {
    id: 'optimizers',
    title: 'Optimizer shoot-out',
    description: 'SGD, SGD with momentum, AdaGrad, RMSProp, Adam and AdamW, each at a rate usual for it.',
    tasks: SUPERVISED,
    plan: () => ({
      look: [
        'Each optimizer at a rate usual for it. Plain SGD is the slowest; momentum speeds it up along consistent',
        "directions; AdaGrad's steps shrink as it accumulates squared gradients; RMSProp and Adam adapt per",
        'weight and are the quickest early on. AdamW decays the weights apart from the gradient. Compare speed and final validation loss.',
      ],
      runs: [
        { name: 'sgd', optimizer: { name: 'sgd', lr: 0.05 } },
        { name: 'momentum', optimizer: { name: 'sgd', lr: 0.01, momentum: 0.9 } },
        { name: 'adagrad', optimizer: { name: 'adagrad', lr: 0.05 } },
        { name: 'rmsprop', optimizer: { name: 'rmsprop', lr: 0.001 } },
        { name: 'adam', optimizer: { name: 'adam', lr: 0.01 } },
        { name: 'adamw', optimizer: { name: 'adamw', lr: 0.01, weight_decay: 0.01 } },
      ],
    }),
  },
  {
    id: 'pretraining',
    title: 'Contrastive pretraining: from scratch against pretrained, at 5% and 100% of the labels',
    description:
      'SCARF-style InfoNCE pretraining of the hidden layers on all training rows, then fine-tuning, against none.',
    tasks: SUPERVISED,
    plan: (i) => {
      const pretrain = { method: 'info_nce', epochs: 20, corruption: 0.6, temperature: 1 };
      const few = { labelFraction: 0.05 };
      return {
        look: [
          'Pretraining learns the hidden layers from the features alone (two corrupted views of each row, told apart',
          'from the other rows), then trains on the labels. It helps most when labels are few: compare the two 5% runs',
          `first, then the two 100% runs. ${whatToCompare(i.task)} Pretraining is drawn left of step 0.`,
        ],
        shared: { model: { hidden: [64, 64], activation: 'relu' } },
        runs: [
          { name: 'scratch, 5% labels', data: few },
          { name: 'pretrained, 5% labels', data: few, pretrain },
          { name: 'scratch, 100% labels' },
          { name: 'pretrained, 100% labels', pretrain },
        ],
      };
    },
  },
];

/** JSON on one line with spaces after colons and commas, so each run reads as one line of the file. */
function compact(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(compact).join(', ')}]`;
  if (typeof v === 'object' && v !== null)
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}: ${compact(x)}`)
      .join(', ')} }`;
  return JSON.stringify(v);
}

/**
 * The settings the runs of a generated experiment share: a small model trained with Adam on the user's CSV,
 * with `overrides` replacing whole sections (`training` is merged key by key).
 */
export function sharedSettings(
  csvFile: string,
  target: string | readonly string[],
  task: Task,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const shared: Record<string, unknown> = {
    data: { path: csvFile, target, task, valSplit: 0.2 },
    model: { hidden: [32], activation: 'relu' },
    optimizer: { name: 'adam', lr: 0.01 },
    schedule: 'constant',
    training: { epochs: 50, batchSize: 32, seed: 1 },
  };
  for (const [k, v] of Object.entries(overrides))
    shared[k] = k === 'training' ? { ...(shared.training as object), ...(v as object) } : v;
  return shared;
}

/**
 * A generated experiment file: `comments` as `//` lines (then how to run it), the optional name, each shared
 * setting on a line of its own, and each run on one line.
 */
export function experimentFileText(file: {
  comments: readonly string[];
  name?: string;
  shared: Record<string, unknown>;
  runs: readonly TemplateRun[];
}): string {
  const body = Object.entries(file.shared).map(([k, v]) => `  ${JSON.stringify(k)}: ${compact(v)},`);
  const runs = file.runs.map((r) => `    ${compact(r)}`);
  return [
    ...file.comments.map((l) => `// ${l}`),
    '// Run all & compare (the lens above "runs") trains every run and overlays them in the dashboard.',
    '{',
    ...(file.name === undefined ? [] : [`  "name": ${JSON.stringify(file.name)},`]),
    ...body,
    '  "runs": [',
    runs.join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

function render(t: { id: string; title: string }, i: TemplateInput, plan: Plan): string {
  return experimentFileText({
    comments: [t.title, ...plan.look],
    name: `${t.id} (${i.csvFile.split(/[\\/]/).pop()})`,
    shared: sharedSettings(i.csvFile, i.target, i.task, plan.shared),
    runs: plan.runs,
  });
}

export const TEMPLATES: readonly ExperimentTemplate[] = PLANS.map((t) => ({
  id: t.id,
  title: t.title,
  description: t.description,
  tasks: t.tasks,
  build(csvFile, target, task, classCounts) {
    if (!t.tasks.includes(task))
      throw new LossLabError(`template ${t.id} needs a ${t.tasks.join(' or ')} target; ${quote(target)} is ${task}`, {
        field: 'target',
      });
    const input = { csvFile, target, task, classCounts };
    return render(t, input, t.plan(input));
  },
}));

export function getTemplate(id: string): ExperimentTemplate {
  const found = TEMPLATES.find((t) => t.id === id);
  if (found) return found;
  throw new LossLabError(`unknown template ${quote(id)}; templates: ${TEMPLATES.map((t) => t.id).join(', ')}`);
}
