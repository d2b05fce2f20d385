/**
 * Command-line flags: one declarative table maps each training flag onto a path in the experiment
 * JSON, so the CLI, experiment files and sweeps all go through the same config resolution. Each command
 * declares its usage and flag tables once (`Command`); they drive both its parsing and its `--help`.
 */
import { LossLabError, closest, quote, shorten } from '../core/errors';
import { OPTIMIZERS } from '../core/optimizers';
import { DEFAULT_RUNS_DIR } from '../core/store/records';

export interface FlagSpec {
  flag: string;
  /** Dotted path in the raw config (`optimizer.lr`), or null for flags the command handles itself. */
  path: string | null;
  /**
   * `list`: one name stays a string (a target), several make a list; `names`: always a list (features);
   * `formula`: a loss formula, which also names the formula loss unless --loss named another (resolving then refuses the pair).
   */
  kind:
    | 'number'
    | 'int'
    | 'string'
    | 'list'
    | 'names'
    | 'ints'
    | 'numbers'
    | 'bool'
    | 'kv'
    | 'kvs'
    | 'batch'
    | 'epochs'
    | 'formula';
  help: string;
  arg?: string;
  /** A one-dash spelling that means the same flag (`-o` for `--output`). */
  short?: string;
}

/** How to read the CSV: each setting is detected when not given. */
export const READ_FLAGS: readonly FlagSpec[] = [
  {
    flag: '--decimal',
    path: 'data.decimal',
    kind: 'string',
    arg: 'C',
    help: 'decimal mark, . or , (default: detected; a ;-delimited file writing 1,5 has ,)',
  },
  {
    flag: '--thousands',
    path: 'data.thousands',
    kind: 'string',
    arg: 'C',
    help: "thousands separator (default: , with a decimal point, . with a decimal comma; '' for none)",
  },
  {
    flag: '--encoding',
    path: 'data.encoding',
    kind: 'string',
    arg: 'E',
    help: 'utf-8 | utf-16le | utf-16be | windows-1252 (default: from the BOM, else UTF-8, else Windows-1252 with a warning)',
  },
  {
    flag: '--na',
    path: 'data.na',
    kind: 'names',
    arg: 'A,B',
    help: 'more missing-value tokens (NA, N/A, NaN, null, None, ?, -, -- and empty always are)',
  },
  {
    flag: '--comment',
    path: 'data.comment',
    kind: 'string',
    arg: 'C',
    help: 'skip lines starting with C, in the data too (default: # lines before the header)',
  },
  { flag: '--skip-rows', path: 'data.skipRows', kind: 'int', arg: 'N', help: 'skip the first N lines' },
  {
    flag: '--strict-rows',
    path: 'data.strictRows',
    kind: 'bool',
    help: 'a row with fewer fields than the header is an error (default: completed with missing values)',
  },
  {
    flag: '--kind',
    path: 'data.kinds',
    kind: 'kv',
    arg: 'COL=KIND',
    help: 'a column kind: numeric | categorical | boolean | date | identifier | text (repeatable; default: detected)',
  },
  {
    flag: '--ignore',
    path: 'data.ignore',
    kind: 'names',
    arg: 'A,B',
    help: 'columns left out of the features (identifiers, row names and free text are, by default)',
  },
];

