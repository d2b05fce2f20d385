/**
 * `npm run test:e2e`: Loss Lab in a real VS Code (code-server, driven by Playwright in Debian's
 * Chromium), from the packaged .vsix: train from the CSV lens through the quick picks, check the
 * dashboard's charts by their pixels, the Runs view, then run an experiment file and compare.
 * Screenshots of each step go to test/e2e/artifacts/. Setup: scripts/e2e-setup.sh.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Frame, type Page, chromium } from 'playwright-core';

const root = path.resolve(__dirname, '..', '..', '..');
const artifacts = path.join(root, 'test', 'e2e', 'artifacts');
const vsix = path.join(root, 'loss-lab.vsix');
let step = 0;
let failures = 0;

function check(ok: boolean, what: string): void {
  console.log(`${ok ? 'ok' : 'not ok'} - ${what}`);
  if (!ok) failures++;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifacts, `${String(++step).padStart(2, '0')}-${name}.png`) });
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function summaries(ws: string): string[] {
  const dir = path.join(ws, '.losslab', 'runs');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'summary.json')));
}

/** The dashboard panel's inner frame (the one holding several labelled chart canvases), if open. */
async function dashboardFrame(page: Page): Promise<Frame | null> {
  for (const f of page.frames()) {
    try {
      if (await f.evaluate(`document.querySelectorAll('canvas[aria-label$=" chart"]').length > 2`)) return f;
    } catch {
      // detached or cross-origin frame
    }
  }
  return null;
}

/**
 * For each chart canvas: its label and how many of its pixels belong to a plotted series. Axes, grid and
 * text are grey; series are drawn in colour, so a pixel counts when it is opaque and clearly saturated.
 */
// Page-side code is passed as text: this file is compiled for Node, without the DOM's types.
const CHART_INK = `[...document.querySelectorAll('canvas[aria-label$=" chart"]')].map((c) => {
  const ctx = c.getContext('2d');
  let ink = 0;
  if (ctx && c.width && c.height) {
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    for (let i = 0; i < data.length; i += 4) {
      const hi = Math.max(data[i], data[i + 1], data[i + 2]);
      const lo = Math.min(data[i], data[i + 1], data[i + 2]);
      if (data[i + 3] > 128 && hi - lo > 60) ink++;
    }
  }
  return { label: c.getAttribute('aria-label'), ink };
})`;

async function chartInk(frame: Frame): Promise<{ label: string; ink: number }[]> {
  return frame.evaluate(CHART_INK);
}

/** Quick Open (Ctrl+P) a workspace file by name. */
async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
  await page.keyboard.type(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor();
}

/** Shows the Loss Lab side bar (clicking its activity-bar icon when it is already open would close it). */
async function showLossLab(page: Page): Promise<void> {
  const header = page.locator('.sidebar .pane-header', { hasText: 'Runs' }).first();
  // Right after a reload the activity bar may still be settling and drop a click: retry until the view shows.
  for (let attempt = 0; attempt < 10; attempt++) {
    if (await header.isVisible()) return;
    await page.locator('.activitybar [aria-label^="Loss Lab"]').first().click();
    await header.waitFor({ timeout: 3000 }).catch(() => undefined);
  }
  await header.waitFor({ timeout: 1000 });
}

async function clickLens(page: Page, text: string): Promise<void> {
  const lens = page.locator('.codelens-decoration a', { hasText: text }).first();
  await lens.waitFor({ timeout: 30_000 });
  await lens.click();
}

