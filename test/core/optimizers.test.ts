import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  OPTIMIZERS,
  clipByNorm,
  clipByValue,
  createOptimizer,
  getOptimizer,
  globalNorm,
} from '../../src/core/optimizers';
import { close, throwsLossLab } from './assertions';

test('registry holds the PyTorch optimizers, each with lr first and PyTorch defaults', () => {
  assert.deepEqual(
    OPTIMIZERS.map((o) => o.id),
    ['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw', 'nadam', 'radam', 'adamax', 'adadelta', 'lion', 'adan', 'lbfgs'],
  );
  for (const o of OPTIMIZERS) {
    assert.equal(o.params[0].name, 'lr', o.id);
    assert.ok(o.title && o.description, o.id);
  }
  // Defaults from the PyTorch documentation (SGD's lr, which PyTorch lacks, is ours).
  const defaults = (id: string) => Object.fromEntries(getOptimizer(id).params.map((s) => [s.name, s.default]));
  assert.deepEqual(defaults('sgd'), { lr: 0.01, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false });
  assert.deepEqual(defaults('adagrad'), {
    lr: 0.01,
    lr_decay: 0,
    weight_decay: 0,
    initial_accumulator_value: 0,
    eps: 1e-10,
  });
  assert.deepEqual(defaults('rmsprop'), {
    lr: 0.01,
    alpha: 0.99,
    eps: 1e-8,
    weight_decay: 0,
    momentum: 0,
    centered: false,
  });
  assert.deepEqual(defaults('adam'), { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false });
  assert.deepEqual(defaults('adamw'), { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0.01, amsgrad: false });
  assert.deepEqual(defaults('nadam'), {
    lr: 2e-3,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weight_decay: 0,
    momentum_decay: 4e-3,
  });
  assert.deepEqual(defaults('radam'), { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0 });
  assert.deepEqual(defaults('adamax'), { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0 });
  assert.deepEqual(defaults('adadelta'), { lr: 1.0, rho: 0.9, eps: 1e-6, weight_decay: 0 });
  assert.deepEqual(defaults('lion'), { lr: 1e-4, betas: [0.9, 0.99], weight_decay: 0 });
  // The official implementation's defaults (sail-sg/Adan adan.py).
  assert.deepEqual(defaults('adan'), {
    lr: 1e-3,
    betas: [0.98, 0.92, 0.99],
    eps: 1e-8,
    weight_decay: 0,
    no_prox: false,
    max_grad_norm: 0,
  });
  // torch.optim.LBFGS's signature (its docstring says tolerance_grad 1e-5; the code has 1e-7); max_eval None
  // is max_iter * 5 // 4, line_search_fn None is "none".
  assert.deepEqual(defaults('lbfgs'), {
    lr: 1,
    max_iter: 20,
    max_eval: null,
    tolerance_grad: 1e-7,
    tolerance_change: 1e-9,
    history_size: 100,
    line_search_fn: 'none',
  });
});

test('an unknown id lists the valid ones and suggests the closest', () => {
  throwsLossLab(
    () => getOptimizer('adm'),
    /^unknown optimizer "adm" \(did you mean adam\?\); valid: sgd, adagrad, .*lion, adan, lbfgs$/,
  );
  throwsLossLab(() => createOptimizer('sgdd', 2, {}), /did you mean sgd\?/, 'optimizer.name');
});

