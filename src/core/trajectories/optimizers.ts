/**
 * The optimizers a trajectory can follow: every optimizer of the registry with its PyTorch defaults, plus
 * SGD's two momentum forms under names of their own. Paths run the registry's update code unchanged.
 * L-BFGS runs with its line search and one iteration per outer step (`max_iter` 1; the history carries
 * over), so that each point of its path is one iterate, as each point of the others is one step.
 */
import { findById } from '../errors';
import { OPTIMIZERS } from '../optimizers';

export interface PathOptimizer {
  /** What the CLI and the webview call it (`momentum`). */
  id: string;
  label: string;
  /** The registry optimizer it runs, and its settings besides the rate. */
  optimizer: string;
  params: Readonly<Record<string, unknown>>;
}

export const PATH_OPTIMIZERS: readonly PathOptimizer[] = [
  { id: 'sgd', label: 'SGD', optimizer: 'sgd', params: {} },
  { id: 'momentum', label: 'Momentum (0.9)', optimizer: 'sgd', params: { momentum: 0.9 } },
  { id: 'nesterov', label: 'Nesterov (0.9)', optimizer: 'sgd', params: { momentum: 0.9, nesterov: true } },
  ...OPTIMIZERS.filter((o) => o.id !== 'sgd' && !o.closure).map((o) => ({
    id: o.id,
    label: o.title,
    optimizer: o.id,
    params: {},
  })),
  {
    id: 'lbfgs',
    label: 'L-BFGS (strong Wolfe)',
    optimizer: 'lbfgs',
    params: { line_search_fn: 'strong_wolfe', max_iter: 1 },
  },
];

/** The set a comparison starts with when none is chosen. */
export const DEFAULT_PATH_OPTIMIZERS = ['sgd', 'momentum', 'rmsprop', 'adam'] as const;

export function getPathOptimizer(id: string, field = 'optimizers'): PathOptimizer {
  return findById('optimizer', PATH_OPTIMIZERS, id, field);
}
