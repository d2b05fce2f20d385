/* global document, window, MutationObserver, PerformanceObserver, requestAnimationFrame */
/**
 * Development harness for the dashboard (not part of `npm test`): builds dist/webview.js, renders three
 * synthetic runs (one running at 5k steps, one completed, one diverged) and screenshots them in headless
 * Chromium:
 *   - as a static report (renderReportHtml) in light, dark and high-contrast themes, and after a live
 *     theme switch;
 *   - as the VS Code webview (dashboardHtml, served over HTTP under its real CSP, with a stub
 *     acquireVsCodeApi), checking for CSP violations and that every message it posts passes
 *     parseWebviewMessage;
 *   - in compact mode at side-bar width.
 *
 *   node webview/dev/harness.mjs [outDir]     (default /tmp/webview-shots)
 *
 * Needs Chromium (CHROMIUM, default /usr/bin/chromium) and playwright-core (PLAYWRIGHT_CORE, a path to
 * the package).
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { classificationResults, controlsFor, digitsResults, gauss, regressionRun, rng } from './resultsData.mjs';
import { finish } from './finish.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.resolve(process.argv[2] ?? '/tmp/webview-shots');
const require = createRequire(import.meta.url);
const { chromium } = require(process.env.PLAYWRIGHT_CORE ?? '/root/.cache/losslab-e2e/node_modules/playwright-core');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
mkdirSync(out, { recursive: true });

// The webview entry alone, as scripts/build.mjs bundles it (the other entries are not needed here).
await build({
  entryPoints: [path.join(root, 'webview/main.ts')],
  outfile: path.join(root, 'dist/webview.js'),
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  sourcemap: true,
  logLevel: 'warning',
});
// The pure page builders and the protocol check, bundled for Node.
await build({
  stdin: {
    contents: `export { renderReportHtml } from './src/views/reportHtml'; export { dashboardHtml } from './src/views/panelHtml'; export { parseWebviewMessage } from './src/protocol/webview'; export { classReport } from './src/core/trainer/classReport'; export { histogram, histogramBins } from './src/core/trainer/predictions';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: path.join(out, 'pages.cjs'),
  logLevel: 'warning',
});
const { renderReportHtml, dashboardHtml, parseWebviewMessage, classReport, histogram, histogramBins } = require(
  path.join(out, 'pages.cjs'),
);

// ── synthetic runs ──────────────────────────────────────────────────────────

const EPOCHS = 40;
const SPE = 200;

function makeRun({ id, name, seed, steps, lr, loss, val, acc, grad, secondsPerStep, status, message, config }) {
  const r = rng(seed);
  const points = [];
  for (let s = 0; s < steps; s++) {
    const g = grad(s) * Math.exp(0.35 * gauss(r)) * (r() < 0.004 ? 4 : 1);
    const rate = lr(s);
    points.push({
      step: s,
      epoch: Math.floor(s / SPE) + 1,
      t: s * secondsPerStep + Math.floor(s / SPE) * 0.15,
      loss: loss(s) * Math.exp(0.28 * gauss(r)),
      lr: rate,
      gradNorm: g,
      layerGradNorms: [0.62, 0.33, 0.18].map((w) => w * g * Math.exp(0.2 * gauss(r))),
      updateRatio: Math.min(1, rate * 0.9 * Math.exp(0.3 * gauss(r)) * (1 + g)),
    });
  }
  const epochs = [];
  for (let e = 1; e * SPE <= steps; e++) {
    const slice = points.slice((e - 1) * SPE, e * SPE);
    const a = Math.min(0.995, acc(e) + 0.006 * gauss(r));
    epochs.push({
      epoch: e,
      step: e * SPE,
      t: slice.at(-1).t + 0.15,
      trainLoss: slice.reduce((m, p) => m + p.loss, 0) / slice.length,
      valLoss: val(e) * Math.exp(0.03 * gauss(r)),
      metrics: { accuracy: a, f1: a - 0.012, roc_auc: Math.min(0.999, 1 - (1 - a) * 0.35), log_loss: val(e) },
    });
  }
  const last = epochs.at(-1);
  const bestEpoch = epochs.reduce((b, e) => (e.valLoss < b.valLoss ? e : b), epochs[0]);
  const view = {
    id,
    name,
    experiment: 'breast-cancer-optimizers',
    status,
    task: 'binary',
    config: { name, ...config },
    epoch: epochs.length,
    epochs: EPOCHS,
    step: steps,
    totalSteps: EPOCHS * SPE,
    elapsed: points.at(-1).t,
    final: status === 'running' ? null : { trainLoss: last.trainLoss, valLoss: last.valLoss, metrics: last.metrics },
    best: { epoch: bestEpoch.epoch, monitor: 'val_loss', value: bestEpoch.valLoss },
    message,
  };
  return { view, points, epochs };
}

const base = {
  'data.path': 'breast_cancer.csv',
  'data.valSplit': 0.2,
  'model.hidden': '[32, 16]',
  'model.activation': 'relu',
  'loss.name': 'bce_with_logits',
  'training.epochs': EPOCHS,
  'training.batchSize': 32,
  'training.seed': 7,
};
const cosine = (peak) => (s) =>
  s < 200 ? (peak * (s + 1)) / 200 : (peak / 2) * (1 + Math.cos((Math.PI * (s - 200)) / (EPOCHS * SPE - 200)));
const runs = [
  makeRun({
    id: 'adam-cosine-20250101',
    name: 'adam · cosine',
    seed: 1,
    steps: 5000,
    // Set to 5e-4 live at step 2600; the cosine goes on scaling it (see controlsFor).
    lr: (s) => (s < 2600 ? cosine(1e-3)(s) : (5e-4 * cosine(1e-3)(s)) / cosine(1e-3)(2600)),
    loss: (s) => 0.07 + 0.62 * Math.exp(-s / 700),
    val: (e) => 0.1 + 0.55 * Math.exp(-e / 3.5) + 0.0009 * Math.max(0, e - 14) ** 1.6,
    acc: (e) => 0.975 - 0.42 * Math.exp(-e / 2.6),
    grad: (s) => 0.25 + 1.6 * Math.exp(-s / 600),
    secondsPerStep: 0.012,
    status: 'running',
    message: null,
    config: {
      ...base,
      'optimizer.name': 'adam',
      'optimizer.lr': 0.001,
      'optimizer.betas': '[0.9, 0.999]',
      'schedule.name': 'cosine',
      'schedule.warmup': 200,
    },
  }),
  makeRun({
    id: 'sgd-momentum-20250101',
    name: 'sgd + momentum · step',
    seed: 2,
    steps: EPOCHS * SPE,
    lr: (s) => (s < 3000 ? 0.05 : 0.02) * (s < 4000 ? 1 : s < 6000 ? 0.1 : 0.01),
    loss: (s) => 0.09 + 0.6 * Math.exp(-s / 1500) - (s >= 4000 ? 0.03 : 0) - (s >= 6000 ? 0.01 : 0),
    val: (e) => 0.13 + 0.5 * Math.exp(-e / 8) - (e > 20 ? 0.025 : 0),
    acc: (e) => 0.965 - 0.45 * Math.exp(-e / 6) + (e > 20 ? 0.008 : 0),
    grad: (s) => (0.4 + 1.2 * Math.exp(-s / 1500)) * (s < 4000 ? 1 : 0.7),
    secondsPerStep: 0.0075,
    status: 'completed',
    message: null,
    config: {
      ...base,
      'optimizer.name': 'sgd',
      'optimizer.lr': 0.05,
      'optimizer.momentum': 0.9,
      'schedule.name': 'step',
      'schedule.stepSize': 20,
    },
  }),
  (() => {
    const run = makeRun({
      id: 'sgd-lr-0.5-20250101',
      name: 'sgd · lr 0.5',
      seed: 3,
      steps: 740,
      lr: () => 0.5,
      loss: (s) => (s < 160 ? 0.69 * Math.exp(-s / 300) + 0.15 : 0.55 * Math.exp((s - 160) / 60)),
      val: (e) => [0.52, 0.9, 6.5][e - 1] ?? 50,
      acc: (e) => [0.78, 0.74, 0.55][e - 1] ?? 0.5,
      grad: (s) => (s < 160 ? 1.5 : 1.5 * Math.exp((s - 160) / 70)),
      secondsPerStep: 0.008,
      status: 'diverged',
      message:
        'the loss became Infinity at step 740 (epoch 4); the last finite weights are kept. Try a lower learning rate (it was 0.5), gradient clipping (clipNorm), or a standardized target.',
      config: {
        ...base,
        'optimizer.name': 'sgd',
        'optimizer.lr': 0.5,
        'optimizer.momentum': 0,
        'schedule.name': 'constant',
      },
    });
    run.view.final = null;
    return run;
  })(),
];

/** What the host sends: options, the run list, then each run's history in chunks (as a live run streams). */
function hostMessages({ compact = false } = {}) {
  const messages = [
    { type: 'options', smoothing: 0.6, compact },
    { type: 'runs', runs: runs.map((r) => r.view), activeId: runs[0].view.id },
  ];
  for (const { view, points, epochs } of runs) {
    for (let i = 0; i < points.length; i += 500) {
      const chunk = points.slice(i, i + 500);
      const last = chunk.at(-1).step;
      messages.push({
        type: 'points',
        runId: view.id,
        steps: chunk,
        epochs: epochs.filter((e) => e.step - 1 <= last && e.step - 1 > chunk[0].step - 1),
        reset: i === 0,
        ...(i === 0 ? { controls: controls[view.id] ?? [] } : {}),
      });
    }
  }
  messages.push({ type: 'results', runId: runs[1].view.id, results: classificationResults(classReport) });
  return messages;
}
const controls = controlsFor(runs);