test('parameters are validated with the field path', () => {
  throwsLossLab(
    () => createOptimizer('adam', 2, { betas: [0.9, 1.2] }),
    'optimizer.betas[1] must be in [0, 1), got 1.2',
    'optimizer.betas[1]',
  );
  throwsLossLab(() => createOptimizer('adam', 2, { betas: [0.9] }), 'optimizer.betas must have 2 numbers, got 1');
  throwsLossLab(() => createOptimizer('adam', 2, { lr: -1 }), 'optimizer.lr must be in [0, inf), got -1');
  throwsLossLab(
    () => createOptimizer('adan', 2, { betas: [0.98, 0.92] }),
    'optimizer.betas must have 3 numbers, got 2',
  );
  throwsLossLab(
    () => createOptimizer('adan', 2, { max_grad_norm: -1 }),
    'optimizer.max_grad_norm must be in [0, inf), got -1',
  );
  throwsLossLab(
    () => createOptimizer('adam', 2, { beta1: 0.9 }),
    /^optimizer\.beta1 is not a parameter of adam \(did you mean betas\?\)/,
  );
  throwsLossLab(
    () => createOptimizer('sgd', 2, { nesterov: true }),
    /^optimizer\.nesterov requires momentum > 0 and dampening 0, got momentum 0 and dampening 0/,
    'optimizer.nesterov',
  );
  throwsLossLab(
    () => createOptimizer('sgd', 2, { nesterov: true, momentum: 0.9, dampening: 0.1 }),
    /requires momentum > 0 and dampening 0/,
  );
  assert.doesNotThrow(() => createOptimizer('sgd', 2, { nesterov: true, momentum: 0.9 }));
});

test('the lr given to step() is used, not the base lr', () => {
  const { optimizer } = createOptimizer('sgd', 2, { lr: 0.5 });
  const x = Float64Array.from([1, 2]);
  optimizer.step(x, Float64Array.from([10, -20]), 0.1);
  close(x[0], 1 - 0.1 * 10);
  close(x[1], 2 + 0.1 * 20);
});

/** The optimizers stepped with a gradient (L-BFGS takes a closure: lbfgs.test.ts). */
const GRADIENT_OPTIMIZERS = OPTIMIZERS.filter((o) => !o.closure);

test('step leaves the gradient buffer unchanged', () => {
  for (const o of GRADIENT_OPTIMIZERS) {
    const { optimizer, params } = createOptimizer(o.id, 3, { weight_decay: 0.1 });
    const g = Float64Array.from([0.3, -1, 2]);
    optimizer.step(Float64Array.from([1, 2, 3]), g, params.lr as number);
    assert.deepEqual(Array.from(g), [0.3, -1, 2], o.id);
  }
});

// f(x) = ½ xᵀAx with A symmetric positive definite; ∇f = Ax, minimum 0 at x = 0.
const A = [
  [3, 1],
  [1, 2],
];
const grad = (x: Float64Array, g: Float64Array) => {
  g[0] = A[0][0] * x[0] + A[0][1] * x[1];
  g[1] = A[1][0] * x[0] + A[1][1] * x[1];
};
const f = (x: Float64Array) => {
  const g = new Float64Array(2);
  grad(x, g);
  return 0.5 * (x[0] * g[0] + x[1] * g[1]);
};

test('plain SGD on a quadratic follows the closed form x_t = (I − γA)^t x_0', () => {
  const lr = 0.1;
  const { optimizer } = createOptimizer('sgd', 2, { lr });
  const x = Float64Array.from([1, -2]);
  const g = new Float64Array(2);
  let e = [1, -2];
  for (let t = 0; t < 20; t++) {
    grad(x, g);
    optimizer.step(x, g, lr);
    e = [e[0] - lr * (A[0][0] * e[0] + A[0][1] * e[1]), e[1] - lr * (A[1][0] * e[0] + A[1][1] * e[1])];
  }
  close(x[0], e[0]);
  close(x[1], e[1]);
});

