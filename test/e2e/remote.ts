/**
 * `npm run test:e2e`: a sweep trained through a real Redis (a redis-server on a loopback port) by a real
 * `losslab worker`, from an experiment file in a real VS Code with `lossLab.redisUrl` in the user settings. The
 * dashboard and the Runs view show the remote runs live, with the worker that trains them; the window is then
 * reloaded mid-sweep, offers to follow the sweep again, and once followed every run ends recorded as a local
 * one (summary, curve, final weights, the worker). Screenshots go to test/e2e/artifacts/remote/.
 *
 * "Mid-sweep" is made certain, not timed: once the worker (one run at a time) has taken the first run, the
 * test pauses BullMQ's queue, so the other runs wait until the sweep is followed again; a sweep on an idle
 * machine would otherwise end before the window reloads.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Queue } from 'bullmq';
import { redisConnection } from '../../src/runs/redis/connection';
import { QUEUE_NAME, QUEUE_PREFIX } from '../../src/runs/redis/keys';
import { startWorker } from '../redis/processes';
import { type RedisServer, startRedis } from '../redis/server';
import { chartInk, clickLens, dashboardFrame, openFile, root, runSuite, settle, summaries, until } from './harness';

const EXPERIMENT = 'remote.losslab.json';
const RUNS = 4;
/** Long enough (a few seconds on an idle machine) that the first run is still training when the queue is paused. */
const EPOCHS = 3000;

function suite(redis: RedisServer, queue: Queue): Promise<void> {
  return runSuite(
    {
      name: 'remote',
      workspaceTrust: false,
      prepare(ws, tmp) {
        // lossLab.redisUrl is a machine setting: the user's settings hold it.
        const settingsFile = path.join(tmp, 'user', 'User', 'settings.json');
        const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
        fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, 'lossLab.redisUrl': redis.url }));
        fs.copyFileSync(path.join(root, 'test', 'data', 'iris.csv'), path.join(ws, 'iris.csv'));
        fs.writeFileSync(
          path.join(ws, EXPERIMENT),
          JSON.stringify(
            {
              data: { path: 'iris.csv', target: 'species' },
              model: { hidden: [16] },
              training: { epochs: EPOCHS, seed: 1, batchSize: 4 },
              optimizer: { name: 'adam', lr: 0.01 },
              runs: [{ name: 'base' }],
              sweep: { grid: { 'optimizer.lr': [0.03, 0.01, 0.003, 0.001] } },
            },
            null,
            2,
          ),
        );
      },
      ready: (page) =>
        page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'iris.csv' }).waitFor({ timeout: 60_000 }),
    },
    async ({ page, ws, check, shot }) => {
      const runsDir = path.join(ws, '.losslab', 'runs');
      // A CSV activates the extension at once (under load, the search for experiment files at start-up can give up).
      await openFile(page, 'iris.csv');
      await openFile(page, EXPERIMENT);
      await page.locator('.codelens-decoration a', { hasText: 'Sweep' }).first().waitFor({ timeout: 180_000 });
      await clickLens(page, 'Sweep (4 runs)');
      await until('the worker to take the first run', async () => (await queue.getActiveCount()) > 0, 120_000);
      await queue.pause();
      // Live: the dashboard draws the remote run's curve as it trains.
      const frame = await until('the dashboard', () => dashboardFrame(page));
      const ink = await settle(
        async () => (await chartInk(frame)).find((c) => c.label === 'Loss chart')?.ink ?? 0,
        (n) => n > 100,
        60_000,
      );
      check(ink > 100, `the remote run's loss curve is drawn live (${ink} coloured pixels)`);
      await shot('remote-sweep-live');

      // The window goes away mid-sweep; the worker goes on.
      const before = summaries(runsDir).length;
      check(before < RUNS, `the window reloads mid-sweep (${before} of ${RUNS} runs recorded)`);
      await page.reload();
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      const follow = page.locator('.notifications-toasts .monaco-button', { hasText: 'Follow Again' });
      // A reloaded window can take a while to receive the user's settings, which name the Redis.
      await follow.first().waitFor({ timeout: 180_000 });
      await shot('offer-to-follow-again');
      const reloaded = Date.now();
      await follow.first().click();
      await queue.resume();

      // The records are written again from each run's stream: wait for every summary written after the reload.
      const rewritten = (d: string) => fs.statSync(path.join(runsDir, d, 'summary.json')).mtimeMs > reloaded;
      await until(
        'every run to be recorded again',
        () => summaries(runsDir).length >= RUNS && summaries(runsDir).every(rewritten),
        600_000,
      );
      const dirs = summaries(runsDir);
      const read = (d: string, f: string) => JSON.parse(fs.readFileSync(path.join(runsDir, d, f), 'utf8'));
      const records = dirs.map((d) => ({
        summary: read(d, 'summary.json') as { status: string; epochs: number },
        remote: read(d, 'remote.json') as { worker: string },
        epochs: fs
          .readFileSync(path.join(runsDir, d, 'events.jsonl'), 'utf8')
          .split('\n')
          .filter((l) => l.includes('"type":"epoch"')).length,
        final: fs.existsSync(path.join(runsDir, d, 'final.json')),
        rewritten: fs.statSync(path.join(runsDir, d, 'events.jsonl')).mtimeMs > reloaded,
      }));
      check(
        records.every((r) => r.rewritten),
        `the records were written again by the window that followed the sweep`,
      );
      check(
        dirs.length === RUNS && records.every((r) => r.summary.status === 'completed' && r.summary.epochs === EPOCHS),
        `${dirs.length} run folders, each completed after ${EPOCHS} epochs: ${records.map((r) => `${r.summary.status} ${r.summary.epochs}`).join(', ')}`,
      );
      check(
        records.every((r) => r.epochs === EPOCHS && r.final && r.remote.worker === 'e2e-worker'),
        `each record has its whole curve, its final weights and its worker: ${records.map((r) => `${r.epochs} epochs, final ${r.final}, ${r.remote.worker}`).join('; ')}`,
      );
      const followed = await until('the dashboard again', () => dashboardFrame(page));
      // The dashboard replays each run's whole stream: it ends showing what the records say.
      const finished = await settle(
        () => followed.locator('.ll-sweep-table .ll-status-completed').count(),
        (n) => n === RUNS,
        300_000,
      );
      check(finished === RUNS, `the sweep's table shows ${finished} of ${RUNS} runs completed`);
      const after = await settle(
        async () => (await chartInk(followed)).find((c) => c.label === 'Loss chart')?.ink ?? 0,
        (n) => n > 400,
      );
      check(after > 400, `the followed sweep's four curves are drawn (${after} coloured pixels)`);
      await shot('followed-again');
    },
  );
}

void (async () => {
  const redis = await startRedis();
  const worker = startWorker(redis.url, 'e2e-worker');
  const connection = redisConnection(redis.url);
  const queue = new Queue(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
  try {
    await suite(redis, queue);
  } catch (e) {
    console.error(e);
    process.exitCode = 1;
  } finally {
    worker.child.kill('SIGKILL');
    await queue.close();
    connection.disconnect();
    await redis.stop();
  }
})();
