/** `losslab resume`: a recorded run continued from its last checkpoint at a new learning rate, as a new run. */
import { LossLabError } from '../core/errors';
import { RunControl } from '../core/trainer/control';
import { resumeRun } from '../runs/resumeRun';
import { type Command, type ParsedArgs, commonFlags, numberArg, oneRunFolder } from './args';
import { Progress } from './progress';
import { cancelOnInterrupt, describeOutcome, outcomeJson } from './train';

export const RESUME_COMMAND: Command = {
  name: 'resume',
  usage: ['resume RUN_DIR --lr X [--out DIR] [--json]'],
  summary:
    'continue a recorded run from its last checkpoint (the end of its last finished epoch: the last good point of a diverged run) at learning rate X, as a new run linked to it',
  groups: [
    {
      title: 'flags',
      flags: [
        { flag: '--lr', path: null, kind: 'number', arg: 'X', help: 'the learning rate from the checkpoint on' },
        {
          flag: '--out',
          path: null,
          kind: 'string',
          arg: 'DIR',
          help: "where the new run's record goes (default: beside the old run)",
        },
        ...commonFlags('--json', '--quiet'),
      ],
    },
  ],
  run: resumeCommand,
};

async function resumeCommand(parsed: ParsedArgs): Promise<number> {
  const dir = oneRunFolder(parsed, 'resume', '--lr 0.001');
  const lr = numberArg(parsed, '--lr');
  if (lr === undefined)
    throw new LossLabError('losslab resume needs the new learning rate: --lr X (e.g. a tenth of the old one)', {
      field: '--lr',
    });
  const control = new RunControl();
  const progress = new Progress('resumed', process.stderr, parsed.flags.has('--quiet'));
  const release = cancelOnInterrupt(control);
  try {
    const outDir = parsed.flags.get('--out')?.at(-1);
    const outcome = await resumeRun(dir, { lr, outDir, onEvent: progress.handle, control });
    if (parsed.flags.has('--json')) process.stdout.write(JSON.stringify(outcomeJson(outcome)) + '\n');
    else
      process.stdout.write(
        `resumed ${dir} at epoch ${outcome.resumed.epoch} (step ${outcome.resumed.step}) with lr ${lr}\n${describeOutcome(outcome)}\n`,
      );
    return 0;
  } finally {
    release();
  }
}
