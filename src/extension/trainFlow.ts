/**
 * "Train on this CSV": quick picks for the target, the task, the loss, the optimizer and the learning
 * rate, each with a sensible default preselected and remembered per file. Escape at any step cancels.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { defaultConfig, DEFAULT_LOSS } from '../core/config/defaults';
import { resolveRunConfig } from '../core/config/resolve';
import type { RunConfig } from '../core/config/types';
import { loadCsv } from '../io/csv/load';
import type { CsvOptions, CsvTable } from '../core/csv';
import { summarizeTarget } from '../core/dataset';
import { columnRoles } from '../core/dataset/select';
import { kindText } from '../views/inspectView';
import { lossesForTask } from '../core/losses';
import { OPTIMIZERS, getOptimizer } from '../core/optimizers';
import { TASKS, type Task } from '../core/tasks';
import { pick } from './quickPick';
import { settings } from './settings';
import { seedList } from '../core/seeds/repeat';
import { LossLabError } from '../core/errors';
import type { GeneratorConfig } from '../core/experimentTemplate';
import {
  type SettingKey,
  answerValue,
  generateConfig,
  modelItems,
  settingKeys,
  settingQuestions,
  settingsOf,
} from '../views/generatePicks';

interface Choices {
  target: string;
  task: Task;
  /** Ranking's group column, or a sequence task's sequence column. */
  group?: string;
  loss: string;
  optimizer: string;
  lr: number;
  /** A generate run's latent size and its model's settings as written in the config. */
  generator?: Partial<Record<SettingKey, number>>;
}

const TASK_TEXT: Record<Task, string> = {
  regression: 'predict a number',
  binary: 'two classes',
  multiclass: 'several classes',
  distribution: 'a probability distribution over several target columns',
  embedding: 'learn distances: same label = similar',
  ranking: 'rank the rows of each group by relevance',
  multitask: 'several targets at once, one head each on a shared network',
  sequence: 'tag each row of a sequence of rows (a CRF over neighbouring tags)',
  generate: 'no target: learn to generate rows like these',
};

/** Reads a CSV off this thread, with its progress in the status bar; `read`: a config's `csvOptions`. */
export function loadTable(file: string, read: CsvOptions = {}): Thenable<CsvTable> {
  const title = `Reading ${path.basename(file)}`;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, (progress) => {
    let shown = 0;
    return loadCsv(file, {
      ...read,
      onProgress: (p) => {
        const percent = Math.floor((100 * p.bytes) / p.totalBytes);
        if (percent > shown) progress.report({ message: `${percent}%` });
        shown = percent;
      },
    });
  });
}

const choicesKey = (file: string) => `lossLab.choices:${file}`;

/** Preselects `lr` the next time the user trains on `file` (the LR range test's "Use this learning rate" on a CSV). */
export function rememberLearningRate(file: string, memory: vscode.Memento, lr: number): Thenable<void> {
  return memory.update(choicesKey(file), { ...memory.get<Partial<Choices>>(choicesKey(file), {}), lr });
}

/**
 * Each column's kind as a target pick describes it, and whether it is left out as a feature: with the
 * last column as the target, and for the last column itself with the first as the target.
 */
function columnDescriptions(table: CsvTable): string[] {
  const last = table.header.length - 1;
  const roles = columnRoles(table, null, null, []);
  const lastRole = last > 0 ? columnRoles(table, [table.header[0]], null, [])[last].role : 'feature';
  return table.kinds.map((k, j) => kindText(k.kind, j === last ? lastRole : roles[j].role));
}

/** The columns as a target pick lists them, each with its kind; `label` is the column's name. */
export function targetItems(table: CsvTable): vscode.QuickPickItem[] {
  const described = columnDescriptions(table);
  return table.header.map((label, j) => ({ label, description: described[j] }));
}

/** Asks for the task of `target` (step 2 of `totalSteps`), the inferred one (or the one remembered) preselected. */
export function pickTask(
  table: CsvTable,
  target: string,
  title: string,
  remembered?: Task,
  totalSteps = 5,
): Promise<Task | undefined> {
  const inferred = summarizeTarget(table, { target }).task;
  return pick(
    `${title}: task`,
    2,
    TASKS.filter((t) => t !== 'distribution').map((t) => ({
      label: t,
      description: `${TASK_TEXT[t]}${t === inferred ? ' (inferred)' : ''}`,
      value: t,
    })),
    remembered ?? inferred,
    totalSteps,
  );
}

/**
 * Asks for a multitask run's targets, the one picked first among them; undefined when the user cancels or
 * picks fewer than two.
 */
