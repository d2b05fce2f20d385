/** `losslab report`: an HTML report of recorded runs (built in src/views/report.ts). */
import * as path from 'node:path';
import { DEFAULT_RUNS_DIR, listRuns } from '../core/store/runStore';
import { LossLabError } from '../core/errors';
import { writeReport } from '../views/report';
import { type FlagSpec, parseArgs } from './args';

const FLAGS: readonly FlagSpec[] = [
  { flag: '--out', path: null, kind: 'string', arg: 'DIR', help: 'the runs folder (default .losslab/runs)' },
  { flag: '-o', path: null, kind: 'string', arg: 'FILE', help: 'the HTML file to write (default losslab-report.html)' },
];

/** `losslab report [RUN_ID...] [-o report.html]`: the named runs, or every run of the folder. */
export async function reportCommand(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, FLAGS);
  const dir = parsed.flags.get('--out')?.at(-1) ?? DEFAULT_RUNS_DIR;
  const runs = listRuns(dir);
  const wanted = parsed.positional;
  const chosen = wanted.length ? wanted.map((id) => runs.find((r) => r.id === id || r.dir === id || path.resolve(r.dir) === path.resolve(id))) : runs;
  const missing = wanted.filter((_, i) => !chosen[i]);
  if (missing.length) throw new LossLabError(`no run ${missing.map((m) => `'${m}'`).join(', ')} in ${dir}; list them with losslab runs`);
  if (!chosen.length) throw new LossLabError(`no runs in ${dir} to report`);
  const file = parsed.flags.get('-o')?.at(-1) ?? 'losslab-report.html';
  for (const problem of writeReport(file, chosen.map((r) => r!.dir))) process.stderr.write(`warning: ${problem}\n`);
  process.stdout.write(`wrote ${file} (${chosen.length} run${chosen.length === 1 ? '' : 's'})\n`);
  return 0;
}
