/** The inspection's wording: the kinds as quick picks show them, and the CLI and VS Code saying the same. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseCsvText } from '../../src/core/csv/parse';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { dataBlockExample, inspectMarkdown, inspectTable, kindText } from '../../src/views/inspectView';
import { losslab, workspace } from '../cli/run';

// 24 orders: an order id (distinct, named like one), a date, a yes/no, an amount, the target.
const CSV = `order_id,placed,gift,amount,returned\n${Array.from({ length: 24 }, (_, i) => `${500 + i},2024-03-${String(i + 1).padStart(2, '0')},${i % 3 ? 'yes' : 'no'},${(i * 3.5).toFixed(2)},${i % 2}`).join('\n')}\n`;

test('kinds as a pick shows them: what each becomes, and whether it is left out', () => {
  const ins = inspectTable(parseCsvText(CSV, 'orders.csv'), {});
  assert.deepEqual(
    ins.columns.map((c) => [c.name, kindText(c.kind, c.role)]),
    [
      ['order_id', 'identifier · ignored'],
      ['placed', 'date → days, weekday, month'],
      ['gift', 'boolean → 0/1'],
      ['amount', 'numeric'],
      ['returned', 'boolean → 0/1 · target'],
    ],
  );
  assert.match(ins.columns[0].reason ?? '', /^an identifier/);
});

test("the data block example is a config's data block, stating what was read", () => {
  const ins = inspectTable(parseCsvText(CSV.replace(/,/g, ';').replace(/(\d)\.(\d\d)/g, '$1,$2'), 'orders.csv'), {});
  const { data } = JSON.parse(dataBlockExample(ins)) as { data: Record<string, unknown> };
  assert.equal(data.decimal, ',');
  assert.deepEqual(data.kinds, { order_id: 'identifier' });
  // The config resolver takes it as it is (a misspelt key or value would be refused).
  const config = resolveRunConfig({ data }, defaultConfig('orders.csv'));
  assert.equal(config.data.decimal, ',');
  assert.deepEqual(config.data.kinds, { order_id: 'identifier' });
});

test('losslab inspect and the Markdown page give each column the same reason', () => {
  const dir = workspace({ 'orders.csv': CSV });
  const file = join(dir, 'orders.csv');
  const markdown = inspectMarkdown(inspectTable(parseCsvText(CSV, file), {}));
  const r = losslab(['inspect', file]);
  assert.equal(r.code, 0, r.stderr);
  const why = [...markdown.matchAll(/^- \*\*(.+?)\*\*: (.+)$/gm)].map((m) => `${m[1]}: ${m[2]}`);
  assert.equal(why.length, 5);
  for (const line of why) assert.ok(r.stdout.split('\n').includes(line), `the CLI lacks "${line}"`);
  for (const key of ['"kinds"', '"ignore"', '"decimal"', '"encoding"', '"na"']) {
    assert.ok(r.stdout.includes(key), `the CLI does not name ${key}`);
    assert.ok(markdown.includes(key.replace(/"/g, '`')), `the page does not name ${key}`);
  }
});

test('a date column shows its first and last day as written in ISO 8601, not as day numbers', () => {
  // The generator wrote 2024-03-01 … 2024-03-24 above; one with a time of day shows the minute.
  const ins = inspectTable(parseCsvText(CSV, 'orders.csv'), {});
  const placed = inspectMarkdown(ins)
    .split('\n')
    .find((l) => l.startsWith('| placed |'));
  assert.match(placed ?? '', /\| 2024-03-01 … 2024-03-24 \|$/);
  const timed = inspectTable(
    parseCsvText('at,y\n2024-03-01 08:30,1\n2024-03-02 17:05,2\n2024-03-03 00:00,3\n', 't.csv'),
    {},
  );
  assert.match(inspectMarkdown(timed), /\| 2024-03-01 08:30 … 2024-03-03 \|/);
});