// ── themes as VS Code would provide them ────────────────────────────────────

const THEMES = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-background': '#ffffff',
      '--vscode-editor-foreground': '#3b3b3b',
      '--vscode-foreground': '#3b3b3b',
      '--vscode-descriptionForeground': '#717171',
      '--vscode-panel-border': '#e5e5e5',
      '--vscode-editorWidget-background': '#f8f8f8',
      '--vscode-editorHoverWidget-background': '#f8f8f8',
      '--vscode-editorHoverWidget-border': '#c8c8c8',
      '--vscode-focusBorder': '#005fb8',
      '--vscode-button-background': '#005fb8',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#0258a8',
      '--vscode-button-secondaryBackground': '#e5e5e5',
      '--vscode-button-secondaryForeground': '#3b3b3b',
      '--vscode-button-secondaryHoverBackground': '#cccccc',
      '--vscode-input-background': '#ffffff',
      '--vscode-input-foreground': '#3b3b3b',
      '--vscode-input-border': '#cecece',
      '--vscode-dropdown-background': '#ffffff',
      '--vscode-dropdown-foreground': '#3b3b3b',
      '--vscode-dropdown-border': '#cecece',
      '--vscode-list-hoverBackground': '#f2f2f2',
      '--vscode-list-inactiveSelectionBackground': '#e4e6f1',
      '--vscode-editor-findMatchHighlightBackground': 'rgba(234, 92, 0, 0.2)',
      '--vscode-textLink-foreground': '#005fb8',
      '--vscode-textBlockQuote-background': '#f8f8f8',
      '--vscode-sideBar-background': '#f8f8f8',
      '--vscode-charts-red': '#e51400',
      '--vscode-charts-blue': '#1a85ff',
      '--vscode-charts-yellow': '#bf8803',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#388a34',
      '--vscode-charts-purple': '#652d90',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-background': '#1f1f1f',
      '--vscode-editor-foreground': '#cccccc',
      '--vscode-foreground': '#cccccc',
      '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-panel-border': '#2b2b2b',
      '--vscode-editorWidget-background': '#202020',
      '--vscode-editorHoverWidget-background': '#202020',
      '--vscode-editorHoverWidget-border': '#454545',
      '--vscode-focusBorder': '#0078d4',
      '--vscode-button-background': '#0078d4',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#026ec1',
      '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-button-secondaryHoverBackground': '#3c3c3c',
      '--vscode-input-background': '#313131',
      '--vscode-input-foreground': '#cccccc',
      '--vscode-input-border': '#3c3c3c',
      '--vscode-dropdown-background': '#313131',
      '--vscode-dropdown-foreground': '#cccccc',
      '--vscode-dropdown-border': '#3c3c3c',
      '--vscode-list-hoverBackground': '#2a2d2e',
      '--vscode-list-inactiveSelectionBackground': '#37373d',
      '--vscode-editor-findMatchHighlightBackground': 'rgba(234, 92, 0, 0.33)',
      '--vscode-textLink-foreground': '#4daafc',
      '--vscode-textBlockQuote-background': '#2b2b2b',
      '--vscode-sideBar-background': '#181818',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-yellow': '#cca700',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-purple': '#b180d7',
    },
  },
  hc: {
    bodyClass: 'vscode-high-contrast',
    vars: {
      '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-background': '#000000',
      '--vscode-editor-foreground': '#ffffff',
      '--vscode-foreground': '#ffffff',
      '--vscode-descriptionForeground': '#ffffff',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-panel-border': '#6fc3df',
      '--vscode-editorWidget-background': '#0c141f',
      '--vscode-editorHoverWidget-background': '#0c141f',
      '--vscode-editorHoverWidget-border': '#6fc3df',
      '--vscode-focusBorder': '#f38518',
      '--vscode-button-background': '#000000',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-border': '#6fc3df',
      '--vscode-button-hoverBackground': '#000000',
      '--vscode-button-secondaryBackground': '#000000',
      '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-button-secondaryHoverBackground': '#000000',
      '--vscode-input-background': '#000000',
      '--vscode-input-foreground': '#ffffff',
      '--vscode-input-border': '#6fc3df',
      '--vscode-dropdown-background': '#000000',
      '--vscode-dropdown-foreground': '#ffffff',
      '--vscode-dropdown-border': '#6fc3df',
      '--vscode-list-hoverBackground': '#000000',
      '--vscode-editor-findMatchHighlightBackground': 'rgba(0, 0, 0, 0)',
      '--vscode-textLink-foreground': '#21a6ff',
      '--vscode-textBlockQuote-background': '#000000',
      '--vscode-charts-red': '#f48771',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-yellow': '#ffd700',
      '--vscode-charts-orange': '#ff8c00',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-purple': '#b180d7',
    },
  },
};

