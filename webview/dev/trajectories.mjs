/* global window, document, MutationObserver */
/**
 * Development harness for the optimizer-trajectories panel (not part of `npm test`): builds
 * dist/trajectories.js, serves the panel's page under its real CSP with a stub acquireVsCodeApi whose
 * `compute` requests are answered by the core (as the extension host would), and screenshots every
 * surface and a model slice (iris) in dark and light themes, mid-animation and at the end. It fails on a
 * page error, a CSP violation, or a posted message that parseTrajectoryMessage would reject.
 *
 *   node webview/dev/trajectories.mjs [outDir]     (default /tmp/trajectory-shots)
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { finish } from './finish.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.resolve(process.argv[2] ?? '/tmp/trajectory-shots');
const require = createRequire(import.meta.url);
const { chromium } = require(process.env.PLAYWRIGHT_CORE ?? path.join(root, 'node_modules/playwright-core'));
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [path.join(root, 'webview/trajectories/main.ts')],
  outfile: path.join(root, 'dist/trajectories.js'),
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  sourcemap: true,
  logLevel: 'warning',
});
await build({
  stdin: {
    contents: `export { dashboardHtml } from './src/views/panelHtml'; export { parseTrajectoryMessage } from './src/protocol/trajectories';
export * from './src/core/trajectories'; export { loadData } from './src/io/data';
export { defaultConfig } from './src/core/config/defaults'; export { resolveRunConfig } from './src/core/config/resolve';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: path.join(out, 'core.cjs'),
  logLevel: 'warning',
});
const core = require(path.join(out, 'core.cjs'));

// The host's side, as src/extension/trajectories/panel.ts does it.
const csv = path.join(root, 'test/data/iris.csv');
const config = core.resolveRunConfig({ name: 'iris', model: { hidden: [4] } }, core.defaultConfig(csv));
const { dataset } = await core.loadData(config);
const slice = core.modelSurface(config, dataset, { maxRows: 256 });
const setup = {
  type: 'setup',
  surfaces: [
    ...core.SURFACES.map((s) => ({ id: s.id, title: s.title, description: s.description, lrs: s.lrs })),
    { id: 'model', title: 'Model: iris', description: slice.surface.description, lrs: slice.surface.lrs },
  ],
  optimizers: core.PATH_OPTIMIZERS.map((o) => ({ id: o.id, label: o.label })),
  defaults: { optimizers: [...core.DEFAULT_PATH_OPTIMIZERS], steps: core.DEFAULT_TRAJECTORY_STEPS },
  model: { name: 'iris', parameters: slice.names, weights: slice.weights },
};
function answer(m) {
  try {
    const surface =
      m.surface === 'model'
        ? core.modelSurface(config, dataset, { weights: m.weights, maxRows: 256 }).surface
        : core.getSurface(m.surface);
    const lrs = Object.fromEntries(m.optimizers.map((o) => [o.id, o.lr]));
    const t0 = performance.now();
    const r = core.computeTrajectories(surface, {
      optimizers: m.optimizers.map((o) => o.id),
      steps: m.steps,
      lrs,
      grid: m.surface === 'model' ? 48 : 90,
    });
    console.log(`${m.surface}: computed in ${(performance.now() - t0).toFixed(0)} ms`);
    return { type: 'result', request: m.request, ...r };
  } catch (e) {
    return { type: 'error', request: m.request, message: e.message };
  }
}

const server = createServer((req, res) => {
  const files = {
    '/trajectories.js': ['dist/trajectories.js', 'text/javascript'],
    '/trajectories.css': ['media/trajectories.css', 'text/css'],
    '/dashboard.css': ['media/dashboard.css', 'text/css'],
  };
  if (req.url === '/') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(server.page);
    return;
  }
  const f = files[req.url];
  res.writeHead(f ? 200 : 404, f ? { 'content-type': f[1] } : {});
  res.end(f ? readFileSync(path.join(root, f[0])) : undefined);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
server.page = core.dashboardHtml({
  cspSource: origin,
  nonce: 'dHJhamVjdG9yaWVzMTIzNDU2',
  scriptUri: `${origin}/trajectories.js`,
  styleUri: `${origin}/trajectories.css`,
  title: 'Optimizer Trajectories',
});

const THEMES = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      '--vscode-editor-background': '#1f1f1f',
      '--vscode-editor-foreground': '#cccccc',
      '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-panel-border': '#2b2b2b',
      '--vscode-button-background': '#0078d4',
      '--vscode-button-hoverBackground': '#026ec1',
      '--vscode-button-secondaryHoverBackground': '#3c3c3c',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-input-background': '#313131',
      '--vscode-input-foreground': '#cccccc',
      '--vscode-dropdown-background': '#313131',
      '--vscode-dropdown-foreground': '#cccccc',
      '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-font-size': '13px',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      '--vscode-editor-background': '#ffffff',
      '--vscode-editor-foreground': '#3b3b3b',
      '--vscode-descriptionForeground': '#717171',
      '--vscode-panel-border': '#e5e5e5',
      '--vscode-button-background': '#005fb8',
      '--vscode-button-hoverBackground': '#0258a8',
      '--vscode-button-secondaryHoverBackground': '#cccccc',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-secondaryBackground': '#e5e5e5',
      '--vscode-button-secondaryForeground': '#3b3b3b',
      '--vscode-input-background': '#ffffff',
      '--vscode-input-foreground': '#3b3b3b',
      '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-font-size': '13px',
    },
  },
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const problems = [];

async function panel(theme) {
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 }, deviceScaleFactor: 1 });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  await page.exposeFunction('__host', (m) => {
    if (core.parseTrajectoryMessage(m) === null)
      problems.push(`the host would reject ${JSON.stringify(m).slice(0, 160)}`);
    return m.type === 'ready' ? setup : answer(m);
  });
  const { vars, bodyClass } = THEMES[theme];
  await page.addInitScript(
    ({ vars, bodyClass }) => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`),
      );
      window.acquireVsCodeApi = () => ({
        postMessage: (m) => window.__host(m).then((reply) => window.postMessage(reply, '*')),
        getState: () => undefined,
        setState: () => undefined,
      });
      new MutationObserver((_, observer) => {
        if (!document.body) return;
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
        document.documentElement.style.backgroundColor = vars['--vscode-editor-background'];
        document.body.classList.add(bodyClass);
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    },
    { vars, bodyClass },
  );
  await page.goto(origin);
  await page.waitForSelector('.lt-legend-item');
  return page;
}

for (const theme of ['dark', 'light']) {
  const page = await panel(theme);
  for (const surface of [...core.SURFACES.map((s) => s.id), 'model']) {
    await page.selectOption('select[aria-label="Surface"]', surface);
    if (surface === 'beale')
      await page.locator('.lt-optimizer', { hasText: 'AdaGrad' }).locator('input[type=checkbox]').check();
    await page.waitForTimeout(900);
    await page.screenshot({ path: path.join(out, `${theme}-${surface}-mid.png`) });
    await page.locator('.lt-transport button', { hasText: /Play|Pause/ }).click();
    await page.fill('.lt-slider', '100000');
    await page.dispatchEvent('.lt-slider', 'input');
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(out, `${theme}-${surface}-end.png`) });
  }
  const violations = await page.evaluate(() => window.__violations);
  for (const v of violations) problems.push(`${theme}: CSP violation ${v}`);
  await page.close();
}

await finish({ server, browser, problems, out });
