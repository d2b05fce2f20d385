/**
 * The learning-rate range test (Smith 2017, "Cyclical learning rates", §3.3), as PyTorch Lightning's
 * `Tuner.lr_find` and fastai's `lr_find` run it: from the run's initial weights, one optimizer step per
 * mini-batch while the rate grows exponentially,
 *
 *     lr_i = min_lr · (max_lr / min_lr)^(i / K),   i = 0 … K − 1,
 *
 * recording each batch's loss (before its step), exponentially smoothed with bias correction (smoothing.ts),
 *
 *     avg_i = β avg_{i−1} + (1 − β) loss_i,   smoothed_i = avg_i / (1 − β^(i+1)),   β = 0.98,
 *
 * and stopping once the smoothed loss exceeds four times the best so far (or the loss stops being finite).
 *
 * The suggestion is Lightning's: the rate where the smoothed loss falls fastest, i.e. the minimum of its
 * gradient (central differences, `torch.gradient`), skipping the first 10 points (the average is still
 * settling) and the last one. Since the rates are evenly spaced in log lr, this is the steepest descent
 * per decade, as fastai's `steep` suggestion measures it. (Lightning ≥ 2.1 differentiates with respect to
 * lr itself, which weighs the largest rates far more; the log spacing is kept here.)
 *
 * Deviations: one mini-batch per step (gradient accumulation is not applied), and losses on pairs or
 * triplets (contrastive, triplet) are not supported.
 */
import type { RunConfig } from './config/types';
import type { Dataset } from './dataset';
import { LossLabError } from './errors';
import { getOptimizer } from './optimizers';
import { Rng } from './rng';
import { DebiasedAverage } from './smoothing';
import type { Schedule } from './schedules/types';
import { buildEngine, planRun } from './trainer/setup';
import { StepEngine } from './trainer/step';
import { Batches } from './trainer/batches';
import { GroupBatches } from './trainer/groupBatches';
import { batchingOf } from './tasks';

export interface LrFindOptions {
  minLr: number;
  maxLr: number;
  /** K: the number of steps (rates) from min_lr towards max_lr. */
  steps: number;
  /** β of the exponential smoothing. */
  beta: number;
  /** Stop once the smoothed loss exceeds this many times the best. */
  divergeFactor: number;
  skipStart: number;
  skipEnd: number;
}

/** Lightning's defaults. */
export const LR_FIND_DEFAULTS: LrFindOptions = {
  minLr: 1e-8,
  maxLr: 1,
  steps: 100,
  beta: 0.98,
  divergeFactor: 4,
  skipStart: 10,
  skipEnd: 1,
};

export interface LrFindResult {
  /** The rate of each recorded step. */
  lrs: number[];
  /** The smoothed loss of each recorded step. */
  losses: number[];
  /** The raw batch losses. */
  rawLosses: number[];
  suggestion: number | null;
  /** Index of the suggestion in `lrs`. */
  suggestionIndex: number | null;
  /** Why the test ended before K steps (divergence), or null. */
  stopped: string | null;
  /** Why there is no suggestion, or null. */
  note: string | null;
}

function checkOptions(o: LrFindOptions): void {
  if (!(o.minLr > 0 && Number.isFinite(o.minLr)))
    throw new LossLabError(`min_lr must be a positive number, got ${o.minLr}`, { field: 'minLr' });
  if (!(o.maxLr > o.minLr && Number.isFinite(o.maxLr)))
    throw new LossLabError(`max_lr must be above min_lr (${o.minLr}), got ${o.maxLr}`, { field: 'maxLr' });
  if (!(Number.isInteger(o.steps) && o.steps >= 2))
    throw new LossLabError(`the number of steps must be an integer of at least 2, got ${o.steps}`, { field: 'steps' });
}

/** `torch.gradient` with unit spacing: central differences inside, one-sided at the ends. */
export function gradient(y: readonly number[]): number[] {
  const n = y.length;
  return y.map((_, i) => (i === 0 ? y[1] - y[0] : i === n - 1 ? y[n - 1] - y[n - 2] : (y[i + 1] - y[i - 1]) / 2));
}