function themed(html, theme) {
  const t = THEMES[theme];
  const vars = Object.entries(t.vars)
    .map(([k, v]) => `${k}: ${v};`)
    .join(' ');
  return html.replace(
    '<body class="losslab-report">',
    `<style>:root { ${vars} }</style>\n<body class="losslab-report ${t.bodyClass}">`,
  );
}

const launchArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const browser = await chromium.launch({ executablePath, args: launchArgs });
const problems = [];

async function openPage(viewport, colorScheme = 'light') {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1, colorScheme });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  return page;
}

// ── static report in three themes ───────────────────────────────────────────

const script = readFileSync(path.join(root, 'dist/webview.js'), 'utf8');
const css = readFileSync(path.join(root, 'media/dashboard.css'), 'utf8');
const report = renderReportHtml(hostMessages(), script, css);
writeFileSync(path.join(out, 'report.html'), report);
console.log(`report: ${(report.length / 1024).toFixed(0)} KiB`);

for (const theme of Object.keys(THEMES)) {
  const file = path.join(out, `report-${theme}.html`);
  writeFileSync(file, themed(report, theme));
  const page = await openPage({ width: 1400, height: 1000 });
  const t0 = performance.now();
  await page.goto(`file://${file}`);
  await page.waitForSelector('.ll-card-loss canvas');
  await page.waitForTimeout(600);
  console.log(`${theme}: loaded and drawn in ${(performance.now() - t0).toFixed(0)} ms`);
  await page.screenshot({ path: path.join(out, `${theme}.png`), fullPage: true });
  if (theme === 'light') {
    // The controls, as a user would use them: time axis, per-layer norms, hide the diverged run,
    // heavier smoothing, a drag-zoom on the loss chart.
    await page.locator('.ll-segment', { hasText: 'Time' }).click();
    await page.locator('.ll-tool', { hasText: 'Per layer' }).click();
    await page.locator('.ll-chip', { hasText: 'sgd · lr 0.5' }).click();
    await page.locator('.ll-number').fill('0.9');
    await page.locator('.ll-number').press('Enter');
    await page.locator('.ll-card-metric select').selectOption('roc_auc');
    const loss = await page.locator('.ll-card-loss canvas').boundingBox();
    await page.mouse.move(loss.x + loss.width * 0.1, loss.y + loss.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(loss.x + loss.width * 0.4, loss.y + loss.height * 0.85, { steps: 8 });
    await page.mouse.up();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, 'interactions.png'), fullPage: true });
    // A report saves the series itself.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.ll-button', { hasText: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8').split('\n');
    console.log(
      `report CSV export: ${download.suggestedFilename()}, ${csv.length - 2} rows; header: ${csv[0].slice(0, 90)}…`,
    );
    await page.dblclick('.ll-card-loss canvas');
    await page.locator('.ll-segment', { hasText: 'Step' }).click();
    await page.locator('.ll-tool', { hasText: 'Per layer' }).click();
    await page.locator('.ll-chip', { hasText: 'sgd · lr 0.5' }).click();
    await page.locator('.ll-number').fill('0.6');
    await page.locator('.ll-number').press('Enter');
    // Hover the loss chart for the tooltip, then switch the theme live as VS Code does.
    const box = await page.locator('.ll-card-loss canvas').boundingBox();
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.5);
    await page.waitForTimeout(200);
    await page.locator('.ll-card-loss').screenshot({ path: path.join(out, 'tooltip.png') });
    await page.evaluate((vars) => {
      for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
      document.body.classList.replace('vscode-light', 'vscode-dark');
    }, THEMES.dark.vars);
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    await page.screenshot({
      path: path.join(out, 'switched-to-dark.png'),
      clip: { x: 0, y: 0, width: 1400, height: 900 },
    });
  }
  await page.close();
}

