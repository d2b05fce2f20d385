/** Validation and defaults for `DataOptions`, so a bad flag or config value is reported by name. */
import { LossLabError, closest, quote, showValue } from '../errors';
import { TASKS, type Task } from '../tasks';
import { HEAD_TASKS, type HeadTask } from './heads';
import type { DataOptions, MissingPolicy } from './types';

export const MISSING_POLICIES: readonly MissingPolicy[] = ['drop', 'mean', 'mode'];

export interface ResolvedOptions {
  /** Null: the last column. */
  target: string[] | null;
  /** Null: every column that is not a target. */
  features: string[] | null;
  task: Task | null;
  /** Ranking's group column, or null. */
  group: string | null;
  /** The sequence task's sequence and order columns, or null. */
  sequence: string | null;
  order: string | null;
  /** Multitask: head tasks given by column. */
  targetTasks: Record<string, HeadTask>;
  missing: MissingPolicy;
  valSplit: number;
  seed: number;
  standardizeTarget: boolean;
  ignore: string[];
}

function bad(field: string, message: string): LossLabError {
  return new LossLabError(`${field} ${message}`, { field });
}

function names(v: unknown, field: string): string[] {
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === 'string' && s.trim() !== ''))
    throw bad(field, `must be a column name or a non-empty list of column names, got ${showValue(v)}`);
  const trimmed = list.map((s: string) => s.trim());
  const twice = trimmed.find((s, i) => trimmed.indexOf(s) !== i);
  if (twice !== undefined) throw bad(field, `lists ${quote(twice)} twice`);
  return trimmed;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], field: string): T {
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  const near = typeof v === 'string' ? closest(v, allowed) : [];
  throw bad(
    field,
    `must be one of ${allowed.join(', ')}, got ${showValue(v)}${near.length ? ` (did you mean ${near[0]}?)` : ''}`,
  );
}

function headTasks(v: unknown, task: Task | null): Record<string, HeadTask> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw bad('targetTasks', `must map target columns to tasks, got ${showValue(v)}`);
  if (task !== 'multitask') throw bad('targetTasks', 'sets the tasks of a multitask run’s heads: use task multitask');
  const out: Record<string, HeadTask> = {};
  for (const [name, t] of Object.entries(v)) out[name] = oneOf(t, HEAD_TASKS, `targetTasks.${name}`);
  return out;
}

function oneName(v: unknown, field: string): string {
  const list = names(v, field);
  if (list.length > 1) throw bad(field, `must be one column name, got ${list.length}`);
  return list[0];
}

export function resolveOptions(o: DataOptions): ResolvedOptions {
  const valSplit = o.valSplit ?? 0.2;
  if (typeof valSplit !== 'number' || !(valSplit >= 0 && valSplit < 1))
    throw bad('valSplit', `must be a number in [0, 1) (the share of rows held out for validation), got ${valSplit}`);
  const seed = o.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw bad('seed', `must be an integer, got ${seed}`);
  const standardizeTarget = o.standardizeTarget ?? true;
  if (typeof standardizeTarget !== 'boolean')
    throw bad('standardizeTarget', `must be true or false, got ${showValue(standardizeTarget)}`);
  const group = o.group === undefined ? null : oneName(o.group, 'group');
  const sequence = o.sequence === undefined ? null : oneName(o.sequence, 'sequence');
  const order = o.order === undefined ? null : oneName(o.order, 'order');
  const implied = group !== null ? 'ranking' : sequence !== null ? 'sequence' : null;
  const task = o.task === undefined ? implied : oneOf(o.task, TASKS, 'task');
  if (task === 'ranking' && group === null)
    throw bad('group', 'is needed for ranking: name the column that groups rows into queries (--group COL)');
  if (group !== null && task !== 'ranking')
    throw bad('group', `is for ranking; it does not fit a ${task} task: drop the group column or use task ranking`);
  if (task === 'sequence' && sequence === null)
    throw bad(
      'sequence',
      'is needed for task sequence: name the column that groups rows into sequences (--sequence COL)',
    );
  if (sequence !== null && task !== 'sequence')
    throw bad('sequence', `is for task sequence; it does not fit a ${task} task: drop --sequence or use task sequence`);
  if (order !== null && sequence === null)
    throw bad('order', 'needs the sequence column too (--sequence COL): it orders the rows of each sequence');
  return {
    target: o.target === undefined ? null : names(o.target, 'target'),
    features: o.features === undefined ? null : names(o.features, 'features'),
    task,
    group,
    sequence,
    order,
    targetTasks: headTasks(o.targetTasks, task),
    missing: o.missing === undefined ? 'drop' : oneOf(o.missing, MISSING_POLICIES, 'missing'),
    valSplit,
    seed,
    standardizeTarget,
    ignore: o.ignore === undefined ? [] : names(o.ignore, 'ignore'),
  };
}
