/** `losslab export pytorch <run-dir> -o script.py`: a recorded run as a standalone PyTorch script. */
import * as fs from 'node:fs';
import { LossLabError, quote } from '../core/errors';
import { pytorchScript } from '../core/export/pytorch';
import { DEFAULT_RUNS_DIR } from '../core/store/records';
import { readExportSource } from '../io/exportSource';
import { type Command, type ParsedArgs } from './args';

export const EXPORT_COMMAND: Command = {
  name: 'export',
  usage: ['export pytorch <run-dir> [-o FILE]'],
  summary: 'a recorded run as a standalone PyTorch script that replays it',
  groups: [
    {
      title: 'flags',
      flags: [
        {
          flag: '--output',
          short: '-o',
          path: null,
          kind: 'string',
          arg: 'FILE',
          help: 'where to write the script (default: stdout)',
        },
      ],
    },
  ],
  run: exportCommand,
};

async function exportCommand(parsed: ParsedArgs): Promise<number> {
  const [format, runDir] = parsed.positional;
  if (format !== 'pytorch')
    throw new LossLabError(
      `losslab export takes a format and a run folder: losslab export pytorch <run-dir> -o script.py${format ? ` (unknown format ${quote(format)})` : ''}`,
    );
  if (!runDir)
    throw new LossLabError(
      `losslab export pytorch needs a run folder (see losslab runs): losslab export pytorch ${DEFAULT_RUNS_DIR}/<run-id> -o script.py`,
    );
  const script = pytorchScript(readExportSource(runDir));
  const out = parsed.flags.get('--output')?.at(-1);
  if (!out) {
    process.stdout.write(script);
    return 0;
  }
  fs.writeFileSync(out, script);
  process.stderr.write(`wrote ${out}; run it with: python3 ${out}\n`);
  return 0;
}
