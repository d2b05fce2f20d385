import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWebviewMessage } from '../../src/protocol/webview';

test('valid webview messages pass through unchanged', () => {
  for (const m of [
    { type: 'ready' },
    { type: 'stop', runId: 'live-3' },
    { type: 'pause', runId: '20261123-133546-iris-83e7f9' },
    { type: 'resume', runId: 'live-1' },
    { type: 'openRun', runId: 'live-1' },
    { type: 'exportData', format: 'csv' },
    { type: 'exportData', format: 'json' },
    { type: 'exportData', format: 'html' },
    { type: 'exportPng', name: 'Loss chart', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
  ])
    assert.deepEqual(parseWebviewMessage(m), m);
});

test('anything else is rejected: unknown types, extra keys, bad ids, paths, non-PNG data', () => {
  for (const m of [
    null,
    'ready',
    [],
    { type: 'eval', code: '1' },
    { type: 'ready', extra: 1 },
    { type: 'stop' },
    { type: 'stop', runId: '../../etc/passwd' },
    { type: 'stop', runId: 'a b' },
    { type: 'stop', runId: 7 },
    { type: 'exportData', format: 'xlsx' },
    { type: 'exportData', format: 'HTML' },
    { type: 'exportData', format: 'csv', path: '/tmp/x.csv' },
    { type: 'exportPng', name: '../../x', dataUrl: 'data:image/png;base64,AAAA' },
    { type: 'exportPng', name: 'chart', dataUrl: 'data:text/html;base64,PHNjcmlwdD4=' },
    { type: 'exportPng', name: 'chart', dataUrl: 'data:image/png;base64,<script>' },
    { type: 'exportPng', name: 'chart', dataUrl: `data:image/png;base64,${'A'.repeat(20_000_004)}` },
  ])
    assert.equal(parseWebviewMessage(m), null, JSON.stringify(m)?.slice(0, 80));
});
