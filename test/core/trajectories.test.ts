/**
 * The trajectory surfaces against their closed forms: gradients against central finite differences, the
 * known minima, contour levels, divergence, and the model slice against finite differences and, for a
 * linear model with MSE, the normal-equation gradient.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { Mlp } from '../../src/core/model/mlp';
import { loadData } from '../../src/io/data';
import {
  PATH_OPTIMIZERS,
  SURFACES,
  type Surface2D,
  computeTrajectories,
  contourLevels,
  getSurface,
  modelSurface,
  parameterNames,
  runPath,
} from '../../src/core/trajectories';
import { close, throwsLossLab } from './assertions';
import { fixturePath } from './fixtures';

/** Central differences of f at (x, y). */
function numericGrad(s: Surface2D, x: number, y: number, h: number): [number, number] {
  const f = (a: number, b: number) => s.evaluate(Float64Array.of(a, b), null);
  return [(f(x + h, y) - f(x - h, y)) / (2 * h), (f(x, y + h) - f(x, y - h)) / (2 * h)];
}

function checkGradient(s: Surface2D, points: [number, number][], h: number, rtol: number): void {
  for (const [x, y] of points) {
    const g = new Float64Array(2);
    const value = s.evaluate(Float64Array.of(x, y), g);
    assert.equal(
      value,
      s.evaluate(Float64Array.of(x, y), null),
      `${s.id}: the value does not depend on asking for the gradient`,
    );
    const [nx, ny] = numericGrad(s, x, y, h);
    const scale = 1 + Math.abs(nx) + Math.abs(ny);
    assert.ok(
      Math.abs(g[0] - nx) <= rtol * scale && Math.abs(g[1] - ny) <= rtol * scale,
      `${s.id} at (${x}, ${y}): [${g[0]}, ${g[1]}] vs FD [${nx}, ${ny}]`,
    );
  }
}

/** Points spread over the domain, off any symmetry. */
function samplePoints(s: Surface2D, k = 7): [number, number][] {
  const pts: [number, number][] = [];
  for (let i = 0; i < k; i++) {
    const u = (i + 0.37) / k;
    const v = ((i * 3 + 1.61) % k) / k;
    pts.push([
      s.domain.x[0] + u * (s.domain.x[1] - s.domain.x[0]),
      s.domain.y[0] + v * (s.domain.y[1] - s.domain.y[0]),
    ]);
  }
  return [...pts, s.start];
}

test('every surface has its gradient right (central finite differences)', () => {
  for (const s of SURFACES) checkGradient(s, samplePoints(s), 1e-6, 1e-6);
});

test('known minima: Rosenbrock 0 at (1, 1), Beale 0 at (3, ½), the saddle −¼ at (0, ±1), the quadratic 0 at (0, 0)', () => {
  const expected: Record<string, { at: [number, number][]; value: number }> = {
    rosenbrock: { at: [[1, 1]], value: 0 },
    beale: { at: [[3, 0.5]], value: 0 },
    saddle: {
      at: [
        [0, 1],
        [0, -1],
      ],
      value: -0.25,
    },
    quadratic: { at: [[0, 0]], value: 0 },
  };
  for (const s of SURFACES) {
    const e = expected[s.id];
    assert.deepEqual(s.minima, e.at, s.id);
    for (const [x, y] of e.at) {
      const g = new Float64Array(2);
      close(s.evaluate(Float64Array.of(x, y), g), e.value, 1e-15);
      assert.deepEqual([Math.abs(g[0]), Math.abs(g[1])], [0, 0], `${s.id}: ∇f = 0 at the minimum`);
      // A minimum, not a saddle: every nearby point is higher.
      for (let k = 0; k < 16; k++) {
        const a = (2 * Math.PI * k) / 16;
        assert.ok(
          s.evaluate(Float64Array.of(x + 1e-3 * Math.cos(a), y + 1e-3 * Math.sin(a)), null) > e.value,
          `${s.id} near (${x}, ${y})`,
        );
      }
    }
    // The start and the minima are inside the plotted region.
    for (const [x, y] of [s.start, ...s.minima])
      assert.ok(x >= s.domain.x[0] && x <= s.domain.x[1] && y >= s.domain.y[0] && y <= s.domain.y[1], s.id);
  }
  // The saddle's origin is a stationary point that is not a minimum.
  const g = new Float64Array(2);
  assert.equal(getSurface('saddle').evaluate(Float64Array.of(0, 0), g), 0);
  assert.deepEqual([Math.abs(g[0]), Math.abs(g[1])], [0, 0]);
  assert.ok(getSurface('saddle').evaluate(Float64Array.of(0, 0.1), null) < 0);
});

