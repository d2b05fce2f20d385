import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { COMMON_FLAGS, TRAIN_COMMAND_FLAGS } from '../../src/cli/args';
import { LOSSES } from '../../src/core/losses';
import { ACTIVATIONS } from '../../src/core/model/activations';
import { INIT_IDS } from '../../src/core/model/init';
import { OPTIMIZERS } from '../../src/core/optimizers';
import {
  REFERENCE_END,
  REFERENCE_START,
  rangeText,
  referenceIn,
  referenceMarkdown,
  withReference,
} from '../../src/generate/reference';
import { SCHEDULES } from '../../src/core/schedules';

const reference = referenceMarkdown({ training: TRAIN_COMMAND_FLAGS, common: COMMON_FLAGS });

/** The table row of `id`, by its first cell. */
function row(id: string): string | undefined {
  return reference.split('\n').find((line) => line.startsWith(`| \`${id}\` |`));
}

test("README.md's reference tables are the generated ones", () => {
  const path = join(process.cwd(), 'README.md');
  assert.ok(existsSync(path), 'README.md is missing');
  const current = referenceIn(readFileSync(path, 'utf8'));
  assert.ok(
    current !== null,
    `README.md has no ${REFERENCE_START} ... ${REFERENCE_END} markers: add them where the reference goes, then run \`npm run generate\``,
  );
  if (current === reference) return;
  const have = current.split('\n');
  const want = reference.split('\n');
  const at = want.findIndex((line, i) => have[i] !== line);
  assert.fail(
    `README.md's reference tables are out of date with the registries: run \`npm run generate\`.\n` +
      `first difference at line ${at + 1} of the reference:\n  README:    ${have[at] ?? '(end)'}\n  generated: ${want[at] ?? '(end)'}`,
  );
});

test('every registered component and flag has a row', () => {
  const ids = [...LOSSES, ...OPTIMIZERS, ...SCHEDULES, ...ACTIVATIONS].map((c) => c.id);
  for (const id of [...ids, ...INIT_IDS]) assert.ok(row(id), `no row for ${id}`);
  for (const f of [...TRAIN_COMMAND_FLAGS, ...COMMON_FLAGS]) assert.ok(row(f.flag), `no row for ${f.flag}`);
  // A `|` in a help text must not split its cell.
  assert.equal(row('--task')!.split(/(?<!\\)\|/).length, 5);
});

test('parameters show their default and range in interval notation', () => {
  assert.equal(rangeText({ min: 0, max: 1, maxExclusive: true }), '[0, 1)');
  assert.equal(rangeText({ min: 0, minExclusive: true }), '(0, ∞)');
  assert.match(row('adam')!, /`betas` = \[0\.9, 0\.999\], 2 numbers in \[0, 1\)\./);
  assert.match(row('quantile')!, /`q` = 0\.5, in \(0, 1\)\./);
  assert.match(row('reduce_on_plateau')!, /`patience` = 10, integer in \[0, ∞\)\./);
  // The generic warmup is stated once, not in every row.
  assert.doesNotMatch(row('cosine')!, /`warmup`/);
  assert.match(reference, /except `warmup_cosine` \(which has its own\) also takes `warmup` = 0/);
});

test('the reference goes between the markers and is read back from there', () => {
  const readme = `# Title\n\nintro\n\n${REFERENCE_START}\nold\n${REFERENCE_END}\n\nafter\n`;
  const updated = withReference(readme, reference)!;
  assert.equal(referenceIn(updated), reference);
  assert.ok(updated.startsWith(`# Title\n\nintro\n\n${REFERENCE_START}\n`));
  assert.ok(updated.endsWith(`${REFERENCE_END}\n\nafter\n`));
  assert.equal(withReference(updated, reference), updated);
  assert.equal(withReference('# no markers\n', reference), null);
  assert.equal(referenceIn('# no markers\n'), null);
});
