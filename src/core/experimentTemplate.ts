/**
 * The experiment file "New experiment…" writes: runs that compare the task's usual loss with an
 * alternative (for ranking, the pointwise, pairwise and listwise families), written as the templates
 * write theirs (templates.ts).
 */
import { DEFAULT_LOSS } from './config/defaults';
import type { HeadTask } from './dataset/heads';
import type { Task } from './tasks';
import { experimentFileText, sharedSettings } from './templates';

const COMPARISONS: Record<Task, { runs: [string, unknown][]; note: string }> = {
  regression: {
    runs: [
      ['mse', 'mse'],
      ['huber', { name: 'huber', delta: 1.0 }],
    ],
    note: 'MSE squares errors, so outliers dominate it; Huber is quadratic near zero and linear beyond delta. Compare the validation curves and the MAE.',
  },
  binary: {
    runs: [
      ['bce', 'bce'],
      ['focal', { name: 'focal', alpha: 0.25, gamma: 2 }],
    ],
    note: 'Focal loss down-weights easy examples; with imbalanced classes compare F1 and ROC AUC, not only accuracy.',
  },
  multiclass: {
    runs: [
      ['cross-entropy', 'cross_entropy'],
      ['focal', { name: 'focal', alpha: 1, gamma: 2 }],
    ],
    note: 'Cross-entropy against focal loss (gamma 2): focal puts less weight on the examples the model already gets right.',
  },
  distribution: {
    runs: [
      ['kl', 'kl_div'],
      ['kl, lower lr', 'kl_div'],
    ],
    note: 'KL divergence to the target distributions, at two learning rates.',
  },
  embedding: {
    runs: [
      ['contrastive', { name: 'contrastive', margin: 1 }],
      ['triplet', { name: 'triplet', margin: 1 }],
    ],
    note: 'Contrastive pairs against triplets: compare the validation pair accuracy.',
  },
  ranking: {
    runs: [
      ['pointwise (mse)', 'mse'],
      ['pairwise (ranknet)', { name: 'ranknet', sigma: 1 }],
      ['listwise (listnet)', 'listnet'],
      ['lambdarank', { name: 'lambdarank', sigma: 1 }],
    ],
    note: 'Pointwise regression on the grade, pairwise RankNet, listwise ListNet and LambdaRank, which weights each pair by its effect on NDCG: compare the validation NDCG@10.',
  },
  sequence: {
    runs: [
      ['crf', 'crf'],
      ['per-token cross-entropy', 'cross_entropy'],
    ],
    note: 'A linear-chain CRF, which scores each tag following another, against the same network tagging each token on its own: compare the validation sequence accuracy and entity F1.',
  },
  // The runs on one target each are written per target (multitaskRuns).
  multitask: {
    runs: [['one model for all targets', 'multitask']],
    note: "One model with a head per target against one model per target: compare each target's metrics (price/r2 in the first run against r2 in the run on price alone).",
  },
  generate: {
    runs: [
      ['gan minimax', { name: 'gan_minimax' }],
      ['gan non-saturating', { name: 'gan_nonsaturating' }],
      ['wgan-gp', { name: 'wgan_gp', criticSteps: 5, lambda: 10 }],
      ['vae', { name: 'vae', beta: 1 }],
    ],
    note: "The articles' comparison: the minimax game, its non-saturating generator loss, the Wasserstein critic with a gradient penalty, and a VAE. Every run also scores two baselines (independent marginals, a Gaussian copula) against the same held-out rows: a model worth having beats both on c2st_auc (0.5: indistinguishable), ks_mean and corr_diff.",
  },
};

/**
 * A generate comparison's training: Adam with β₁ = 0.5 (DCGAN's and WGAN-GP's choice: a GAN's game moves
 * too much for momentum 0.9) at a rate the critic and generator can follow, for long enough to see them settle.
 */
export const GAN_SETTINGS = {
  optimizer: { name: 'adam', lr: 0.0005, betas: [0.5, 0.9] },
  training: { epochs: 200 },
};

/** A generate run's model and loss settings, as an experiment file spells them. */
export interface GeneratorConfig {
  model: { latent: number };
  loss: Record<string, unknown> & { name: string };
}

/**
 * Ranking's group column; a sequence task's sequence and order columns; multitask's heads' tasks by target;
 * a generate run's model picked with its settings (model.latent and the loss), run first.
 */
export interface TemplateOptions {
  group?: string;
  sequence?: string;
  order?: string;
  headTasks?: Readonly<Record<string, HeadTask>>;
  generator?: GeneratorConfig;
}

/** A multitask comparison's runs on one target each, with that target's task and usual loss. */
function singleTargetRuns(targets: readonly string[], headTasks: Readonly<Record<string, HeadTask>>) {
  return targets.map((t) => {
    const task = headTasks[t];
    return { name: `only ${t}`, data: { target: t, task }, loss: DEFAULT_LOSS[task] };
  });
}

const lossName = (loss: unknown) => (typeof loss === 'string' ? loss : (loss as { name: string }).name);

export function experimentTemplate(
  csvFile: string,
  target: string | readonly string[],
  task: Task,
  { group, sequence, order, headTasks = {}, generator }: TemplateOptions = {},
): string {
  const c = COMPARISONS[task];
  // The model picked, with its settings, comes first, against the comparison's other models.
  const compared = generator
    ? [
        [generator.loss.name, generator.loss] as [string, unknown],
        ...c.runs.filter(([, l]) => lossName(l) !== generator.loss.name),
      ]
    : c.runs;
  const runs = compared.map(([name, loss], i) => {
    // The distribution's second run repeats the first at a lower rate.
    const lr = task === 'distribution' && i === 1 ? { optimizer: { name: 'adam', lr: 0.001 } } : {};
    return { name, loss, ...lr };
  });
  if (task === 'multitask') runs.push(...singleTargetRuns(typeof target === 'string' ? [target] : target, headTasks));
  const model = {
    hidden: task === 'generate' ? [64, 64] : [32],
    activation: 'relu',
    init: 'torch_default',
    ...generator?.model,
  };
  const shared = sharedSettings(csvFile, target, task, task === 'generate' ? { model, ...GAN_SETTINGS } : { model });
  // A generate run learns every column: it has no target.
  if (task === 'generate') delete (shared.data as { target?: unknown }).target;
  if (group !== undefined) shared.data = { ...(shared.data as object), group };
  if (sequence !== undefined) shared.data = { ...(shared.data as object), sequence, ...(order ? { order } : {}) };
  const picked = generator && `${generator.loss.name} first, as picked, then the comparison's other models.`;
  return experimentFileText({ comments: picked ? [picked, c.note] : [c.note], shared, runs });
}
