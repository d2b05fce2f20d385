/**
 * `npm run test:e2e`: the views that say why, in a real VS Code (code-server), on a small regression CSV with
 * planted outliers. MSE and Huber over seeds 1, 2 and 3: the seeds card's band per configuration (min–max and
 * ±1 std), the difference A − B and its paired comparison, checked against a t-interval and sign test worked
 * out here from the recorded finals and against `losslab runs --json`. An SGD run at a rate that diverges:
 * the marker and the header's last finite values, then Restart from last good point… at a lower rate. Two
 * runs that record their rows: the Rows card (histogram, top rows, a row's line opened in the CSV), the CSV's
 * tinted lines and their hover, Go to the Rows that Drive the Loss, Clear Row Losses.
 * Screenshots go to test/e2e/artifacts/why/.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { type Suite, chartInk, dashboardFrame, main, root, runCommand, settle, summaries, until } from './harness';

/** y = 2·x1 − x2 + small noise over `rows` rows, and every 25th row's y raised by 12: outliers MSE chases. */
function lineCsv(rows: number): { csv: string; outliers: Map<number, number> } {
  let seed = 11;
  const uniform = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = ['x1,x2,y'];
  // By 1-based CSV line (the header is line 1): the outliers' targets.
  const outliers = new Map<number, number>();
  for (let i = 0; i < rows; i++) {
    const x1 = 4 * uniform() - 2;
    const x2 = 4 * uniform() - 2;
    let y = 2 * x1 - x2 + 0.2 * (uniform() - 0.5);
    if (i % 25 === 7) y += 12;
    const shown = y.toFixed(4);
    if (i % 25 === 7) outliers.set(i + 2, Number(shown));
    lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${shown}`);
  }
  return { csv: `${lines.join('\n')}\n`, outliers };
}

const DATA = lineCsv(200);
const SHARED = { data: { path: 'line.csv', target: 'y' }, model: { hidden: [8] } };
const EXPERIMENTS: Record<string, object> = {
  'seeds.losslab.json': {
    ...SHARED,
    training: { epochs: 12, batchSize: 16 },
    optimizer: { name: 'adam', lr: 0.01 },
    seeds: [1, 2, 3],
    runs: [
      { name: 'mse', loss: 'mse' },
      { name: 'huber', loss: 'huber' },
    ],
  },
  // Plain SGD warmed up to a rate far too high: finite through epoch 1, infinite in epoch 2 (step 34).
  'diverge.losslab.json': {
    ...SHARED,
    training: { epochs: 20, batchSize: 8, seed: 1 },
    schedule: { name: 'constant', warmup: 100 },
    runs: [{ name: 'too fast', loss: 'mse', optimizer: { name: 'sgd', lr: 3 } }],
  },
  'rows.losslab.json': {
    ...SHARED,
    training: { epochs: 20, batchSize: 16, seed: 1, rowEpochs: [10, 20] },
    optimizer: { name: 'adam', lr: 0.01 },
    runs: [
      { name: 'mse rows', loss: 'mse' },
      { name: 'huber rows', loss: 'huber' },
    ],
  },
};

/**
 * Pixels of the canvas labelled `label`: for each CSS colour, how many are within 40 of it (a line) and how
 * many within 16 of it laid at 20% over the chart's background (a band's fill, where bands do not overlap).
 */
function inks(frame: Frame, label: string, colours: string[]): Promise<{ line: number[]; fill: number[] }> {
  return frame.evaluate(`(() => {
    const probe = document.createElement('canvas').getContext('2d');
    const rgb = (css) => { probe.fillStyle = css; probe.fillRect(0, 0, 1, 1); return [...probe.getImageData(0, 0, 1, 1).data].slice(0, 3); };
    const c = document.querySelector('canvas[aria-label=${JSON.stringify(label)}]');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const bg = [d[0], d[1], d[2]];
    const lines = ${JSON.stringify(colours)}.map(rgb);
    const fills = lines.map((l) => l.map((v, i) => 0.2 * v + 0.8 * bg[i]));
    const near = (i, t, r) => Math.hypot(d[i] - t[0], d[i + 1] - t[1], d[i + 2] - t[2]) < r;
    const line = lines.map(() => 0);
    const fill = lines.map(() => 0);
    for (let i = 0; i < d.length; i += 4)
      lines.forEach((l, k) => { if (near(i, l, 40)) line[k]++; else if (near(i, fills[k], 16)) fill[k]++; });
    return { line, fill };
  })()`);
}

/** How many pixels of the canvas labelled `label` are coloured (a series: axes, grid and text are grey). */
function saturated(frame: Frame, label: string): Promise<number | null> {
  return frame.evaluate(`(() => {
    const c = document.querySelector('canvas[aria-label=${JSON.stringify(label)}]');
    if (!c || !c.width) return null;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 128 && Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) n++;
    return n;
  })()`);
}

/** A theme colour of the webview (as theme.ts reads it), or its dark-theme default. */
function cssVar(frame: Frame, name: string, fallback: string): Promise<string> {
  return frame.evaluate(
    `getComputedStyle(document.documentElement).getPropertyValue(${JSON.stringify(name)}).trim() || ${JSON.stringify(fallback)}`,
  );
}

/** The numbers in a text, in order (the webview writes minus signs as '−' in some places). */
function numbers(text: string): number[] {
  return [...text.replaceAll('−', '-').matchAll(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/g)].map((m) => Number(m[0]));
}

/** Whether `shown` is `exact` as printed to four significant digits. */
function close(shown: number, exact: number, digits = 4): boolean {
  return Math.abs(shown - exact) <= 0.6 * 10 ** (Math.floor(Math.log10(Math.abs(exact))) - digits + 1);
}

/**
 * Opens a workspace file from the explorer (a double click: a kept tab). Quick Open searches the files first,
 * which on a busy machine can outlast its wait while VS Code is still activating extensions.
 */
async function openFromExplorer(page: Page, name: string): Promise<void> {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().dblclick();
  await page.locator('.editor-group-container.active .tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
}

/**
 * Run all & compare of the experiment file just opened: its lens in the active editor group, since the
 * dashboard opened beside leaves the file opened before it in view with lenses of the same title.
 */
async function runAll(page: Page): Promise<void> {
  const lens = page.locator('.editor-group-container.active .codelens-decoration a', { hasText: 'Run all & compare' });
  await lens.first().waitFor({ timeout: 90_000 });
  await lens.first().click();
}

interface Recorded {
  dir: string;
  group?: string;
  seed: number;
  name: string;
  summary: { status: string; final: { valLoss: number; trainLoss: number } | null; divergedAtStep: number | null };
}

function recorded(runsDir: string): Recorded[] {
  return summaries(runsDir).map((id) => {
    const dir = path.join(runsDir, id);
    const read = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    const { config } = read('config.json');
    return { dir, group: config.group, seed: config.training.seed, name: config.name, summary: read('summary.json') };
  });
}

/** The active editor's 1-based line, from the status bar's "Ln 12, Col 1". */
async function cursorLine(page: Page): Promise<number> {
  const text = await page.locator('[id="status.editor.selection"]').first().textContent();
  return Number(/Ln (\d+)/.exec(text ?? '')?.[1] ?? NaN);
}

/** The CSV lines the row-loss heat tints on screen: line number, text and the tint's opacity. */
function tinted(page: Page): Promise<{ line: number; text: string; alpha: number }[]> {
  return page.evaluate(`(() => {
    const editor = document.querySelector('.editor-group-container.active .editor-instance .monaco-editor');
    if (!editor) return [];
    const at = (sel) => new Map([...editor.querySelectorAll(sel)].map((e) => [e.style.top, e]));
    const numbers = at('.margin-view-overlays > div');
    const texts = at('.view-lines > .view-line');
    const out = [];
    for (const overlay of editor.querySelectorAll('.view-overlays > div')) {
      for (const cdr of overlay.querySelectorAll('.cdr')) {
        const m = /rgba\\(230, 80, 40, ([\\d.]+)\\)/.exec(getComputedStyle(cdr).backgroundColor);
        if (!m) continue;
        out.push({ line: Number(numbers.get(overlay.style.top)?.textContent), text: texts.get(overlay.style.top)?.textContent ?? '', alpha: Number(m[1]) });
      }
    }
    return out.sort((a, b) => a.line - b.line);
  })()`);
}

/** t₀.₉₇₅ with 2 degrees of freedom (scipy.stats.t.ppf(0.975, 2)): the 95% interval over 3 seeds. */
const T_975_2 = 4.302652729911275;

/** The paired comparison of final validation losses, A − B over the seeds, worked out here. */
function pairedByHand(
  a: number[],
  b: number[],
): { mean: number; lo: number; hi: number; pos: number; neg: number; p: number } {
  const d = a.map((x, i) => x - b[i]);
  const mean = d.reduce((s, x) => s + x, 0) / d.length;
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (d.length - 1));
  const half = (T_975_2 * sd) / Math.sqrt(d.length);
  const pos = d.filter((x) => x > 0).length;
  const neg = d.filter((x) => x < 0).length;
  // Three signs: all alike is 2 · (1/2)³ = 0.25; anything else is 1.
  const p = pos === 3 || neg === 3 ? 0.25 : 1;
  return { mean, lo: mean - half, hi: mean + half, pos, neg, p };
}

async function seedsCard(s: Suite, runsDir: string): Promise<void> {
  const { page, check, shot } = s;
  await openFromExplorer(page, 'seeds.losslab.json');
  await runAll(page);
  await until('the six seeded runs to finish', () => summaries(runsDir).length >= 6, 240_000);
  const frame = await until('the dashboard', () => dashboardFrame(page));
  const card = frame.locator('.ll-seeds-card');
  await card.scrollIntoViewIfNeeded();
  const verdictText = await settle(
    async () => (await card.locator('.ll-seeds-verdict').textContent()) ?? '',
    (t) => t.includes('interval'),
  );
  const runs = recorded(runsDir);
  const finals = (g: string) =>
    [1, 2, 3].map((seed) => runs.find((r) => r.group === g && r.seed === seed)?.summary.final?.valLoss ?? NaN);
  const [mse, huber] = [finals('mse'), finals('huber')];
  const want = pairedByHand(mse, huber);
  const got = numbers(verdictText.slice(verdictText.indexOf('A − B =')));
  // "A − B = m, 95% interval [lo, hi] excludes 0 over 3 seeds (sign test k+/n−, p = P)"
  const [m, , lo, hi, , , k, n, p] = got;
  check(
    verdictText.startsWith('final val loss, mse − huber: A − B =') &&
      close(m, want.mean) &&
      close(lo, want.lo) &&
      close(hi, want.hi) &&
      k === want.pos &&
      n === want.neg &&
      p === want.p &&
      verdictText.includes(want.lo > 0 || want.hi < 0 ? 'excludes 0' : 'includes 0'),
    `the verdict matches the paired t-interval and sign test worked out from the recorded finals ` +
      `(mean ${want.mean.toPrecision(4)}, [${want.lo.toPrecision(4)}, ${want.hi.toPrecision(4)}], ${want.pos}+/${want.neg}−, p ${want.p}): "${verdictText}"`,
  );
  // The CLI's groups: the same finals' means, so the card and the terminal agree on what they compare.
  const cli = JSON.parse(
    execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'runs', '--out', runsDir, '--json'], {
      encoding: 'utf8',
    }),
  ) as { groups: { name: string; seeds: number[]; final: { val_loss: { mean: number } } }[] };
  const meanOf = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
  const group = (name: string) => cli.groups.find((g) => g.name === name);
  check(
    cli.groups.length === 2 &&
      Math.abs(group('mse')!.final.val_loss.mean - meanOf(mse)) < 1e-12 &&
      Math.abs(group('huber')!.final.val_loss.mean - meanOf(huber)) < 1e-12 &&
      close(m, group('mse')!.final.val_loss.mean - group('huber')!.final.val_loss.mean),
    `losslab runs --json: groups ${cli.groups.map((g) => `${g.name} seeds ${g.seeds} val loss ${g.final.val_loss.mean.toPrecision(4)}`).join(', ')}; the card's A − B is the difference of their means`,
  );

  // A band per configuration, each in the colour its key gives, and the band toggled between min–max and ±1 std.
  const key = await frame.evaluate<{ name: string; colour: string }[]>(
    `[...document.querySelectorAll('.ll-seeds-key-item')].map((k) => ({ name: k.textContent, colour: getComputedStyle(k.querySelector('.ll-swatch')).backgroundColor }))`,
  );
  check(
    key.map((k) => k.name).join() === 'mse (3 seeds),huber (3 seeds)' && key[0].colour !== key[1].colour,
    `the key names each configuration's colour: ${key.map((k) => `${k.name} ${k.colour}`).join(', ')}`,
  );
  const palette = key.map((k) => k.colour);
  const bandButton = card.locator('button', { hasText: 'Band:' });
  const minmax = await inks(frame, 'losslab-seed-bands', palette);
  check(
    (await bandButton.textContent()) === 'Band: min–max' &&
      minmax.line.every((x) => x > 100) &&
      minmax.fill.every((x) => x > 300),
    `a mean line and a min–max band per configuration (mse, huber): lines ${minmax.line}, band pixels ${minmax.fill}`,
  );
  await shot('seeds-minmax');
  await bandButton.click();
  await until('the band button to say ±1 std', async () => (await bandButton.textContent()) === 'Band: ±1 std', 10_000);
  const std = await settle(
    () => inks(frame, 'losslab-seed-bands', palette),
    (v) => v.fill.join() !== minmax.fill.join(),
    10_000,
  );
  check(
    std.fill.join() !== minmax.fill.join() && std.fill.every((x) => x > 100) && std.line.every((x) => x > 100),
    `±1 std redraws the bands (band pixels ${minmax.fill} → ${std.fill}), the means still drawn (${std.line})`,
  );
  const fg = await cssVar(frame, '--vscode-editor-foreground', '#cccccc');
  const diff = await inks(frame, 'losslab-seed-difference', [fg]);
  check(
    diff.line[0] > 100 && diff.fill[0] > 100,
    `the difference mse − huber: its mean line (${diff.line[0]} pixels) and its band (${diff.fill[0]} pixels)`,
  );
  await card.locator('.ll-seeds-verdict').scrollIntoViewIfNeeded();
  await shot('seeds-std-and-difference');
}