test('every surface has a rate for every path optimizer', () => {
  for (const s of SURFACES) for (const o of PATH_OPTIMIZERS) assert.ok(s.lrs[o.id] > 0, `${s.id} · ${o.id}`);
});

test('SGD on the quadratic contracts each axis by |1 − γλ| per step (closed form)', () => {
  const s = getSurface('quadratic');
  const [x0, y0] = s.start;
  const p = runPath(s, 'sgd', 40, 0.05);
  for (let t = 0; t <= 40; t++) {
    close(p.xs[t], x0 * (1 - 0.05) ** t, 1e-13);
    close(p.ys[t], y0 * (1 - 0.05 * 25) ** t, 1e-13);
  }
});

test('a path that diverges stops and says at which step', () => {
  const s = getSurface('quadratic');
  // γ = 0.2 > 2/κ: y is multiplied by 1 − 0.2·25 = −4 each step; it leaves the region (|y| > 2.5 + 10·5) once 2·4^t > 52.5, at t = 3.
  const p = runPath(s, 'sgd', 100, 0.2);
  assert.equal(p.status, 'diverged');
  assert.equal(p.message, 'diverged at step 3: left the plotted region by more than 10 times its size');
  assert.equal(p.xs.length, 4);
  assert.equal(p.losses.length, 4);
  close(p.ys[3], 2 * (-4) ** 3);
  // Beyond float range the loss stops being finite first.
  const q = runPath(getSurface('rosenbrock'), 'sgd', 100, 1e6);
  assert.equal(q.status, 'diverged');
  assert.match(q.message!, /^diverged at step \d+: /);
  const ok = runPath(s, 'adam', 10);
  assert.equal(ok.status, 'completed');
  assert.equal(ok.message, null);
});

test('bad requests are user errors that name the field', () => {
  throwsLossLab(() => getSurface('rosenbrok'), /^unknown surface "rosenbrok" \(did you mean rosenbrock\?\)/, 'surface');
  throwsLossLab(
    () => runPath(getSurface('beale'), 'adamm', 10),
    /^unknown optimizer "adamm" \(did you mean adam\?\)/,
    'optimizers',
  );
  throwsLossLab(
    () => runPath(getSurface('beale'), 'adam', 0),
    'steps must be an integer from 1 to 100000, got 0',
    'steps',
  );
  throwsLossLab(
    () => runPath(getSurface('beale'), 'adam', 10, -1),
    'the learning rate of adam must be a positive number, got -1',
    'lr',
  );
});

test('contour levels: geometric from the floor for log surfaces, even otherwise', () => {
  const log = contourLevels(0, 1e4, 'log', 0, 8);
  // From 1e-4 of the range (1) towards 1e4 in 8 geometric steps: a ratio of 10^(4/8).
  assert.equal(log.length, 8);
  close(log[0], 1, 1e-12);
  for (let k = 1; k < log.length; k++) close(log[k] / log[k - 1], 10 ** 0.5, 1e-12);
  assert.deepEqual(contourLevels(-1, 3, 'linear', null, 4), [0, 1, 2]);
  assert.deepEqual(contourLevels(2, 2, 'linear', null), []);
});

test('the grid samples the surface at the domain edges, row by row', () => {
  const s = getSurface('rosenbrock');
  const r = computeTrajectories(s, { optimizers: ['adam', 'sgd'], steps: 5, grid: 5 });
  assert.equal(r.grid.values.length, 25);
  // Row j = 1 (y = 0), column i = 3 (x = 1): f(1, 0) = 100.
  assert.equal(r.grid.values[1 * 5 + 3], 100);
  assert.equal(r.grid.values[0], s.evaluate(Float64Array.of(-2, -1), null));
  assert.equal(r.grid.max, Math.max(...r.grid.values));
  assert.deepEqual(
    r.paths.map((p) => p.id),
    ['adam', 'sgd'],
  );
  assert.deepEqual(r.surface.minima, [[1, 1]]);
});

