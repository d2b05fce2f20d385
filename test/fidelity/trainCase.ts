/**
 * Runs one end-to-end training case of the PyTorch fidelity fixtures (train.json) through the same
 * StepEngine the trainer uses: given data, initial weights, loss, optimizer, schedule, L1/L2 and
 * clipping, every step's loss, learning rate and gradient norm and the final weights must match. With
 * `model.batch_norm` every hidden layer has a BatchNorm1d before its activation, and its final
 * parameters and running statistics must match too.
 */
import { getLoss } from '../../src/core/losses';
import { type LayerParams, Mlp } from '../../src/core/model/mlp';
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
  data: { x: number[][]; y: (number | number[])[] };
  model: {
    sizes: number[];
    activation: string;
    activation_params?: Record<string, number>;
    initial: LayerParams[];
    batch_norm?: boolean;
    bn_eps?: number;
    bn_momentum?: number;
  };
  loss: Component;
  optimizer: Component;
  schedule: Component | null;
  regularization: { l1: number; l2: number };
  clip_norm: number | null;
  batch: 'full' | number;
  steps: number;
  expected: { loss: number[]; lr: number[]; grad_norm_before_clip: number[]; final: LayerParams[] };
  tolerance: Tolerance;
}

export function runTrainCase(c: TrainCase): CaseResult {
  return guarded(`train ${c.task}`, () => train(c));
}

function train(c: TrainCase): CaseResult {
  const n = c.data.x.length;
  const d = c.model.sizes[0];
  const x = Float64Array.from(c.data.x.flat());
  const y = Float64Array.from(c.data.y.flat());
  const tw = y.length / n;
  const model = caseModel(c.model);
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
      engine.accumulate(x.subarray(from * d, (from + rows) * d), y.subarray(from * tw, (from + rows) * tw), rows, 1),
    );
    const u = engine.update();
    lrs.push(u.lr);
    norms.push(u.gradNorm);
  }
  const layers = (p: LayerParams[]) =>
    flatten(
      p.flatMap((l) => [
        l.weight,
        l.bias,
        ...(l.bn ? [l.bn.weight, l.bn.bias, l.bn.running_mean, l.bn.running_var] : []),
      ]),
    );
  return all([
    compare(losses, c.expected.loss, c.tolerance, 'loss'),
    compare(lrs, c.expected.lr, c.tolerance, 'lr'),
    compare(norms, c.expected.grad_norm_before_clip, c.tolerance, 'grad_norm_before_clip'),
    compare(layers(model.getParams()), layers(c.expected.final), c.tolerance, 'final'),
  ]);
}

/** The case's model with its initial weights; an activation parameter other than ours is unsupported. */
function caseModel(m: TrainCase['model']): Mlp {
  const slope = m.activation_params?.negative_slope;
  if (
    Object.keys(m.activation_params ?? {}).some((k) => k !== 'negative_slope') ||
    (slope !== undefined && slope !== 0.01)
  )
    throw new Error(`unsupported activation_params ${JSON.stringify(m.activation_params)}`);
  const batchNorm = m.batch_norm ? { eps: m.bn_eps ?? 1e-5, momentum: m.bn_momentum ?? 0.1 } : null;
  const model = new Mlp(m.sizes, m.activation, { batchNorm });
  model.setParams(m.initial);
  return model;
}
