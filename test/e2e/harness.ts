/**
 * What the end-to-end suites share: a code-server with the packaged .vsix installed, opened on a fresh
 * workspace in Debian's Chromium driven by Playwright, checks reported TAP-style, screenshots of each step,
 * and the page helpers (quick open, code lenses, the Loss Lab side bar, the dashboard's charts).
 * Setup: scripts/e2e-setup.sh, run before each suite, installs (once, as root) Debian's chromium and libkrb5-dev,
 * Node 24 and code-server built for it into ~/.cache/losslab-e2e (LOSSLAB_E2E_CACHE), and prints that folder.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Frame, type Locator, type Page, chromium } from 'playwright-core';

export const root = path.resolve(__dirname, '..', '..', '..');

export interface Suite {
  page: Page;
  /** The workspace folder the window has open. */
  ws: string;
  /** A scratch folder beside the workspace (outside it). */
  tmp: string;
  /** Records one check, TAP-style; a failed check fails the suite at the end without stopping it. */
  check(ok: boolean, what: string): void;
  /** Saves a screenshot of the window as the suite's next numbered step. */
  shot(name: string): Promise<void>;
}

export interface SuiteOptions {
  /** Screenshots go to test/e2e/artifacts/<name>/. */
  name: string;
  /** Whether code-server asks for workspace trust (off: every folder is trusted, as with `--disable-workspace-trust`). */
  workspaceTrust: boolean;
  /** Writes the workspace's files before the window opens. */
  prepare(ws: string, tmp: string): void;
  /** Waits, once the workbench shows, until the window is ready for the suite (say, the explorer lists a file). */
  ready?(page: Page): Promise<void>;
}

/**
 * Runs one suite in its own code-server and browser: prints its checks, exits non-zero when a check failed
 * or a step threw (then with a screenshot named "failure").
 */
export async function runSuite(opts: SuiteOptions, body: (s: Suite) => Promise<void>): Promise<void> {
  const artifacts = path.join(root, 'test', 'e2e', 'artifacts', opts.name);
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });
  let step = 0;
  let failures = 0;
  const shot = (page: Page, name: string) =>
    page
      .screenshot({ path: path.join(artifacts, `${String(++step).padStart(2, '0')}-${name}.png`) })
      .then(() => undefined);
  const check = (ok: boolean, what: string) => {
    console.log(`${ok ? 'ok' : 'not ok'} - ${what}`);
    if (!ok) failures++;
  };

  const cache = execFileSync('bash', [path.join(root, 'scripts', 'e2e-setup.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const node24 = path.join(cache, 'node_modules', 'node', 'bin');
  const codeServer = path.join(cache, 'node_modules', '.bin', 'code-server');
  const env = { ...process.env, PATH: `${node24}:${process.env.PATH}` };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `losslab-e2e-${opts.name}-`));
  const [extDir, userDir, ws] = ['extensions', 'user', 'workspace'].map((d) => path.join(tmp, d));
  fs.mkdirSync(ws, { recursive: true });
  // A quiet window: no welcome page, no chat side bar.
  fs.mkdirSync(path.join(userDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDir, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'chat.disableAIFeatures': true,
    }),
  );
  opts.prepare(ws, tmp);
  execFileSync(codeServer, ['--extensions-dir', extDir, '--install-extension', path.join(root, 'loss-lab.vsix')], {
    env,
    stdio: 'inherit',
  });

  const port = await freePort();
  const args = [
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--extensions-dir',
    extDir,
    '--user-data-dir',
    userDir,
    '--disable-telemetry',
    '--disable-update-check',
  ];
  if (!opts.workspaceTrust) args.push('--disable-workspace-trust');
  const server: ChildProcess = spawn(codeServer, [...args, ws], { env, stdio: 'ignore' });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
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
    await opts.ready?.(page);
    await body({ page, ws, tmp, check, shot: (name) => shot(page, name) });
  } catch (e) {
    const pages = browser.contexts().flatMap((c) => c.pages());
    if (pages[0]) await shot(pages[0], 'failure');
    throw e;
  } finally {
    await browser.close();
    server.kill();
  }
  console.log(
    `${failures === 0 ? `e2e ${opts.name} passed` : `e2e ${opts.name}: ${failures} check(s) failed`}; screenshots in ${artifacts}`,
  );
  process.exitCode = failures ? 1 : 0;
}

