/** Configurations repeated over seeds, in the terminal: mean ± std of each final value, and as JSON. */
import { MAIN_METRICS } from '../core/metricNames';
import { type GroupSummary, type SeededRun, groupSummaries, showMeanStd } from '../core/seeds/summary';
import type { RunConfig } from '../core/config/types';
import type { RunSummary } from '../core/trainer/events';
import { fmt, table } from './format';

/** What a summary needs of a run that has ended (or never started: no summary). */
export function seededRun(config: RunConfig, summary: RunSummary | null): SeededRun {
  return { name: config.name, group: config.group, seed: config.training.seed, final: summary?.final ?? null };
}

/** The `groups` field of the `--json` outputs (snake_case like the rest). */
export function groupsJson(groups: readonly GroupSummary[]) {
  return groups.map((g) => ({ name: g.group, runs: g.runs, seeds: g.seeds, final: g.values }));
}

/** One row per configuration: its seeds, the losses and the main metrics as mean ± std; '' without groups. */
export function seedTable(runs: readonly SeededRun[]): string {
  const groups = groupSummaries(runs);
  if (!groups.length) return '';
  const names = ['train_loss', 'val_loss', ...MAIN_METRICS].filter((k) => groups.some((g) => g.values[k]));
  const rows = groups.map((g) => [
    g.group,
    String(g.seeds.length),
    ...names.map((k) => (g.values[k] ? showMeanStd(g.values[k], g.seeds.length, (x) => fmt(x)) : '-')),
  ]);
  const header = ['configuration', 'seeds', ...names.map((k) => k.replace('_', ' '))];
  return `mean ± std over seeds (sample std)\n\n${table(header, rows)}`;
}