async function main(): Promise<void> {
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });
  const cache = execFileSync('bash', [path.join(root, 'scripts', 'e2e-setup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const node24 = path.join(cache, 'node_modules', 'node', 'bin');
  const codeServer = path.join(cache, 'node_modules', '.bin', 'code-server');
  const env = { ...process.env, PATH: `${node24}:${process.env.PATH}` };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'losslab-e2e-'));
  const [extDir, userDir, ws] = ['extensions', 'user', 'workspace'].map((d) => path.join(tmp, d));
  fs.mkdirSync(ws, { recursive: true });
  // A quiet window: no welcome page, no chat side bar.
  fs.mkdirSync(path.join(userDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDir, 'User', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true }),
  );
  fs.copyFileSync(path.join(root, 'test', 'data', 'iris.csv'), path.join(ws, 'iris.csv'));
  fs.writeFileSync(
    path.join(ws, 'compare.losslab.json'),
    '// cross-entropy against focal loss\n{\n  "data": {"path": "iris.csv"},\n  "model": {"hidden": [16]},\n  "training": {"epochs": 40, "seed": 1},\n  "runs": [\n    {"name": "cross-entropy", "loss": "cross_entropy"},\n    {"name": "focal", "loss": {"name": "focal", "gamma": 2}}\n  ]\n}\n',
  );
  fs.copyFileSync(path.join(root, 'test', 'data', 'digits.csv'), path.join(ws, 'digits.csv'));
  fs.writeFileSync(path.join(ws, 'ragged.csv'), 'a,b,c\n1,2,3\n4,5\n6,7,8\n');
  fs.writeFileSync(
    path.join(ws, 'long.losslab.json'),
    '{ "data": {"path": "digits.csv"}, "model": {"hidden": [512, 512]}, "training": {"epochs": 100000, "batchSize": "full"}, "runs": [{"name": "long run"}] }\n',
  );
  execFileSync(codeServer, ['--extensions-dir', extDir, '--install-extension', vsix], { env, stdio: 'inherit' });

  const port = await freePort();
  const server: ChildProcess = spawn(
    codeServer,
    ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--extensions-dir', extDir, '--user-data-dir', userDir, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', ws],
    { env, stdio: 'ignore' },
  );
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await until('code-server', async () => {
      try {
        return (await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`))?.ok();
      } catch {
        return false;
      }
    });
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // The explorer lists the workspace once the window has settled.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'iris.csv' }).waitFor({ timeout: 60_000 });

    // 1. Open the CSV: its header line carries the lenses.
    await openFile(page, 'iris.csv');
    await page.locator('.codelens-decoration a', { hasText: 'Train on this CSV' }).waitFor({ timeout: 60_000 });
    const lenses = await page.$$eval('.codelens-decoration a', (els) => els.map((e) => e.textContent?.trim()));
    check(JSON.stringify(lenses) === JSON.stringify(['▶ Train on this CSV', 'New experiment…', 'From template…', 'Inspect columns']), `CSV header lenses: ${lenses.join(' | ')}`);
    await shot(page, 'csv-lenses');

    // 2. ▶ Train on this CSV, answering the quick picks with their preselected defaults.
    await clickLens(page, 'Train on this CSV');
    const quickInput = page.locator('.quick-input-widget');
    await quickInput.waitFor({ state: 'visible' });
    await page.waitForTimeout(300);
    const title = await page.locator('.quick-input-title').textContent();
    check(/target column/.test(title ?? ''), `first quick pick asks for the target: "${title}"`);
    await shot(page, 'quick-pick-target');
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Enter');
      await page.waitForTimeout(400);
    }
    await shot(page, 'quick-pick-learning-rate');
    await page.keyboard.press('Enter');
    await until('the run to finish', () => summaries(ws).length >= 1);
    const frame = await until('the dashboard', () => dashboardFrame(page));
    await page.waitForTimeout(1500);
    await shot(page, 'dashboard-after-train');
    const ink = await chartInk(frame);
    console.log(`  charts: ${ink.map((c) => `${c.label || '?'}=${c.ink}`).join(', ')}`);
    for (const name of ['loss', 'grad', 'learning rate']) {
      const chart = ink.find((c) => c.label.toLowerCase().includes(name));
      check(chart !== undefined && chart.ink > 150, `dashboard chart "${name}" shows data (${chart?.ink ?? 0} series pixels)`);
    }

    // 3. The Runs view lists the run.
    await showLossLab(page);
    const row = page.locator('.monaco-list-row', { hasText: 'iris' }).first();
    await row.waitFor({ timeout: 30_000 });
    check(/cross_entropy/.test((await row.textContent()) ?? ''), `Runs view lists the run: "${await row.textContent()}"`);
    await shot(page, 'runs-view');

    // 4. An experiment file with two runs: ▶ Run all & compare, both overlaid.
    const before = summaries(ws).length;
    await openFile(page, 'compare.losslab.json');
    await clickLens(page, 'Run all & compare');
    await until('both runs to finish', () => summaries(ws).length >= before + 2);
    await page.waitForTimeout(2000);
    await shot(page, 'compare-two-runs');
    const compare = await until('the dashboard', () => dashboardFrame(page));
    const text = await compare.evaluate<string>('document.body.innerText');
    check(text.includes('cross-entropy') && text.includes('focal'), 'the dashboard shows both runs of the experiment');
    const lensTexts = await page.$$eval('.codelens-decoration a', (els) => els.map((e) => e.textContent?.trim() ?? ''));
    check(lensTexts.some((t) => t.startsWith('✓')), `run lenses show the result: ${lensTexts.filter((t) => t.startsWith('✓')).join(' | ')}`);

    // 5. A bad CSV: the error names the file and line, with a button to it, and nothing else breaks.
    await openFile(page, 'ragged.csv');
    await clickLens(page, 'Train on this CSV');
    const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: 'ragged.csv' }).first();
    await toast.waitFor({ timeout: 30_000 });
    const toastText = (await toast.textContent()) ?? '';
    check(/line 3/.test(toastText) && /Open File/.test(toastText), `a bad CSV shows an error notification naming the line: "${toastText.slice(0, 120)}"`);
    await shot(page, 'bad-csv-error');

    // 6. A window reload while a run trains: the worker stops, the run reads "interrupted", the dashboard comes back.
    await openFile(page, 'long.losslab.json');
    await clickLens(page, 'Run all & compare');
    await page.locator('.codelens-decoration a', { hasText: '⏹ Stop' }).first().waitFor({ timeout: 60_000 });
    await page.keyboard.press('F1');
    await page.keyboard.type('Developer: Reload Window');
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await showLossLab(page);
    const interrupted = page.locator('.monaco-list-row', { hasText: 'long run' }).first();
    await interrupted.waitFor({ timeout: 60_000 });
    await until('the run to read interrupted', async () => /interrupted/.test((await interrupted.textContent()) ?? ''), 30_000).catch(() => false);
    check(/interrupted/.test((await interrupted.textContent()) ?? ''), `after a reload the stopped run reads "interrupted": "${await interrupted.textContent()}"`);
    const restored = await until('the restored dashboard', () => dashboardFrame(page), 60_000).catch(() => null);
    const restoredText = restored ? await until('its runs', async () => ((await restored.evaluate<string>('document.body.innerText')).includes('long run') ? 'yes' : null), 30_000).catch(() => null) : null;
    check(restoredText !== null, 'the dashboard panel comes back after the reload, showing the run it showed');
    await shot(page, 'after-reload');
  } catch (e) {
    const pages = browser.contexts().flatMap((c) => c.pages());
    if (pages[0]) await shot(pages[0], 'failure');
    throw e;
  } finally {
    await browser.close();
    server.kill();
  }
  console.log(`${failures === 0 ? 'e2e passed' : `e2e: ${failures} check(s) failed`}; screenshots in ${artifacts}`);
  process.exitCode = failures ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