export const TRAIN_FLAGS: readonly FlagSpec[] = [
  {
    flag: '--target',
    path: 'data.target',
    kind: 'list',
    arg: 'COL',
    help: 'target column (default: the last); several (a,b,c) for a distribution target',
  },
  {
    flag: '--features',
    path: 'data.features',
    kind: 'names',
    arg: 'A,B',
    help: 'feature columns (default: all the others but identifiers, row names and free text)',
  },
  ...READ_FLAGS,
  {
    flag: '--task',
    path: 'data.task',
    kind: 'string',
    arg: 'TASK',
    help: 'regression | binary | multiclass | distribution | embedding | ranking | multitask | sequence | generate (default: inferred)',
  },
  {
    flag: '--val-data',
    path: 'data.valPath',
    kind: 'string',
    arg: 'FILE',
    help: 'validate on this CSV (the same columns) instead of splitting the training file',
  },
  {
    flag: '--target-task',
    path: 'data.targetTasks',
    kind: 'kvs',
    arg: 'COL=TASK',
    help: 'multitask: a head’s task, regression | binary | multiclass (a=regression,b=binary; default: inferred)',
  },
  {
    flag: '--task-weighting',
    path: 'loss.weighting',
    kind: 'string',
    arg: 'W',
    help: 'multitask: fixed (default) | uncertainty | dwa | gradnorm: how the heads’ losses combine',
  },
  {
    flag: '--task-weights',
    path: 'loss.weights',
    kind: 'numbers',
    arg: 'X,Y',
    help: 'multitask, fixed weighting: one weight per target (default: all 1)',
  },
  {
    flag: '--group',
    path: 'data.group',
    kind: 'string',
    arg: 'COL',
    help: 'ranking: the column that groups rows into queries (the target holds relevance grades)',
  },
  {
    flag: '--sequence',
    path: 'data.sequence',
    kind: 'string',
    arg: 'COL',
    help: 'sequence: the column that groups rows (tokens) into sequences (the target holds their tags)',
  },
  {
    flag: '--order',
    path: 'data.order',
    kind: 'string',
    arg: 'COL',
    help: 'sequence: the column that orders the rows of each sequence (default: file order)',
  },
  {
    flag: '--missing',
    path: 'data.missing',
    kind: 'string',
    arg: 'POLICY',
    help: 'rows with missing values: drop (default) | mean | mode',
  },
  {
    flag: '--val-split',
    path: 'data.valSplit',
    kind: 'number',
    arg: 'F',
    help: 'validation fraction (default 0.2; 0: none)',
  },
  {
    flag: '--label-fraction',
    path: 'data.labelFraction',
    kind: 'number',
    arg: 'F',
    help: 'train on the labels of only this seeded, stratified fraction of the training rows, in (0, 1] (default 1)',
  },
  {
    flag: '--no-standardize-target',
    path: 'data.standardizeTarget',
    kind: 'bool',
    help: 'train a regression on the raw target scale',
  },
  {
    flag: '--loss',
    path: 'loss.name',
    kind: 'string',
    arg: 'ID',
    help: 'loss id (default: mse / bce / cross_entropy by task)',
  },
  {
    flag: '--loss-formula',
    path: 'loss.formula',
    kind: 'formula',
    arg: 'EXPR',
    help: "a loss of pred and target, e.g. 'log(cosh(pred - target))'; parameters by --loss-param",
  },
  {
    flag: '--loss-param',
    path: 'loss',
    kind: 'kv',
    arg: 'k=v',
    help: 'a loss hyperparameter, e.g. delta=0.5 (repeatable)',
  },
  {
    flag: '--critic-steps',
    path: 'loss.criticSteps',
    kind: 'int',
    arg: 'N',
    help: 'GAN: discriminator (critic) updates per generator update (default 1; 5 for wgan, wgan_gp)',
  },
  {
    flag: '--clip-critic',
    path: 'loss.clip',
    kind: 'number',
    arg: 'C',
    help: 'wgan: clip every critic parameter to [-C, C] after each critic update (default 0.01)',
  },
  {
    flag: '--gp-lambda',
    path: 'loss.lambda',
    kind: 'number',
    arg: 'X',
    help: 'wgan_gp: weight of the gradient penalty (default 10)',
  },
  {
    flag: '--critic-optimizer',
    path: 'loss.criticOptimizer',
    kind: 'string',
    arg: 'ID',
    help: "GAN: the discriminator's optimizer (default: --optimizer, with its --opt-param settings)",
  },
  {
    flag: '--critic-lr',
    path: 'loss.criticLr',
    kind: 'number',
    arg: 'X',
    help: "GAN: the discriminator's learning rate (default: --lr; a schedule moves both alike)",
  },
  {
    flag: '--optimizer',
    path: 'optimizer.name',
    kind: 'string',
    arg: 'ID',
    help: `optimizer id (default adam): ${OPTIMIZERS.map((o) => o.id).join(', ')}; ${OPTIMIZERS.filter((o) => o.closure)
      .map((o) => o.id)
      .join(', ')} trains full batch (--batch-size full)`,
  },
  { flag: '--lr', path: 'optimizer.lr', kind: 'number', arg: 'X', help: 'learning rate (default 0.01)' },
  {
    flag: '--opt-param',
    path: 'optimizer',
    kind: 'kv',
    arg: 'k=v',
    help: 'an optimizer hyperparameter, e.g. momentum=0.9 or betas=0.9,0.99',
  },
  {
    flag: '--schedule',
    path: 'schedule.name',
    kind: 'string',
    arg: 'ID',
    help: 'learning-rate schedule id (default constant)',
  },
  {
    flag: '--sched-param',
    path: 'schedule',
    kind: 'kv',
    arg: 'k=v',
    help: 'a schedule hyperparameter, e.g. warmup=100',
  },
  {
    flag: '--hidden',
    path: 'model.hidden',
    kind: 'ints',
    arg: '64,64',
    help: 'hidden layer sizes (default none: a linear model); at most 4096 × 4096 weights a layer, inputs and outputs included, and four times that in all',
  },
  {
    flag: '--activation',
    path: 'model.activation',
    kind: 'string',
    arg: 'ID',
    help: 'relu | leaky_relu | tanh | sigmoid | gelu | elu',
  },
  {
    flag: '--init',
    path: 'model.init',
    kind: 'string',
    arg: 'ID',
    help: 'torch_default | xavier_uniform | xavier_normal | he_uniform | he_normal',
  },
  {
    flag: '--embedding-size',
    path: 'model.embeddingSize',
    kind: 'int',
    arg: 'N',
    help: 'output size for contrastive/triplet (default 8)',
  },
  {
    flag: '--latent',
    path: 'model.latent',
    kind: 'int',
    arg: 'K',
    help: 'generate: size of the latent code (default 8)',
  },
  {
    flag: '--beta',
    path: 'loss.beta',
    kind: 'number',
    arg: 'X',
    help: 'vae: weight of the KL term (default 1)',
  },
  {
    flag: '--batch-norm',
    path: 'model.batchNorm',
    kind: 'bool',
    help: 'BatchNorm1d after each hidden layer, before its activation; batch statistics in training, running ones when evaluating',
  },
  {
    flag: '--bn-eps',
    path: 'model.bnEps',
    kind: 'number',
    arg: 'X',
    help: "batch norm's eps (default 1e-5, PyTorch's)",
  },
  {
    flag: '--bn-momentum',
    path: 'model.bnMomentum',
    kind: 'number',
    arg: 'X',
    help: "weight of each batch in batch norm's running statistics, in [0, 1] (default 0.1, PyTorch's)",
  },
  {
    flag: '--dropout',
    path: 'model.dropout',
    kind: 'number',
    arg: 'P',
    help: 'drop each hidden unit with probability P in training (inverted dropout, after the activation), P in [0, 1) (default 0: none)',
  },
  {
    flag: '--pretrain',
    path: 'pretrain.method',
    kind: 'string',
    arg: 'ID',
    help: 'pretrain the hidden layers first on the training rows without labels: info_nce (SCARF views, NT-Xent)',
  },
  {
    flag: '--pretrain-epochs',
    path: 'pretrain.epochs',
    kind: 'int',
    arg: 'N',
    help: 'pretraining epochs (default 20)',
  },
  {
    flag: '--corruption',
    path: 'pretrain.corruption',
    kind: 'number',
    arg: 'P',
    help: "pretraining: replace each feature of a view by another row's with probability P, in [0, 1) (default 0.6)",
  },
  {
    flag: '--temperature',
    path: 'pretrain.temperature',
    kind: 'number',
    arg: 'T',
    help: "pretraining: NT-Xent's temperature (default 1)",
  },
  {
    flag: '--probe',
    path: 'pretrain.probe',
    kind: 'bool',
    help: 'after pretraining, train only the last layer on the frozen encoder (default: fine-tune all)',
  },
  { flag: '--epochs', path: 'training.epochs', kind: 'int', arg: 'N', help: 'epochs (default 50)' },
  {
    flag: '--batch-size',
    path: 'training.batchSize',
    kind: 'batch',
    arg: 'N|full',
    help: 'mini-batch size, 1 for SGD, full for batch GD (default 32)',
  },
  { flag: '--no-shuffle', path: 'training.shuffle', kind: 'bool', help: 'keep the row order every epoch' },
  {
    flag: '--seed',
    path: 'training.seed',
    kind: 'int',
    arg: 'N',
    help: 'seed for the split, initial weights and shuffling (default 0)',
  },
  { flag: '--clip-norm', path: 'training.clipNorm', kind: 'number', arg: 'X', help: 'clip the global gradient norm' },
  {
    flag: '--clip-value',
    path: 'training.clipValue',
    kind: 'number',
    arg: 'X',
    help: 'clip each gradient element to [-X, X]',
  },
  {
    flag: '--accumulate',
    path: 'training.accumulate',
    kind: 'int',
    arg: 'K',
    help: 'accumulate gradients over K mini-batches per step',
  },
  { flag: '--l1', path: 'training.l1', kind: 'number', arg: 'X', help: 'L1 penalty on weights' },
  { flag: '--l2', path: 'training.l2', kind: 'number', arg: 'X', help: 'L2 penalty on weights (½·l2·Σw²)' },
  {
    flag: '--early-stopping',
    path: 'training.earlyStopping',
    kind: 'int',
    arg: 'PATIENCE',
    help: 'stop after PATIENCE epochs without improvement',
  },
  {
    flag: '--row-epochs',
    path: 'training.rowEpochs',
    kind: 'epochs',
    arg: 'last|all|E,E',
    help: "epochs at whose end each row's loss and gradient share are recorded (default last: the weights the run ends with)",
  },
];

