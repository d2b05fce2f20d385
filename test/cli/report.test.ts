/**
 * The HTML report of a sweep's runs, as data: the page embeds the sweep (its card is drawn from it) and a run
 * named as markup only as JSON text that cannot close its script element. test/e2e/report.ts renders the same
 * page in Chromium.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostileSweepReport } from './hostileReport';

test('a report of a sweep embeds the sweep, and a run named as markup stays inside its JSON', () => {
  const { messages, html } = hostileSweepReport();
  const embedded = /<script type="application\/json" id="losslab-report">([\s\S]*?)<\/script>/.exec(html)?.[1];
  assert.ok(embedded, 'the embedded messages');
  // The JSON reads back to exactly what was embedded: the sweep (2 swept settings, 4 runs) and the hostile name.
  assert.deepEqual(JSON.parse(embedded), JSON.parse(JSON.stringify(messages)));
  const sweep = messages.find((m) => m.type === 'sweep');
  assert.ok(sweep && sweep.type === 'sweep' && sweep.sweep, 'a sweep message');
  assert.equal(sweep.sweep.runs.length, 4);
  // Nothing in the embedded text can end the script element or open a comment.
  assert.doesNotMatch(embedded, /<\/script|<!--/i);
  // The title names the runs as text: not one `<` of the name reaches the markup.
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1];
  assert.ok(title?.startsWith('Loss Lab report: &#60;img src=x onerror=alert(1)&#62;&#60;/script&#62;'), title);
});