// ── the VS Code webview, under its CSP ──────────────────────────────────────

const server = createServer((req, res) => {
  const files = {
    '/webview.js': ['dist/webview.js', 'text/javascript'],
    '/dashboard.css': ['media/dashboard.css', 'text/css'],
  };
  if (req.url === '/favicon.ico') {
    res.writeHead(204);
    res.end();
    return;
  }
  if (req.url === '/') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(server.page);
    return;
  }
  const f = files[req.url];
  if (!f) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': f[1] });
  res.end(readFileSync(path.join(root, f[0])));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
server.page = dashboardHtml({
  cspSource: origin,
  nonce: 'aGFybmVzc25vbmNlMTIzNDU2',
  scriptUri: `${origin}/webview.js`,
  styleUri: `${origin}/dashboard.css`,
  title: 'Loss Lab',
});

/** A page set up as VS Code sets up a webview: theme variables and class, the frame's background, the API. */
async function vscodePage(viewport, { compact, theme }) {
  const page = await openPage(viewport);
  // VS Code paints the frame behind the webview: the editor's background, or the side bar's.
  const vars = THEMES[theme].vars;
  const frame = compact ? vars['--vscode-sideBar-background'] : vars['--vscode-editor-background'];
  await page.addInitScript(
    ({ vars, bodyClass, frame }) => {
      window.__posted = [];
      window.__violations = [];
      window.__long = [];
      new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((e) => e.duration))).observe({
        type: 'longtask',
        buffered: true,
      });
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`),
      );
      window.acquireVsCodeApi = () => ({
        postMessage: (m) => window.__posted.push(m),
        getState: () => undefined,
        setState: () => undefined,
      });
      // As in VS Code, the theme is on <html> and <body> before the page's script runs.
      new MutationObserver((_, observer) => {
        if (!document.body) return;
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
        document.documentElement.style.backgroundColor = frame;
        document.body.classList.add(bodyClass);
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    },
    { vars, bodyClass: THEMES[theme].bodyClass, frame },
  );
  return page;
}

async function webview(name, viewport, { compact, theme }) {
  const page = await vscodePage(viewport, { compact, theme });
  await page.goto(origin);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  for (const m of hostMessages({ compact })) await page.evaluate((msg) => window.postMessage(msg, '*'), m);
  await page.waitForTimeout(600);
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
  // Exercise what posts back: a chart's PNG, Pause and Stop.
  if (!compact) await page.locator('.ll-card-loss .ll-tool', { hasText: 'PNG' }).click();
  await page.locator('.ll-lr-input').fill('3e-4');
  await page.locator('.ll-lr button', { hasText: 'Set' }).click();
  await page.locator('.ll-actions button', { hasText: 'Pause' }).click();
  await page.locator('.ll-actions button', { hasText: 'Stop' }).click();
  const { posted, violations } = await page.evaluate(() => ({
    posted: window.__posted,
    violations: window.__violations,
  }));
  for (const v of violations) problems.push(`${name}: CSP violation ${v}`);
  for (const m of posted)
    if (parseWebviewMessage(m) === null)
      problems.push(`${name}: the host would reject ${JSON.stringify(m).slice(0, 120)}`);
  console.log(`${name}: posted ${posted.map((m) => m.type).join(', ')}; CSP violations: ${violations.length}`);
  await page.close();
}

await webview('vscode-dark', { width: 1280, height: 900 }, { compact: false, theme: 'dark' });

// A reloaded panel comes back with its controls as they were (VS Code keeps the webview's state).
{
  const page = await vscodePage({ width: 1280, height: 900 }, { compact: false, theme: 'dark' });
  await page.addInitScript(() => {
    const saved = {
      smoothing: 0.85,
      hostSmoothing: 0.6,
      xAxis: 'epoch',
      logY: { loss: true },
      hiddenRuns: ['sgd-lr-0.5-20250101'],
      metric: 'f1',
    };
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(m),
      getState: () => saved,
      setState: (s) => (window.__state = s),
    });
  });
  await page.goto(origin);
  for (const m of hostMessages()) await page.evaluate((msg) => window.postMessage(msg, '*'), m);
  await page.waitForTimeout(400);
  const restored = await page.evaluate(() => ({
    axis: document.querySelector('.ll-segment[aria-pressed="true"]')?.textContent,
    smoothing: document.querySelector('.ll-number').value,
    lossLog: document.querySelector('.ll-card-loss .ll-tool[aria-pressed="true"]')?.textContent,
    hidden: [...document.querySelectorAll('.ll-chip[aria-pressed="false"]')].map((c) => c.textContent),
    metric: document.querySelector('.ll-card-metric select').value,
  }));
  const ok =
    restored.axis === 'Epoch' &&
    restored.smoothing === '0.85' &&
    restored.lossLog === 'Log' &&
    restored.hidden.length === 1 &&
    restored.metric === 'f1';
  if (!ok) problems.push(`state not restored: ${JSON.stringify(restored)}`);
  console.log(`restored state: ${JSON.stringify(restored)}`);
  await page.screenshot({ path: path.join(out, 'restored.png') });
  await page.close();
}
await webview('compact-dark', { width: 300, height: 560 }, { compact: true, theme: 'dark' });
await webview('compact-light', { width: 300, height: 560 }, { compact: true, theme: 'light' });

// ── end-of-run views: a finished classifier and a finished regressor as the active run ────────────

{
  const reg = regressionRun({ histogram, histogramBins });
  const digits = { ...runs[1].view, id: 'digits-20250101', name: 'digits · mlp', task: 'multiclass' };
  const pages = {
    'results-classification': [runs[1].view.id, hostMessages()],
    'results-digits': [
      digits.id,
      [...hostMessages(), { type: 'results', runId: digits.id, results: digitsResults(classReport) }],
      digits,
    ],
    'results-regression': [
      reg.view.id,
      [
        ...hostMessages(),
        {
          type: 'points',
          runId: reg.view.id,
          steps: reg.points,
          epochs: reg.epochs,
          controls: reg.controls,
          reset: true,
        },
        { type: 'results', runId: reg.view.id, results: reg.results },
      ],
      reg.view,
    ],
  };
  for (const [name, [activeId, messages, extra]] of Object.entries(pages)) {
    const views = [...runs.map((r) => r.view), ...(extra ? [extra] : [])];
    const list = messages.map((m) => (m.type === 'runs' ? { ...m, runs: views, activeId } : m));
    for (const theme of ['light', 'dark']) {
      const file = path.join(out, `${name}-${theme}.html`);
      writeFileSync(file, themed(renderReportHtml(list, script, css), theme));
      const page = await openPage({ width: 1400, height: 1000 });
      await page.goto(`file://${file}`);
      await page.waitForSelector('.ll-results:not([hidden])');
      await page.waitForTimeout(400);
      await page.locator('.ll-results').screenshot({ path: path.join(out, `${name}-${theme}.png`) });
      if (name === 'results-regression' && theme === 'light') {
        await page.screenshot({ path: path.join(out, 'results-regression-full.png'), fullPage: true });
        const box = await page.locator('.ll-card-residuals canvas').boundingBox();
        await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.6);
        await page.waitForTimeout(150);
        await page.locator('.ll-card-residuals').screenshot({ path: path.join(out, 'results-residuals-tooltip.png') });
      }
      await page.close();
    }
  }
}

