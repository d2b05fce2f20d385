/** A report of a real sweep whose first run is named as markup: for the report's data test and its rendering in Chromium. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { reportHtml, reportMessages } from '../../src/runs/report';
import { listRuns } from '../../src/io/runStore';
import type { HostToWebview } from '../../src/protocol/webview';
import { dataset, losslab, tempDir } from './run';

export const HOSTILE = '<img src=x onerror=alert(1)></script><script>alert(2)</script>';

/** A real 2 × 2 sweep on iris, its first run renamed `HOSTILE`: the messages and the report's HTML. */
export function hostileSweepReport(): { messages: HostToWebview[]; html: string } {
  const out = join(tempDir(), 'runs');
  const r = losslab([
    'sweep',
    dataset('iris.csv'),
    '--lr',
    '0.1,0.01',
    '--hidden',
    '[8],[4,4]',
    '--epochs',
    '2',
    '--out',
    out,
    '--quiet',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const messages = reportMessages(listRuns(out)).map((m) =>
    m.type === 'runs' ? { ...m, runs: m.runs.map((v, i) => (i === 0 ? { ...v, name: HOSTILE } : v)) } : m,
  );
  return { messages, html: reportHtml(messages) };
}
