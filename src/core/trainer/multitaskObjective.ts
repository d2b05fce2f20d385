/**
 * The multi-task objective: one loss per head (each on its own slice of the model's outputs and its own
 * target column), combined by a weighting:
 *
 * - `fixed`: Σ w_k L_k with the given weights (all 1 by default);
 * - `uncertainty`: Kendall, Gal & Cipolla 2018 as LibMTL computes it, Σ L_k / (2 exp(s_k)) + s_k / 2 with
 *   s_k = log σ_k² trained with the network (the model's task parameters, starting at 0);
 * - `dwa`: dynamic weight average (Liu, Johns & Davison 2019): for epoch t ≥ 3,
 *   λ_k = K exp(r_k / T) / Σ_j exp(r_j / T) with r_k = L_k(t−1) / L_k(t−2), the heads' mean training
 *   losses of the two epochs before; λ_k = 1 for the first two epochs;
 * - `gradnorm`: GradNorm (Chen et al. 2018): Σ w_k L_k with the weights w (from 1) trained, by the run's
 *   optimizer, on L_grad = Σ_k |G_k − Ḡ r_k^α| only, where G_k = ‖∇_W w_k L_k‖ at the last shared layer's
 *   weights W, Ḡ their mean, r_k = L̃_k / mean L̃ with L̃_k = L_k / L_k(first step), the target treated as
 *   a constant; after each step the weights are renormalized to sum to K (and kept ≥ 1e-6).
 *
 * `multitask` in the loss registry declares the parameters; `multitaskLoss` binds them to a dataset's heads.
 */
import { DEFAULT_LOSS } from '../config/defaults';
import type { Head } from '../dataset/heads';
import { LossLabError, quote } from '../errors';
import { type Params, num, resolveParams } from '../params';
import { getLoss } from '../losses';
import { type Weighting, multitask, uncertaintyWeighting } from '../losses/multitask';
import type { LossBatch, LossSpec, TaskBalance } from '../losses/types';

/** One head's loss, its parameters and where its outputs sit among the model's. */
interface HeadLoss {
  head: Head;
  spec: LossSpec;
  params: Params;
  offset: number;
  width: number;
}

/** The bound objective: a loss like any other, plus what the trainer reports per head. */
export interface MultitaskLoss extends LossSpec {
  readonly heads: readonly HeadLoss[];
  /** Each head's weight in the total now (for `uncertainty`, 1 / (2 exp(s_k))). */
  weights(taskParams: Float64Array): number[];
  /** Each head's mean loss over `n` rows of outputs (`n × k`) and targets (`n × heads`). */
  headLosses(out: Float64Array, target: Float64Array, n: number): number[];
}

function headLosses(heads: readonly Head[], given: string): HeadLoss[] {
  const ids = given === '' ? heads.map((h) => DEFAULT_LOSS[h.task]) : given.split(',').map((s) => s.trim());
  if (ids.length !== heads.length)
    throw new LossLabError(
      `loss.losses names ${ids.length} losses for ${heads.length} targets (${heads.map((h) => h.name).join(', ')}); give one per target, in order`,
      { field: 'loss.losses' },
    );
  let offset = 0;
  return heads.map((head, k) => {
    const spec = getLoss(ids[k]);
    if (!spec.tasks.includes(head.task))
      throw new LossLabError(
        `loss ${quote(ids[k])} does not fit target ${quote(head.name)}, a ${head.task} head; use ${DEFAULT_LOSS[head.task]} or another ${head.task} loss`,
        { field: 'loss.losses' },
      );
    const width = spec.outputSize(head.task, head.classes?.length ?? 1);
    const bound = { head, spec, params: resolveParams(spec.params, {}, 'loss', spec.id), offset, width };
    offset += width;
    return bound;
  });
}

function fixedWeights(p: Params, count: number): number[] {
  const w = p.weights as number[] | null;
  if (w === null) return new Array<number>(count).fill(1);
  if (w.length !== count)
    throw new LossLabError(`loss.weights must have ${count} numbers, one per target, got ${w.length}`, {
      field: 'loss.weights',
    });
  return w;
}

