/**
 * Scoring the model after each epoch: the loss over the validation split (the training split when there is
 * none), in chunks, and the task's metrics; for pair and triplet losses, on fixed examples drawn once.
 */
import type { Dataset } from '../dataset';
import { taskHeadline } from '../metricNames';
import { Rng } from '../rng';
import type { Batches, Examples } from './batches';
import type { EpochSnapshot, Metrics } from './events';
import { evaluate } from './metrics';
import { rankingMetrics } from './rankingMetrics';
import { sequenceLengths } from '../sequence/lengths';
import { decodeTags } from '../sequence/decode';
import { sequenceMetrics } from '../sequence/metrics';
import type { MultitaskLoss } from './multitaskObjective';
import { PairSampler, bestThresholdAccuracy } from './pairs';
import { outputClasses } from './setup';
import type { StepEngine } from './step';

/** Rows evaluated per forward pass when scoring a split, to bound memory on large files. */
export const EVAL_CHUNK = 4096;

export interface Snapshot extends EpochSnapshot {
  confusion: number[][] | null;
}

export class Evaluator {
  private readonly rows: ArrayLike<number>;
  private readonly examples: Examples | null = null;

  constructor(
    private readonly data: Dataset,
    private readonly engine: StepEngine,
    private readonly batches: Batches,
    seed: number,
  ) {
    this.rows = data.val.length ? data.val : data.train;
    const arity = engine.loss.arity;
    if (arity > 1) {
      const n = this.rows.length;
      const label = (row: number) => data.y[row];
      this.examples = { members: Array.from({ length: arity }, () => new Int32Array(n)), target: new Float64Array(n) };
      new PairSampler(this.rows, label).sample(
        this.rows,
        label,
        arity as 2 | 3,
        new Rng(seed + 1),
        this.examples.members,
        this.examples.target,
      );
    }
  }

  /** The epoch's validation loss (null without a validation split) and metrics. */
  epoch(epoch: number, trainLoss: number): Snapshot {
    const { data } = this;
    const n = this.rows.length;
    if (data.task === 'sequence') return this.sequenceEpoch(epoch, trainLoss);
    if (data.group) return this.rankingEpoch(epoch, trainLoss);
    const r = this.score();
    const valLoss = data.val.length ? r.loss : null;
    if (data.heads) return { epoch, trainLoss, valLoss, metrics: this.headMetrics(r.out), confusion: null };
    if (this.examples)
      return { epoch, trainLoss, valLoss, metrics: { pair_accuracy: this.pairAccuracy(r.out, n) }, confusion: null };
    const tw = data.targetWidth;
    const y = new Float64Array(n * tw);
    for (let i = 0; i < n; i++) y.set(data.y.subarray(this.rows[i] * tw, (this.rows[i] + 1) * tw), i * tw);
    const scaler = data.targetScaler;
    const unscale = (v: number) => (scaler ? v * scaler.std + scaler.mean : v);
    const { metrics, confusion }: { metrics: Metrics; confusion: number[][] | null } = evaluate(
      data.task,
      r.out,
      n,
      this.engine.model.outputSize,
      y,
      outputClasses(data),
      unscale,
    );
    return { epoch, trainLoss, valLoss, metrics, confusion };
  }

  /**
   * Ranking: the scores of the split in chunks, then the loss over all of its groups at once (a group's
   * loss needs all of its rows, and pair losses average over every pair of the split), and the metrics.
   */
  private rankingEpoch(epoch: number, trainLoss: number): Snapshot {
    const { engine, rows, data } = this;
    const n = rows.length;
    const scores = this.outputs();
    const relevance = Float64Array.from(rows, (r) => data.y[r]);
    const group = Float64Array.from(rows, (r) => data.group![r]);
    const loss = engine.lossOf(scores, relevance, n, group);
    const metrics = rankingMetrics(scores, relevance, group);
    return { epoch, trainLoss, valLoss: data.val.length ? loss : null, metrics, confusion: null };
  }

  /**
   * Sequences: the emissions of the split (whose sequences are whole and in order), the loss over all of
   * them at once, the tags decoded (Viterbi with a CRF, else token by token), their metrics and confusion.
   */
  private sequenceEpoch(epoch: number, trainLoss: number): Snapshot {
    const { engine, rows, data } = this;
    const n = rows.length;
    const out = this.outputs();
    const tags = Float64Array.from(rows, (r) => data.y[r]);
    const group = Float64Array.from(rows, (r) => data.group![r]);
    const loss = engine.lossOf(out, tags, n, group);
    const labels = data.classes!;
    const lengths = sequenceLengths(group);
    const crf = engine.loss.id === 'crf' ? engine.model.taskParams : null;
    const predicted = decodeTags(out, lengths, labels.length, crf);
    const confusion = labels.map(() => new Array<number>(labels.length).fill(0));
    for (let i = 0; i < n; i++) confusion[tags[i]][predicted[i]]++;
    const metrics = sequenceMetrics(predicted, tags, lengths, labels);
    return { epoch, trainLoss, valLoss: data.val.length ? loss : null, metrics, confusion };
  }