test("first steps in closed form: Adam's and Adan's are γ g/(|g| + ε), Lion's is γ sign(g)", () => {
  const g = Float64Array.from([0.5, -3, 0]);
  const adam = createOptimizer('adam', 3, {}).optimizer;
  const x = Float64Array.from([1, 1, 1]);
  adam.step(x, g, 0.01);
  for (let i = 0; i < 3; i++) close(x[i], 1 - (0.01 * g[i]) / (Math.abs(g[i]) + 1e-8));

  const lion = createOptimizer('lion', 3, { weight_decay: 0.5 }).optimizer;
  const y = Float64Array.from([1, 1, 1]);
  lion.step(y, g, 0.01);
  for (let i = 0; i < 3; i++) close(y[i], 1 * (1 - 0.01 * 0.5) - 0.01 * Math.sign(g[i]));

  // Adan's first gradient difference is 0, so its first step is Adam's, then the proximal decay.
  const adan = createOptimizer('adan', 3, { weight_decay: 0.5 }).optimizer;
  const z = Float64Array.from([1, 1, 1]);
  adan.step(z, g, 0.01);
  for (let i = 0; i < 3; i++) close(z[i], (1 - (0.01 * g[i]) / (Math.abs(g[i]) + 1e-8)) / (1 + 0.01 * 0.5));
});

test('Adan with max_grad_norm scales the whole gradient down to that norm first', () => {
  // |g| = 5: scaled by 1/(5 + ε); the first step is then γ ĝ/(|ĝ| + ε) per coordinate.
  const g = Float64Array.from([3, -4]);
  const adan = createOptimizer('adan', 2, { max_grad_norm: 1 }).optimizer;
  const x = Float64Array.from([0, 0]);
  adan.step(x, g, 0.1);
  const c = 1 / (5 + 1e-8);
  for (let i = 0; i < 2; i++) close(x[i], (-0.1 * c * g[i]) / (Math.abs(c * g[i]) + 1e-8));
});

test('with zero gradients, AdamW only decays: θ_t = θ_0 (1 − γλ)^t; Adam does not move', () => {
  const zero = new Float64Array(2);
  const w = Float64Array.from([2, -4]);
  const a = Float64Array.from([2, -4]);
  const adamw = createOptimizer('adamw', 2, { weight_decay: 0.1 }).optimizer;
  const adam = createOptimizer('adam', 2, {}).optimizer;
  for (let t = 0; t < 10; t++) {
    adamw.step(w, zero, 0.05);
    adam.step(a, zero, 0.05);
  }
  close(w[0], 2 * (1 - 0.05 * 0.1) ** 10);
  close(w[1], -4 * (1 - 0.05 * 0.1) ** 10);
  assert.deepEqual(Array.from(a), [2, -4]);
});

test('every optimizer decreases a convex quadratic, with its defaults and with a working rate', () => {
  for (const o of GRADIENT_OPTIMIZERS) {
    for (const given of [{}, { lr: o.id === 'adadelta' ? 1 : 0.05 }]) {
      const { optimizer, params } = createOptimizer(o.id, 2, given);
      const x = Float64Array.from([1, -2]);
      const g = new Float64Array(2);
      const f0 = f(x);
      for (let t = 0; t < 500; t++) {
        grad(x, g);
        optimizer.step(x, g, params.lr as number);
      }
      const bound = 'lr' in given ? 0.05 * f0 : f0;
      assert.ok(f(x) < bound, `${o.id} ${JSON.stringify(given)}: f = ${f(x)}, want < ${bound}`);
    }
  }
});

test('globalNorm, clipByNorm (PyTorch clip_grad_norm_) and clipByValue', () => {
  assert.equal(globalNorm(Float64Array.from([3, -4])), 5);
  const g = Float64Array.from([3, -4]);
  assert.equal(clipByNorm(g, 1), 5);
  close(g[0], (3 * 1) / (5 + 1e-6));
  close(g[1], (-4 * 1) / (5 + 1e-6));
  const small = Float64Array.from([0.3, 0.4]);
  assert.equal(clipByNorm(small, 0.5), 0.5); // coefficient 0.5/(0.5 + 1e-6) < 1: scaled, barely
  close(small[0], (0.3 * 0.5) / (0.5 + 1e-6));
  const under = Float64Array.from([0.3, 0.4]);
  clipByNorm(under, 1);
  assert.deepEqual(Array.from(under), [0.3, 0.4]);
  const v = Float64Array.from([-5, 0.2, 7]);
  clipByValue(v, 1);
  assert.deepEqual(Array.from(v), [-1, 0.2, 1]);
});
