/**
 * The classic test surfaces for optimizers, each with its value and gradient in closed form. The
 * learning rates are ones at which each optimizer shows its character within a few hundred steps
 * (plain SGD crawls or zigzags, momentum overshoots, the adaptive methods rescale), not tuned optima.
 */
import { findById } from '../errors';
import type { Surface2D } from './types';

/** Rosenbrock's banana (1960): f = (1 − x)² + 100(y − x²)², minimum 0 at (1, 1) at the end of a curved flat valley. */
const rosenbrock: Surface2D = {
  id: 'rosenbrock',
  title: 'Rosenbrock',
  description: 'A curved, nearly flat valley: finding it is easy, following it to (1, 1) is not.',
  evaluate(p, grad) {
    const [x, y] = p;
    const r = y - x * x;
    if (grad) {
      grad[0] = -2 * (1 - x) - 400 * x * r;
      grad[1] = 200 * r;
    }
    return (1 - x) ** 2 + 100 * r * r;
  },
  domain: { x: [-2, 2], y: [-1, 3] },
  start: [-1.5, 2.5],
  minima: [[1, 1]],
  levels: 'log',
  floor: 0,
  lrs: {
    sgd: 1e-3,
    momentum: 1e-3,
    nesterov: 1e-3,
    adagrad: 0.3,
    rmsprop: 0.03,
    adam: 0.1,
    adamw: 0.1,
    nadam: 0.1,
    radam: 3e-3,
    adamax: 1,
    adadelta: 1,
    lion: 0.03,
    adan: 0.1,
    lbfgs: 1,
  },
};

/**
 * Beale's function (1958): f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², minimum 0 at (3, ½);
 * flat plateaus next to walls as steep as 10⁵.
 */
const beale: Surface2D = {
  id: 'beale',
  title: 'Beale',
  description: 'Flat plateaus beside very steep walls: gradient sizes vary by orders of magnitude.',
  evaluate(p, grad) {
    const [x, y] = p;
    const y2 = y * y;
    const y3 = y2 * y;
    const a = 1.5 - x + x * y;
    const b = 2.25 - x + x * y2;
    const c = 2.625 - x + x * y3;
    if (grad) {
      grad[0] = 2 * a * (y - 1) + 2 * b * (y2 - 1) + 2 * c * (y3 - 1);
      grad[1] = 2 * a * x + 4 * b * x * y + 6 * c * x * y2;
    }
    return a * a + b * b + c * c;
  },
  domain: { x: [-4.5, 4.5], y: [-4.5, 4.5] },
  start: [1, 1.5],
  minima: [[3, 0.5]],
  levels: 'log',
  floor: 0,
  lrs: {
    sgd: 0.01,
    momentum: 1e-3,
    nesterov: 1e-3,
    adagrad: 0.3,
    rmsprop: 0.03,
    adam: 0.1,
    adamw: 0.1,
    nadam: 0.1,
    radam: 3e-3,
    adamax: 0.3,
    adadelta: 1,
    lion: 0.03,
    adan: 0.1,
    lbfgs: 1,
  },
};

/**
 * A saddle between two minima: f = x² + y⁴/4 − y²/2. The origin is a saddle point; the minima −¼ sit at
 * (0, ±1). Started almost on the ridge y = 0, plain gradient descent lingers there (the escaping
 * component grows only by a factor 1 + γ per step), while methods that rescale the gradient leave it fast.
 */
const saddle: Surface2D = {
  id: 'saddle',
  title: 'Saddle',
  description: 'A saddle point between two minima: who escapes the ridge, and how fast.',
  evaluate(p, grad) {
    const [x, y] = p;
    if (grad) {
      grad[0] = 2 * x;
      grad[1] = y * y * y - y;
    }
    return x * x + (y * y * y * y) / 4 - (y * y) / 2;
  },
  domain: { x: [-2, 2], y: [-1.75, 1.75] },
  start: [-1.8, 1e-3],
  minima: [
    [0, 1],
    [0, -1],
  ],
  levels: 'linear',
  floor: -0.25,
  lrs: {
    sgd: 0.1,
    momentum: 0.02,
    nesterov: 0.02,
    adagrad: 0.3,
    rmsprop: 0.01,
    adam: 0.03,
    adamw: 0.03,
    nadam: 0.03,
    radam: 0.05,
    adamax: 0.05,
    adadelta: 1,
    lion: 0.01,
    adan: 0.03,
    lbfgs: 1,
  },
};

const CONDITION = 25;

/**
 * An ill-conditioned quadratic, f = ½(x² + κy²) with κ = 25: a long narrow bowl. A rate that is stable
 * across the bowl (γ < 2/κ) crawls along it, so plain SGD zigzags; per-coordinate rates remove the
 * conditioning because the bowl's axes are the coordinate axes.
 */
const quadratic: Surface2D = {
  id: 'quadratic',
  title: 'Ill-conditioned quadratic',
  description: `A narrow bowl (condition number ${CONDITION}): zigzag across it, crawl along it.`,
  evaluate(p, grad) {
    const [x, y] = p;
    if (grad) {
      grad[0] = x;
      grad[1] = CONDITION * y;
    }
    return 0.5 * (x * x + CONDITION * y * y);
  },
  domain: { x: [-6, 6], y: [-2.5, 2.5] },
  start: [-5, 2],
  minima: [[0, 0]],
  levels: 'linear',
  floor: 0,
  lrs: {
    sgd: 0.075,
    momentum: 0.02,
    nesterov: 0.02,
    adagrad: 1,
    rmsprop: 0.05,
    adam: 0.1,
    adamw: 0.1,
    nadam: 0.1,
    radam: 0.1,
    adamax: 0.2,
    adadelta: 1,
    lion: 0.03,
    adan: 0.1,
    lbfgs: 1,
  },
};

export const SURFACES: readonly Surface2D[] = [rosenbrock, beale, saddle, quadratic];

/** The id that names the user's model restricted to two of its weights (built by `modelSurface`). */
export const MODEL_SURFACE_ID = 'model';

export function getSurface(id: string, field = 'surface'): Surface2D {
  return findById('surface', SURFACES, id, field);
}
