/**
 * The decision surface against closed forms: a linear model's output over the grid is the plane
 * w·x + b in the CSV's units (its standardization undone by hand here), so a logistic model's class
 * changes on the line w·x + b = 0 and its probability is the sigmoid of the plane.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsvText } from '../../src/core/csv';
import { buildDataset } from '../../src/core/dataset';
import { Mlp } from '../../src/core/model/mlp';
import { decisionSurface, gridValue, hasSurface } from '../../src/core/probe/surface';
import { close } from './assertions';

/** 40 rows: x0 in 0..7, x1 in 0..6 by 1.5, x2 scattered over 0..10 (held at its median on the grid). */
const raw = Array.from({ length: 40 }, (_, i) => [i % 8, Math.floor(i / 8) * 1.5, (i * 7) % 11]);
const columns = [0, 1, 2].map((f) => raw.map((r) => r[f]));
const mean = columns.map((c) => c.reduce((a, v) => a + v, 0) / c.length);
const std = columns.map((c, f) => Math.sqrt(c.reduce((a, v) => a + (v - mean[f]) ** 2, 0) / c.length));
const sorted2 = [...columns[2]].sort((a, b) => a - b);
const median2 = (sorted2[19] + sorted2[20]) / 2;

function csv(target: (r: number[], i: number) => string | number): string {
  return `x0,x1,x2,t\n${raw.map((r, i) => [...r, target(r, i)].join(',')).join('\n')}\n`;
}

/** A one-layer model whose outputs are `a·x + c` in the CSV's units: weights a·σ… undone onto standardized inputs. */
function linear(a: number[][], c: number[]): Mlp {
  const model = new Mlp([3, a.length], 'relu');
  model.setParams([
    {
      weight: a.map((row) => row.map((w, f) => w * std[f])),
      bias: a.map((row, o) => c[o] + row.reduce((s, w, f) => s + w * mean[f], 0)),
    },
  ]);
  return model;
}

const plane = (a: number[], c: number, x: number, y: number) => a[0] * x + a[1] * y + a[2] * median2 + c;

test('a logistic model: class 1 exactly where w·x + b > 0, its probability the sigmoid of the plane', () => {
  const data = buildDataset(
    parseCsvText(
      csv((r) => (r[0] > r[1] ? 'hi' : 'lo')),
      'x.csv',
    ),
    { valSplit: 0 },
  );
  assert.equal(data.task, 'binary');
  const a = [1, -1.3, 0.2];
  const c = -0.7;
  const s = decisionSurface(linear([a], [c]), data, [0, 1], 30);
  assert.deepEqual([s.x.min, s.x.max, s.y.min, s.y.max], [0, 7, 0, 6]);
  assert.deepEqual([s.x.name, s.y.name, s.size, s.value.length], ['x0', 'x1', 30, 900]);
  let ones = 0;
  for (let j = 0; j < 30; j++)
    for (let i = 0; i < 30; i++) {
      const z = plane(a, c, gridValue(s.x, i, 30), gridValue(s.y, j, 30));
      const cell = j * 30 + i;
      assert.equal(s.predicted[cell], z > 0 ? 1 : 0, `cell ${i},${j}`);
      close(s.value[cell], 1 / (1 + Math.exp(-Math.abs(z))), 1e-6);
      ones += s.predicted[cell];
    }
  // The line crosses the grid: both classes appear.
  assert.ok(ones > 100 && ones < 800, `${ones}`);
});

test('a multiclass model: the arg-max class and its softmax probability', () => {
  const data = buildDataset(
    parseCsvText(
      csv((_, i) => ['p', 'q', 'r'][i % 3]),
      'x.csv',
    ),
    { valSplit: 0 },
  );
  assert.equal(data.task, 'multiclass');
  const a = [
    [1, 0, 0],
    [0, 1, 0],
    [-0.5, -0.5, 0.1],
  ];
  const c = [0, 0.5, 2];
  const s = decisionSurface(linear(a, c), data, [0, 1], 12);
  for (let j = 0; j < 12; j++)
    for (let i = 0; i < 12; i++) {
      const z = a.map((row, o) => plane(row, c[o], gridValue(s.x, i, 12), gridValue(s.y, j, 12)));
      const best = z.indexOf(Math.max(...z));
      const p = Math.exp(z[best]) / z.reduce((sum, v) => sum + Math.exp(v), 0);
      assert.equal(s.predicted[j * 12 + i], best);
      close(s.value[j * 12 + i], p, 1e-6);
    }
  assert.equal(new Set(s.predicted).size, 3);
});

test("a linear regressor's grid is its plane, in the target's units", () => {
  const data = buildDataset(
    parseCsvText(
      csv((r) => 2 * r[0] - r[1] + 0.5 * r[2] + 10),
      'x.csv',
    ),
    { valSplit: 0 },
  );
  assert.ok(data.targetScaler, 'the target is standardized');
  const { mean: ym, std: ys } = data.targetScaler;
  // The model predicts the standardized target: (a·x + c − ym) / ys in the CSV's units maps back to a·x + c.
  const a = [2, -1, 0.5];
  const c = 10;
  const s = decisionSurface(linear([a.map((w) => w / ys)], [(c - ym) / ys]), data, [0, 1], 20);
  assert.equal(s.predicted.length, 0);
  for (let j = 0; j < 20; j++)
    for (let i = 0; i < 20; i++)
      close(s.value[j * 20 + i], plane(a, c, gridValue(s.x, i, 20), gridValue(s.y, j, 20)), 1e-6);
});

test("the validation rows as points in the CSV's units, with their true class; which runs have a surface", () => {
  const data = buildDataset(
    parseCsvText(
      csv((r) => (r[0] > r[1] ? 'hi' : 'lo')),
      'x.csv',
    ),
    { valSplit: 0.25 },
  );
  const s = decisionSurface(linear([[1, 1, 1]], [0]), data, [2, 0]);
  assert.equal(s.points.x.length, data.val.length);
  data.val.forEach((row, k) => {
    const line = data.lines[row] - 2;
    assert.deepEqual([s.points.x[k], s.points.y[k]], [raw[line][2], raw[line][0]]);
    assert.equal(data.classes![s.points.target[k]], raw[line][0] > raw[line][1] ? 'hi' : 'lo');
  });
  assert.equal(hasSurface(data), true);
  assert.equal(hasSurface({ d: 1, task: 'binary' }), false);
  assert.equal(hasSurface({ d: 3, task: 'ranking' }), false);
});
