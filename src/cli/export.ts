/** `losslab export pytorch <run-dir> -o script.py`: a recorded run as a standalone PyTorch script. */
import * as fs from 'node:fs';
import { LossLabError } from '../core/errors';
import { pytorchScript } from '../core/export/pytorch';
import { readExportSource } from '../io/exportSource';
import { type FlagSpec, parseArgs } from './args';

const FLAGS: readonly FlagSpec[] = [{ flag: '--output', path: null, kind: 'string', arg: 'FILE', help: 'where to write the script (also -o; default: stdout)' }];

export async function exportCommand(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv.map((a) => (a === '-o' ? '--output' : a)), FLAGS);
  const [format, runDir] = parsed.positional;
  if (format !== 'pytorch') throw new LossLabError(`losslab export takes a format and a run folder: losslab export pytorch <run-dir> -o script.py${format ? ` (unknown format '${format}')` : ''}`);
  if (!runDir) throw new LossLabError('losslab export pytorch needs a run folder (see losslab runs): losslab export pytorch .losslab/runs/<run-id> -o script.py');
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
