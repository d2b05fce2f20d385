/**
 * The JSON schema (draft-07, what VS Code's `jsonValidation` reads) of experiment files, built from the
 * registries and the resolved defaults so that completion, hover and squiggles match what
 * `resolveExperiment` accepts. `npm run generate` writes it to media/losslab.schema.json.
 *
 * Components (loss, optimizer, schedule) are a string id or `{name, ...params}`; the object form is an
 * `allOf` of `if name = id then these params, nothing else`, which VS Code follows for completion.
 */
import { MISSING_POLICIES } from '../core/dataset/options';
import { ENCODINGS } from '../core/csv/encoding';
import { COLUMN_KINDS } from '../core/csv/options';
import { FORMULA_LOSS_ID, FUNCTION_NAMES, MAX_FORMULA_LENGTH } from '../core/formula';
import { LOSSES } from '../core/losses';
import { ACTIVATIONS } from '../core/model/activations';
import { INIT_IDS } from '../core/model/init';
import { OPTIMIZERS } from '../core/optimizers';
import type { ParamSpec } from '../core/params';
import { INIT_DESCRIPTIONS } from './reference';
import { SCHEDULES } from '../core/schedules';
import { MAX_SWEEP_RUNS, SWEEP_METRICS } from '../core/sweep/parse';
import { MAX_SEEDS } from '../core/seeds/repeat';
import { MONITORS, lowerIsBetter } from '../core/metricNames';
import { TASKS, type Task } from '../core/tasks';
import { DEFAULT_LOSS, defaultConfig } from '../core/config/defaults';
import type { NumberRule } from '../core/config/fields';
import type { MissingPolicy } from '../core/config/types';
import { PRETRAIN_DEFAULTS, PRETRAIN_METHODS } from '../core/config/pretrain';

export type JsonSchema = { [keyword: string]: unknown };

const TASK_DESCRIPTIONS: Record<Task, string> = {
  regression: 'A numeric target.',
  binary: 'Two classes.',
  multiclass: 'Three or more classes.',
  distribution: 'Several target columns that each row spreads one unit of probability over (kl_div).',
  embedding: 'A metric space learned from class labels (contrastive, triplet).',
  ranking: 'Rows grouped by a query column (data.group), scored so that higher relevance (the target) ranks first.',
  multitask:
    'Several target columns learned at once: a shared network with one head per target, each with its own task and loss.',
  sequence:
    'Rows grouped into sequences by a column (data.sequence) and ordered (data.order, else file order); each row is a token tagged with the target, a categorical column.',
  generate:
    'No target: learn the distribution of the rows (numeric columns standardized, categorical ones one-hot with a softmax per column) and generate new ones (losslab sample).',
};

const MISSING_DESCRIPTIONS: Record<MissingPolicy, string> = {
  drop: 'Drop rows with a missing feature value.',
  mean: 'Fill from the training rows: the mean of a numeric column, the most frequent level of a categorical one.',
  mode: 'Fill from the training rows with the most frequent value.',
};

/** Keys starting with `//` are comments wherever `onlyKeys` checks an object; parameters take none. */
const COMMENTS = { '^//': { description: 'A comment: keys starting with // are ignored.' } };

function ref(name: string): JsonSchema {
  return { $ref: `#/definitions/${name}` };
}