// ── a long live run: 100k steps streamed in small batches ───────────────────

{
  const page = await vscodePage({ width: 1280, height: 900 }, { compact: false, theme: 'light' });
  await page.goto(origin);
  const completed = hostMessages().filter(
    (m) => m.type !== 'runs' && (m.type !== 'points' || m.runId !== runs[0].view.id),
  );
  for (const m of completed) await page.evaluate((msg) => window.postMessage(msg, '*'), m);
  const stats = await page.evaluate(
    async ({ views, total }) => {
      const live = {
        ...views[0],
        id: 'live-run',
        name: 'live · 100k steps',
        totalSteps: total,
        epochs: 100,
        step: 0,
        epoch: 0,
        elapsed: 0,
      };
      const list = (step) => ({
        type: 'runs',
        runs: [{ ...live, step, epoch: Math.floor(step / 1000), elapsed: step * 0.001 }, ...views.slice(1)],
        activeId: 'live-run',
      });
      window.postMessage(list(0), '*');
      window.__long.length = 0;
      const t0 = performance.now();
      let frames = 0;
      const count = () => {
        frames++;
        if (performance.now() - t0 < 60_000) requestAnimationFrame(count);
      };
      requestAnimationFrame(count);
      for (let step = 0; step < total; step += 250) {
        const steps = [];
        for (let s = step; s < step + 250; s++) {
          const loss = 0.05 + Math.exp(-s / 20000) * (1 + 0.3 * Math.sin(s * 12.9898));
          steps.push({
            step: s,
            epoch: Math.floor(s / 1000) + 1,
            t: s * 0.001,
            loss,
            lr: 1e-3,
            gradNorm: 1 + loss,
            layerGradNorms: [loss, loss / 2],
            updateRatio: 1e-3 * (1 + loss),
          });
        }
        const epochs =
          (step + 250) % 1000 === 0
            ? [
                {
                  epoch: (step + 250) / 1000,
                  step: step + 250,
                  t: (step + 250) * 0.001,
                  trainLoss: steps[0].loss,
                  valLoss: steps[0].loss * 1.1,
                  metrics: { accuracy: 0.9 },
                },
              ]
            : [];
        window.postMessage({ type: 'points', runId: 'live-run', steps, epochs, reset: step === 0 }, '*');
        if (step % 2500 === 0) window.postMessage(list(step + 250), '*');
        await new Promise((r) => setTimeout(r, 4));
      }
      await new Promise((r) => setTimeout(r, 500));
      const seconds = (performance.now() - t0) / 1000;
      return {
        seconds,
        frames,
        long: window.__long.slice(),
        heap: performance.memory ? performance.memory.usedJSHeapSize / 2 ** 20 : null,
      };
    },
    { views: runs.map((r) => r.view), total: 100_000 },
  );
  const long = stats.long.sort((a, b) => b - a);
  console.log(
    `live 100k steps: ${stats.seconds.toFixed(1)} s, ${stats.frames} frames (${(stats.frames / stats.seconds).toFixed(0)} fps), ` +
      `${long.length} long tasks (worst ${long[0]?.toFixed(0) ?? 0} ms), heap ${stats.heap?.toFixed(0)} MiB`,
  );
  await page.screenshot({ path: path.join(out, 'live-100k.png') });
  await page.close();
}

