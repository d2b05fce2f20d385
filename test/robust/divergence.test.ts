/**
 * Divergence is caught at the first step whose loss or update is not finite: the run is marked diverged
 * with that step and keeps the weights of the step before. The step is found independently by plain
 * full-batch gradient descent on the same linear least-squares problem, written out below.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { parseCsvText } from '../../src/core/csv';
import { type Dataset, buildDataset } from '../../src/core/dataset';
import type { RunEvent, RunSummary, StepEvent } from '../../src/core/trainer/events';
import { train } from '../../src/core/trainer/train';
import { lastJson, losslab, tempDir } from '../cli/run';
import { planRun } from '../../src/core/trainer/setup';

/** y = 1000·a − 500·b + 20000 on a raw (unstandardized) scale, so that a large rate blows up. */
const N = 30;
const CSV = `a,b,y\n${Array.from({ length: N }, (_, i) => `${i / 10},${(i * 7) % 5},${1000 * (i / 10) - 500 * ((i * 7) % 5) + 20000}`).join('\n')}\n`;
const LR = 10;
const ZEROS = [{ weight: [[0, 0]], bias: [0] }];
const SETTINGS = {
  data: { valSplit: 0, standardizeTarget: false },
  model: { initial: ZEROS },
  optimizer: { name: 'sgd', lr: LR },
  training: { epochs: 1000, batchSize: 'full' },
};

/**
 * Gradient descent on mean((w·x + b − y)²) until a step is not finite, by the trainer's rule: its loss, its
 * gradient's norm √Σg², or its update's size relative to the weights √ΣΔθ² / √Σθ² (each computed as
 * written, so the sums of squares overflow first); `what` says which.
 */
function reference(ds: Dataset): { step: number; what: string; w: number[]; b: number; losses: number[] } {
  let w = [0, 0];
  let b = 0;
  const losses: number[] = [];
  const rows = Array.from(ds.train);
  for (let step = 0; ; step++) {
    let loss = 0;
    const gw = [0, 0];
    let gb = 0;
    for (const r of rows) {
      const res = w[0] * ds.x[r * 2] + w[1] * ds.x[r * 2 + 1] + b - ds.y[r];
      loss += (res * res) / rows.length;
      gw[0] += (2 * res * ds.x[r * 2]) / rows.length;
      gw[1] += (2 * res * ds.x[r * 2 + 1]) / rows.length;
      gb += (2 * res) / rows.length;
    }
    if (!Number.isFinite(loss)) return { step, what: `the loss became ${loss}`, w, b, losses };
    const norm = Math.sqrt(gw[0] ** 2 + gw[1] ** 2 + gb ** 2);
    if (!Number.isFinite(norm)) return { step, what: `the gradient norm became ${norm}`, w, b, losses };
    const nw = [w[0] - LR * gw[0], w[1] - LR * gw[1]];
    const nb = b - LR * gb;
    const moved = (nw[0] - w[0]) ** 2 + (nw[1] - w[1]) ** 2 + (nb - b) ** 2;
    const size = w[0] ** 2 + w[1] ** 2 + b ** 2;
    if (!Number.isFinite(Math.sqrt(moved) / (Math.sqrt(size) || 1)))
      return { step, what: 'the update made the weights non-finite', w, b, losses };
    losses.push(loss);
    w = nw;
    b = nb;
  }
}

const close = (a: number, b: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.abs(b), `${what}: ${a} vs ${b}`);

test('an overflow is caught at its step; the weights from the step before are kept', async () => {
  const ds = buildDataset(parseCsvText(CSV, 'raw.csv'), { valSplit: 0, standardizeTarget: false });
  const ref = reference(ds);
  assert.ok(ref.step > 10 && ref.step < 1000, `the reference diverges within the run (step ${ref.step})`);

  const events: RunEvent[] = [];
  const r = await train(planRun(resolveRunConfig(SETTINGS, defaultConfig('raw.csv')), ds), {
    onEvent: (e) => events.push(e),
  });
  assert.equal(r.summary.status, 'diverged');
  assert.equal(r.summary.divergedAtStep, ref.step);
  assert.ok(
    r.summary.message?.startsWith(
      `${ref.what} at step ${ref.step} (epoch ${ref.step + 1}); the last finite weights are kept`,
    ),
    `${r.summary.message} (expected: ${ref.what} at step ${ref.step})`,
  );

  // Caught within the step: one step event per finite step, then the end.
  const steps = events.filter((e): e is StepEvent => e.type === 'step');
  assert.equal(steps.length, ref.step);
  steps.forEach((s, i) => close(s.loss, ref.losses[i], `loss at step ${i}`));
  assert.equal(events[events.length - 1].type, 'end');
  assert.equal(events.filter((e) => e.type === 'step' && e.step >= ref.step).length, 0);

  const [w0, w1, b] = Array.from(r.model.params);
  close(w0, ref.w[0], 'weight 0');
  close(w1, ref.w[1], 'weight 1');
  close(b, ref.b, 'bias');
});

test('the CLI records a diverged run with its step, and lists it as diverged', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'raw.csv'), CSV);
  writeFileSync(
    join(dir, 'raw.losslab.json'),
    JSON.stringify({ ...SETTINGS, data: { path: 'raw.csv', ...SETTINGS.data }, runs: [{ name: 'too-fast' }] }),
  );
  const out = join(dir, 'runs');
  const r = losslab(['run', join(dir, 'raw.losslab.json'), '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const run = lastJson<{ runs: { status: string; diverged_at_step: number | null; run_dir: string }[] }>(r).runs[0];
  const ref = reference(buildDataset(parseCsvText(CSV, 'raw.csv'), { valSplit: 0, standardizeTarget: false }));
  assert.equal(run.status, 'diverged');
  assert.equal(run.diverged_at_step, ref.step);

  const summary = JSON.parse(readFileSync(join(run.run_dir, 'summary.json'), 'utf8')) as RunSummary;
  assert.equal(summary.status, 'diverged');
  assert.equal(summary.divergedAtStep, ref.step);
  const events = readFileSync(join(run.run_dir, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as RunEvent);
  assert.equal(events.filter((e) => e.type === 'step').length, ref.step);
  assert.equal(events[events.length - 1].type, 'end');
  assert.equal(readdirSync(out).length, 1);

  const listed = lastJson<{ runs: { status: string }[] }>(losslab(['runs', '--out', out, '--json']));
  assert.deepEqual(
    listed.runs.map((x) => x.status),
    ['diverged'],
  );
});