/** Repeats of a configuration: `losslab train` and `losslab sweep` only (a tool runs one configuration). */
export const SEEDS_FLAG: FlagSpec = {
  flag: '--seeds',
  path: 'seeds',
  kind: 'ints',
  arg: '1,2,3',
  help: 'repeat each configuration once per seed (instead of --seed), summarized as mean ± std over its seeds',
};

/** One run on two threads: `losslab train` only (a sweep's runs share the cores already; a tool runs no epochs). */
export const THREADS_FLAG: FlagSpec = {
  flag: '--threads',
  path: 'training.threads',
  kind: 'int',
  arg: 'N',
  help: "threads for one run: 2 splits each batch's rows across two (default 1)",
};

/** The training flags of `losslab train`: the settings, its repeats and its threads (the README's reference). */
export const TRAIN_COMMAND_FLAGS: readonly FlagSpec[] = [...TRAIN_FLAGS, SEEDS_FLAG, THREADS_FLAG];

export const COMMON_FLAGS: readonly FlagSpec[] = [
  {
    flag: '--config',
    path: null,
    kind: 'string',
    arg: 'FILE',
    help: 'take settings from an experiment file (*.losslab.json)',
  },
  { flag: '--run', path: null, kind: 'string', arg: 'NAME', help: 'the run of the experiment file to use' },
  { flag: '--out', path: null, kind: 'string', arg: 'DIR', help: `where run records go (default ${DEFAULT_RUNS_DIR})` },
  { flag: '--json', path: null, kind: 'bool', help: 'print one JSON object as the last line of stdout' },
  { flag: '--quiet', path: null, kind: 'bool', help: 'no progress output' },
];

