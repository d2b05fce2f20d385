/**
 * `losslab trajectories`: several optimizers' paths over a 2-D loss surface (a test function, or a CSV
 * run's model restricted to two weights), printed as each path's end point and loss, or as JSON.
 */
import { LossLabError, unknownId, quote } from '../core/errors';
import { loadData } from '../io/data';
import {
  DEFAULT_PATH_OPTIMIZERS,
  DEFAULT_TRAJECTORY_STEPS,
  MODEL_SURFACE_ID,
  SURFACES,
  type Surface2D,
  computeTrajectories,
  getPathOptimizer,
  getSurface,
  modelSurface,
} from '../core/trajectories';
import { type Command, type FlagSpec, type ParsedArgs, TRAIN_FLAGS, commonFlags } from './args';
import { fmt, table } from './format';
import { configFromArgs } from './train';

const TRAJECTORY_FLAGS: readonly FlagSpec[] = [
  {
    flag: '--optimizers',
    path: null,
    kind: 'names',
    arg: 'A,B',
    help: `the optimizers (default ${DEFAULT_PATH_OPTIMIZERS.join(',')}; also nesterov, adagrad, adamw, ...)`,
  },
  { flag: '--steps', path: null, kind: 'int', arg: 'N', help: `steps per path (default ${DEFAULT_TRAJECTORY_STEPS})` },
  {
    flag: '--lr',
    path: null,
    kind: 'names',
    arg: 'X[,Y]',
    help: "one rate for all, or one per optimizer (default: the surface's own)",
  },
  { flag: '--grid', path: null, kind: 'int', arg: 'N', help: 'add an N × N grid of surface values to the JSON' },
  {
    flag: '--weights',
    path: null,
    kind: 'names',
    arg: 'A,B',
    help: 'model surface: the two parameters, e.g. w0[0][1],b0[0] (default the first two)',
  },
  {
    flag: '--span',
    path: null,
    kind: 'number',
    arg: 'X',
    help: 'model surface: half-width of the region around the initial weights (default 3)',
  },
  {
    flag: '--rows',
    path: null,
    kind: 'int',
    arg: 'N',
    help: 'model surface: at most N training rows, evenly strided (default 1000)',
  },
];

function last(parsed: ParsedArgs, flag: string): string | undefined {
  return parsed.flags.get(flag)?.at(-1);
}

function numberOf(parsed: ParsedArgs, flag: string, int: boolean): number | undefined {
  const v = last(parsed, flag);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || (int && !Number.isInteger(n)))
    throw new LossLabError(`${flag} must be ${int ? 'an integer' : 'a number'}, got ${quote(v)}`, { field: flag });
  return n;
}

/** `--lr 0.1` for every optimizer, or `--lr 0.1,0.01,...` one per optimizer in order. */
function ratesOf(parsed: ParsedArgs, optimizers: readonly string[]): Record<string, number> {
  const v = last(parsed, '--lr');
  if (v === undefined) return {};
  const rates = v.split(',').map((s) => {
    const n = Number(s.trim());
    if (s.trim() === '' || !(n > 0) || !Number.isFinite(n))
      throw new LossLabError(`--lr must be positive numbers, got ${quote(s)}`, { field: '--lr' });
    return n;
  });
  if (rates.length !== 1 && rates.length !== optimizers.length)
    throw new LossLabError(
      `--lr takes one rate or one per optimizer (${optimizers.length}: ${optimizers.join(', ')}), got ${rates.length}`,
      { field: '--lr' },
    );
  return Object.fromEntries(optimizers.map((id, k) => [id, rates[rates.length === 1 ? 0 : k]]));
}

