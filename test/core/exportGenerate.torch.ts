/**
 * The PyTorch export of generate runs, run for real (see exportReplay.ts): the VAE and every GAN loss, their
 * noise drawn in Python from the trainer's generator, the losses compared at every epoch.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { dataset, tempDir } from '../cli/run';
import { replay } from './exportReplay';

/** Two numeric columns and two categorical ones (three and two levels), one level written in quotes. */
function mixedCsv(): string {
  const lines = ['height,weight,colour,size'];
  for (let i = 0; i < 90; i++) {
    const h = 1.6 + 0.2 * Math.sin(i * 1.1);
    const colour = ['red', 'green', '"blue, dark"'][(i * 5) % 3];
    lines.push(`${h.toFixed(3)},${(60 + 40 * (h - 1.6) + 5 * Math.cos(i)).toFixed(2)},${colour},${i % 4 ? 'S' : 'L'}`);
  }
  const file = join(tempDir(), 'mixed.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const generate = (loss: unknown, extra: Record<string, unknown>) => ({
  data: { task: 'generate' },
  loss,
  model: { hidden: [8], activation: 'tanh', latent: 3 },
  ...extra,
});

test('vae + Adam, numeric and categorical columns, beta 0.5, clipping, a short last batch', () =>
  replay(
    mixedCsv(),
    generate(
      { name: 'vae', beta: 0.5 },
      { optimizer: { name: 'adam', lr: 0.01 }, training: { epochs: 6, batchSize: 16, clipNorm: 1, seed: 3 } },
    ),
  ));

test('vae + SGD with momentum, cosine, two hidden layers, numeric columns only (iris)', () =>
  replay(
    dataset('iris.csv'),
    generate('vae', {
      data: { task: 'generate', ignore: ['species'] },
      model: { hidden: [8, 6], activation: 'relu', latent: 2 },
      optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9 },
      schedule: 'cosine',
      training: { epochs: 5, batchSize: 32, seed: 5 },
    }),
  ));

for (const [loss, extra] of [
  ['gan_minimax', {}],
  ['gan_nonsaturating', { criticLr: 0.002 }],
  ['lsgan', { criticSteps: 2, criticOptimizer: 'rmsprop' }],
  ['hinge_gan', { criticSteps: 3, criticOptimizer: 'lion', criticLr: 0.001 }],
  ['wgan', { clip: 0.05, criticSteps: 2, criticOptimizer: 'rmsprop', criticLr: 0.005 }],
  ['wgan_gp', { lambda: 5, criticSteps: 3 }],
] as const)
  test(`${loss} ${JSON.stringify(extra)} + Adam, numeric and categorical columns, softmax blocks`, () =>
    replay(
      mixedCsv(),
      generate(
        { name: loss, ...extra },
        { optimizer: { name: 'adam', lr: 0.01 }, training: { epochs: 5, batchSize: 16, seed: 7 } },
      ),
    ));

test('wgan_gp + RMSprop with warmup on a one-cycle schedule, default critic steps, no validation rows', () =>
  replay(
    mixedCsv(),
    generate('wgan_gp', {
      data: { task: 'generate', valSplit: 0 },
      optimizer: { name: 'rmsprop', lr: 0.005 },
      schedule: 'one_cycle',
      training: { epochs: 4, batchSize: 10, seed: 9 },
    }),
  ));
