/**
 * Runs one end-to-end training case of the PyTorch fidelity fixtures (train.json) through the same
 * StepEngine the trainer uses: given data, initial weights, loss, optimizer, schedule, L1/L2 and
 * clipping, every step's loss, learning rate and gradient norm and the final weights must match. An
 * optimizer that takes a closure (L-BFGS) makes its outer steps through the trainer's closureStep on the
 * whole batch, and the closure evaluations of each step must match too. With `model.batch_norm` every
 * hidden layer has a BatchNorm1d before its activation, and its final parameters and running statistics
 * must match too.
 */
import { getLoss } from '../../src/core/losses';
import { type LayerParams, Mlp } from '../../src/core/model/mlp';
import { createClosureOptimizer, createOptimizer, getOptimizer } from '../../src/core/optimizers';
import { resolveParams } from '../../src/core/params';
import { createSchedule } from '../../src/core/schedules';
import { closureStep } from '../../src/core/trainer/closureStep';
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
  model: {
    sizes: number[];
    /** May be null for a model with no hidden layer. */
    activation: string | null;
    activation_params?: Record<string, number>;
    initial: LayerParams[];
    batch_norm?: boolean;
    bn_eps?: number;
    bn_momentum?: number;
  };
  loss: Component;
  optimizer: Component;
  schedule?: Component | null;
  regularization?: { l1: number; l2: number };
  clip_norm?: number | null;
  batch: 'full' | number;
  steps: number;
  expected: {
    loss: number[];
    /** Per step; ranking cases give the losses and the final weights only. */
    lr?: number[];
    grad_norm_before_clip?: number[];
    /** Closure evaluations per outer step, for an optimizer that takes a closure. */
    evals?: number[];
    final: LayerParams[];
  };
  tolerance: Tolerance;
}

export function runTrainCase(c: TrainCase): CaseResult {
  return guarded(`train ${c.task}`, () => train(c));
}

/** What a case's steps reported, in the order of its `expected` fields. */
interface Trace {
  loss: number[];
  lr: number[];
  norms: number[];
  evals: number[];
}

function train(c: TrainCase): CaseResult {
  const n = c.data.x.length;
  const x = Float64Array.from(c.data.x.flat());
  const ranking = c.task === 'ranking';
  const y = Float64Array.from((ranking ? c.data.relevance : c.data.y)?.flat() ?? []);
  const group = ranking ? Float64Array.from(c.data.group ?? []) : undefined;
  const model = caseModel(c.model);
  const loss = getLoss(c.loss.name);
  const lossParams = resolveParams(loss.params, c.loss.params, 'loss', loss.id);
  const closure = getOptimizer(c.optimizer.name).closure === true;
  const size = model.params.length;
  const { optimizer, params: optParams } = closure
    ? createClosureOptimizer(c.optimizer.name, size, c.optimizer.params)
    : createOptimizer(c.optimizer.name, size, c.optimizer.params);
  const batch = c.batch === 'full' ? n : c.batch;
  if (closure && batch !== n) throw new Error(`${c.optimizer.name} trains full batch, the case has batch ${c.batch}`);
  const schedule = createSchedule(c.schedule?.name ?? 'constant', optParams.lr as number, c.schedule?.params ?? {}, {
    totalSteps: c.steps,
    stepsPerEpoch: Math.ceil(n / batch),
  });
  const engine = new StepEngine(model, loss, lossParams, optimizer, schedule, {
    l1: c.regularization?.l1 ?? 0,
    l2: c.regularization?.l2 ?? 0,
    clipNorm: c.clip_norm ?? null,
    clipValue: null,
  });
  const trace: Trace = { loss: [], lr: [], norms: [], evals: [] };
  if ('closure' in optimizer)
    for (let t = 0; t < c.steps; t++) {
      const u = closureStep(engine, optimizer, x, y, n);
      record(trace, u.loss, u);
      trace.evals.push(u.evals);
    }
  else miniBatches(c, engine, { x, y, group }, batch, trace);
  const layers = (p: LayerParams[]) =>
    flatten(
      p.flatMap((l) => [
        l.weight,
        l.bias,
        ...(l.bn ? [l.bn.weight, l.bn.bias, l.bn.running_mean, l.bn.running_var] : []),
      ]),
    );
  const { expected: e, tolerance: tol } = c;
  const evals = closure ? [compare(trace.evals, e.evals ?? [], { rtol: 0, atol: 0 }, 'evals')] : [];
  const perStep = ranking
    ? []
    : [
        compare(trace.lr, e.lr!, tol, 'lr'),
        compare(trace.norms, e.grad_norm_before_clip!, tol, 'grad_norm_before_clip'),
      ];
  return all([
    compare(trace.loss, e.loss, tol, 'loss'),
    ...perStep,
    ...evals,
    compare(layers(model.getParams()), layers(e.final), tol, 'final'),
  ]);
}

function record(trace: Trace, loss: number, u: { lr: number; gradNorm: number }): void {
  trace.loss.push(loss);
  trace.lr.push(u.lr);
  trace.norms.push(u.gradNorm);
}

/** A case's inputs, targets and (ranking) each row's group. */
interface Rows {
  x: Float64Array;
  y: Float64Array;
  group?: Float64Array;
}

/** Unshuffled mini-batches in row order, wrapping around the data. */
function miniBatches(c: TrainCase, engine: StepEngine, { x, y, group }: Rows, batch: number, trace: Trace) {
  const n = c.data.x.length;
  const d = c.model.sizes[0];
  const tw = y.length / n;
  const batches = Math.ceil(n / batch);
  for (let t = 0; t < c.steps; t++) {
    const from = (t % batches) * batch;
    const rows = Math.min(batch, n - from);
    const loss = engine.accumulate(
      x.subarray(from * d, (from + rows) * d),
      y.subarray(from * tw, (from + rows) * tw),
      rows,
      1,
      group?.subarray(from, from + rows),
    );
    record(trace, loss, engine.update());
  }
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
  const model = new Mlp(m.sizes, m.activation ?? 'relu', { batchNorm });
  model.setParams(m.initial);
  return model;
}
