import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataset, lastJson, losslab } from './run';

interface TrajectoriesJson {
  surface: {
    id: string;
    start: [number, number];
    minima: [number, number][];
    domain: { x: [number, number]; y: [number, number] };
  };
  paths: {
    optimizer: string;
    lr: number;
    status: string;
    message: string | null;
    steps: number;
    final: { x: number; y: number; loss: number };
    path: [number, number][];
    losses: number[];
  }[];
  grid?: { nx: number; ny: number; values: number[]; levels: number[] };
}

test('trajectories --json: SGD on the quadratic lands where (1 − γλ)^N puts it', () => {
  const r = losslab([
    'trajectories',
    'quadratic',
    '--optimizers',
    'sgd,adam',
    '--steps',
    '50',
    '--lr',
    '0.05,0.1',
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = lastJson<TrajectoriesJson>(r);
  assert.deepEqual(j.surface.minima, [[0, 0]]);
  const [sgd, adam] = j.paths;
  assert.equal(sgd.optimizer, 'sgd');
  assert.equal(adam.lr, 0.1);
  assert.equal(sgd.steps, 50);
  assert.equal(sgd.path.length, 51);
  const [x0, y0] = j.surface.start;
  assert.ok(Math.abs(sgd.final.x - x0 * 0.95 ** 50) < 1e-12);
  assert.ok(Math.abs(sgd.final.y - y0 * (1 - 0.05 * 25) ** 50) < 1e-12);
  assert.ok(Math.abs(sgd.final.loss - 0.5 * (sgd.final.x ** 2 + 25 * sgd.final.y ** 2)) < 1e-15);
  assert.equal(j.grid, undefined);
});

test('trajectories prints each optimizer with its end point, loss and any divergence', () => {
  const r = losslab(['trajectories', 'quadratic', '--optimizers', 'sgd,momentum', '--lr', '0.2']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Ill-conditioned quadratic: start \(-5\.0000, 2\.0000\), minimum \(0\.0000, 0\.0000\)/);
  assert.match(r.stdout, /\nsgd .* diverged at step 3: left the plotted region/);
  assert.match(r.stdout, /\nmomentum /);
});

test('trajectories --grid adds the surface values: Rosenbrock at the grid corners', () => {
  const j = lastJson<TrajectoriesJson>(
    losslab(['trajectories', 'rosenbrock', '--steps', '1', '--grid', '3', '--json']),
  );
  const f = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
  const { x, y } = j.surface.domain;
  assert.equal(j.grid!.values.length, 9);
  assert.equal(j.grid!.values[0], f(x[0], y[0]));
  assert.equal(j.grid!.values[8], f(x[1], y[1]));
});

test("trajectories model: two weights of the CSV run's model, paths from the initial weights", () => {
  const r = losslab([
    'trajectories',
    'model',
    dataset('iris.csv'),
    '--hidden',
    '4',
    '--weights',
    'w0[1][2],b1[0]',
    '--steps',
    '20',
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = lastJson<TrajectoriesJson>(r);
  assert.equal(j.surface.id, 'model');
  assert.match((j.surface as unknown as { title: string }).title, /w0\[1\]\[2\] × b1\[0\]$/);
  for (const p of j.paths) assert.deepEqual(p.path[0], j.surface.start);
  // Three classes from small random weights: the first loss is near ln 3.
  assert.ok(Math.abs(j.paths[0].losses[0] - Math.log(3)) < 0.5, `${j.paths[0].losses[0]}`);
});

test('trajectories errors exit with code 2 and name what is wrong', () => {
  const cases: [string[], RegExp][] = [
    [['trajectories'], /needs a surface: rosenbrock, beale, saddle, quadratic, model/],
    [['trajectories', 'rosenbrok'], /unknown surface "rosenbrok" \(did you mean rosenbrock\?\)/],
    [['trajectories', 'beale', '--optimizers', 'sgd,adamm'], /unknown optimizer "adamm" \(did you mean adam\?\)/],
    [
      ['trajectories', 'beale', '--optimizers', 'sgd,adam', '--lr', '1,2,3'],
      /--lr takes one rate or one per optimizer \(2: sgd, adam\), got 3/,
    ],
    [['trajectories', 'beale', '--steps', '0'], /steps must be an integer from 1 to 100000, got 0/],
    [['trajectories', 'model'], /needs a CSV file/],
    [['trajectories', 'model', dataset('iris.csv'), '--weights', 'w0[0][0]'], /--weights takes two parameter names/],
    [
      ['trajectories', 'model', dataset('iris.csv'), '--weights', 'w0[0][0],w7[0][0]'],
      /the model has no parameter "w7\[0\]\[0\]"/,
    ],
  ];
  for (const [args, message] of cases) {
    const r = losslab(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
});