/** Runs a suite as a script's main function: an exception is printed and fails the script. */
export function main(opts: SuiteOptions, body: (s: Suite) => Promise<void>): void {
  runSuite(opts, body).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  ms = 90_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Polls `probe` until `ok` holds of its value (and, with `steady`, the value is the same twice in a row: an
 * animation has ended) or `ms` pass, and returns the last value either way, for a check to judge.
 */
export async function settle<T>(
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 20_000,
  steady = false,
): Promise<T> {
  const end = Date.now() + ms;
  let before: string | undefined;
  for (;;) {
    const v = await probe();
    const now = JSON.stringify(v);
    if ((ok(v) && (!steady || now === before)) || Date.now() > end) return v;
    before = now;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Accepts code-server's save dialog (a quick input) once it holds the proposed path. */
export async function acceptSaveDialog(page: Page): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await until('the save dialog to propose a path', async () => (await input.inputValue()).length > 0, 10_000);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
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

/** Whether `what` shows within `ms` (a check's outcome rather than a step's precondition). */
export function appears(what: Locator, ms = 30_000): Promise<boolean> {
  return what
    .first()
    .waitFor({ timeout: ms })
    .then(
      () => true,
      () => false,
    );
}

/** The finished runs (those with a summary) recorded in a runs folder. */
export function summaries(runsDir: string): string[] {
  if (!fs.existsSync(runsDir)) return [];
  return fs.readdirSync(runsDir).filter((d) => fs.existsSync(path.join(runsDir, d, 'summary.json')));
}

/** The dashboard panel's inner frame (the one holding several labelled chart canvases), if open. */
/** The webview frame that holds `selector`, if one does. */
export async function frameWith(page: Page, selector: string): Promise<Frame | null> {
  for (const f of page.frames()) {
    try {
      if (await f.evaluate(`document.querySelector(${JSON.stringify(selector)}) !== null`)) return f;
    } catch {
      // detached or cross-origin frame
    }
  }
  return null;
}

export async function dashboardFrame(page: Page): Promise<Frame | null> {
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

export async function chartInk(frame: Frame): Promise<{ label: string; ink: number }[]> {
  return frame.evaluate(CHART_INK);
}

/** Quick Open (Ctrl+P) a workspace file by name. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
  await page.keyboard.type(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor();
}

/**
 * Runs a command from the palette (F1) by its title; `thenAsks`: the title of the quick input the command opens
 * itself (the palette's widget then shows it instead of hiding).
 */
export async function runCommand(page: Page, title: string, thenAsks?: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
  // Typed into the palette's own box: after a click into a webview (a preview) the keyboard's focus can stay
  // in its frame, and keys typed to the page would not reach the palette.
  await page.locator('.quick-input-widget .quick-input-box input').pressSequentially(title);
  // The palette's fuzzy ranking may put another command first ("View: Close All Editor Groups" ranks above
  // "View: Close Editor" for that very text), so Enter could run the wrong one: click the row named exactly.
  const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const row = page
    .locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: exact }) })
    .first();
  await row.waitFor({ timeout: 10_000 });
  await row.click();
  if (thenAsks) await page.locator('.quick-input-widget .quick-input-title', { hasText: thenAsks }).waitFor();
  else await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Shows the Loss Lab side bar (clicking its activity-bar icon when it is already open would close it). */
export async function showLossLab(page: Page): Promise<void> {
  const header = page.locator('.sidebar .pane-header', { hasText: 'Runs' }).first();
  // Right after a reload the activity bar may still be settling and drop a click: retry until the view shows.
  for (let attempt = 0; attempt < 10; attempt++) {
    if (await header.isVisible()) return;
    // While a run trains, the icon's progress badge lies over it and takes the pointer: the click is forced
    // through (the badge belongs to the same item, so the item gets it).
    await page.locator('.activitybar [aria-label^="Loss Lab"]').first().click({ force: true, timeout: 5000 });
    await header.waitFor({ timeout: 3000 }).catch(() => undefined);
  }
  await header.waitFor({ timeout: 1000 });
}

/**
 * The code lenses' titles as written by the extension: each icon VS Code drew is read back as `$(name)`, so
 * a title compares with its source; a `$(` left as text reads `\$(`, so an icon not drawn would not match.
 */
export function lensTitles(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`[...document.querySelectorAll('.codelens-decoration a')].map((a) =>
    [...a.childNodes]
      .map((n) => {
        const icon = n.classList ? [...n.classList].find((c) => c.startsWith('codicon-')) : undefined;
        return icon ? '$(' + icon.slice('codicon-'.length) + ')' : n.textContent.replaceAll('$(', '\\\\$(');
      })
      .join('')
      .trim())`);
}

export async function clickLens(page: Page, text: string): Promise<void> {
  const lens = page.locator('.codelens-decoration a', { hasText: text }).first();
  await lens.waitFor({ timeout: 30_000 });
  await lens.click();
}

/**
 * Train on this CSV (the lens) of the open CSV, answering its quick picks (target, task, loss, optimizer, learning
 * rate) with their preselected defaults. `between` runs once the first pick shows and once before the last.
 */
export async function trainWithDefaults(
  page: Page,
  between?: { first?: () => Promise<void>; last?: () => Promise<void> },
): Promise<void> {
  await clickLens(page, 'Train on this CSV');
  const title = page.locator('.quick-input-widget .quick-input-title');
  await title.waitFor({ state: 'visible' });
  await between?.first?.();
  // Each Enter takes the preselected answer; the next pick is there once the title changes.
  for (let i = 0; i < 4; i++) {
    const asked = await title.textContent();
    await page.keyboard.press('Enter');
    await until(
      `the quick pick after "${asked}"`,
      async () => ((await title.textContent()) !== asked ? true : null),
      30_000,
    );
  }
  await between?.last?.();
  await page.keyboard.press('Enter');
  // Then the optional seeds: left empty, one run.
  await until('the seeds box', async () => (/seeds/.test((await title.textContent()) ?? '') ? true : null), 30_000);
  await page.keyboard.press('Enter');
}
