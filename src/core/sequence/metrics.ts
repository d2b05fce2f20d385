/**
 * Sequence labelling metrics over a split's sequences (rows concatenated, `lengths` each): the share of
 * tokens tagged right, the share of sequences tagged right throughout, the F1 of each tag averaged over
 * the tags (scikit-learn's `f1_score(average='macro')`: over the tags that occur in the truth or the
 * predictions), and for BIO tags the entity F1 as seqeval counts it (micro-averaged over chunks, a chunk
 * right only when its type, start and end all are).
 */
import type { Metrics } from '../trainer/events';
import { entities, isBio } from './entities';

export function sequenceMetrics(
  predicted: ArrayLike<number>,
  truth: ArrayLike<number>,
  lengths: readonly number[],
  labels: readonly string[],
): Metrics {
  let tokens = 0;
  let sequences = 0;
  let from = 0;
  for (const len of lengths) {
    let whole = true;
    for (let t = from; t < from + len; t++)
      if (predicted[t] === truth[t]) tokens++;
      else whole = false;
    if (whole) sequences++;
    from += len;
  }
  const metrics: Metrics = {
    token_accuracy: tokens / from,
    sequence_accuracy: sequences / lengths.length,
    macro_f1: macroF1(predicted, truth, from, labels.length),
  };
  if (isBio(labels)) metrics.entity_f1 = entityF1(predicted, truth, lengths, labels);
  return metrics;
}

function macroF1(predicted: ArrayLike<number>, truth: ArrayLike<number>, n: number, tags: number): number {
  const hits = new Float64Array(tags);
  const inTruth = new Float64Array(tags);
  const inPredicted = new Float64Array(tags);
  for (let i = 0; i < n; i++) {
    inTruth[truth[i]]++;
    inPredicted[predicted[i]]++;
    if (predicted[i] === truth[i]) hits[truth[i]]++;
  }
  let sum = 0;
  let present = 0;
  for (let c = 0; c < tags; c++) {
    if (inTruth[c] + inPredicted[c] === 0) continue;
    present++;
    sum += (2 * hits[c]) / (inTruth[c] + inPredicted[c]);
  }
  return sum / present;
}

function entityF1(
  predicted: ArrayLike<number>,
  truth: ArrayLike<number>,
  lengths: readonly number[],
  labels: readonly string[],
): number {
  const chunks = (tags: ArrayLike<number>) => {
    const all: string[] = [];
    let from = 0;
    for (const len of lengths) {
      all.push(
        ...entities(
          Array.from({ length: len }, (_, t) => labels[tags[from + t]]),
          from,
        ),
      );
      from += len;
    }
    return all;
  };
  const want = new Set(chunks(truth));
  const got = chunks(predicted);
  const correct = got.filter((c) => want.has(c)).length;
  // seqeval: precision and recall are 0 when nothing is predicted or nothing is there, and so is F1.
  const p = got.length ? correct / got.length : 0;
  const r = want.size ? correct / want.size : 0;
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}