/** The multitask objective of `heads` with the resolved parameters `p`. */
export function multitaskLoss(heads: readonly Head[], p: Params): MultitaskLoss {
  const parts = headLosses(heads, p.losses as string);
  const weighting = p.weighting as Weighting;
  const count = parts.length;
  const fixed = fixedWeights(p, count);
  const outputs = parts.reduce((s, h) => s + h.width, 0);
  const dwa = new DynamicWeights(count, num(p, 'temperature'));
  const values = new Float64Array(count);
  const coefficients = new Float64Array(count);
  const scratch = { out: new Float64Array(0), grad: new Float64Array(0), target: new Float64Array(0) };

  /** Each head's loss on the batch; with `grads`, each head's output gradient (unweighted) in place. */
  function perHead(batch: LossBatch, grads: Float64Array[] | null): void {
    const {
      n,
      k,
      outputs: [out],
      target,
    } = batch;
    for (const [h, part] of parts.entries()) {
      const size = n * part.width;
      if (scratch.out.length < size)
        Object.assign(scratch, { out: new Float64Array(size), grad: new Float64Array(size) });
      if (scratch.target.length < n) scratch.target = new Float64Array(n);
      const o = scratch.out.subarray(0, size);
      const t = scratch.target.subarray(0, n);
      const g = scratch.grad.subarray(0, size);
      for (let i = 0; i < n; i++) {
        t[i] = target[i * count + h];
        for (let j = 0; j < part.width; j++) o[i * part.width + j] = out[i * k + part.offset + j];
      }
      values[h] = part.spec.compute({ outputs: [o], target: t, n, k: part.width }, part.params, grads ? [g] : null);
      if (grads)
        for (let i = 0; i < n; i++)
          for (let j = 0; j < part.width; j++) grads[0][i * k + part.offset + j] = g[i * part.width + j];
    }
  }

  /** The total, and each head's coefficient in it (d total / d L_k) in `coefficients`. */
  function combine(batch: LossBatch): number {
    if (weighting === 'gradnorm') batch.taskGrads?.fill(0);
    if (weighting === 'uncertainty') {
      const g = batch.taskGrads
        ? { losses: coefficients, logVars: batch.taskGrads }
        : { losses: coefficients, logVars: new Float64Array(count) };
      return uncertaintyWeighting(values, batch.taskParams!, g);
    }
    const w = weighting === 'dwa' ? dwa.weights : weighting === 'gradnorm' ? batch.taskParams! : fixed;
    let total = 0;
    for (let h = 0; h < count; h++) {
      coefficients[h] = w[h];
      total += w[h] * values[h];
    }
    return total;
  }

  return {
    ...multitask,
    heads: parts,
    taskParamCount: weighting === 'uncertainty' || weighting === 'gradnorm' ? count : 0,
    ...(weighting === 'gradnorm'
      ? { initialTaskParams: () => new Array<number>(count).fill(1), balance: gradNorm(parts, values, num(p, 'alpha')) }
      : {}),
    outputSize: () => outputs,
    compute(batch, _p, grads) {
      perHead(batch, grads);
      const total = combine(batch);
      if (grads) {
        dwa.observe(values, batch.n);
        const g = grads[0];
        for (const [h, part] of parts.entries())
          for (let i = 0; i < batch.n; i++)
            for (let j = 0; j < part.width; j++) g[i * batch.k + part.offset + j] *= coefficients[h];
      }
      return total;
    },
    weights(taskParams) {
      if (weighting === 'uncertainty') return Array.from(taskParams, (s) => 1 / (2 * Math.exp(s)));
      if (weighting === 'gradnorm') return Array.from(taskParams);
      return [...(weighting === 'dwa' ? dwa.weights : fixed)];
    },
    headLosses(out, target, n) {
      perHead({ outputs: [out], target, n, k: outputs }, null);
      return [...values];
    },
    endEpoch: () => dwa.endEpoch(),
  };
}

/** GradNorm's balancing: `values` are the heads' losses of the batch being stepped (the objective's). */
function gradNorm(parts: readonly HeadLoss[], values: Float64Array, alpha: number): TaskBalance {
  let initial: Float64Array | null = null;
  const count = parts.length;
  return {
    parts,
    observe(norms, w, taskGrads) {
      initial ??= Float64Array.from(values);
      const rates = Array.from(values, (l, k) => l / initial![k]);
      const meanRate = rates.reduce((s, v) => s + v, 0) / count;
      const g = norms.map((n, k) => w[k] * n);
      const meanG = g.reduce((s, v) => s + v, 0) / count;
      for (let k = 0; k < count; k++) {
        const target = meanG * (rates[k] / meanRate) ** alpha;
        taskGrads[k] = Math.sign(g[k] - target) * norms[k];
      }
    },
    afterStep(w) {
      for (let k = 0; k < count; k++) w[k] = Math.max(w[k], 1e-6);
      const sum = w.reduce((s, v) => s + v, 0);
      for (let k = 0; k < count; k++) w[k] = (count * w[k]) / sum;
    },
  };
}

/** Dynamic weight average's state: the heads' summed training losses this epoch, and the last two epochs' means. */
class DynamicWeights {
  weights: number[];
  private sums: Float64Array;
  private rows = 0;
  private history: number[][] = [];

  constructor(
    private readonly count: number,
    private readonly temperature: number,
  ) {
    this.weights = new Array<number>(count).fill(1);
    this.sums = new Float64Array(count);
  }

  observe(values: Float64Array, n: number): void {
    for (let h = 0; h < this.count; h++) this.sums[h] += values[h] * n;
    this.rows += n;
  }

  endEpoch(): void {
    if (this.rows === 0) return;
    this.history = [...this.history.slice(-1), Array.from(this.sums, (s) => s / this.rows)];
    this.sums.fill(0);
    this.rows = 0;
    if (this.history.length < 2) return;
    const [before, last] = this.history;
    const e = last.map((l, h) => Math.exp(l / before[h] / this.temperature));
    const sum = e.reduce((s, v) => s + v, 0);
    this.weights = e.map((v) => (this.count * v) / sum);
  }
}