/**
 * For each chart canvas, its most dashed column in `colour`: how many times the colour starts again down the
 * column (a dashed 4-on 3-off marker line restarts every 7 pixels; a curve crosses a column once or twice).
 */
function dashedColumns(frame: Frame, colour: string): Promise<{ label: string; x: number; starts: number }[]> {
  return frame.evaluate(`(() => {
    const probe = document.createElement('canvas').getContext('2d');
    probe.fillStyle = ${JSON.stringify(colour)};
    probe.fillRect(0, 0, 1, 1);
    const t = [...probe.getImageData(0, 0, 1, 1).data];
    return [...document.querySelectorAll('canvas[aria-label$=" chart"]')].map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const on = (x, y) => { const i = 4 * (y * c.width + x); return Math.hypot(d[i] - t[0], d[i + 1] - t[1], d[i + 2] - t[2]) < 60; };
      let best = { x: -1, starts: 0 };
      for (let x = 0; x < c.width; x++) {
        let starts = 0;
        for (let y = 1; y < c.height; y++) if (on(x, y) && !on(x, y - 1)) starts++;
        if (starts > best.starts) best = { x, starts };
      }
      return { label: c.getAttribute('aria-label'), ...best };
    });
  })()`);
}

/** The last step before `divergedAt` with a finite loss and gradient norm, read from the run's events. */
function lastFiniteStep(dir: string, divergedAt: number): { step: number; loss: number; gradNorm: number } | null {
  const steps = fs
    .readFileSync(path.join(dir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; step: number; loss: unknown; gradNorm: unknown })
    .filter((e) => e.type === 'step' && e.step < divergedAt);
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const last = steps.reverse().find((e) => finite(e.loss) && finite(e.gradNorm));
  return last ? { step: last.step, loss: last.loss as number, gradNorm: last.gradNorm as number } : null;
}

