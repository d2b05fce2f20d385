/** `losslab report`: an HTML report of recorded runs (built in src/runs/report.ts). */
import * as path from 'node:path';
import { listRuns } from '../io/runStore';
import { LossLabError, quote, showPath } from '../core/errors';
import { writeReport } from '../runs/report';
import { type Command, type ParsedArgs, RUNS_FOLDER_FLAG, runsDir } from './args';

export const REPORT_COMMAND: Command = {
  name: 'report',
  usage: ['report [RUN_ID...] [--out DIR] [-o FILE]'],
  summary: "an HTML report with the dashboard's charts of the named runs, or of every run of the folder",
  groups: [
    {
      title: 'flags',
      flags: [
        RUNS_FOLDER_FLAG,
        {
          flag: '--output',
          short: '-o',
          path: null,
          kind: 'string',
          arg: 'FILE',
          help: 'the HTML file to write (default losslab-report.html)',
        },
      ],
    },
  ],
  run: reportCommand,
};

async function reportCommand(parsed: ParsedArgs): Promise<number> {
  const dir = runsDir(parsed);
  const runs = listRuns(dir);
  const wanted = parsed.positional;
  const chosen = wanted.length
    ? wanted.map((id) => runs.find((r) => r.id === id || r.dir === id || path.resolve(r.dir) === path.resolve(id)))
    : runs;
  const missing = wanted.filter((_, i) => !chosen[i]);
  if (missing.length)
    throw new LossLabError(
      `no run ${missing.map((m) => quote(m)).join(', ')} in ${showPath(dir)}; list them with losslab runs`,
    );
  if (!chosen.length) throw new LossLabError(`no runs in ${showPath(dir)} to report`);
  const file = parsed.flags.get('--output')?.at(-1) ?? 'losslab-report.html';
  for (const problem of writeReport(
    file,
    chosen.map((r) => r!.dir),
  ))
    process.stderr.write(`warning: ${problem}\n`);
  process.stdout.write(`wrote ${file} (${chosen.length} run${chosen.length === 1 ? '' : 's'})\n`);
  return 0;
}
