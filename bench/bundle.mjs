// The benchmarks' TypeScript entries (and the sources they import) bundled by esbuild into one CommonJS file
// each, as the extension's own build does, so that a benchmark runs what a user runs.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';

/** Bundles `entry` into `outfile` (its folder made if needed); returns `outfile`. */
export async function bundle(entry, outfile) {
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    entryPoints: [entry],
    outfile,
  });
  return outfile;
}
