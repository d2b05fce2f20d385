/**
 * `losslab --help` lists the commands; `losslab <command> --help` (or -h) prints that command's usage
 * and flags and exits 0. The flags each command takes are written out here, as the README documents
 * them, so a help text that loses or invents a flag fails.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { losslab } from './run';

/** How a CSV is read (the README's "Data" flags), taken by every command that reads one. */
const READING = [
  '--decimal',
  '--thousands',
  '--encoding',
  '--na',
  '--comment',
  '--skip-rows',
  '--strict-rows',
  '--kind',
  '--ignore',
];
const TRAINING = [
  '--target',
  '--features',
  ...READING,
  '--task',
  '--val-data',
  '--target-task',
  '--task-weighting',
  '--task-weights',
  '--group',
  '--sequence',
  '--order',
  '--missing',
  '--val-split',
  '--label-fraction',
  '--no-standardize-target',
  '--loss',
  '--loss-formula',
  '--loss-param',
  '--critic-steps',
  '--clip-critic',
  '--gp-lambda',
  '--critic-optimizer',
  '--critic-lr',
  '--optimizer',
  '--lr',
  '--opt-param',
  '--schedule',
  '--sched-param',
  '--hidden',
  '--activation',
  '--init',
  '--embedding-size',
  '--latent',
  '--beta',
  '--batch-norm',
  '--bn-eps',
  '--bn-momentum',
  '--dropout',
  '--pretrain',
  '--pretrain-epochs',
  '--corruption',
  '--temperature',
  '--probe',
  '--epochs',
  '--batch-size',
  '--no-shuffle',
  '--seed',
  '--clip-norm',
  '--clip-value',
  '--accumulate',
  '--l1',
  '--l2',
  '--early-stopping',
  '--row-epochs',
];
const COMMON = ['--config', '--run', '--out', '--json', '--quiet'];

/** Every command and the flags it takes, --help included. */
const COMMANDS: Record<string, string[]> = {
  train: [...TRAINING, '--seeds', '--threads', ...COMMON],
  inspect: ['--target', '--features', ...READING, '--json'],
  run: ['--run', '--out', '--json', '--quiet'],
  runs: ['--out', '--json'],
  sweep: [
    ...TRAINING,
    '--seeds',
    ...COMMON,
    '--workers',
    '--random',
    '--report',
    '--sweep-seed',
    '--metric',
    '--redis',
    '--resume',
  ],
  worker: ['--redis', '--concurrency', '--name', '--cache'],
  'lr-find': [...TRAINING, '--config', '--run', '--json', '--min-lr', '--max-lr', '--steps'],
  schedule: [...TRAINING, '--config', '--run', '--json'],
  // --lr is the trajectories' own (one rate per optimizer), listed once.
  trajectories: [
    '--optimizers',
    '--steps',
    '--lr',
    '--grid',
    '--weights',
    '--span',
    '--rows',
    ...TRAINING.filter((f) => f !== '--lr'),
    '--config',
    '--run',
    '--json',
  ],
  export: ['--output'],
  new: ['--target', '--output', '--force'],
  report: ['--out', '--output'],
  demo: ['--out', '--quiet'],
  interpolate: ['--points', '--json'],
  rows: ['--top', '--json'],
  sample: ['--rows', '--output', '--seed'],
  resume: ['--lr', '--out', '--json', '--quiet'],
};

/** The long flags a help text lists: the first `--name` of each line that starts with a flag (`-o, --output FILE`). */
function listedFlags(help: string): string[] {
  return help
    .split('\n')
    .map((line) => /^ {2}(?:-[a-z], )?(--[a-z0-9-]+)/.exec(line)?.[1])
    .filter((f) => f !== undefined);
}

test('losslab --help, -h, help and no arguments list every command and exit 0', () => {
  const outputs = [['--help'], ['-h'], ['help'], []].map((args) => {
    const r = losslab(args);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    return r.stdout;
  });
  for (const out of outputs) assert.equal(out, outputs[0]);
  const listed = outputs[0].split('\n').flatMap((line) => /^ {2}([a-z-]+) {2,}/.exec(line)?.[1] ?? []);
  assert.deepEqual(listed.sort(), Object.keys(COMMANDS).sort());
});

for (const [command, flags] of Object.entries(COMMANDS)) {
  test(`losslab ${command} --help: its usage and exactly its flags, exit 0; -h and losslab help ${command} say the same`, () => {
    const r = losslab([command, '--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.ok(r.stdout.startsWith(`usage: losslab ${command}`), r.stdout.slice(0, 200));
    assert.deepEqual(listedFlags(r.stdout).sort(), [...flags, '--help'].sort());
    assert.equal(losslab([command, '-h']).stdout, r.stdout);
    assert.equal(losslab(['help', command]).stdout, r.stdout);
  });
}

test("help wins over arguments that would fail, and an unknown flag points to the command's help", () => {
  const r = losslab(['train', '/nonexistent/data.csv', '--epochs', 'many', '--help']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.startsWith('usage: losslab train'));
  const bad = losslab(['sweep', 'data.csv', '--wokers', '2']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'losslab: unknown flag --wokers (did you mean --workers?); see losslab sweep --help\n');
  const unknown = losslab(['help', 'trian']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^losslab: unknown command 'trian'; commands: train, /);
});
