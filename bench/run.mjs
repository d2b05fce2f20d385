// `npm run bench`: the reading benchmark, the training ones (its matrix products alone, one run on two threads), then the sweep one
// (with the extension host's event-loop delay), then the remote sweep's (the queue's overhead), each printing
// its figures beside its peers'.
// `npm run bench -- redis sweep` runs the named ones only; `memory` (2 GB of CSV) runs only when named or with
// LOSSLAB_BENCH_MEMORY=1.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ALL = ['read', 'inspect', 'train', 'kernels', 'threads', 'tasks', 'sweep', 'redis', 'memory'];
// The memory benchmark writes and reads a 2 GB file: only when named, or with LOSSLAB_BENCH_MEMORY=1.
const DEFAULT = process.env.LOSSLAB_BENCH_MEMORY === '1' ? ALL : ALL.filter((name) => name !== 'memory');
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !ALL.includes(name));
if (unknown.length) {
  console.error(`npm run bench: no benchmark ${unknown.join(', ')}; pick from ${ALL.join(', ')}`);
  process.exit(2);
}
let failed = false;
for (const name of asked.length ? ALL.filter((n) => asked.includes(n)) : DEFAULT) {
  const r = spawnSync(process.execPath, [join(here, `${name}.mjs`)], { stdio: 'inherit' });
  failed ||= r.status !== 0;
}
process.exitCode = failed ? 1 : 0;
