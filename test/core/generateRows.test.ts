/**
 * A generate run's live rows: every QUALITY_EVERY epochs and at the last, a few generated rows (the real
 * ones and the baselines only the first time), the spread check on the same epochs, and nothing of the
 * run's numbers changed by asking for them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { parseCsvText } from '../../src/core/csv';
import { buildDataset } from '../../src/core/dataset';
import type { EpochEvent, GeneratedRows, RunSummary } from '../../src/core/trainer/events';
import { planRun } from '../../src/core/trainer/setup';
import { train } from '../../src/core/trainer/train';
import { QUALITY_SAMPLES } from '../../src/core/trainer/generative';
import { PREVIEW_ROWS } from '../../src/core/generate/preview';

/** 60 rows: two correlated numeric columns and a three-label one, from a fixed congruential generator. */
function csv(): string {
  let seed = 3;
  const u = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = ['a,b,kind'];
  for (let i = 0; i < 60; i++) {
    const a = u() * 4 - 2;
    lines.push(`${a.toFixed(3)},${(a * 0.8 + u()).toFixed(3)},${['x', 'y', 'z'][i % 3]}`);
  }
  return lines.join('\n');
}

async function run(loss: unknown, epochs: number, withRows: boolean) {
  const text = csv();
  const config = resolveRunConfig(
    { data: { path: 'g.csv', task: 'generate' }, loss, model: { hidden: [8] }, training: { epochs, seed: 2 } },
    defaultConfig('g.csv'),
  );
  const plan = planRun(config, buildDataset(parseCsvText(text, 'g.csv'), { task: 'generate' }));
  const rows: GeneratedRows[] = [];
  const events: EpochEvent[] = [];
  const { summary } = await train(plan, {
    onEvent: (e) => e.type === 'epoch' && events.push(e),
    ...(withRows && { onRows: (r: GeneratedRows) => rows.push(r) }),
  });
  return { summary, rows, events, text };
}

const withoutTiming = ({ timing: _t, ...s }: RunSummary) => s;

test('rows every 5 epochs and at the last; the real rows and the baselines once; the spread on the same epochs', async () => {
  const { summary, rows, events, text } = await run('vae', 12, true);
  assert.deepEqual(
    rows.map((r) => r.epoch),
    [5, 10, 12],
  );
  assert.deepEqual(
    rows.map((r) => [r.real !== undefined, r.baselines !== undefined]),
    [
      [true, true],
      [false, false],
      [false, false],
    ],
  );
  assert.deepEqual(rows[0].baselines, summary.baselines);
  const real = rows[0].real!;
  assert.deepEqual(
    real.map((c) => [c.name, c.kind]),
    [
      ['a', 'numeric'],
      ['b', 'numeric'],
      ['kind', 'categorical'],
    ],
  );
  // The held-out rows in the file's units: every value one of the column's values in the CSV.
  const fileA = new Set(
    text
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[0])),
  );
  const a = real[0].kind === 'numeric' ? real[0].values : [];
  assert.ok(a.length > 0 && a.every((v) => fileA.has(v)), `held-out a: ${a.join(', ')}`);
  assert.deepEqual(real[2].kind === 'categorical' && [...real[2].labels].sort(), ['x', 'y', 'z']);
  // The first rows of the sample each figure is scored on (at least QUALITY_SAMPLES drawn rows).
  const shown = Math.min(PREVIEW_ROWS, Math.max(a.length, QUALITY_SAMPLES));
  for (const r of rows)
    assert.ok(r.synthetic.every((c) => (c.kind === 'numeric' ? c.values : c.codes).length === shown));
  assert.deepEqual(
    events.filter((e) => e.spread).map((e) => e.epoch),
    [5, 10, 12],
  );
  for (const e of events.filter((e) => e.spread)) assert.ok(e.spread!.ratio > 0 && e.spread!.ratio <= 1);
});

test("the VAE's epochs report its two terms, recon + β·kl being the loss", async () => {
  const { events } = await run({ name: 'vae', beta: 0.5 }, 3, false);
  for (const e of events) {
    const { recon, kl } = e.metrics;
    assert.ok(kl > 0, `kl ${kl}`);
    assert.ok(Math.abs(recon + 0.5 * kl - e.trainLoss) < 1e-12 * Math.abs(e.trainLoss), `epoch ${e.epoch}`);
  }
});

test('asking for the rows changes none of the run’s numbers (a GAN, whose noise the sampling must not share)', async () => {
  const a = await run('wgan_gp', 6, true);
  const b = await run('wgan_gp', 6, false);
  assert.equal(a.rows.length, 2);
  assert.deepEqual(withoutTiming(a.summary), withoutTiming(b.summary));
  assert.deepEqual(
    a.events.map((e) => ({ ...e, elapsed: 0 })),
    b.events.map((e) => ({ ...e, elapsed: 0 })),
  );
});