async function divergence(s: Suite, runsDir: string): Promise<void> {
  const { page, check, shot } = s;
  const before = new Set(summaries(runsDir));
  await openFromExplorer(page, 'diverge.losslab.json');
  await runAll(page);
  const id = await until('the diverging run to end', () => summaries(runsDir).find((d) => !before.has(d)), 120_000);
  const run = recorded(runsDir).find((r) => r.dir.endsWith(id))!;
  const at = run.summary.divergedAtStep ?? NaN;
  const last = lastFiniteStep(run.dir, at);
  check(
    run.summary.status === 'diverged' && last !== null,
    `the run diverged at step ${at}, last finite step ${last?.step}`,
  );
  const frame = await until('the dashboard', () => dashboardFrame(page));
  const notice = frame.locator('.ll-header .ll-notice');
  const text = await settle(
    async () => (await notice.textContent()) ?? '',
    (t) => t.includes('Charts mark it'),
  );
  const label =
    /Charts mark it: (diverged at step (\d+) · last finite \(step (\d+)\): loss (\S+), grad norm (\S+))\./.exec(text);
  check(
    label !== null &&
      Number(label[2]) === at &&
      Number(label[3]) === last!.step &&
      close(numbers(label[4])[0], last!.loss, 3) &&
      close(numbers(label[5])[0], last!.gradNorm, 3),
    `the header gives the marker's label with the last finite values of the run's record ` +
      `(step ${last?.step}: loss ${last?.loss.toPrecision(4)}, grad norm ${last?.gradNorm.toPrecision(4)}): "${label?.[1]}"`,
  );
  const colour = await frame.evaluate<string>(
    `getComputedStyle(document.querySelector('.ll-header .ll-swatch')).backgroundColor`,
  );
  const dashed = await dashedColumns(frame, colour);
  const marked = dashed.filter((c) => /^(Loss|Learning rate|Gradient norm)/.test(c.label));
  check(
    marked.length === 3 && marked.every((c) => c.starts >= 15),
    `the loss, learning-rate and gradient-norm charts draw the dashed marker in the run's colour ${colour}: ` +
      marked.map((c) => `${c.label} x=${c.x} (${c.starts} dashes)`).join(', '),
  );
  await shot('diverged-marker');

  // Restart from the last good point, at a lower rate than the third of it the box proposes.
  const restart = frame.locator('.ll-header button', { hasText: 'Restart from last good point' });
  await restart.click();
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  const proposed = await input.inputValue();
  check(proposed === '1', `the box proposes a third of the rate 3: "${proposed}"`);
  await shot('restart-box');
  await input.fill('0.05');
  await page.keyboard.press('Enter');
  const known = new Set(summaries(runsDir));
  const resumedId = await until(
    'the restarted run to end',
    () => summaries(runsDir).find((d) => !known.has(d)),
    120_000,
  );
  const resumedDir = path.join(runsDir, resumedId);
  const link = JSON.parse(fs.readFileSync(path.join(resumedDir, 'resumed.json'), 'utf8')) as {
    run: string;
    epoch: number;
    lr: number;
  };
  const summary = recorded(runsDir).find((r) => r.dir === resumedDir)!.summary;
  check(
    link.run === id &&
      link.lr === 0.05 &&
      link.epoch === Math.floor(last!.step / 20) &&
      summary.status === 'completed' &&
      Number.isFinite(summary.final?.valLoss ?? NaN),
    `a new run continues ${link.run} from epoch ${link.epoch} at lr ${link.lr} and ends ${summary.status}, val loss ${summary.final?.valLoss}`,
  );
  // The panel adds the new run and makes it the active one: its header shows it completed, both runs are drawn.
  const status = await settle(
    async () => (await frame.locator('.ll-header .ll-status').first().getAttribute('class')) ?? '',
    (c) => c.includes('ll-status-completed'),
  );
  const lossInk = await settle(
    async () => (await chartInk(frame)).find((c) => c.label === 'Loss chart')?.ink ?? 0,
    (n) => n > 200,
  );
  check(
    status.includes('ll-status-completed') && lossInk > 200,
    `the dashboard shows the restarted run as the active one (${status}), the loss chart drawn (${lossInk} pixels)`,
  );
  await shot('restarted-run');
}

