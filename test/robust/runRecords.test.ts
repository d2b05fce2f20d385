/**
 * Run records survive a `kill -9` at any moment and two processes writing into one folder: every line of
 * events.jsonl but a torn last one parses, the next `losslab runs` marks the run interrupted and shows its
 * curve up to the kill, and concurrent runs never share a file.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { EpochEvent, RunEvent, RunSummary, StartEvent } from '../../src/core/trainer/events';
import { CLI, dataset, lastJson, losslab, tempDir } from '../cli/run';

interface RunsJson {
  runs: {
    id: string;
    run_dir: string;
    status: string;
    epochs: number;
    steps: number;
    final: { epoch: number; trainLoss: number } | null;
    history: { train_loss: number[]; val_loss: (number | null)[] };
  }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function start(args: string[]): {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
} {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.resume();
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, exit };
}

/** Waits until `ready()` holds, polling; fails after `ms`. */
async function until(ready: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const runDirs = (out: string): string[] => (existsSync(out) ? readdirSync(out).map((n) => join(out, n)) : []);
const eventsText = (dir: string): string =>
  existsSync(join(dir, 'events.jsonl')) ? readFileSync(join(dir, 'events.jsonl'), 'utf8') : '';

/** The events of a file that may end in a torn line: every complete line must parse. */
function parseEvents(text: string): RunEvent[] {
  const lines = text.split('\n');
  const torn = lines.pop() as string; // '' when the file ends with a newline
  const events = lines.map((line, i) => {
    assert.doesNotThrow(() => JSON.parse(line), `line ${i + 1} parses: ${line.slice(0, 80)}`);
    return JSON.parse(line) as RunEvent;
  });
  if (torn !== '') assert.throws(() => JSON.parse(torn), 'only a torn last line may lack its newline');
  return events;
}

/** Trains digits with a model big enough to take a while, kills the process with SIGKILL once `when` holds. */
async function killDuring(when: (out: string) => boolean, what: string): Promise<{ out: string; events: RunEvent[] }> {
  const out = tempDir();
  const { child, exit } = start([
    'train',
    dataset('digits.csv'),
    '--hidden',
    '256,256',
    '--epochs',
    '50',
    '--out',
    out,
    '--quiet',
  ]);
  await until(() => when(out), what);
  child.kill('SIGKILL');
  const r = await exit;
  assert.equal(r.signal, 'SIGKILL', `killed before it finished (${r.stderr})`);
  const dirs = runDirs(out);
  assert.ok(dirs.length <= 1);
  return { out, events: dirs.length ? parseEvents(eventsText(dirs[0])) : [] };
}

function listed(out: string): RunsJson {
  const r = losslab(['runs', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return lastJson<RunsJson>(r);
}

const epochCount = (text: string) => text.split('"type":"epoch"').length - 1;

test('kill -9 after a few epochs: the run is listed as interrupted with its curve up to the kill', async () => {
  const { out, events } = await killDuring(
    (o) => runDirs(o).some((d) => epochCount(eventsText(d)) >= 3),
    'three epochs',
  );
  const [dir] = runDirs(out);
  assert.ok(!existsSync(join(dir, 'summary.json')), 'no summary');
  assert.doesNotThrow(() => JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')), 'config.json is whole');
  assert.equal(events[0].type, 'start');
  const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
  assert.deepEqual(
    epochs.map((e) => e.epoch),
    epochs.map((_, i) => i + 1),
  );
  const steps = events.filter((e) => e.type === 'step').map((e) => (e.type === 'step' ? e.step : -1));
  assert.deepEqual(
    steps,
    steps.map((_, i) => i),
    'steps recorded in order from 0, none missing before the last flush',
  );

  const run = listed(out).runs[0];
  assert.equal(run.status, 'interrupted');
  assert.equal(run.epochs, epochs.length);
  assert.deepEqual(
    run.history.train_loss,
    epochs.map((e) => e.trainLoss),
  );
  assert.deepEqual(
    run.history.val_loss,
    epochs.map((e) => e.valLoss),
  );
  assert.equal(run.final?.epoch, epochs.length);
  const text = losslab(['runs', '--out', out]);
  assert.match(text.stdout, new RegExp(`interrupted .* ${epochs.length}\\s+accuracy \\d`));

  // A kill in the middle of a write leaves a torn last line; the next load skips it.
  appendFileSync(join(dir, 'events.jsonl'), '{"type":"epoch","epoch":99,"trainL');
  parseEvents(eventsText(dir));
  assert.equal(listed(out).runs[0].epochs, epochs.length);
});

test('kill -9 between the first steps and the first epoch', async () => {
  const { out, events } = await killDuring(
    (o) => runDirs(o).some((d) => eventsText(d).includes('"type":"step"')),
    'the first steps',
  );
  const run = listed(out).runs[0];
  assert.equal(run.status, 'interrupted');
  const epochs = events.filter((e) => e.type === 'epoch').length;
  assert.equal(run.epochs, epochs);
  assert.ok(run.steps > 0, 'the steps written before the kill count');
});

test('kill -9 as soon as the run folder appears: nothing half-written is listed', async () => {
  const { out } = await killDuring((o) => runDirs(o).length > 0, 'the run folder');
  const runs = listed(out).runs;
  // The folder may be killed before its config.json was renamed into place: then it is not a run yet.
  assert.ok(runs.length <= 1);
  for (const r of runs) assert.equal(r.status, 'interrupted');
});

test('three processes training into one folder keep to their own files', async () => {
  const out = tempDir();
  // A second or so of training each, with a step event every two rows: they write at the same time.
  const jobs = [0, 1, 2].map(() =>
    start(['train', dataset('iris.csv'), '--epochs', '500', '--batch-size', '2', '--out', out, '--quiet']),
  );
  const results = await Promise.all(jobs.map((j) => j.exit));
  results.forEach((r, i) => assert.equal(r.code, 0, `process ${i}: ${r.stderr}`));

  const dirs = runDirs(out);
  assert.equal(dirs.length, 3, 'one folder per run, no stray files');
  const pids = new Set(jobs.map((j) => j.child.pid));
  const spans: [number, number][] = [];
  for (const dir of dirs) {
    const files = readdirSync(dir);
    for (const f of ['config.json', 'events.jsonl', 'summary.json']) assert.ok(files.includes(f), `${f} in ${dir}`);
    assert.deepEqual(
      files.filter((f) => f.endsWith('.tmp')),
      [],
      `no temporary files left in ${dir}`,
    );
    const meta = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { pid: number; id: string };
    assert.ok(pids.delete(meta.pid), `run ${meta.id} written by one of the three processes, and by it alone`);
    const events = parseEvents(eventsText(dir));
    assert.equal(events.filter((e) => e.type === 'start').length, 1);
    assert.equal(events.filter((e) => e.type === 'end').length, 1);
    assert.equal(events[events.length - 1].type, 'end');
    const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch').map((e) => e.epoch);
    assert.deepEqual(
      epochs,
      Array.from({ length: 500 }, (_, i) => i + 1),
      'no lines from another run',
    );
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunSummary;
    assert.equal(summary.status, 'completed');
    const begun = (events[0] as StartEvent).time;
    spans.push([begun, begun + summary.timing.trainSeconds * 1000]);
  }
  const overlap = ([a0, a1]: [number, number], [b0, b1]: [number, number]) => a0 < b1 && b0 < a1;
  assert.ok(
    spans.every((a, i) => spans.some((b, j) => i !== j && overlap(a, b))),
    `each training overlapped another in time: ${JSON.stringify(spans)}`,
  );
  const runs = listed(out).runs;
  assert.equal(new Set(runs.map((r) => r.id)).size, 3);
  assert.deepEqual(
    runs.map((r) => r.status),
    ['completed', 'completed', 'completed'],
  );
});