function closed(properties: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema {
  return { type: 'object', properties, patternProperties: COMMENTS, additionalProperties: false, ...extra };
}

/** Draft-07 bounds: `exclusiveMinimum` is a number there, not a flag on `minimum`. */
function bounds(r: NumberRule): JsonSchema {
  const out: JsonSchema = {};
  if (r.min !== undefined) out[r.minExclusive ? 'exclusiveMinimum' : 'minimum'] = r.min;
  if (r.max !== undefined) out[r.maxExclusive ? 'exclusiveMaximum' : 'maximum'] = r.max;
  return out;
}

function numberField(description: string, rule: NumberRule, dflt?: number): JsonSchema {
  return {
    type: rule.integer ? 'integer' : 'number',
    description,
    ...bounds(rule),
    ...(dflt === undefined ? {} : { default: dflt }),
  };
}

function enumField(ids: readonly string[], descriptions: readonly string[], extra: JsonSchema): JsonSchema {
  return { type: 'string', enum: [...ids], enumDescriptions: [...descriptions], ...extra };
}

// ---- components --------------------------------------------------------------------------------

interface Component {
  id: string;
  title: string;
  description: string;
  params: readonly ParamSpec[];
  tasks?: readonly string[];
}

type Kind = 'loss' | 'optimizer' | 'schedule';

const REGISTRIES: Record<Kind, readonly Component[]> = { loss: LOSSES, optimizer: OPTIMIZERS, schedule: SCHEDULES };

const RUN_LR = defaultConfig('').optimizer.lr;

/**
 * One parameter. `null` is accepted everywhere because `resolveParams` reads it as "the default". An
 * optimizer's `lr` shows the run's default, not PyTorch's: experiments start from the default run's rate
 * and carry it over when the optimizer changes, so PyTorch's per-optimizer default never applies there.
 */
function paramSchema(kind: Kind, p: ParamSpec): JsonSchema {
  const lr = kind === 'optimizer' && p.name === 'lr';
  const description = lr
    ? `${p.doc} In an experiment the default is ${RUN_LR}, and a run that changes optimizer keeps its rate.`
    : p.doc;
  const dflt = lr ? { default: RUN_LR } : p.default === null ? {} : { default: p.default };
  switch (p.type) {
    case 'number':
    case 'integer':
      return { type: [p.type, 'null'], description, ...bounds(p), ...dflt };
    case 'boolean':
      return { type: ['boolean', 'null'], description, ...dflt };
    case 'string':
      return { type: ['string', 'null'], description, ...(p.choices ? { enum: [...p.choices, null] } : {}), ...dflt };
    case 'numbers':
      return {
        type: ['array', 'null'],
        description,
        items: { type: 'number', ...bounds(p) },
        ...(p.length === undefined ? {} : { minItems: p.length, maxItems: p.length }),
        ...dflt,
      };
  }
}

function paramList(params: readonly ParamSpec[]): string {
  return params.length ? params.map((p) => `\`${p.name}\``).join(', ') : 'none';
}

function idSchema(kind: Kind): JsonSchema {
  const specs = REGISTRIES[kind];
  return enumField(
    specs.map((s) => s.id),
    specs.map((s) => `${s.title}: ${s.description}`),
    {
      markdownEnumDescriptions: specs.map(
        (s) =>
          `**${s.title}**${s.tasks ? ` (${s.tasks.join(', ')})` : ''}: ${s.description}\n\nParameters: ${paramList(s.params)}.`,
      ),
    },
  );
}

function paramsOf(kind: Kind, params: readonly ParamSpec[]): Record<string, JsonSchema> {
  return Object.fromEntries(params.map((p) => [p.name, paramSchema(kind, p)]));
}

/** `if name is id then only id's parameters`, one branch per id. */
function paramsByName(kind: Kind): JsonSchema {
  return {
    allOf: REGISTRIES[kind].map((s) => ({
      if: { properties: { name: { const: s.id } }, required: ['name'] },
      then: { properties: { name: { const: s.id }, ...paramsOf(kind, s.params) }, additionalProperties: false },
    })),
  };
}

/**
 * What an object without `name` means: at the top level the default component (`keeps`), or for the loss,
 * which has no default before the task is known, nothing (`required`); in a run, whatever the shared
 * settings chose (`inherit`), so any registered parameter may appear.
 */
type Nameless = { keeps: string } | 'required' | 'inherit';

function withoutName(kind: Kind, nameless: { keeps: string } | 'inherit'): JsonSchema {
  let properties: Record<string, JsonSchema>;
  if (nameless === 'inherit') {
    const owners = new Map<string, string[]>();
    for (const s of REGISTRIES[kind])
      for (const p of s.params) owners.set(p.name, [...(owners.get(p.name) ?? []), s.id]);
    properties = Object.fromEntries(
      [...owners].map(([name, ids]) => [name, { description: `A parameter of ${ids.join(', ')}.` }]),
    );
  } else {
    properties = paramsOf(kind, REGISTRIES[kind].find((s) => s.id === nameless.keeps)?.params ?? []);
  }
  return { if: { not: { required: ['name'] } }, then: { properties, additionalProperties: false } };
}

function componentSchema(kind: Kind, description: string, nameless: Nameless, dflt?: JsonSchema): JsonSchema {
  const id = ref(`${kind}Id`);
  const object: JsonSchema = {
    type: 'object',
    // Draft-07 ignores keywords beside a $ref, hence the allOf.
    properties: { name: { description: `The ${kind} id.`, allOf: [id] } },
    allOf: [ref(`${kind}Params`), ...(nameless === 'required' ? [] : [withoutName(kind, nameless)])],
    ...(nameless === 'required' ? { required: ['name'] } : {}),
  };
  return { description, anyOf: [id, object], ...(dflt ? { default: dflt } : {}) };
}

// ---- sections ----------------------------------------------------------------------------------

function dataSchema(requirePath: boolean): JsonSchema {
  const d = defaultConfig('').data;
  const columns = { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true };
  return closed(
    {
      path: {
        type: 'string',
        minLength: 1,
        description:
          'The CSV, relative to the experiment file. Required in the shared settings; a run may name another.',
      },
      valPath: {
        type: 'string',
        minLength: 1,
        description:
          'A CSV with the same columns to validate on instead of splitting `path` (valSplit is then not used); relative to the experiment file.',
      },
      target: {
        description: 'Default: the last column. Several columns make a distribution target (kl_div).',
        anyOf: [{ type: 'string', minLength: 1 }, columns],
      },
      features: {
        ...columns,
        description: 'Default: every other column; constant columns are dropped with a warning.',
      },
      task: enumField(
        TASKS,
        TASKS.map((t) => TASK_DESCRIPTIONS[t]),
        {
          description:
            'Default: inferred from the target; ranking when a group column is given, sequence when a sequence column is.',
        },
      ),
      group: {
        type: 'string',
        minLength: 1,
        description:
          'Ranking: the column that groups rows into queries. The target holds relevance grades (0 to 30); the validation split takes whole groups, and the batch size counts groups.',
      },
      sequence: {
        type: 'string',
        minLength: 1,
        description:
          'Sequence: the column that groups rows (tokens) into sequences; the target holds their tags. The validation split takes whole sequences, and the batch size counts sequences.',
      },
      order: {
        type: 'string',
        minLength: 1,
        description: "Sequence: the column that orders each sequence's rows (numbers or dates). Default: file order.",
      },
      targetTasks: {
        type: 'object',
        description: "Multitask: a head's task by target column (default: inferred per column).",
        additionalProperties: { enum: ['regression', 'binary', 'multiclass'] },
      },
      missing: enumField(
        MISSING_POLICIES,
        MISSING_POLICIES.map((m) => MISSING_DESCRIPTIONS[m]),
        { description: 'Missing feature values. Rows with a missing target are always dropped.', default: d.missing },
      ),
      valSplit: numberField(
        'Share of rows held out for validation; 0 for none.',
        { min: 0, max: 1, maxExclusive: true },
        d.valSplit,
      ),
      standardizeTarget: {
        type: 'boolean',
        description: 'Regression only: train on the standardized target (mean 0, std 1 over the training rows).',
        default: d.standardizeTarget,
      },
      decimal: {
        enum: ['.', ','],
        description: 'The decimal mark. Default: detected (a ;-delimited file writing 1,5 has a decimal comma).',
      },
      thousands: {
        type: 'string',
        maxLength: 1,
        description:
          "The thousands separator. Default: ',' with a decimal point, '.' with a decimal comma (spaces always); '' for none.",
      },
      encoding: {
        enum: [...ENCODINGS],
        description:
          'The text encoding. Default: from the byte order mark, else UTF-8, else Windows-1252 (with a warning).',
      },
      na: {
        ...columns,
        description: 'Missing-value tokens besides NA, N/A, NaN, null, None, ?, -, -- and the empty cell.',
      },
      comment: {
        type: 'string',
        minLength: 1,
        maxLength: 1,
        description:
          'Lines starting with this character are skipped, in the data too. Default: # lines before the header.',
      },
      skipRows: { type: 'integer', minimum: 0, description: 'Lines skipped before the header (and comment lines).' },
      strictRows: {
        type: 'boolean',
        description:
          'A row with fewer fields than the header is an error. Default: completed with missing values, with a warning.',
      },
      kinds: {
        type: 'object',
        additionalProperties: { enum: [...COLUMN_KINDS] },
        description:
          'Column kinds by column name, overriding detection: numeric, categorical, boolean, date, identifier (left out), text (left out).',
      },
      ignore: {
        ...columns,
        description: 'Columns left out of the features. Identifiers, row names and free text are left out by default.',
      },
      labelFraction: numberField(
        'Share of the training rows that keep their labels (seeded; stratified by class, whole groups for ranking). The others still serve pretraining. Default: 1.',
        { min: 0, max: 1, minExclusive: true },
      ),
    },
    { description: 'The CSV and how to read it.', ...(requirePath ? { required: ['path'] } : {}) },
  );
}

function modelSchema(): JsonSchema {
  const m = defaultConfig('').model;
  const numbers = { type: 'array', items: { type: 'number' } };
  const bn = closed(
    {
      weight: { ...numbers, description: 'out' },
      bias: { ...numbers, description: 'out' },
      running_mean: { ...numbers, description: 'out' },
      running_var: { type: 'array', items: { type: 'number', minimum: 0 }, description: 'out' },
    },
    {
      required: ['weight', 'bias', 'running_mean', 'running_var'],
      description:
        "The hidden layer's batch norm, as nn.BatchNorm1d's state_dict (default: weight 1, bias 0, running mean 0, running variance 1).",
    },
  );
  const layer = closed(
    {
      weight: { type: 'array', items: numbers, description: 'out × in' },
      bias: { ...numbers, description: 'out' },
      bn,
    },
    { required: ['weight', 'bias'] },
  );
  return closed(
    {
      hidden: {
        type: 'array',
        description: 'Hidden layer sizes; empty for a linear model.',
        items: numberField('Units in this layer.', { integer: true, min: 1, max: 100000 }),
        default: m.hidden,
      },
      activation: enumField(
        ACTIVATIONS.map((a) => a.id),
        ACTIVATIONS.map((a) => `${a.title}: ${a.description}`),
        { description: 'Activation of the hidden layers.', default: m.activation },
      ),
      init: enumField(
        INIT_IDS,
        INIT_IDS.map((id) => INIT_DESCRIPTIONS[id]),
        { description: 'Weight initialization (ignored when `initial` is given).', default: m.init },
      ),
      embeddingSize: numberField(
        'Output size of the embedding for contrastive and triplet losses.',
        { integer: true, min: 1, max: 4096 },
        m.embeddingSize,
      ),
      latent: numberField(
        'Generate: the size of the latent code (default 8).',
        { integer: true, min: 1, max: 4096 },
        8,
      ),
      batchNorm: {
        type: 'boolean',
        description:
          'BatchNorm1d after each hidden Linear layer, before its activation: batch statistics in training steps, running statistics when evaluating. Needs hidden layers and at least 2 rows in every training batch.',
        default: m.batchNorm,
      },
      bnEps: numberField(
        "Batch norm's eps, added to the variance (PyTorch's default).",
        { min: 0, minExclusive: true },
        m.bnEps,
      ),
      bnMomentum: numberField(
        "Weight of each batch in batch norm's running statistics (PyTorch's default).",
        { min: 0, max: 1 },
        m.bnMomentum,
      ),
      dropout: numberField(
        'Inverted dropout after each hidden activation in training: each unit is dropped with this probability, the others scaled by 1/(1 - p). 0: none.',
        { min: 0, max: 1, maxExclusive: true },
        m.dropout,
      ),
      initial: {
        type: 'array',
        description:
          "Initial parameters in PyTorch layout, one {weight, bias} per layer, with a hidden layer's batch norm as `bn` (overrides `init`).",
        items: layer,
      },
    },
    { description: 'The network: a multilayer perceptron, or a linear model without hidden layers.' },
  );
}

function pretrainSchema(): JsonSchema {
  const p = PRETRAIN_DEFAULTS;
  const method = { enum: [...PRETRAIN_METHODS], description: 'info_nce: NT-Xent between two SCARF views of each row.' };
  const full = closed(
    {
      method,
      epochs: numberField('Pretraining epochs over all training rows.', { integer: true, min: 1, max: 1e6 }, p.epochs),
      corruption: numberField(
        "Probability that a feature of a view is replaced by the same feature of another row (SCARF's corruption rate).",
        { min: 0, max: 1, maxExclusive: true },
        p.corruption,
      ),
      temperature: numberField("NT-Xent's temperature.", { min: 0, minExclusive: true }, p.temperature),
      probe: {
        type: 'boolean',
        description: 'Then train only the last layer on the frozen encoder (a linear probe) instead of fine-tuning it.',
        default: p.probe,
      },
    },
    { required: ['method'] },
  );
  return {
    description:
      'Contrastive pretraining of the hidden layers on the training rows without labels, before the supervised phase: "info_nce", {"method": "info_nce", ...}, or null for none. Default: none.',
    anyOf: [{ type: 'null' }, method, full],
  };
}

function trainingSchema(): JsonSchema {
  const t = defaultConfig('').training;
  const positiveOrNull = (description: string) => ({
    type: ['number', 'null'],
    description,
    exclusiveMinimum: 0,
    default: null,
  });
  const earlyStopping = closed(
    {
      patience: numberField('Epochs without improvement before stopping.', { integer: true, min: 1 }),
      monitor: {
        type: 'string',
        enum: [...MONITORS],
        description: 'The metric watched; val_loss is the training loss when there is no validation split.',
        default: 'val_loss',
      },
      minDelta: numberField('How much a value must improve to count as an improvement.', { min: 0 }, 0),
      restoreBest: { type: 'boolean', description: 'End with the parameters of the best epoch.', default: true },
    },
    { required: ['patience'] },
  );
  return closed(
    {
      epochs: numberField('Passes over the training rows.', { integer: true, min: 1, max: 1e6 }, t.epochs),
      batchSize: {
        description: 'Rows per mini-batch; "full" is batch gradient descent, 1 is stochastic gradient descent.',
        anyOf: [
          { type: 'integer', minimum: 1 },
          { type: 'string', enum: ['full'] },
        ],
        default: t.batchSize,
      },
      shuffle: { type: 'boolean', description: 'Shuffle the training rows every epoch.', default: t.shuffle },
      seed: numberField(
        'Seed for the split, the initial weights and shuffling.',
        { integer: true, min: 0, max: 2 ** 32 - 1 },
        t.seed,
      ),
      clipNorm: positiveOrNull("Clip the global gradient norm to this (PyTorch's clip_grad_norm_)."),
      clipValue: positiveOrNull('Clip every gradient element to [-clipValue, clipValue].'),
      accumulate: numberField(
        'Gradient accumulation: one optimizer step per this many mini-batches.',
        { integer: true, min: 1 },
        t.accumulate,
      ),
      threads: numberField(
        "Threads for one run: 2 splits each batch's rows across two (a plain MLP: no batch norm, dropout or gradnorm). " +
          "The weights' gradient is then summed over the rows in another order: within 1e-12 of one thread's, relative to each layer's largest entry.",
        { integer: true, min: 1, max: 2 },
        1,
      ),
      l1: numberField('L1 penalty on weights (not biases): l1·Σ|w|.', { min: 0 }, t.l1),
      l2: numberField('L2 penalty on weights (not biases): ½·l2·Σw².', { min: 0 }, t.l2),
      earlyStopping: {
        description:
          'Stop when the monitored metric stops improving: a patience in epochs, an object, or null/false for none.',
        anyOf: [{ type: 'null' }, { type: 'boolean', enum: [false] }, { type: 'integer', minimum: 1 }, earlyStopping],
        default: t.earlyStopping,
      },
      rowEpochs: {
        description:
          "The epochs at whose end each row's loss and gradient share are recorded (rows.json in the run folder): " +
          '"last" (the weights the run ends with), "all", or a list of epochs.',
        anyOf: [
          { type: 'string', enum: ['last', 'all'] },
          { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1 },
        ],
        default: 'last',
      },
    },
    { description: 'The training loop.' },
  );
}

function sweepSchema(): JsonSchema {
  const range = (description: string, positive: boolean, integer: boolean): JsonSchema => ({
    type: 'array',
    description,
    items: { type: integer ? 'integer' : 'number', ...(positive ? { exclusiveMinimum: 0 } : {}) },
    minItems: 2,
    maxItems: 2,
  });
  const values: JsonSchema = {
    type: 'array',
    minItems: 1,
    description: 'The values to try, each as the setting itself takes it (a list in brackets: [[64], [32, 32]]).',
  };
  const distribution: JsonSchema = {
    anyOf: [
      values,
      closed(
        { uniform: range('[low, high]: any number between, equally likely.', false, false) },
        { required: ['uniform'] },
      ),
      closed(
        {
          logUniform: range(
            '[low, high], both positive: every decade equally likely, as rates and penalties want.',
            true,
            false,
          ),
        },
        { required: ['logUniform'] },
      ),
      closed({ int: range('[low, high]: a whole number between, inclusive.', false, true) }, { required: ['int'] }),
    ],
  };
  // Config paths such as optimizer.lr, loss, loss.delta (or loss.params.delta), model.hidden; `//` keys are comments.
  const paths = { pattern: '^(//.*|(data|model|loss|optimizer|schedule|training|pretrain)(\\.[^.]+)*)$' };
  const runs = { type: 'integer', minimum: 1, maximum: MAX_SWEEP_RUNS };
  return closed(
    {
      grid: {
        type: 'object',
        description:
          'Every combination of these values. Keys are config paths: "optimizer.lr", "loss", "loss.delta", "training.batchSize", "model.hidden", ...',
        propertyNames: paths,
        patternProperties: COMMENTS,
        additionalProperties: values,
      },
      random: {
        type: 'object',
        description:
          'Random search: each run draws every setting, from a list or a range ({"logUniform": [1e-4, 1e-1]}). Needs a budget.',
        propertyNames: paths,
        patternProperties: COMMENTS,
        additionalProperties: distribution,
      },
      budget: { ...runs, description: 'The number of runs: of random search, or a seeded subset of a larger grid.' },
      samples: { ...runs, description: 'Another name for budget.' },
      seed: { type: 'integer', minimum: 0, maximum: 2 ** 32 - 1, default: 0, description: 'Seed of the random draws.' },
      seeds: { ...seedsSchema(), description: 'Repeat every point over these seeds (instead of the shared seeds).' },
      metric: enumField(
        SWEEP_METRICS,
        SWEEP_METRICS.map((m) => (lowerIsBetter(m) ? `${m} (lower is better)` : `${m} (higher is better)`)),
        {
          description:
            'The metric that ranks the runs. Default: accuracy, r2 or pair_accuracy by task (val_loss for distributions).',
        },
      ),
    },
    {
      description:
        'Runs over a grid or a random sample of settings, varying the shared settings above; the Sweep lens above it trains them in parallel.',
      oneOf: [{ required: ['grid'] }, { required: ['random'] }],
      if: { required: ['random'] },
      then: { anyOf: [{ required: ['budget'] }, { required: ['samples'] }] },
    },
  );
}

/** A configuration repeated over seeds (seeds/repeat.ts). */
function seedsSchema(): JsonSchema {
  return {
    type: 'array',
    items: { type: 'integer', minimum: 0, maximum: 2 ** 32 - 1 },
    minItems: 2,
    maxItems: MAX_SEEDS,
    uniqueItems: true,
  };
}

/** The sections a run is made of, in the order of `RunConfig`. */
function sections(data: JsonSchema, components: Record<Kind, JsonSchema>): Record<string, JsonSchema> {
  return {
    data,
    model: ref('model'),
    ...components,
    training: ref('training'),
    pretrain: ref('pretrain'),
    seeds: ref('seeds'),
  };
}

const FORMS = 'An id, or {"name": id, ...parameters}.';

const FORMULA_FORM =
  'A loss may also be a formula: {"formula": "log(cosh(pred - target))", ...numeric parameters it uses by name}.';

/**
 * A loss written as a formula (formula/config.ts). Its parameters are any names, so they are open here
 * and checked against the formula when the file is resolved. In a run the formula may be left out to keep
 * the shared one and change its parameters.
 */
function formulaLossSchema(requireFormula: boolean): JsonSchema {
  return {
    type: 'object',
    description: `${FORMULA_FORM} Elementwise over the outputs, for regression and binary tasks (pred is the raw logit there, target 0 or 1).`,
    properties: {
      name: { const: FORMULA_LOSS_ID, description: 'Optional: a formula loss is the loss called formula.' },
      formula: {
        type: 'string',
        minLength: 1,
        maxLength: MAX_FORMULA_LENGTH,
        markdownDescription:
          'The loss of one output element in terms of `pred`, `target` and the parameters: numbers, `+ - * / ^`, unary minus, ' +
          '`< <= > >= == !=` (1 or 0), `cond ? a : b`, and the functions ' +
          `${FUNCTION_NAMES.map((f) => `\`${f}\``).join(', ')}. The loss is its mean over all outputs; its derivative is taken symbolically.`,
      },
    },
    additionalProperties: { type: 'number', description: 'A parameter of the formula, used in it by name.' },
    ...(requireFormula ? { required: ['formula'] } : {}),
  };
}

/** A component schema for the loss with the formula form as one more alternative. */
function withFormula(loss: JsonSchema, requireFormula: boolean): JsonSchema {
  return {
    ...loss,
    description: `${loss.description as string} ${FORMULA_FORM}`,
    anyOf: [...(loss.anyOf as JsonSchema[]), formulaLossSchema(requireFormula)],
  };
}

function inRun(kind: Kind): JsonSchema {
  return componentSchema(
    kind,
    `Overrides the shared ${kind}. ${FORMS} Without a name, changes the shared one's parameters.`,
    'inherit',
  );
}

export function buildExperimentSchema(): JsonSchema {
  const { optimizer, schedule } = defaultConfig('');
  const byTask = TASKS.map((t) => `${DEFAULT_LOSS[t]} (${t})`).join(', ');
  const shared = sections(ref('sharedData'), {
    loss: withFormula(componentSchema('loss', `${FORMS} Default by task: ${byTask}.`, 'required'), true),
    optimizer: componentSchema(
      'optimizer',
      `${FORMS} Default: ${optimizer.name} with lr ${optimizer.lr}.`,
      { keeps: optimizer.name },
      optimizer,
    ),
    schedule: componentSchema('schedule', `${FORMS} Default: ${schedule.name}.`, { keeps: schedule.name }, schedule),
  });
  const run = closed(
    {
      name: { type: 'string', minLength: 1, description: 'Unique within the file. Default: "run N".' },
      ...sections(ref('data'), { loss: ref('loss'), optimizer: ref('optimizer'), schedule: ref('schedule') }),
      group: {
        type: 'string',
        minLength: 1,
        description:
          'Summarize this run with the others of the same group (mean ± std of each final value); seeds sets it to the configuration name for the runs it makes.',
      },
    },
    { description: 'A run: the shared settings with these changes.' },
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Loss Lab experiment',
    description: 'Shared settings, named runs that each override what they change, and optionally a sweep.',
    ...closed(
      {
        $schema: { type: 'string', description: 'The schema this file follows.' },
        name: { type: 'string', minLength: 1, description: 'Default: the file name without .losslab.json.' },
        ...shared,
        runs: {
          type: 'array',
          description: 'The runs to train and compare. Default: one run with the shared settings.',
          items: ref('run'),
        },
        sweep: ref('sweep'),
      },
      { required: ['data'] },
    ),
    definitions: {
      lossId: idSchema('loss'),
      optimizerId: idSchema('optimizer'),
      scheduleId: idSchema('schedule'),
      lossParams: paramsByName('loss'),
      optimizerParams: paramsByName('optimizer'),
      scheduleParams: paramsByName('schedule'),
      loss: withFormula(inRun('loss'), false),
      optimizer: inRun('optimizer'),
      schedule: inRun('schedule'),
      run,
      sharedData: dataSchema(true),
      data: dataSchema(false),
      model: modelSchema(),
      training: trainingSchema(),
      pretrain: pretrainSchema(),
      sweep: sweepSchema(),
      seeds: {
        anyOf: [
          seedsSchema(),
          { type: 'null', description: 'In a run: no repeats, though the shared settings have seeds.' },
        ],
        description:
          'Repeat the run once per seed (each its training.seed, named "<name> seed=<s>"); the runs of one configuration are summarized as mean ± std, and two configurations with the same seed share the split, initial weights and batch order.',
      },
    },
  };
}
