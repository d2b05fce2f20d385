// Read speed of a plain numeric CSV (200k × 21 by default) by `loadCsv` of two source trees, e.g. this
// checkout and an older commit extracted with `git archive` (to check a change does not slow reading):
//   node bench/read-compare.mjs OTHER_ROOT [ROWS]
// Each tree's read-ours.ts is bundled with its chunk worker; they run alternately in their own processes,
// on all threads (2) and on one (0), and the best of 5 counts, as other work only ever slows a run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CACHE, numericCsv } from './data.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const other = resolve(process.argv[2] ?? '');
const rows = Number(process.argv[3] ?? 200_000);
const REPS = 5;

async function bundle(root, name) {
  const dir = join(CACHE, `compare-${name}`);
  mkdirSync(dir, { recursive: true });
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' };
  await build({ ...common, entryPoints: [join(root, 'bench', 'read-ours.ts')], outfile: join(dir, 'read-ours.js') });
  await build({
    ...common,
    // The chunk worker's source moved from src/core/csv to src/io/csv; an older tree has it at the former.
    entryPoints: [
      ['io', 'core'].map((layer) => join(root, 'src', layer, 'csv', 'parseWorker.ts')).find((f) => existsSync(f)),
    ],
    outfile: join(dir, 'csvWorker.js'),
  });
  return join(dir, 'read-ours.js');
}

const csv = await numericCsv(rows);
const trees = { base: await bundle(other, 'base'), this: await bundle(ROOT, 'this') };
const best = { base: { 2: Infinity, 0: Infinity }, this: { 2: Infinity, 0: Infinity } };
for (let k = 0; k < REPS; k++) {
  for (const threads of [2, 0]) {
    for (const name of ['base', 'this']) {
      const out = execFileSync(process.execPath, [trees[name], 'read', csv, String(threads), '1'], {
        encoding: 'utf8',
      });
      best[name][threads] = Math.min(best[name][threads], JSON.parse(out.trim().split('\n').at(-1)).read_s);
    }
  }
}
for (const threads of [2, 0])
  console.log(
    `threads ${threads}: base ${best.base[threads].toFixed(4)} s, this ${best.this[threads].toFixed(4)} s, this/base ${(best.this[threads] / best.base[threads]).toFixed(3)}`,
  );