/** `--out` where a command reads recorded runs rather than writing them (`runs`, `report`). */
export const RUNS_FOLDER_FLAG: FlagSpec = {
  flag: '--out',
  path: null,
  kind: 'string',
  arg: 'DIR',
  help: `the runs folder (default ${DEFAULT_RUNS_DIR})`,
};

/** Every command takes it; `parseArgs` stops at it, so that help wins over the other arguments. */
export const HELP_FLAG: FlagSpec = {
  flag: '--help',
  short: '-h',
  path: null,
  kind: 'bool',
  help: 'print this help and exit',
};

/** A titled table of flags, as a command's help lists them. */
export interface FlagGroup {
  title: string;
  flags: readonly FlagSpec[];
}

/** A `losslab` subcommand: what it takes and does, and the flags it accepts. */
export interface Command {
  name: string;
  /** Its synopses, each without the leading `losslab `. */
  usage: readonly string[];
  /** What it does, one sentence. */
  summary: string;
  groups: readonly FlagGroup[];
  /** Text after the flags (the templates `new` knows, ...). */
  notes?: string;
  run(parsed: ParsedArgs): Promise<number>;
}

export function commandFlags(command: Command): FlagSpec[] {
  return [...command.groups.flatMap((g) => g.flags), HELP_FLAG];
}