interface TopRow {
  line: number;
  target: number;
  prediction: number;
  loss: number;
  share: number;
}

/** Each run's table in the Rows card, by run name. */
function rowTables(frame: Frame): Promise<Record<string, TopRow[]>> {
  return frame.evaluate(`Object.fromEntries([...document.querySelectorAll('.ll-card-rows .ll-rows-run')].map((t) => [
    t.querySelector('h3').textContent.split(' · ')[0],
    [...t.querySelectorAll('tbody tr')].map((tr) => {
      const [line, target, prediction, loss, share] = [...tr.querySelectorAll('td')].map((td) => td.textContent);
      return { line: Number(line), target: Number(target), prediction: Number(prediction), loss: Number(loss), share: Number(share.replace('%', '')) / 100 };
    }),
  ]))`);
}

async function rowsViews(s: Suite, runsDir: string): Promise<void> {
  const { page, check, shot } = s;
  const before = new Set(summaries(runsDir));
  await openFromExplorer(page, 'rows.losslab.json');
  await runAll(page);
  await until(
    'both row-recording runs to end',
    () => summaries(runsDir).filter((d) => !before.has(d)).length >= 2,
    120_000,
  );
  const mseDir = recorded(runsDir).find((r) => r.name === 'mse rows')!.dir;
  const frame = await until('the dashboard', () => dashboardFrame(page));
  const card = frame.locator('.ll-card-rows');
  await until('the Rows card', () => card.isVisible(), 60_000);
  await card.scrollIntoViewIfNeeded();
  const tables = await settle(
    () => rowTables(frame),
    (t) => Object.keys(t).length === 2,
  );
  const mse = tables['mse rows'] ?? [];
  const { std } = JSON.parse(fs.readFileSync(path.join(mseDir, 'preprocessing.json'), 'utf8')).target.scaler;
  // The planted outliers carry MSE's gradient: the table starts with them, each with its CSV target.
  const leading = mse.findIndex((r) => !DATA.outliers.has(r.line));
  check(
    mse.length === 10 &&
      leading >= 3 &&
      mse.slice(0, leading).every((r) => Math.abs(r.target - DATA.outliers.get(r.line)!) < 1e-3) &&
      mse.every((r) => close(r.loss, ((r.prediction - r.target) / std) ** 2, 3)),
    `MSE's top rows start with ${leading} planted outliers (lines ${mse.slice(0, leading).map((r) => r.line)}), ` +
      `each with its CSV target and the loss ((prediction − target)/σ)²`,
  );
  const notes = (await card.locator('.ll-card-note, p').allTextContents()).join('\n');
  const shares = Object.fromEntries(
    [...notes.matchAll(/(mse rows|huber rows) · \w+: the 1% of rows with the largest loss carry ([\d.]+)%/g)].map(
      (m) => [m[1], Number(m[2])],
    ),
  );
  check(
    shares['mse rows'] > shares['huber rows'] && /after epoch 20/.test(notes),
    `the 1% largest-loss rows carry more of the gradient under MSE (${shares['mse rows']}%) than under Huber (${shares['huber rows']}%), after epoch 20`,
  );
  const histogram = await settle(
    async () => (await saturated(frame, 'losslab-row-losses')) ?? 0,
    (n) => n > 200,
  );
  check(histogram > 200, `the histogram of row losses is drawn (${histogram} coloured pixels)`);
  await frame.evaluate(`document.querySelector('.ll-card-rows').scrollIntoView({ block: 'start' })`);
  await shot('rows-card');

  // A top row's line opens the CSV there, tinted.
  const top = mse[0];
  await frame.locator(`.ll-rows-run button.ll-row-line[data-line="${top.line}"]`).first().click();
  await page.locator('.tab.active', { hasText: 'line.csv' }).waitFor({ timeout: 30_000 });
  const line = await settle(
    () => cursorLine(page),
    (l) => l === top.line,
  );
  const tint = await settle(
    () => tinted(page),
    (t) => t.some((x) => x.line === top.line),
  );
  const hottest = Math.max(...tint.map((t) => t.alpha));
  const csvLines = DATA.csv.split('\n');
  check(line === top.line, `clicking line ${top.line} in the card opens line.csv at line ${line}`);
  check(
    tint.length > 3 &&
      tint.find((t) => t.line === top.line)?.alpha === hottest &&
      tint.every((t) => t.text === csvLines[t.line - 1]) &&
      tint.filter((t) => t.alpha === hottest).every((t) => DATA.outliers.has(t.line)),
    `${tint.length} lines on screen are tinted; the hottest (opacity ${hottest}) are outliers: ` +
      tint
        .filter((t) => t.alpha === hottest)
        .map((t) => t.line)
        .join(', '),
  );
  await shot('csv-row-losses');
  // The mouse moved along the line's text (past its end VS Code asks no hover provider); VS Code shows a hover
  // after the pointer rests, which a busy machine may miss: then the keyboard's Show Hover at the cursor, there too.
  const text = page.locator('.editor-group-container.active .view-line', { hasText: csvLines[top.line - 1] }).first();
  const box = (await text.boundingBox())!;
  for (const dx of [10, 20, 30, 40]) await page.mouse.move(box.x + dx, box.y + box.height / 2, { steps: 3 });
  const hover = page.locator('.monaco-hover', { hasText: 'Loss Lab' }).first();
  let by = 'the mouse';
  if (
    !(await hover.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    ))
  ) {
    by = 'Show or Focus Hover';
    await runCommand(page, 'Show or Focus Hover');
    await hover.waitFor({ timeout: 15_000 });
  }
  // innerText, not textContent: the hover's paragraphs end in line breaks, so "target 10.2" is not read as "10.2loss".
  const hoverText = await hover.innerText();
  const [p, t] = numbers(/prediction (\S+) · target (\S+)/.exec(hoverText)?.slice(1).join(' ') ?? '');
  const [l, share, rank] = numbers(
    /loss (\S+) · (\S+)% of the training gradient \(rank (\d+)/.exec(hoverText)?.slice(1).join(' ') ?? '',
  );
  check(
    hoverText.includes('mse rows (after epoch 20) · training row') &&
      p === top.prediction &&
      t === top.target &&
      close(l, top.loss, 3) &&
      close(share / 100, top.share, 2) &&
      rank === 1,
    `the hover (by ${by}) gives the row's prediction, target, loss, gradient share and rank: "${hoverText.replace(/\s+/g, ' ').trim()}"`,
  );
  await shot('csv-row-hover');
  await page.keyboard.press('Escape');

  // Go to the Rows that Drive the Loss: the training rows carrying the most first; the second one picked.
  await runCommand(page, 'Loss Lab: Go to the Rows that Drive the Loss', 'The rows that drive the loss');
  const items = page.locator('.quick-input-list .monaco-list-row');
  await items.first().waitFor({ timeout: 15_000 });
  // Each row's first label is its line; its detail (prediction and target) has a label of its own.
  const labels = (await items.locator('.label-name').allTextContents())
    .map((l) => l.trim())
    .filter((l) => /^line \d+$/.test(l));
  check(
    labels[0]?.trim() === `line ${mse[0].line}` && labels[1]?.trim() === `line ${mse[1].line}`,
    `the pick lists the rows carrying the most, as the card does: ${labels.slice(0, 4).join(', ')}`,
  );
  await shot('driving-rows-pick');
  await items.nth(1).click();
  const second = await settle(
    () => cursorLine(page),
    (n) => n === mse[1].line,
  );
  check(second === mse[1].line, `picking line ${mse[1].line} reveals it (cursor at line ${second})`);

  await runCommand(page, 'Loss Lab: Clear Row Losses');
  const cleared = await settle(
    () => tinted(page),
    (x) => x.length === 0,
  );
  check(cleared.length === 0, `Clear Row Losses removes the tint (${cleared.length} lines left)`);
  await shot('row-losses-cleared');
}

main(
  {
    name: 'why',
    workspaceTrust: false,
    prepare(ws) {
      fs.writeFileSync(path.join(ws, 'line.csv'), DATA.csv);
      for (const [name, experiment] of Object.entries(EXPERIMENTS))
        fs.writeFileSync(path.join(ws, name), JSON.stringify(experiment, null, 2));
    },
    ready: (page) =>
      page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'line.csv' }).waitFor({ timeout: 60_000 }),
  },
  async (s) => {
    const runsDir = path.join(s.ws, '.losslab', 'runs');
    // Opening the CSV activates the extension (onLanguage:csv) even when VS Code, busy, gave up looking for
    // *.losslab.json files at startup (its workspaceContains search times out on a loaded machine).
    await openFromExplorer(s.page, 'line.csv');
    await s.page.locator('.codelens-decoration a', { hasText: 'Train on this CSV' }).waitFor({ timeout: 90_000 });
    await seedsCard(s, runsDir);
    await divergence(s, runsDir);
    await rowsViews(s, runsDir);
  },
);