// ── experiment cards: a sweep, a learning-rate range test, a schedule preview ──

{
  // A random search over lr (log-uniform), hidden layers and optimizer: accuracy peaks near lr 3e-3.
  const r = rng(11);
  const points = Array.from({ length: 12 }, (_, i) => ({
    lr: 10 ** (-4.5 + 3.5 * r()),
    hidden: ['[32]', '[64]', '[32, 32]'][i % 3],
    optimizer: i % 4 === 3 ? 'sgd' : 'adam',
  }));
  const sweepRuns = points.map((p, i) => {
    const skill =
      Math.exp(-((Math.log10(p.lr) + 2.5) ** 2) / 0.8) *
      (p.optimizer === 'sgd' ? 0.8 : 1) *
      (p.hidden === '[32, 32]' ? 1.02 : 1);
    const run = makeRun({
      id: `sweep-${i + 1}`,
      name: `#${i + 1} lr=${Number(p.lr.toPrecision(3))} hidden=${p.hidden} optimizer=${p.optimizer}`,
      seed: 100 + i,
      steps: 10 * SPE,
      lr: () => p.lr,
      loss: (s) => 0.12 + (0.6 - 0.35 * skill) * Math.exp((-s / 900) * (0.3 + skill)),
      val: (e) => 0.16 + (0.55 - 0.3 * skill) * Math.exp(-e / (4 - 2 * skill)),
      acc: (e) => 0.62 + 0.33 * skill - 0.2 * Math.exp(-e / 2),
      grad: (s) => 0.3 + Math.exp(-s / 800),
      secondsPerStep: 0.004,
      status: i === 11 ? 'running' : 'completed',
      message: null,
      config: { ...base, 'optimizer.name': p.optimizer, 'optimizer.lr': p.lr, 'model.hidden': p.hidden },
    });
    run.view.experiment = 'lr-sweep';
    run.view.epochs = 12;
    if (i === 11) run.view.final = null;
    return { run, values: [p.lr, p.hidden, p.optimizer] };
  });
  const sweep = {
    name: 'lr-sweep',
    metric: null,
    params: [
      { path: 'optimizer.lr', label: 'lr', dist: 'logUniform' },
      { path: 'model.hidden', label: 'hidden', dist: 'choice' },
      { path: 'optimizer.name', label: 'optimizer', dist: 'choice' },
    ],
    runs: sweepRuns.map(({ run, values }) => ({ runId: run.view.id, values })),
  };
  // Smith's test: flat, a steep fall, then the blow-up that stops it.
  const lrs = [];
  const losses = [];
  for (let i = 0; i < 100; i++) {
    const lr = 1e-8 * 1e8 ** (i / 100);
    const x = Math.log10(lr);
    const loss = 0.2 + 0.5 / (1 + Math.exp(2.6 * (x + 3.2))) + 0.9 * Math.exp(4 * (x + 1.4));
    lrs.push(lr);
    losses.push(loss);
    if (loss > 4 * 0.2) break;
  }
  const lrFind = {
    id: 'lr-1',
    title: 'mse · adam',
    lrs,
    losses,
    suggestion: lrs[65],
    stopped: 'the smoothed loss passed 4 times its best at lr 0.13',
    note: null,
    currentLr: 0.01,
    writable: true,
  };
  const total = 4000;
  const schedule = (name, kind, f) => ({
    name,
    schedule: kind,
    stepsPerEpoch: 100,
    lrs: Array.from({ length: total }, (_, t) => f(t)),
    note: null,
  });
  const preview = {
    title: 'schedules',
    schedules: [
      schedule('constant', 'constant', () => 1e-3),
      schedule('cosine + warmup', 'cosine', (t) =>
        t < 400 ? (1e-3 * (t + 1)) / 400 : 5e-4 * (1 + Math.cos((Math.PI * (t - 400)) / (total - 400))),
      ),
      schedule('step', 'step', (t) => 1e-3 * 0.5 ** Math.floor(t / 1000)),
      schedule('one cycle', 'one_cycle', (t) =>
        t < 1200
          ? 4e-5 + ((1e-3 - 4e-5) * (1 - Math.cos((Math.PI * t) / 1200))) / 2
          : (1e-3 * (1 + Math.cos((Math.PI * (t - 1200)) / (total - 1200)))) / 2 + 4e-9,
      ),
    ],
  };
  const messages = [
    { type: 'options', smoothing: 0.6, compact: false },
    { type: 'runs', runs: sweepRuns.map(({ run }) => run.view), activeId: sweepRuns[0].run.view.id },
    ...sweepRuns.map(({ run }) => ({
      type: 'points',
      runId: run.view.id,
      steps: run.points,
      epochs: run.epochs,
      reset: true,
    })),
    { type: 'sweep', sweep },
    { type: 'lrFind', lrFind },
    { type: 'schedulePreview', preview },
  ];
  for (const theme of ['dark', 'light']) {
    const page = await vscodePage({ width: 1400, height: 1000 }, { compact: false, theme });
    await page.goto(origin);
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
    for (const m of messages) await page.evaluate((msg) => window.postMessage(msg, '*'), m);
    await page.waitForTimeout(600);
    await page.screenshot({ path: path.join(out, `experiments-${theme}.png`), fullPage: true });
    if (theme === 'dark') {
      // Pick a rate on the curve and use it; sort the sweep by lr; overlay the best and two neighbours; hover a line.
      const lrBox = await page.locator('.ll-card-lrfind canvas').boundingBox();
      await page.mouse.click(lrBox.x + lrBox.width * 0.6, lrBox.y + lrBox.height * 0.5);
      await page.locator('.ll-card-lrfind .ll-button', { hasText: 'Use this learning rate' }).click();
      await page.locator('.ll-sweep-table .ll-sort', { hasText: 'lr' }).click();
      await page.locator('.ll-card-sweep .ll-segment', { hasText: 'Best + 2' }).click();
      await page.waitForTimeout(300);
      const pc = await page.locator('.ll-card-sweep canvas').boundingBox();
      for (let y = 0.05; y < 0.95; y += 0.01) {
        await page.mouse.move(pc.x + pc.width * 0.2, pc.y + pc.height * y);
        if (await page.locator('.ll-pc-tip').isVisible()) break;
      }
      await page.waitForTimeout(200);
      await page.screenshot({ path: path.join(out, 'experiments-interactions.png'), fullPage: true });
      await page.locator('.ll-card-sweep').screenshot({ path: path.join(out, 'sweep-card.png') });
      await page.locator('.ll-header .ll-button', { hasText: 'Export PyTorch script' }).click();
      const { posted, violations } = await page.evaluate(() => ({
        posted: window.__posted,
        violations: window.__violations,
      }));
      for (const v of violations) problems.push(`experiments: CSP violation ${v}`);
      for (const m of posted)
        if (parseWebviewMessage(m) === null)
          problems.push(`experiments: the host would reject ${JSON.stringify(m).slice(0, 120)}`);
      console.log(
        `experiments: posted ${posted.map((m) => (m.type === 'useLearningRate' ? `useLearningRate(${m.lr.toExponential(2)})` : m.type)).join(', ')}`,
      );
    }
    await page.close();
  }
}

await finish({ server, browser, problems, out });
