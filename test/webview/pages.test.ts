import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostToWebview } from '../../src/protocol/webview';
import { dashboardCsp, dashboardHtml } from '../../src/views/panelHtml';
import { embedJson, renderReportHtml } from '../../src/views/reportHtml';
import { runView } from './fixtures';

const options = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'N0nceN0nceN0nceN0nce12',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/dashboard.css',
  title: 'Loss <Lab> & "runs"',
};
const page = () => dashboardHtml(options);

test('dashboardHtml: the one script carries the nonce, under a CSP without unsafe-inline or unsafe-eval', () => {
  const html = page();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  assert.deepEqual(scripts, [
    '<script nonce="N0nceN0nceN0nceN0nce12" src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js">',
  ]);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  assert.ok(csp, 'a CSP meta tag');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-N0nceN0nceN0nceN0nce12'/);
  assert.match(csp, /style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(csp.replace(/&#39;/g, "'"), csp, 'quotes in the CSP are plain');
  assert.doesNotMatch(html, /\sstyle=|\son[a-z]+=/i, 'no inline styles or handlers');
  assert.match(
    html,
    /<link rel="stylesheet" href="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/media\/dashboard\.css">/,
  );
  assert.match(html, /<title>Loss &#60;Lab&#62; &#38; &#34;runs&#34;<\/title>/);
});

test('dashboardHtml marks the side bar view compact, so it never starts as the full dashboard', () => {
  // The full dashboard's controls (Loss between solutions…) must not flash in the side bar before the host's
  // first message: the document says which view to build.
  assert.match(dashboardHtml({ ...options, compact: true }), /<main id="losslab-app" data-compact><\/main>/);
  assert.match(page(), /<main id="losslab-app"><\/main>/);
  assert.match(dashboardHtml({ ...options, compact: false }), /<main id="losslab-app"><\/main>/);
});

test('dashboardCsp: exactly the directives the dashboard needs', () => {
  assert.equal(
    dashboardCsp('vscode-src', 'abc'),
    "default-src 'none'; img-src vscode-src data:; style-src vscode-src; script-src 'nonce-abc'",
  );
});

test('dashboardHtml rejects a nonce or CSP source that could change the policy', () => {
  const base = { cspSource: 'https://x', nonce: 'abcdefghijklmnopqrst', scriptUri: 's', styleUri: 'c', title: 't' };
  assert.throws(() => dashboardHtml({ ...base, nonce: "abc' 'unsafe-inline" }), /nonce/);
  assert.throws(() => dashboardHtml({ ...base, nonce: 'short' }), /nonce/);
  assert.throws(() => dashboardHtml({ ...base, cspSource: "https://x; script-src 'unsafe-eval'" }), /cspSource/);
  assert.throws(() => dashboardHtml({ ...base, cspSource: 'https://x\nscript-src *' }), /cspSource/);
  // A real source list (code-server's) is accepted as it is.
  const html = dashboardHtml({ ...base, cspSource: "'self' https://*.vscode-cdn.net" });
  assert.match(html, /style-src 'self' https:\/\/\*\.vscode-cdn\.net;/);
});

const hostile = 'x</script><script>alert(1)</script><!--';
const messages: HostToWebview[] = [
  { type: 'options', smoothing: 0.6, compact: false },
  { type: 'runs', runs: [runView('r1', { name: hostile, message: '</SCRIPT >' })], activeId: 'r1' },
];

test('renderReportHtml: embedded messages cannot close their script element, and read back intact', () => {
  const html = renderReportHtml(
    messages,
    'console.log("</script>");\n//# sourceMappingURL=webview.js.map\n',
    'a::after { content: "</style>"; }',
  );
  // Exactly two script elements close: the JSON and the bundle.
  assert.equal(html.match(/<\/script/gi)?.length, 2);
  assert.equal(html.match(/<\/style/gi)?.length, 2, 'the theme block and the stylesheet');
  assert.doesNotMatch(html.split('<main')[1], /<!--/, 'no comment opener in the body');
  const json = /<script type="application\/json" id="losslab-report">([\s\S]*?)<\/script>/.exec(html)?.[1];
  assert.ok(json);
  assert.match(json, /<\\\/script>/, '</script written as <\\/script');
  assert.deepEqual(JSON.parse(json), messages);
  assert.match(html, /console\.log\("<\\\/script>"\);/);
  assert.doesNotMatch(html, /sourceMappingURL/);
  assert.match(html, /<title>Loss Lab report: x&#60;\/script&#62;/);
});

test('embedJson escapes every case of </script and <!--', () => {
  assert.equal(embedJson(['</ScRiPt', '<!--']), '["<\\/ScRiPt","<\\u0021--"]');
  assert.deepEqual(JSON.parse(embedJson(['</ScRiPt', '<!--'])), ['</ScRiPt', '<!--']);
});