const dataConfig = (file: string, raw: Record<string, unknown>) =>
  resolveRunConfig(
    { ...raw, data: { path: fixturePath(file, 'test/data') } },
    defaultConfig(fixturePath(file, 'test/data')),
  );

test('a linear model with MSE: the slice has the least-squares value and gradient', async () => {
  const config = dataConfig('diabetes.csv', { loss: 'mse' });
  const { dataset: data } = await loadData(config);
  const slice = modelSurface(config, data, { weights: ['w0[0][2]', 'b0[0]'] });
  assert.equal(slice.rows, data.train.length);
  assert.equal(slice.names.length, data.d + 1);
  // Independently: pred_r = Σ_j w_j x_rj + b, with every weight at its initial value except w_2 = u and b = v.
  const { surface } = slice;
  const [w2, b] = surface.start;
  const m = new Mlp([data.d, 1], config.model.activation);
  m.init(config.model.init, config.training.seed);
  const initial = Array.from(m.params);
  const g = new Float64Array(2);
  assert.equal(initial[2], w2);
  assert.equal(initial[data.d], b);
  for (const [u, v] of [
    [w2, b],
    [0.7, -0.3],
    [-1.2, 2.1],
  ]) {
    let value = 0;
    let gu = 0;
    let gv = 0;
    const n = data.train.length;
    for (const row of data.train) {
      let pred = v;
      for (let j = 0; j < data.d; j++) pred += (j === 2 ? u : initial[j]) * data.x[row * data.d + j];
      const r = pred - data.y[row];
      value += (r * r) / n;
      gu += (2 * r * data.x[row * data.d + 2]) / n;
      gv += (2 * r) / n;
    }
    close(surface.evaluate(Float64Array.of(u, v), g), value, 1e-12);
    close(g[0], gu, 1e-12);
    close(g[1], gv, 1e-12);
  }
});

test('an MLP with cross-entropy: the slice gradient matches finite differences, for weights in any layer', async () => {
  const config = dataConfig('iris.csv', { model: { hidden: [5], activation: 'tanh' } });
  const { dataset: data } = await loadData(config);
  const names = parameterNames([data.d, 5, 3]);
  assert.deepEqual(names.slice(0, 5), ['w0[0][0]', 'w0[0][1]', 'w0[0][2]', 'w0[0][3]', 'w0[1][0]']);
  assert.equal(names.length, data.d * 5 + 5 + 5 * 3 + 3);
  for (const weights of [
    ['w0[0][0]', 'w0[0][1]'],
    ['w0[3][2]', 'b1[2]'],
    ['w1[1][4]', 'b0[0]'],
  ] as [string, string][]) {
    const { surface } = modelSurface(config, data, { weights, maxRows: 60 });
    checkGradient(surface, samplePoints(surface, 5), 1e-5, 1e-7);
  }
});

test('the model slice refuses unknown or repeated weights, pair losses and bad options', async () => {
  const config = dataConfig('iris.csv', {});
  const { dataset: data } = await loadData(config);
  throwsLossLab(
    () => modelSurface(config, data, { weights: ['w0[0][0]', 'w9[0][0]'] }),
    /^weights\[1\]: the model has no parameter "w9\[0\]\[0\]"/,
    'weights',
  );
  throwsLossLab(
    () => modelSurface(config, data, { weights: ['b0[1]', 'b0[1]'] }),
    "weights must name two different parameters, got 'b0[1]' twice",
    'weights',
  );
  throwsLossLab(() => modelSurface(config, data, { span: 0 }), 'span must be a positive number, got 0', 'span');
  const pairs = dataConfig('iris.csv', { loss: 'contrastive' });
  const pairData = (await loadData(pairs)).dataset;
  throwsLossLab(() => modelSurface(pairs, pairData), /needs a loss on single rows; contrastive/, 'loss.name');
});

test("model trajectories: the minimum marker is the grid's lowest point, paths start at the initial weights", async () => {
  const config = dataConfig('iris.csv', {});
  const { dataset: data } = await loadData(config);
  const slice = modelSurface(config, data, { maxRows: 50 });
  const r = computeTrajectories(slice.surface, { optimizers: ['sgd', 'adam'], steps: 20, grid: 9 });
  const low = Math.min(...r.grid.values);
  assert.equal(slice.surface.evaluate(Float64Array.from(r.surface.minima[0]), null), low);
  for (const p of r.paths) assert.deepEqual([p.xs[0], p.ys[0]], slice.surface.start);
});
