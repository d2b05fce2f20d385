// Writes what is generated from the core's registries: the experiment-file JSON schema
// (media/losslab.schema.json) and the README's reference tables (between its reference markers).
// Tests fail when either is stale, so run this after changing a loss, optimizer, schedule or flag.
import { build } from 'esbuild';
import { Buffer } from 'node:buffer';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { URL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// Bundle the few exports needed into one ES module in memory and import it, so no compile step is needed.
const entry = `
export { buildExperimentSchema } from './src/generate/schema';
export { referenceMarkdown, withReference } from './src/generate/reference';
export { COMMON_FLAGS, TRAIN_COMMAND_FLAGS } from './src/cli/args';
`;
const bundle = await build({
  stdin: { contents: entry, resolveDir: root, loader: 'ts' },
  bundle: true,
  write: false,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
const core = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);

/** Writes `text` to `rel` unless it is already there; says which files changed. */
function update(rel, text) {
  const file = join(root, rel);
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return console.log(`${rel}: up to date`);
  writeFileSync(file, text);
  console.log(`${rel}: written`);
}

update('media/losslab.schema.json', JSON.stringify(core.buildExperimentSchema(), null, 2) + '\n');

const readmePath = join(root, 'README.md');
const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : null;
const reference = core.referenceMarkdown({ training: core.TRAIN_COMMAND_FLAGS, common: core.COMMON_FLAGS });
const updated = readme === null ? null : core.withReference(readme, reference);
if (updated === null)
  console.log(
    'README.md: no <!-- reference:start --> ... <!-- reference:end --> markers; reference tables not written',
  );
else update('README.md', updated);
