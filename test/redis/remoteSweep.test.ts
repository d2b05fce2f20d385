/**
 * A sweep through a real Redis and two `losslab worker` processes, one of them killed with SIGKILL in the
 * middle of a run: every run completes exactly once, with the numbers and records of the same sweep run
 * locally (`--workers 2`), and the restarted run's record says who ran it and in how many attempts.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, dataset, lastJson, tempDir } from '../cli/run';
import { completedRuns, losslabAsync, redisForSuite, startWorker, startedCount, until } from './processes';
import { type SweepRunJson, assertSameRuns } from './sameRuns';
import { startRedis } from './server';

// 8 runs of about a second each, long enough to kill a worker in the middle of one.
const SWEEP = ['--target', 'species', '--lr', '0.1,0.03,0.01,0.003', '--optimizer', 'adam,sgd'];
const SETTINGS = ['--epochs', '300', '--batch-size', '8', '--json', '--quiet'];

const redis = redisForSuite();
const { workers } = redis;

test('a sweep on two Redis workers, one killed mid-run, completes every run once with the local numbers', async () => {
  const csv = dataset('iris.csv');
  const local = await losslabAsync([
    'sweep',
    csv,
    ...SWEEP,
    ...SETTINGS,
    '--workers',
    '2',
    '--out',
    join(tempDir(), 'runs'),
  ]);
  assert.equal(local.code, 0, local.stderr);

  const a = startWorker(redis.url, 'worker-a');
  const b = startWorker(redis.url, 'worker-b');
  workers.push(a, b);
  await until('both workers', () => a.log.includes('connected') && b.log.includes('connected'));
  const out = join(tempDir(), 'runs');
  const remote = losslabAsync(['sweep', csv, ...SWEEP, ...SETTINGS, '--redis', redis.url, '--out', out]);
  // worker-a is killed a moment into its second run, while it trains.
  await until('worker-a on its second run', () => startedCount(a.log) >= 2);
  await new Promise((r) => setTimeout(r, 300));
  const lost = /run (\S+) .*: started\n(?![\s\S]*run \1 .*: (completed|cancelled))/.exec(a.log)?.[1];
  assert.ok(lost, `worker-a was training a run when killed:\n${a.log}`);
  a.child.kill('SIGKILL');
  const r = await remote;
  assert.equal(r.code, 0, r.stderr);

  const localRuns = lastJson<{ runs: SweepRunJson[] }>(local).runs;
  const remoteRuns = lastJson<{ runs: SweepRunJson[] }>(r).runs;
  assert.equal(remoteRuns.length, 8);
  assertSameRuns(localRuns, remoteRuns);
  // Exactly once: one folder per run, each completed by one worker, and only the lost run started twice.
  assert.equal(readdirSync(out).length, 8);
  const completed = [...completedRuns(a.log), ...completedRuns(b.log)].sort();
  assert.equal(completed.length, 8, `completions:\n${a.log}\n${b.log}`);
  assert.equal(new Set(completed).size, 8);
  assert.ok(!completedRuns(a.log).includes(lost));
  const records = remoteRuns.map((x) => JSON.parse(readFileSync(join(x.run_dir, 'remote.json'), 'utf8')));
  const restarted = records.filter((x) => x.attempts > 1);
  assert.deepEqual(restarted, [{ worker: 'worker-b', attempts: 2, workers: ['worker-a', 'worker-b'] }]);
  assert.ok(records.every((x) => x.attempts === 1 || x === restarted[0]));

  // The runs list shows them as any other.
  const listed = await losslabAsync(['runs', '--out', out, '--json']);
  assert.equal(listed.code, 0, listed.stderr);
  b.child.kill('SIGINT');
  await until('worker-b to stop on Ctrl-C', () => b.child.exitCode !== null, 20_000);
  assert.equal(b.child.exitCode, 0, b.log);
  assert.match(b.log, /worker: stopped/);
});

test('an unreachable Redis is one line naming the URL with its password masked, without a hang', async () => {
  const url = `redis://:s3cret@127.0.0.1:${redis.port + 1 === 65536 ? 1 : redis.port + 1}`;
  for (const args of [
    ['sweep', dataset('iris.csv'), '--target', 'species', '--lr', '0.1,0.01', '--redis', url],
    ['worker', '--redis', url],
  ]) {
    const t0 = Date.now();
    const r = await losslabAsync(args);
    assert.equal(r.code, 2, r.stderr);
    assert.ok(Date.now() - t0 < 15_000);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^losslab: cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+/);
    assert.ok(!r.stderr.includes('s3cret') && !r.stdout.includes('s3cret'));
  }
});

test('a bad --redis URL and a Redis that may evict keys are refused with what to do', async () => {
  const bad = await losslabAsync(['worker', '--redis', 'http://:pw@host:1']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--redis must start with redis:\/\/ or rediss:\/\//);
  assert.ok(!bad.stderr.includes('pw@'));
  const evicting = await startRedis(['--maxmemory-policy', 'allkeys-lru']);
  try {
    const r = await losslabAsync(['worker', '--redis', evicting.url]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /maxmemory-policy allkeys-lru.*set it to noeviction/);
  } finally {
    await evicting.stop();
  }
  assert.ok(existsSync(CLI));
});
