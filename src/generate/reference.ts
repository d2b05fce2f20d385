/**
 * The README's reference tables, generated from the registries so they cannot drift from the code:
 * `npm run generate` writes them between the markers below, and a test fails when they differ.
 */
import { DEFAULT_LOSS, defaultConfig } from '../core/config/defaults';
import { LOSSES } from '../core/losses';
import { ACTIVATIONS } from '../core/model/activations';
import type { InitId } from '../core/model/init';
import { INIT_IDS } from '../core/model/init';
import { OPTIMIZERS } from '../core/optimizers';
import type { ParamSpec, ParamValue } from '../core/params';
import { SCHEDULES } from '../core/schedules';
import { WARMUP_PARAM } from '../core/schedules/warmup';
import { TASKS } from '../core/tasks';

export const REFERENCE_START = '<!-- reference:start -->';
export const REFERENCE_END = '<!-- reference:end -->';

/** What each initializer draws (init.ts holds the formulas); shared with the experiment schema. */
export const INIT_DESCRIPTIONS: Record<InitId, string> = {
  torch_default: "PyTorch's nn.Linear default: weights and biases from U(±1/√fan_in).",
  xavier_uniform: 'Glorot: weights from U(±√(6/(fan_in+fan_out))), biases 0; for tanh and sigmoid.',
  xavier_normal: 'Glorot: weights from N(0, 2/(fan_in+fan_out)), biases 0; for tanh and sigmoid.',
  he_uniform: 'Kaiming: weights from U(±√(6/fan_in)), biases 0; for ReLU-like units.',
  he_normal: 'Kaiming: weights from N(0, 2/fan_in), biases 0; for ReLU-like units.',
};

/** A command-line flag as the reference lists it (the CLI's `FlagSpec` fits). */
export interface FlagDoc {
  flag: string;
  arg?: string;
  help: string;
}

/** The CLI's flag tables, passed in because the core does not depend on the CLI. */
export interface FlagTables {
  training: readonly FlagDoc[];
  common: readonly FlagDoc[];
}

/** Interval notation for a bound pair: `[0, 1)`, `(0, ∞)`. */
export function rangeText(s: Pick<ParamSpec, 'min' | 'max' | 'minExclusive' | 'maxExclusive'>): string {
  const lo = s.min === undefined ? '(−∞' : `${s.minExclusive ? '(' : '['}${s.min}`;
  const hi = s.max === undefined ? '∞)' : `${s.max}${s.maxExclusive ? ')' : ']'}`;
  return `${lo}, ${hi}`;
}

function valueText(v: ParamValue): string {
  return Array.isArray(v) ? `[${v.join(', ')}]` : String(v);
}

/** Table cells are one line, and a `|` inside one would end it. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map((r) => line(r.map(cell)))].join('\n');
}

/** One parameter: name, default (when it has one), what values it takes, and its doc. */
function paramText(p: ParamSpec): string {
  const dflt = p.default === null ? '' : ` = ${valueText(p.default)}`;
  const range = rangeText(p);
  const takes =
    p.type === 'number'
      ? `in ${range}`
      : p.type === 'integer'
        ? `integer in ${range}`
        : p.type === 'numbers'
          ? `${p.length ?? ''} numbers in ${range}`.trimStart()
          : p.type === 'string'
            ? `one of ${(p.choices ?? []).join(', ')}`
            : '';
  return `\`${p.name}\`${dflt}${takes ? `, ${takes}` : ''}. ${p.doc}`;
}

function paramsText(params: readonly ParamSpec[]): string {
  return params.length ? params.map(paramText).join('<br>') : '—';
}

function code(id: string): string {
  return `\`${id}\``;
}

function lossTable(): string {
  return table(
    ['id', 'tasks', 'parameters', 'what it is for'],
    LOSSES.map((l) => [code(l.id), l.tasks.join(', '), paramsText(l.params), `**${l.title}**: ${l.description}`]),
  );
}

function optimizerTable(): string {
  return table(
    ['id', 'parameters', 'description'],
    OPTIMIZERS.map((o) => [code(o.id), paramsText(o.params), `**${o.title}**: ${o.description}`]),
  );
}

function scheduleTable(): string {
  return table(
    ['id', 'parameters', 'description'],
    SCHEDULES.map((s) => [
      code(s.id),
      paramsText(s.params.filter((p) => p !== WARMUP_PARAM)),
      `**${s.title}**: ${s.description}`,
    ]),
  );
}

function flagTable(flags: readonly FlagDoc[]): string {
  return table(
    ['flag', 'argument', 'description'],
    flags.map((f) => [code(f.flag), f.arg ? code(f.arg) : '', f.help]),
  );
}

/** The reference section of the README (ends with a newline). */
export function referenceMarkdown(flags: FlagTables): string {
  const runLr = defaultConfig('').optimizer.lr;
  const withoutWarmup = SCHEDULES.filter((s) => !s.params.includes(WARMUP_PARAM)).map((s) => code(s.id));
  const byTask = TASKS.map((t) => `${code(DEFAULT_LOSS[t])} for ${t}`);
  const sections = [
    '### Losses',
    'A loss is given as its id (`"loss": "huber"`) or as an object with its parameters (`"loss": {"name": "huber", "delta": 0.5}`). ' +
      `Without one, a run uses ${byTask.slice(0, -1).join(', ')} and ${byTask[byTask.length - 1]} tasks.`,
    lossTable(),
    '### Optimizers',
    "Parameter names and defaults are `torch.optim`'s (Lion, which PyTorch lacks, follows its paper's reference code). " +
      `In an experiment or on the command line, though, the learning rate is ${runLr} unless set, whatever the optimizer, ` +
      'and a run that changes optimizer keeps the learning rate it had.',
    optimizerTable(),
    '### Learning-rate schedules',
    'Every schedule sets the rate once per optimizer step, except `reduce_on_plateau`, which observes the validation loss ' +
      '(the training loss when there is no validation split) once per epoch. ' +
      `Every schedule${withoutWarmup.length ? ` except ${withoutWarmup.join(', ')} (which has its own)` : ''} ` +
      `also takes ${paramText(WARMUP_PARAM)}`,
    scheduleTable(),
    '### Activations',
    table(
      ['id', 'description'],
      ACTIVATIONS.map((a) => [code(a.id), `**${a.title}**: ${a.description}`]),
    ),
    '### Initializers',
    table(
      ['id', 'description'],
      INIT_IDS.map((id) => [code(id), INIT_DESCRIPTIONS[id]]),
    ),
    '### Command-line flags',
    'Training flags (`losslab train`):',
    flagTable(flags.training),
    'Common flags:',
    flagTable(flags.common),
  ];
  return sections.join('\n\n') + '\n';
}

/** The text between the reference markers (without the newline after the start marker), or null without markers. */
export function referenceIn(readme: string): string | null {
  const start = readme.indexOf(REFERENCE_START);
  const end = readme.indexOf(REFERENCE_END);
  if (start < 0 || end < start) return null;
  return readme.slice(start + REFERENCE_START.length, end).replace(/^\r?\n/, '');
}

/** `readme` with the text between the markers replaced by `reference`, or null without markers. */
export function withReference(readme: string, reference: string): string | null {
  const start = readme.indexOf(REFERENCE_START);
  const end = readme.indexOf(REFERENCE_END);
  if (start < 0 || end < start) return null;
  return `${readme.slice(0, start + REFERENCE_START.length)}\n${reference}${readme.slice(end)}`;
}
