// `npm run bench`: the reading benchmark, the training one, then the sweep one (with the extension host's
// event-loop delay), then the remote sweep's (the queue's overhead), each printing its figures beside its peers'.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
let failed = false;
for (const script of ['read.mjs', 'train.mjs', 'sweep.mjs', 'redis.mjs']) {
  const r = spawnSync(process.execPath, [join(here, script)], { stdio: 'inherit' });
  failed ||= r.status !== 0;
}
process.exitCode = failed ? 1 : 0;
