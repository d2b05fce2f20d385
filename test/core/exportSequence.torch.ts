/**
 * The PyTorch export of sequence runs, run for real (see exportReplay.ts): batches of whole sequences in
 * the trainer's order, the CRF's forward algorithm in torch, or cross-entropy token by token.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../cli/run';
import { replay } from './exportReplay';

/**
 * Tagged sequences of 1 to 6 tokens, written out of order: the position column puts each sequence's tokens
 * back in order, and sequence ids are text. Tags follow a feature and the tag before, as a CRF can learn.
 */
function sequencesCsv(): string {
  const lines = ['doc,position,x1,x2,tag'];
  const rows: string[] = [];
  for (let s = 0; s < 40; s++) {
    const length = 1 + ((s * 7) % 6);
    let tag = 'O';
    for (let t = 0; t < length; t++) {
      const x1 = Math.sin(s * 1.7 + t * 2.3);
      tag = x1 > 0.4 ? 'B' : tag !== 'O' && x1 > -0.3 ? 'I' : 'O';
      rows.push(`s${s},${t},${x1.toFixed(4)},${Math.cos(s + t * 0.9).toFixed(4)},${tag}`);
    }
  }
  // Each sequence's tokens reversed in the file: only the order column gives their order.
  const bySequence = new Map<string, string[]>();
  for (const r of rows) bySequence.set(r.split(',')[0], [...(bySequence.get(r.split(',')[0]) ?? []), r]);
  for (const tokens of bySequence.values()) lines.push(...tokens.reverse());
  const file = join(tempDir(), 'sequences.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const sequence = (loss: unknown, extra: Record<string, unknown>) => ({
  data: { task: 'sequence', sequence: 'doc', order: 'position', target: 'tag' },
  loss,
  model: { hidden: [6], activation: 'tanh' },
  ...extra,
});

test('crf + Adam over batches of 4 sequences ordered by a column, sequences of length 1, a short last batch', () =>
  replay(
    sequencesCsv(),
    sequence('crf', { optimizer: { name: 'adam', lr: 0.05 }, training: { epochs: 6, batchSize: 4, seed: 3 } }),
  ));

test('crf + SGD with momentum, cosine, clipping and L2, whole sequences in file order (no order column)', () =>
  replay(sequencesCsv(), {
    ...sequence('crf', {
      optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 },
      schedule: 'cosine',
      training: { epochs: 5, batchSize: 7, clipNorm: 1, l2: 0.01, seed: 8 },
    }),
    data: { task: 'sequence', sequence: 'doc', target: 'tag' },
  }));

test('per-token cross-entropy with label smoothing + Adam over batches of whole sequences', () =>
  replay(
    sequencesCsv(),
    sequence(
      { name: 'cross_entropy', label_smoothing: 0.1 },
      { optimizer: { name: 'adam', lr: 0.05 }, training: { epochs: 6, batchSize: 5, seed: 4 } },
    ),
  ));

test('crf + L-BFGS on every training sequence at once', () =>
  replay(
    sequencesCsv(),
    sequence('crf', {
      optimizer: { name: 'lbfgs', lr: 0.5, max_iter: 5 },
      training: { epochs: 3, batchSize: 'full', seed: 6 },
    }),
  ));