  /** The model's outputs on the split's rows, in chunks. */
  private outputs(): Float64Array {
    const { engine, batches, rows } = this;
    const n = rows.length;
    const k = engine.model.outputSize;
    const out = new Float64Array(n * k);
    for (let from = 0; from < n; from += EVAL_CHUNK) {
      const count = Math.min(EVAL_CHUNK, n - from);
      batches.fill(rows, from, count, null);
      out.set(engine.predict(batches.inputs(count), count).subarray(0, count * k), from * k);
    }
    return out;
  }

  /**
   * Multitask: each head's metrics, keyed `TARGET/METRIC` (`price/r2`), its loss on the split and its
   * weight in the total (`price/loss`, `price/weight`).
   */
  private headMetrics(out: Float64Array): Metrics {
    const { data, rows, engine } = this;
    const objective = engine.loss as MultitaskLoss;
    const n = rows.length;
    const k = engine.model.outputSize;
    const count = data.heads!.length;
    const target = new Float64Array(n * count);
    for (let i = 0; i < n; i++) target.set(data.y.subarray(rows[i] * count, (rows[i] + 1) * count), i * count);
    const losses = objective.headLosses(out, target, n);
    const weights = objective.weights(engine.model.taskParams);
    const metrics: Metrics = {};
    objective.heads.forEach(({ head, offset, width }, h) => {
      const slice = new Float64Array(n * width);
      for (let i = 0; i < n; i++) slice.set(out.subarray(i * k + offset, i * k + offset + width), i * width);
      const y = Float64Array.from({ length: n }, (_, i) => target[i * count + h]);
      const scaler = head.targetScaler;
      const unscale = (v: number) => (scaler ? v * scaler.std + scaler.mean : v);
      const classes = head.classes?.length ?? 1;
      for (const [name, v] of Object.entries(evaluate(head.task, slice, n, width, y, classes, unscale).metrics))
        metrics[`${head.name}/${name}`] = v;
      metrics[`${head.name}/loss`] = losses[h];
      metrics[`${head.name}/weight`] = weights[h];
    });
    // One score that means the same for every weighting and loss (val_loss holds the weights, and
    // uncertainty's log-variance terms), so that runs of a sweep can be ranked by it.
    const scores = objective.heads.map(({ head }) => metrics[`${head.name}/${taskHeadline(head.task)}`]);
    metrics.mean_score = scores.reduce((s, v) => s + v, 0) / scores.length;
    return metrics;
  }

  /** Mean loss and raw outputs (anchors' rows first, then each member's, for pairs) over the split, in chunks. */
  private score(): { loss: number; out: Float64Array } {
    const { engine, batches, rows, examples } = this;
    const n = rows.length;
    const k = engine.model.outputSize;
    const arity = engine.loss.arity;
    const out = new Float64Array(n * k * arity);
    let total = 0;
    for (let from = 0; from < n; from += EVAL_CHUNK) {
      const count = Math.min(EVAL_CHUNK, n - from);
      const modelRows = batches.fill(rows, from, count, examples);
      const r = engine.evaluate(batches.inputs(modelRows), batches.targets(count), modelRows);
      total += r.value * count;
      for (let m = 0; m < arity; m++) out.set(r.out.subarray(m * count * k, (m + 1) * count * k), (m * n + from) * k);
    }
    return { loss: total / n, out };
  }

  /** The best accuracy of a distance threshold that tells similar examples from dissimilar ones. */
  private pairAccuracy(out: Float64Array, n: number): number {
    const k = this.engine.model.outputSize;
    const dist = (m: number, i: number) => {
      let s = 0;
      for (let j = 0; j < k; j++) s += (out[i * k + j] - out[(m * n + i) * k + j]) ** 2;
      return Math.sqrt(s);
    };
    if (this.engine.loss.arity === 2)
      return bestThresholdAccuracy(
        Array.from({ length: n }, (_, i) => dist(1, i)),
        this.examples!.target,
        n,
      );
    const distances = [
      ...Array.from({ length: n }, (_, i) => dist(1, i)),
      ...Array.from({ length: n }, (_, i) => dist(2, i)),
    ];
    const similar = [...new Array<number>(n).fill(1), ...new Array<number>(n).fill(0)];
    return bestThresholdAccuracy(distances, similar, 2 * n);
  }
}