function pickTargets(
  table: CsvTable,
  first: string,
  title: string,
  step: number,
  totalSteps: number,
): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
    qp.title = `${title}: targets (one head each)`;
    qp.step = step;
    qp.totalSteps = totalSteps;
    qp.canSelectMany = true;
    qp.placeholder = 'The targets to learn together (two or more)';
    qp.items = targetItems(table);
    qp.selectedItems = qp.items.filter((i) => i.label === first);
    let done = false;
    qp.onDidAccept(() => {
      const picked = qp.selectedItems.map((i) => i.label);
      if (picked.length < 2) {
        qp.placeholder = 'Pick two or more targets: a multitask run has a head for each';
        return;
      }
      done = true;
      resolve(picked);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

/** What a ranking CSV's group column is usually called, and a sequence CSV's sequence column. */
const GROUP_NAMES = {
  group: /^(q|qid|query|query_?id|group|group_?id|session|session_?id|user|user_?id|search_?id)$/i,
  sequence: /^(sentence|sentence_?id|sent|sent_?id|seq|sequence|sequence_?id|doc|doc_?id|document|utterance)$/i,
};

/**
 * Asks for ranking's group column or a sequence task's sequence column among the columns other than the
 * target: the one remembered, else one named like a query or sentence id, else the first. Undefined when
 * the user cancels.
 */
export function pickGroup(
  table: CsvTable,
  target: string,
  title: string,
  step: number,
  remembered?: string,
  field: 'group' | 'sequence' = 'group',
  totalSteps = step + 4,
): Promise<string | undefined> {
  const items = targetItems(table)
    .filter((item) => item.label !== target)
    .map((item) => ({ ...item, value: item.label }));
  const names = items.map((i) => i.value);
  const preselect =
    (remembered && names.includes(remembered) ? remembered : names.find((n) => GROUP_NAMES[field].test(n))) ?? names[0];
  const what = field === 'group' ? 'group column (rows of one query)' : 'sequence column (rows of one sequence)';
  return pick(`${title}: ${what}`, step, items, preselect, totalSteps);
}

/** The column that groups rows: ranking's queries or a sequence task's sequences; none for other tasks. */
export function groupColumnField(task: Task): 'group' | 'sequence' | null {
  return task === 'ranking' ? 'group' : task === 'sequence' ? 'sequence' : null;
}

/**
 * Asks for a run's settings on `file` (read with `read`, kept in the config), and with `seeds` the seeds to
 * repeat it over as the last step; undefined when the user cancels.
 */
export async function askTrainConfig(
  file: string,
  memory: vscode.Memento,
  read: CsvOptions = {},
  seeds = false,
): Promise<RunConfig | undefined> {
  const table = await loadTable(file, read);
  const key = choicesKey(file);
  const last = memory.get<Partial<Choices>>(key, {});
  const name = path.basename(file);
  // Target, task, loss, optimizer, learning rate, and the seeds when asked.
  const steps = seeds ? 6 : 5;

  const target = await pick(
    `Train on ${name}: target column`,
    1,
    targetItems(table).map((item) => ({ ...item, value: item.label })),
    last.target && table.header.includes(last.target) ? last.target : table.header[table.header.length - 1],
    steps,
  );
  if (target === undefined) return undefined;

  const task = await pickTask(table, target, `Train on ${name}`, last.target === target ? last.task : undefined, steps);
  if (task === undefined) return undefined;
  const field = groupColumnField(task);
  const title = `Train on ${name}`;
  const group =
    field === null
      ? undefined
      : await pickGroup(table, target, title, 3, last.task === task ? last.group : undefined, field, steps + 1);
  if (field !== null && group === undefined) return undefined;
  const targets = task === 'multitask' ? await pickTargets(table, target, title, 3, steps + 1) : undefined;
  if (task === 'multitask' && targets === undefined) return undefined;
  // Ranking, sequence and multitask ask one question more: the steps after the task are numbered on from it.
  const at = (step: number) => (group === undefined && targets === undefined ? step : step + 1);

  const losses = lossesForTask(task);
  const preferredLoss = [last.task === task ? last.loss : undefined, settings.defaultLoss(), DEFAULT_LOSS[task]].find(
    (l) => l && losses.some((x) => x.id === l),
  );
  // A generate run's model settings come after the learning rate: how many follows the model picked.
  const generate = task === 'generate';
  const total = (model: string) => at(steps) + (generate ? settingKeys(model).length : 0);
  const loss = generate
    ? await pickModel(title, at(3), preferredLoss ?? DEFAULT_LOSS.generate, total)
    : await pick(
        `Train on ${name}: loss`,
        at(3),
        losses.map((l) => ({ label: l.id, description: l.title, detail: l.description, value: l.id })),
        preferredLoss ?? losses[0].id,
        at(steps),
      );
  if (loss === undefined) return undefined;

  const optimizer = await pick(
    `Train on ${name}: optimizer`,
    at(4),
    OPTIMIZERS.map((o) => ({ label: o.id, description: o.title, detail: o.description, value: o.id })),
    last.optimizer ?? settings.defaultOptimizer(),
    total(loss),
  );
  if (optimizer === undefined) return undefined;

  const lrText = await askText({
    title: `Train on ${name}: learning rate`,
    step: at(5),
    totalSteps: total(loss),
    prompt: 'Learning rate (for example 0.01, 3e-4)',
    value: String(last.lr ?? settings.learningRate()),
    validate: (v) => {
      const x = Number(v.trim());
      return v.trim() !== '' && Number.isFinite(x) && x > 0 ? null : 'A positive number, for example 0.01 or 3e-4';
    },
  });
  if (lrText === undefined) return undefined;
  const lr = Number(lrText.trim());
  const remembered = last.task === task && last.loss === loss ? last.generator : undefined;
  const generator = generate ? await askGeneratorSettings(loss, lr, title, at(6), total(loss), remembered) : undefined;
  if (generate && generator === undefined) return undefined;
  const answered = generator && settingsOf(generator);
  await memory.update(key, { target, task, group, loss, optimizer, lr, generator: answered } satisfies Choices);
  const repeat = seeds ? await askSeeds(memory, total(loss)) : [];
  if (repeat === undefined) return undefined;
  const base = defaultConfig(file);
  base.name = `${name.replace(/\.csv$/i, '')} · ${loss} · ${optimizer}`;
  const config = resolveRunConfig(
    {
      // A generate run learns every column: the column picked first is not a target there.
      data: {
        ...read,
        ...(task === 'generate' ? {} : { target: targets ?? target }),
        task,
        ...(field === null ? {} : { [field]: group }),
      },
      loss: generator?.loss ?? loss,
      model: generator?.model,
      optimizer: { name: optimizer, lr },
      // An optimizer that takes a closure (L-BFGS) trains full batch whatever the batch-size setting.
      training: {
        epochs: settings.epochs(),
        batchSize: getOptimizer(optimizer).closure ? 'full' : settings.batchSize(),
      },
    },
    base,
  );
  return repeat.length ? { ...config, seeds: repeat } : config;
}

/** Asks for a generate run's model (step `step`), `preselect` active; `total`: the flow's steps with that model. */
export function pickModel(
  title: string,
  step: number,
  preselect: string,
  total: (model: string) => number,
): Promise<string | undefined> {
  return pick(`${title}: model`, step, modelItems(), preselect, total(preselect));
}

/**
 * Asks for `model`'s latent size and settings, numbered on from `step`, the critic's rate prefilled with the
 * run's `runLr` and other answers with `remembered` or the defaults; the config they make, or undefined on Escape.
 */
export async function askGeneratorSettings(
  model: string,
  runLr: number,
  title: string,
  step: number,
  totalSteps: number,
  remembered?: Partial<Record<SettingKey, number>>,
): Promise<GeneratorConfig | undefined> {
  const answers: Partial<Record<SettingKey, number>> = {};
  for (const [i, q] of settingQuestions(model, runLr, remembered).entries()) {
    const text = await askText({ ...q, title: `${title}: ${q.title}`, step: step + i, totalSteps });
    if (text === undefined) return undefined;
    answers[q.key] = answerValue(text);
  }
  return generateConfig(model, answers, runLr);
}

/** An input box numbered as a step of a flow; resolves to undefined on Escape. */
function askText(o: {
  title: string;
  step: number;
  totalSteps: number;
  prompt: string;
  value: string;
  validate: (v: string) => string | null;
}): Promise<string | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    Object.assign(box, { title: o.title, step: o.step, totalSteps: o.totalSteps, prompt: o.prompt, value: o.value });
    let done = false;
    box.onDidChangeValue((v) => (box.validationMessage = o.validate(v) ?? undefined));
    box.onDidAccept(() => {
      if (o.validate(box.value) !== null) return;
      done = true;
      resolve(box.value);
      box.hide();
    });
    box.onDidHide(() => {
      if (!done) resolve(undefined);
      box.dispose();
    });
    box.show();
  });
}

