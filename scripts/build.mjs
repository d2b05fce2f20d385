// Bundles the CLI, the extension host, its workers and the webview with esbuild.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

// 'module' first: jsonc-parser's UMD entry loads its parts with a dynamic require that a bundle cannot follow.
const node = {
  bundle: true,
  platform: 'node',
  mainFields: ['module', 'main'],
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};
// The webview's bundles run in VS Code's browser frame.
const browser = {
  bundle: true,
  minify: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  sourcemap: true,
  logLevel: 'warning',
};
const entries = [
  { entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, ...node },
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], ...node },
  { entryPoints: ['src/runs/runWorker.ts'], outfile: 'dist/worker.js', ...node },
  // The LR range test and schedule previews: computations that record no run (see src/runs/toolJobs.ts).
  { entryPoints: ['src/runs/toolWorker.ts'], outfile: 'dist/toolWorker.js', ...node },
  // Parses chunks of large CSVs on the other cores (the CLI and the extension both start it).
  { entryPoints: ['src/io/csv/parseWorker.ts'], outfile: 'dist/csvWorker.js', ...node },
  // The second thread of a run that splits its batches (training.threads 2).
  { entryPoints: ['src/runs/splitWorker.ts'], outfile: 'dist/splitWorker.js', ...node },
  { entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', ...browser },
  // The optimizer-trajectories panel: a bundle of its own, so the dashboard's does not carry it.
  { entryPoints: ['webview/trajectories/main.ts'], outfile: 'dist/trajectories.js', ...browser },
];
// A renamed or deleted source must fail the build: skipping it would ship a package without that bundle.
const missing = entries.map((e) => e.entryPoints[0]).filter((src) => !existsSync(src));
if (missing.length > 0) {
  for (const src of missing)
    console.error(`build: entry point ${src} does not exist; restore it or update the entries in scripts/build.mjs`);
  process.exit(1);
}
await Promise.all(entries.map((e) => build(e)));
