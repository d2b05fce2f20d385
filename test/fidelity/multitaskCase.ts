/**
 * A multitask training case: a shared trunk, a regression head and a binary head, their losses combined
 * by the case's weighting (fixed, uncertainty with learned log-variances, or dwa), one full-batch step at a
 * time through the trainer's StepEngine and multitask objective. The two linear heads are the rows of the
 * model's last layer, which computes the same thing as separate heads.
 */
import type { Head } from '../../src/core/dataset/heads';
import { Mlp, type LayerParams } from '../../src/core/model/mlp';
import { createOptimizer } from '../../src/core/optimizers';
import { createSchedule } from '../../src/core/schedules';
import { multitask } from '../../src/core/losses/multitask';
import { resolveParams } from '../../src/core/params';
import { type MultitaskLoss, multitaskLoss } from '../../src/core/trainer/multitaskObjective';
import { StepEngine } from '../../src/core/trainer/step';
import { type CaseResult, type Tolerance, all, compare, flatten, guarded } from './cases';

type HeadName = 'regression' | 'binary';
const HEADS: HeadName[] = ['regression', 'binary'];

export interface MultitaskCase {
  kind: 'train';
  task: 'multitask';
  data: { x: number[][]; y_reg: number[]; y_bin: number[] };
  model: {
    trunk_sizes: number[];
    activation: string;
    initial: { trunk: LayerParams[]; heads: Record<HeadName, LayerParams> };
  };
  loss: {
    name: 'multitask';
    params: {
      tasks: Record<HeadName, string>;
      weighting: string;
      weights?: number[];
      initial_log_vars?: number[];
      temperature?: number;
    };
  };
  optimizer: { name: string; params: Record<string, unknown> };
  steps: number;
  expected: {
    loss: number[];
    task_losses: Record<HeadName, number[]>;
    final: { trunk: LayerParams[]; heads: Record<HeadName, LayerParams>; log_vars?: number[] };
  };
  tolerance: Tolerance;
}

export function runMultitaskCase(c: MultitaskCase): CaseResult {
  return guarded('train multitask', () => train(c));
}

/** The trunk's layers, then both heads stacked as one last layer. */
function layers(trunk: LayerParams[], heads: Record<HeadName, LayerParams>): LayerParams[] {
  const last = { weight: HEADS.flatMap((h) => heads[h].weight), bias: HEADS.flatMap((h) => heads[h].bias) };
  return [...trunk, last];
}

function train(c: MultitaskCase): CaseResult {
  const n = c.data.x.length;
  const x = Float64Array.from(c.data.x.flat());
  const y = Float64Array.from({ length: 2 * n }, (_, i) => (i % 2 ? c.data.y_bin : c.data.y_reg)[i >> 1]);
  const heads: Head[] = HEADS.map((name) => ({
    name,
    task: name,
    classes: name === 'binary' ? ['0', '1'] : null,
    targetScaler: null,
  }));
  const p = c.loss.params;
  const given = {
    losses: HEADS.map((h) => p.tasks[h]).join(','),
    weighting: p.weighting,
    ...(p.weights ? { weights: p.weights } : {}),
    ...(p.temperature ? { temperature: p.temperature } : {}),
  };
  const objective = multitaskLoss(heads, resolveParams(multitask.params, given, 'loss', 'multitask'));
  const model = new Mlp([...c.model.trunk_sizes, 2], c.model.activation, { taskParams: objective.taskParamCount });
  model.setParams(layers(c.model.initial.trunk, c.model.initial.heads));
  model.taskParams.set(p.initial_log_vars ?? []);
  const { optimizer, params: optParams } = createOptimizer(c.optimizer.name, model.params.length, c.optimizer.params);
  const schedule = createSchedule('constant', optParams.lr as number, {}, { totalSteps: c.steps, stepsPerEpoch: 1 });
  const engine = new StepEngine(model, objective, {}, optimizer, schedule, {
    l1: 0,
    l2: 0,
    clipNorm: null,
    clipValue: null,
  });
  const losses: number[] = [];
  const parts: Record<HeadName, number[]> = { regression: [], binary: [] };
  for (let t = 0; t < c.steps; t++) {
    const [reg, bin] = (engine.loss as MultitaskLoss).headLosses(engine.predict(x, n), y, n);
    parts.regression.push(reg);
    parts.binary.push(bin);
    losses.push(engine.accumulate(x, y, n, 1));
    engine.update();
    // Full batch: every step is an epoch, which is when dwa moves its weights.
    objective.endEpoch?.();
  }
  const e = c.expected;
  const flat = (l: LayerParams[]) => flatten(l.map((v) => [v.weight, v.bias]));
  return all([
    compare(losses, e.loss, c.tolerance, 'loss'),
    compare(parts.regression, e.task_losses.regression, c.tolerance, 'task_losses.regression'),
    compare(parts.binary, e.task_losses.binary, c.tolerance, 'task_losses.binary'),
    compare(flat(model.getParams()), flat(layers(e.final.trunk, e.final.heads)), c.tolerance, 'final'),
    ...(p.weighting === 'uncertainty'
      ? [compare(Array.from(model.taskParams), e.final.log_vars!, c.tolerance, 'log_vars')]
      : []),
  ]);
}