/** Words of `text` filled into lines at most `width` wide (a longer word gets a line of its own). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

const HELP_WIDTH = 100;
const FLAG_COLUMN = 28;

/** A flag table: the flag and its argument, then the description wrapped beside it. */
export function flagTable(flags: readonly FlagSpec[]): string {
  return flags
    .map((f) => {
      const name = `${f.short ? `${f.short}, ` : ''}${f.flag}${f.arg ? ` ${f.arg}` : ''}`;
      const text = wrap(f.help, HELP_WIDTH - FLAG_COLUMN - 2);
      const first = name.length < FLAG_COLUMN ? [`  ${name.padEnd(FLAG_COLUMN)}${text.shift() ?? ''}`] : [`  ${name}`];
      return [...first, ...text.map((t) => ' '.repeat(FLAG_COLUMN + 2) + t)].join('\n');
    })
    .join('\n');
}

/** `losslab <command> --help`. */
export function commandHelp(command: Command): string {
  const usage = command.usage.map((u, i) => `${i === 0 ? 'usage: ' : '       '}losslab ${u}`);
  const groups = [...command.groups, { title: 'help', flags: [HELP_FLAG] }].map(
    (g) => `${g.title}:\n${flagTable(g.flags)}`,
  );
  return [
    usage.join('\n'),
    wrap(command.summary, HELP_WIDTH).join('\n'),
    ...groups,
    ...(command.notes ? [command.notes] : []),
  ].join('\n\n');
}

/** The common flags named, for commands that take only some. */
export function commonFlags(...names: string[]): FlagSpec[] {
  return COMMON_FLAGS.filter((f) => names.includes(f.flag));
}

export interface ParsedArgs {
  positional: string[];
  /** Flag → raw values in order (repeatable flags keep all). */
  flags: Map<string, string[]>;
}

/** The runs folder: the last `--out`, else the default. */
/** The one run folder a command takes; `example` shows the rest of its usual line (`--top 10`). */
export function oneRunFolder(parsed: ParsedArgs, command: string, example: string): string {
  const [dir, extra] = parsed.positional;
  if (!dir || extra !== undefined)
    throw new LossLabError(
      `losslab ${command} takes one run folder (see losslab runs): losslab ${command} ${DEFAULT_RUNS_DIR}/<run-id> ${example}`,
    );
  return dir;
}

export function runsDir(parsed: ParsedArgs): string {
  return parsed.flags.get('--out')?.at(-1) ?? DEFAULT_RUNS_DIR;
}

/**
 * Positional arguments and flag values, checked against `specs`. At `--help` (or `-h`) it stops and
 * returns that flag alone: the rest need not be valid for the help to show. `command` names the command
 * whose help an unknown flag points to.
 */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[], command?: string): ParsedArgs {
  const known = new Map(
    specs.flatMap((s) =>
      s.short
        ? [
            [s.flag, s],
            [s.short, s],
          ]
        : [[s.flag, s]],
    ),
  );
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--') && !known.has(a)) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const spec = known.get(name);
    if (!spec) {
      const near = closest(name, [...known.keys()]);
      throw new LossLabError(
        `unknown flag ${shorten(name)}${near.length ? ` (did you mean ${near[0]}?)` : ''}; see losslab ${command ? `${command} ` : ''}--help`,
      );
    }
    if (spec === HELP_FLAG) return { positional: [], flags: new Map([[HELP_FLAG.flag, ['true']]]) };
    let value: string;
    if (spec.kind === 'bool') value = 'true';
    else if (eq > 0) value = a.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) throw new LossLabError(`${name} needs a value (${spec.arg ?? 'X'})`);
      value = argv[++i];
    }
    flags.set(spec.flag, [...(flags.get(spec.flag) ?? []), value]);
  }
  return { positional, flags };
}

