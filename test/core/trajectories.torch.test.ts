/**
 * Optimizer paths against torch.optim on the same surfaces (test/fixtures/trajectories/generate.py, float64,
 * gradients by autograd): every point of every path within 1e-10.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { getSurface, runPath } from '../../src/core/trajectories';
import { fixturePath } from './fixtures';

interface TorchPath {
  surface: string;
  optimizer: string;
  lr: number;
  start: [number, number];
  xs: number[];
  ys: number[];
  losses: number[];
}

const fixture = JSON.parse(readFileSync(fixturePath('trajectories/paths.json'), 'utf8')) as { cases: TorchPath[] };

test('the fixture covers every surface and the optimizers torch.optim has', () => {
  assert.deepEqual([...new Set(fixture.cases.map((c) => c.surface))], ['rosenbrock', 'beale', 'saddle', 'quadratic']);
  assert.equal(fixture.cases.length, 44);
});

for (const c of fixture.cases) {
  test(`${c.surface} · ${c.optimizer} follows torch.optim's path`, () => {
    const surface = getSurface(c.surface);
    assert.deepEqual(surface.start, c.start, 'the fixture starts where the surface does');
    const steps = c.xs.length - 1;
    const p = runPath(surface, c.optimizer, steps, c.lr);
    assert.equal(p.status, 'completed');
    assert.equal(p.xs.length, steps + 1);
    let worst = 0;
    for (let t = 0; t <= steps; t++) {
      const err =
        Math.max(Math.abs(p.xs[t] - c.xs[t]), Math.abs(p.ys[t] - c.ys[t])) /
        (1 + Math.abs(c.xs[t]) + Math.abs(c.ys[t]));
      worst = Math.max(worst, err);
      assert.ok(err <= 1e-10, `step ${t}: (${p.xs[t]}, ${p.ys[t]}) vs torch (${c.xs[t]}, ${c.ys[t]})`);
      assert.ok(
        Math.abs(p.losses[t] - c.losses[t]) <= 1e-10 * (1 + Math.abs(c.losses[t])),
        `loss at step ${t}: ${p.losses[t]} vs ${c.losses[t]}`,
      );
    }
  });
}
