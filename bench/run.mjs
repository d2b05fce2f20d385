// `npm run bench`: the reading benchmark, the training ones (one thread, then one run on two), then the sweep one
// (with the extension host's event-loop delay), then the remote sweep's (the queue's overhead), each printing its
// figures beside its peers'.
// `npm run bench -- redis sweep` runs the named ones only.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ALL = ['read', 'inspect', 'train', 'threads', 'tasks', 'sweep', 'redis'];
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !ALL.includes(name));
if (unknown.length) {
  console.error(`npm run bench: no benchmark ${unknown.join(', ')}; pick from ${ALL.join(', ')}`);
  process.exit(2);
}
let failed = false;
for (const name of asked.length ? ALL.filter((n) => asked.includes(n)) : ALL) {
  const r = spawnSync(process.execPath, [join(here, `${name}.mjs`)], { stdio: 'inherit' });
  failed ||= r.status !== 0;
}
process.exitCode = failed ? 1 : 0;