/** A `k=v` value: a number, true/false, a comma-separated or bracketed list of numbers, or a string. */
export function parseValue(text: string): unknown {
  const t = text.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'null' || t === 'none') return null;
  const inner = t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1) : t;
  if (inner.includes(',')) {
    const parts = inner.split(',').map((p) => p.trim());
    if (parts.every((p) => p !== '' && Number.isFinite(Number(p)))) return parts.map(Number);
  }
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return t;
}

/** The last value of a number flag a command handles itself, checked; undefined when not given. */
export function numberArg(parsed: ParsedArgs, flag: string, int = false): number | undefined {
  const v = parsed.flags.get(flag)?.at(-1);
  return v === undefined ? undefined : numberFlag(flag, v, int);
}

function numberFlag(flag: string, v: string, int: boolean): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || (int && !Number.isInteger(n)))
    throw new LossLabError(`${flag} must be ${int ? 'an integer' : 'a number'}, got ${quote(v)}`);
  return n;
}

function setPath(o: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = o;
  for (const k of keys.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]] = value;
}

/** The raw config (experiment-file shape) that the training flags describe. */
export function flagsToConfig(parsed: ParsedArgs, specs: readonly FlagSpec[] = TRAIN_FLAGS): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const spec of specs) {
    const values = parsed.flags.get(spec.flag);
    if (!values || spec.path === null) continue;
    const last = values[values.length - 1];
    switch (spec.kind) {
      case 'number':
      case 'int':
        setPath(raw, spec.path, numberFlag(spec.flag, last, spec.kind === 'int'));
        break;
      case 'string':
        setPath(raw, spec.path, last);
        break;
      case 'list':
      case 'names': {
        const items = last.split(',').map((s) => s.trim());
        setPath(raw, spec.path, items.length === 1 && spec.kind === 'list' ? items[0] : items);
        break;
      }
      case 'numbers':
        setPath(
          raw,
          spec.path,
          last
            .replace(/^\[|\]$/g, '')
            .split(',')
            .map((s) => numberFlag(spec.flag, s.trim(), false)),
        );
        break;
      case 'ints':
        setPath(
          raw,
          spec.path,
          last.trim() === ''
            ? []
            : last
                .replace(/^\[|\]$/g, '')
                .split(',')
                .map((s) => numberFlag(spec.flag, s.trim(), true)),
        );
        break;
      case 'bool':
        // A --no- flag turns off a default that is on (--no-shuffle); the others turn a setting on (--batch-norm).
        setPath(raw, spec.path, !spec.flag.startsWith('--no-'));
        break;
      case 'formula':
        setPath(raw, spec.path, last);
        if ((raw.loss as Record<string, unknown>).name === undefined) setPath(raw, 'loss.name', 'formula');
        break;
      case 'batch':
        setPath(raw, spec.path, last === 'full' ? 'full' : numberFlag(spec.flag, last, true));
        break;
      case 'epochs':
        if (last !== 'last' && last !== 'all' && !/^\s*\d+\s*(,\s*\d+\s*)*$/.test(last))
          throw new LossLabError(
            `${spec.flag} must be last, all or a list of epochs such as 1,5,10, got ${quote(last)}`,
            {
              field: spec.flag,
            },
          );
        setPath(raw, spec.path, last === 'last' || last === 'all' ? last : last.split(',').map(Number));
        break;
      case 'kvs':
      case 'kv':
        // kvs: each value may also list several k=v, comma-separated (no value of theirs holds a comma).
        for (const item of spec.kind === 'kvs' ? values.flatMap((v) => v.split(',')) : values) {
          const eq = item.indexOf('=');
          if (eq <= 0)
            throw new LossLabError(
              `${spec.flag} takes k=v (for example ${spec.flag} ${spec.flag === '--opt-param' ? 'momentum=0.9' : 'delta=0.5'}), got ${quote(item)}`,
            );
          setPath(raw, `${spec.path}.${item.slice(0, eq).trim()}`, parseValue(item.slice(eq + 1)));
        }
        break;
    }
  }
  return raw;
}