async function surfaceOf(parsed: ParsedArgs): Promise<Surface2D> {
  const [id, ...rest] = parsed.positional;
  const ids = [...SURFACES.map((s) => s.id), MODEL_SURFACE_ID];
  if (!id)
    throw new LossLabError(
      `losslab trajectories needs a surface: ${ids.join(', ')} (model takes a CSV and training flags)`,
    );
  if (!ids.includes(id)) throw unknownId('surface', id, ids, 'surface');
  if (id !== MODEL_SURFACE_ID) {
    if (rest.length)
      throw new LossLabError(`unexpected argument ${quote(rest[0])}: only the model surface takes a CSV`);
    return getSurface(id);
  }
  if (!rest.length && !parsed.flags.has('--config'))
    throw new LossLabError(
      'losslab trajectories model needs a CSV file: losslab trajectories model data.csv [training flags]',
    );
  // --lr is this command's per-optimizer list, not the run's rate.
  const flags = new Map(parsed.flags);
  flags.delete('--lr');
  const config = configFromArgs({ positional: rest, flags });
  const weights = parsed.flags
    .get('--weights')
    ?.at(-1)
    ?.split(',')
    .map((s) => s.trim());
  if (weights && weights.length !== 2)
    throw new LossLabError(`--weights takes two parameter names, e.g. w0[0][0],w0[0][1], got ${weights.length}`, {
      field: '--weights',
    });
  const { dataset } = await loadData(config);
  return modelSurface(config, dataset, {
    weights: weights as [string, string] | undefined,
    span: numberOf(parsed, '--span', false),
    maxRows: numberOf(parsed, '--rows', true),
  }).surface;
}

export const TRAJECTORIES_COMMAND: Command = {
  name: 'trajectories',
  usage: [
    'trajectories <surface> [--optimizers A,B] [--steps N] [--lr X] [--json]',
    'trajectories model <csv> [flags]',
  ],
  summary: `optimizers' paths over a 2-D loss surface: ${SURFACES.map((s) => s.id).join(', ')}, or ${MODEL_SURFACE_ID} (a CSV's model restricted to two of its weights)`,
  groups: [
    { title: 'trajectory flags', flags: TRAJECTORY_FLAGS },
    // --lr here is per optimizer, so the training flag of that name is left out.
    { title: 'training flags (model surface)', flags: TRAIN_FLAGS.filter((f) => f.flag !== '--lr') },
    { title: 'common flags', flags: commonFlags('--config', '--run', '--json') },
  ],
  run: trajectoriesCommand,
};

async function trajectoriesCommand(parsed: ParsedArgs): Promise<number> {
  const optimizers = parsed.flags
    .get('--optimizers')
    ?.at(-1)
    ?.split(',')
    .map((s) => s.trim()) ?? [...DEFAULT_PATH_OPTIMIZERS];
  for (const id of optimizers) getPathOptimizer(id, '--optimizers');
  const steps = numberOf(parsed, '--steps', true) ?? DEFAULT_TRAJECTORY_STEPS;
  const grid = numberOf(parsed, '--grid', true);
  const surface = await surfaceOf(parsed);
  const result = computeTrajectories(surface, {
    optimizers,
    steps,
    lrs: ratesOf(parsed, optimizers),
    grid: grid ?? 41,
  });
  if (parsed.flags.has('--json')) {
    const paths = result.paths.map((p) => {
      const n = p.xs.length - 1;
      return {
        optimizer: p.id,
        lr: p.lr,
        status: p.status,
        message: p.message,
        steps: n,
        final: { x: p.xs[n], y: p.ys[n], loss: p.losses[n] },
        path: p.xs.map((x, t) => [x, p.ys[t]]),
        losses: p.losses,
      };
    });
    const g = result.grid;
    const gridJson =
      grid === undefined ? undefined : { x: g.x, y: g.y, nx: g.nx, ny: g.ny, values: g.values, levels: g.levels };
    process.stdout.write(JSON.stringify({ surface: result.surface, paths, grid: gridJson }) + '\n');
    return 0;
  }
  const s = result.surface;
  const at = (p: readonly number[]) => `(${fmt(p[0])}, ${fmt(p[1])})`;
  process.stdout.write(
    `${s.title}: start ${at(s.start)}, minimum ${s.minima.map(at).join(' and ')}${surface.id === MODEL_SURFACE_ID ? ' (lowest grid point)' : ''}\n\n`,
  );
  const rows = result.paths.map((p) => {
    const n = p.xs.length - 1;
    return [p.id, fmt(p.lr), String(n), fmt(p.xs[n]), fmt(p.ys[n]), fmt(p.losses[n]), p.message ?? ''];
  });
  process.stdout.write(table(['optimizer', 'lr', 'steps', 'x', 'y', 'loss', 'note'], rows) + '\n');
  return 0;
}
