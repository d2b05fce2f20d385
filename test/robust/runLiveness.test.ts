/**
 * A run without a summary reads "running" while its writer lives and "interrupted" once it is gone. The
 * writer is known by its pid and, on Linux, by when that process started: a pid the system has since
 * handed to another process must not keep a killed run "running". Records from before the start was
 * recorded (pid only) still read as they did.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { RunWriter, processStart, readRun } from '../../src/io/runStore';
import { type RunMeta } from '../../src/core/store/records';
import { tempDir } from '../cli/run';

const linux = { skip: process.platform !== 'linux' && '/proc/<pid>/stat is Linux only' };

/** A run this process has started and not finished, and a way to rewrite what its config.json says. */
function unfinishedRun(): { dir: string; meta: RunMeta; rewrite(meta: RunMeta): void } {
  const writer = RunWriter.create(tempDir(), defaultConfig('data.csv'), 'hash');
  const file = join(writer.dir, 'config.json');
  const meta = JSON.parse(readFileSync(file, 'utf8')) as RunMeta;
  return { dir: writer.dir, meta, rewrite: (m) => writeFileSync(file, JSON.stringify(m)) };
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  assert.equal(r.status, 0);
  return r.pid;
}

test('a run whose writer is alive reads running', () => {
  const run = unfinishedRun();
  assert.equal(run.meta.pid, process.pid);
  assert.equal(readRun(run.dir)?.status, 'running');
});

test('the record holds when its writer started; a process started later has a later start', linux, async () => {
  const run = unfinishedRun();
  assert.equal(typeof run.meta.pidStart, 'string');
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    const [ownBoot, ownTicks] = (run.meta.pidStart as string).split('/');
    const [childBoot, childTicks] = (processStart(child.pid as number) as string).split('/');
    assert.equal(childBoot, ownBoot, 'one boot');
    assert.equal(ownBoot, readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
    assert.ok(
      Number(childTicks) >= Number(ownTicks),
      `child started at tick ${childTicks}, this process at ${ownTicks}`,
    );
  } finally {
    child.kill();
  }
});

test('a pid alive but held by another process than the writer reads interrupted', linux, () => {
  const run = unfinishedRun();
  const [boot, ticks] = (run.meta.pidStart as string).split('/');
  // This process's pid, as if the writer had died and the pid been reused: the recorded start differs.
  run.rewrite({ ...run.meta, pidStart: `${boot}/${Number(ticks) - 1}` });
  assert.equal(readRun(run.dir)?.status, 'interrupted', 'same boot, another start');
  run.rewrite({ ...run.meta, pidStart: `00000000-0000-0000-0000-000000000000/${ticks}` });
  assert.equal(readRun(run.dir)?.status, 'interrupted', 'same start tick in another boot');
  run.rewrite(run.meta);
  assert.equal(readRun(run.dir)?.status, 'running', 'the record as written');
});

test('a record without the start (older versions) is judged by its pid alone', () => {
  const run = unfinishedRun();
  const old: RunMeta = { ...run.meta };
  delete old.pidStart;
  run.rewrite(old);
  assert.equal(readRun(run.dir)?.status, 'running');
  run.rewrite({ ...old, pid: deadPid() });
  assert.equal(readRun(run.dir)?.status, 'interrupted');
});

test('a writer that exited reads interrupted whatever its recorded start', () => {
  const run = unfinishedRun();
  run.rewrite({ ...run.meta, pid: deadPid() });
  assert.equal(readRun(run.dir)?.status, 'interrupted');
});
