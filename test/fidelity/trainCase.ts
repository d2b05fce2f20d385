/**
 * Runs one end-to-end training case of the PyTorch fidelity fixtures (train.json) through the same
 * StepEngine the trainer uses: given data, initial weights, loss, optimizer, schedule, L1/L2 and
 * clipping, every step's loss, learning rate and gradient norm and the final weights must match.
 */
import { getLoss } from '../../src/core/losses';
import { Mlp, type LayerParams } from '../../src/core/model/mlp';
import { createOptimizer } from '../../src/core/optimizers';
import { resolveParams } from '../../src/core/params';
import { createSchedule } from '../../src/core/schedules';
import { StepEngine } from '../../src/core/trainer/step';
import { type CaseResult, type Tolerance, all, compare, flatten, guarded } from './cases';

interface Component {
  name: string;
  params: Record<string, unknown>;
}

export interface TrainCase {
  kind: 'train';
  task: string;
  /** `y` for supervised tasks; `relevance` and `group` (query ids) for ranking. */
  data: { x: number[][]; y?: (number | number[])[]; relevance?: number[]; group?: number[] };
  /** `activation` may be null for a model with no hidden layer. */
  model: { sizes: number[]; activation: string | null; initial: LayerParams[] };
  loss: Component;
  optimizer: Component;
  schedule?: Component | null;
  regularization?: { l1: number; l2: number };
  clip_norm?: number | null;
  batch: 'full' | number;
  steps: number;
  expected: { loss: number[]; lr?: number[]; grad_norm_before_clip?: number[]; final: LayerParams[] };
  tolerance: Tolerance;
}

export function runTrainCase(c: TrainCase): CaseResult {
  return guarded(`train ${c.task}`, () => train(c));
}

function train(c: TrainCase): CaseResult {
  const n = c.data.x.length;
  const d = c.model.sizes[0];
  const x = Float64Array.from(c.data.x.flat());
  const ranking = c.task === 'ranking';
  const y = Float64Array.from((ranking ? c.data.relevance : c.data.y)?.flat() ?? []);
  const group = ranking ? Float64Array.from(c.data.group ?? []) : undefined;
  const tw = y.length / n;
  const model = new Mlp(c.model.sizes, c.model.activation ?? 'relu');
  model.setParams(c.model.initial);
  const loss = getLoss(c.loss.name);
  const lossParams = resolveParams(loss.params, c.loss.params, 'loss', loss.id);
  const { optimizer, params: optParams } = createOptimizer(c.optimizer.name, model.params.length, c.optimizer.params);
  const batch = c.batch === 'full' ? n : c.batch;
  const batches = Math.ceil(n / batch);
  const schedule = createSchedule(c.schedule?.name ?? 'constant', optParams.lr as number, c.schedule?.params ?? {}, {
    totalSteps: c.steps,
    stepsPerEpoch: batches,
  });
  const engine = new StepEngine(model, loss, lossParams, optimizer, schedule, {
    l1: c.regularization?.l1 ?? 0,
    l2: c.regularization?.l2 ?? 0,
    clipNorm: c.clip_norm ?? null,
    clipValue: null,
  });
  const losses: number[] = [];
  const lrs: number[] = [];
  const norms: number[] = [];
  for (let t = 0; t < c.steps; t++) {
    // Unshuffled mini-batches in row order, wrapping around the data.
    const from = (t % batches) * batch;
    const rows = Math.min(batch, n - from);
    losses.push(
      engine.accumulate(
        x.subarray(from * d, (from + rows) * d),
        y.subarray(from * tw, (from + rows) * tw),
        rows,
        1,
        group?.subarray(from, from + rows),
      ),
    );
    const u = engine.update();
    lrs.push(u.lr);
    norms.push(u.gradNorm);
  }
  const layers = (p: LayerParams[]) => flatten(p.map((l) => [l.weight, l.bias]));
  const { expected: e, tolerance: tol } = c;
  // Ranking cases give the losses and the final weights only.
  const perStep = ranking
    ? []
    : [compare(lrs, e.lr!, tol, 'lr'), compare(norms, e.grad_norm_before_clip!, tol, 'grad_norm_before_clip')];
  return all([
    compare(losses, e.loss, tol, 'loss'),
    ...perStep,
    compare(layers(model.getParams()), layers(e.final), tol, 'final'),
  ]);
}
