/**
 * `npm run test:e2e` (last): the HTML report of a sweep as Chromium renders it. The sweep card is drawn with
 * a row per run, and a run named as markup shows as text: no element is made from it and no script of it runs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hostileSweepReport } from '../cli/hostileReport';
import { tempDir } from '../cli/run';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const file = join(tempDir(), 'report.html');
writeFileSync(file, hostileSweepReport().html);
const r = spawnSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', pathToFileURL(file).href], {
  encoding: 'utf8',
  timeout: 60_000,
});
assert.equal(r.status, 0, r.stderr);
// The DOM once the page's scripts have run, without its script elements (whose text is data, not markup).
const dom = r.stdout.replace(/<script\b[\s\S]*?<\/script>/gi, '');
assert.match(dom, /<section class="ll-card ll-card-sweep">/);
assert.match(dom, /<h2 class="ll-card-title">Sweep · iris sweep · 4 runs<\/h2>/);
const table = /<table class="ll-table ll-sweep-table">([\s\S]*?)<\/table>/.exec(dom)?.[1];
assert.ok(table, 'the sweep table');
assert.equal(table.match(/<tr\b/g)?.length, 1 + 4, 'a header and a row per run');
for (const column of ['lr', 'hidden', 'accuracy']) assert.match(table, new RegExp(`>${column}( [▲▼])?</button>`));
assert.match(
  table,
  /<td class="ll-col-name"[^>]*>&lt;img src=x onerror=alert\(1\)&gt;&lt;\/script&gt;&lt;script&gt;alert\(2\)&lt;\/script&gt;<\/td>/,
);
assert.doesNotMatch(dom, /<img\b/i, 'no element made from the name');
console.log('e2e report passed: the sweep card renders, a run named as markup stays text');