const SEEDS_KEY = 'lossLab.trainSeeds';

/**
 * Asks for the seeds to repeat the run over (the last answer pre-filled), the flow's last step: an empty
 * answer trains once, with the seed setting's default. Undefined when the user cancels.
 */
async function askSeeds(memory: vscode.Memento, step: number): Promise<number[] | undefined> {
  const text = await askText({
    title: 'Train: repeat over seeds (optional)',
    step,
    totalSteps: step,
    prompt: 'Seeds, comma-separated (for example 1,2,3): one run each, summarized as mean ± std. Empty: one run.',
    value: memory.get<string>(SEEDS_KEY, ''),
    validate: (v) => {
      if (v.trim() === '') return null;
      try {
        seedList(parseSeeds(v), 'seeds');
        return null;
      } catch (e) {
        return e instanceof LossLabError ? e.message : String(e);
      }
    },
  });
  if (text === undefined) return undefined;
  await memory.update(SEEDS_KEY, text.trim());
  return text.trim() === '' ? [] : seedList(parseSeeds(text), 'seeds');
}

/** `1, 2,3` as numbers; a word stays NaN, which seedList reports. */
function parseSeeds(text: string): number[] {
  return text.split(',').map((s) => (s.trim() === '' ? NaN : Number(s.trim())));
}
