/**
 * `losslab schedule`: the learning rate of every optimizer step of a run, without training. Flags with
 * several values overlay several schedules (`--schedule constant,cosine --sched-param warmup=0,200`);
 * an experiment file overlays its runs.
 */
import { pickRun } from '../core/config/experiment';
import type { RunConfig } from '../core/config/types';
import { LossLabError } from '../core/errors';
import { previewRuns } from '../runs/previewRuns';
import { expandSweep } from '../core/sweep';
import { type Command, type ParsedArgs, TRAIN_FLAGS, commonFlags } from './args';
import { fmt } from './format';
import { flagAxes } from './sweep';
import { configFromArgs, readExperiment } from './train';

const BARS = '▁▂▃▄▅▆▇█';
const WIDTH = 64;

/**
 * One line of block characters: each column the largest value of its share of `values` (so a narrow
 * peak still shows), on a scale from 0 to `top` shared by the lines drawn together.
 */
export function sparkline(values: readonly number[], top: number, width = WIDTH): string {
  if (!values.length) return '';
  const cols = Math.min(width, values.length);
  let line = '';
  for (let c = 0; c < cols; c++) {
    const from = Math.floor((c * values.length) / cols);
    const to = Math.max(from + 1, Math.floor(((c + 1) * values.length) / cols));
    let v = -Infinity;
    for (let i = from; i < to; i++) v = Math.max(v, values[i]);
    const level = top > 0 && Number.isFinite(v) ? Math.round((v / top) * (BARS.length - 1)) : 0;
    line += v > 0 ? BARS[Math.max(0, Math.min(BARS.length - 1, level))] : ' ';
  }
  return line;
}

/** The configs to preview: an experiment file's runs, or the CSV's config with any flag's values overlaid. */
function configsFromArgs(parsed: ParsedArgs): { configs: RunConfig[]; json: boolean } {
  const json = parsed.flags.has('--json');
  const target = parsed.positional[0];
  if (!target) throw new LossLabError('losslab schedule needs a CSV file (with training flags) or an experiment file');
  if (/\.json$/i.test(target)) {
    const exp = readExperiment(target);
    const only = parsed.flags.get('--run')?.at(-1);
    return { configs: only ? [pickRun(exp, only)] : exp.runs, json };
  }
  const { fixed, axes } = flagAxes(parsed);
  const base = configFromArgs(fixed);
  if (!axes.length) return { configs: [base], json };
  return {
    configs: expandSweep({ method: 'grid', axes, budget: null, seed: 0, metric: null }, base).map((r) => r.config),
    json,
  };
}

export const SCHEDULE_COMMAND: Command = {
  name: 'schedule',
  usage: ['schedule <csv> [flags]', 'schedule <file.losslab.json> [--run NAME] [--json]'],
  summary:
    'the learning rate of every optimizer step, without training; flags with several comma-separated values overlay schedules, an experiment file overlays its runs',
  groups: [
    { title: 'training flags (each may list several values)', flags: TRAIN_FLAGS },
    { title: 'common flags', flags: commonFlags('--config', '--run', '--json') },
  ],
  run: scheduleCommand,
};

async function scheduleCommand(parsed: ParsedArgs): Promise<number> {
  const { configs, json } = configsFromArgs(parsed);
  const previews = await previewRuns(configs);
  if (json) {
    const schedules = previews.map((p) => ({
      name: p.name,
      schedule: p.schedule,
      steps: p.steps,
      steps_per_epoch: p.stepsPerEpoch,
      lrs: p.lrs,
      note: p.note,
    }));
    process.stdout.write(JSON.stringify({ schedules }) + '\n');
    return 0;
  }
  // Reduced rather than spread: a long run has more steps than a call has arguments.
  const max = (v: readonly number[]) => v.reduce((a, b) => Math.max(a, b), -Infinity);
  const min = (v: readonly number[]) => v.reduce((a, b) => Math.min(a, b), Infinity);
  const top = max(previews.map((p) => max(p.lrs)));
  const width = Math.max(...previews.map((p) => p.name.length));
  for (const p of previews) {
    const low = min(p.lrs);
    const high = max(p.lrs);
    process.stdout.write(
      `${p.name.padEnd(width)}  ${sparkline(p.lrs, top)}  ${p.schedule}, ${p.steps} steps (${p.stepsPerEpoch}/epoch), lr ${fmt(low)} … ${fmt(high)}\n`,
    );
    if (p.note) process.stdout.write(`${' '.repeat(width)}  note: ${p.note}\n`);
  }
  return 0;
}
