/**
 * `losslab worker`: trains the runs of sweeps queued in Redis (`losslab sweep --redis`, or VS Code with
 * lossLab.redisUrl), until Ctrl-C: the first lets the runs in training finish, a second hands them back to
 * the queue for another worker.
 *
 *   losslab worker --redis redis://:password@queue.example:6379/0 --concurrency 2
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { LossLabError, quote } from '../core/errors';
import { checkRedisUrl } from '../runs/redis/connection';
import { RemoteWorker } from '../runs/redis/remoteWorker';
import type { Command, FlagSpec, ParsedArgs } from './args';
import { workerFile } from './sweep';

const WORKER_FLAGS: readonly FlagSpec[] = [
  {
    flag: '--redis',
    path: null,
    kind: 'string',
    arg: 'URL',
    help: 'the Redis the sweeps are queued in: redis://[:password@]host:port[/db], or rediss:// for TLS',
  },
  {
    flag: '--concurrency',
    path: null,
    kind: 'int',
    arg: 'N',
    help: 'runs trained at once, each on its own thread (default 1)',
  },
  {
    flag: '--name',
    path: null,
    kind: 'string',
    arg: 'NAME',
    help: 'how this worker is named in run records (default host:pid)',
  },
  {
    flag: '--cache',
    path: null,
    kind: 'string',
    arg: 'DIR',
    help: "where the sweeps' data is kept, by hash (default: a losslab-data folder in the temporary folder)",
  },
];

export const WORKER_COMMAND: Command = {
  name: 'worker',
  usage: ['worker --redis URL [--concurrency N]'],
  summary:
    'train the runs of sweeps queued in Redis by losslab sweep --redis (or VS Code), on this machine, until Ctrl-C',
  groups: [{ title: 'worker flags', flags: WORKER_FLAGS }],
  run: workerCommand,
};

function concurrency(parsed: ParsedArgs): number {
  const v = parsed.flags.get('--concurrency')?.at(-1);
  if (v === undefined) return 1;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new LossLabError(`--concurrency must be an integer of at least 1, got ${quote(v)}`, {
      field: '--concurrency',
    });
  return n;
}

async function workerCommand(parsed: ParsedArgs): Promise<number> {
  const url = parsed.flags.get('--redis')?.at(-1);
  if (url === undefined)
    throw new LossLabError('losslab worker needs --redis URL: the Redis the sweeps are queued in', {
      field: '--redis',
    });
  if (parsed.positional.length)
    throw new LossLabError(`losslab worker takes no file, got ${quote(parsed.positional[0])}`);
  const log = (line: string) => process.stderr.write(line + '\n');
  const worker = await RemoteWorker.start({
    url: checkRedisUrl(url),
    concurrency: concurrency(parsed),
    workerFile: workerFile(),
    name: parsed.flags.get('--name')?.at(-1) ?? `${os.hostname()}:${process.pid}`,
    cacheDir: parsed.flags.get('--cache')?.at(-1) ?? path.join(os.tmpdir(), 'losslab-data'),
    log,
  });
  await new Promise<void>((resolve) => {
    let stops = 0;
    const stop = () => {
      stops++;
      if (stops === 1) {
        log('worker: finishing the runs in training (Ctrl-C again hands them back to the queue)');
        void worker.close(false).then(resolve);
      } else if (stops === 2) {
        log('worker: handing the runs in training back to the queue');
        void worker.close(true).then(resolve);
      } else process.exit(130);
    };
    process.on('SIGINT', stop).on('SIGTERM', stop);
  });
  log('worker: stopped');
  return 0;
}