/** The index of the steepest descent of `losses` within [skipStart, length − skipEnd), or null with the reason. */
export function steepestDescent(
  losses: readonly number[],
  skipStart: number,
  skipEnd: number,
): { index: number | null; note: string | null } {
  const end = losses.length - skipEnd;
  const kept: number[] = [];
  for (let i = skipStart; i < end; i++) if (Number.isFinite(losses[i])) kept.push(i);
  if (kept.length < 2)
    return {
      index: null,
      note: `only ${losses.length} points were recorded before the loss diverged; lower the maximum rate or raise the minimum`,
    };
  const g = gradient(kept.map((i) => losses[i]));
  let best = 0;
  for (let j = 1; j < g.length; j++) if (g[j] < g[best]) best = j;
  return { index: kept[best], note: null };
}

/** `onStep(done, total, lr)` after each step: for progress where the test takes a while (large batches, wide models). */
export function findLearningRate(
  config: RunConfig,
  data: Dataset,
  options: Partial<LrFindOptions> = {},
  onStep: (done: number, total: number, lr: number) => void = () => undefined,
): LrFindResult {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o: LrFindOptions = { ...LR_FIND_DEFAULTS, ...given };
  checkOptions(o);
  const id = config.optimizer.name;
  if (getOptimizer(id).closure)
    throw new LossLabError(
      `the learning-rate range test takes one mini-batch step per rate; ${id} makes whole-batch steps of its own length: test with another optimizer`,
      { field: 'optimizer.name' },
    );
  const plan = planRun(config, data);
  const cfg = plan.config;
  const length = plan.length;
  const built = buildEngine(plan);
  if (built.loss.arity !== 1)
    throw new LossLabError(
      `the learning-rate range test needs a loss on single rows; ${cfg.loss.name} trains on sampled pairs or triplets`,
      { field: 'loss.name' },
    );
  const ratio = o.maxLr / o.minLr;
  const schedule: Schedule = { lr: (t) => o.minLr * ratio ** (t / o.steps) };
  const engine = new StepEngine(built.model, built.loss, built.lossParams, built.optimizer, schedule, built.reg);

  // Mini-batches in the order the trainer would draw them: its seed, a reshuffle at each epoch; for ranking,
  // batches of whole groups.
  const batch = length.batch;
  const groups = batchingOf(data.task) === 'groups' ? new GroupBatches(data, data.train, batch) : null;
  const order = groups ? Int32Array.from(groups.groups, (_, g) => g) : Int32Array.from(data.train);
  const n = order.length;
  const batches = new Batches(data, 1, groups ? groups.maxRows : batch);
  const rng = new Rng((cfg.training.seed ^ 0x5eed5eed) >>> 0);
  let from = n;

  const lrs: number[] = [];
  const losses: number[] = [];
  const rawLosses: number[] = [];
  const average = new DebiasedAverage(o.beta);
  let best = Infinity;
  let stopped: string | null = null;
  for (let i = 0; i < o.steps; i++) {
    if (from >= n) {
      if (cfg.training.shuffle) rng.shuffle(order);
      from = 0;
    }
    const count = Math.min(batch, n - from);
    const grouped = groups?.gather(order, from, count);
    const rows = grouped
      ? batches.fill(grouped.rows, 0, grouped.rows.length, null)
      : batches.fill(order, from, count, null);
    from += count;
    const lr = schedule.lr(engine.step);
    const loss = engine.accumulate(batches.inputs(rows), batches.targets(rows), rows, 1, grouped?.group);
    if (!Number.isFinite(loss)) {
      stopped = `the loss became ${loss} at lr ${lr}`;
      break;
    }
    const smoothed = average.add(loss);
    lrs.push(lr);
    rawLosses.push(loss);
    losses.push(smoothed);
    if (i > 0 && smoothed > o.divergeFactor * best) {
      stopped = `the smoothed loss passed ${o.divergeFactor} times its best at lr ${lr}`;
      break;
    }
    if (smoothed < best) best = smoothed;
    onStep(i + 1, o.steps, lr);
    if (!engine.update().finite) {
      stopped = `the update stopped being finite at lr ${lr}`;
      break;
    }
  }
  const { index, note } = steepestDescent(losses, o.skipStart, o.skipEnd);
  return {
    lrs,
    losses,
    rawLosses,
    suggestion: index === null ? null : lrs[index],
    suggestionIndex: index,
    stopped,
    note,
  };
}
