/**
 * `npm run test:e2e`: looking inside trained models in a real VS Code (code-server). A run trained by the CLI
 * before the window opened, opened from the Runs view, shows its decision surface (computed from its recorded
 * weights); two runs of an experiment file show theirs, and after picking two other features on the card
 * both are drawn over those, the classes where the new pair puts them; the loss between the two solutions is
 * drawn on its card, its ends equal to the runs' final validation losses in the runs table. Screenshots go to
 * test/e2e/artifacts/solutions/.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { clickLens, frameWith, main, root, settle, showLossLab, summaries, until } from './harness';

const EXPERIMENT = 'three.losslab.json';

/**
 * Three features from a fixed generator; the class is x0 − 2·x2 > 0 (with a little noise), x1 unrelated. Over
 * (x0, x1) the boundary is upright: "down" at the left, "up" at the right. Over (x2, x0) it is a diagonal
 * the other way: "up" at the top left (x2 low, x0 high), "down" at the bottom right.
 */
function threeCsv(rows: number): string {
  let seed = 11;
  const u = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = ['x0,x1,x2,side'];
  for (let i = 0; i < rows; i++) {
    const x = [10 * u() - 5, 100 * u(), 4 * u() - 2];
    lines.push([...x.map((v) => v.toFixed(3)), x[0] - 2 * x[2] + 0.5 * (u() - 0.5) > 0 ? 'up' : 'down'].join(','));
  }
  return `${lines.join('\n')}\n`;
}

interface Surface {
  run: string;
  label: string;
  /** The class nearest the colour at the top-left and bottom-right corners (15% in from each edge). */
  topLeft: string;
  bottomRight: string;
}

/** Each surface's canvas read back: the most frequent colour of a 9 × 9 patch, matched to the legend's swatches. */
function readSurfaces(frame: Frame): Promise<Surface[]> {
  return frame.evaluate(`[...document.querySelectorAll('.ll-surface')].map((fig) => {
    const canvas = fig.querySelector('canvas');
    const ctx = canvas.getContext('2d');
    const patch = (fx, fy) => {
      const d = ctx.getImageData(Math.round(canvas.width * fx) - 4, Math.round(canvas.height * fy) - 4, 9, 9).data;
      const counts = new Map();
      for (let i = 0; i < d.length; i += 4) {
        const k = [d[i], d[i + 1], d[i + 2]].join(',');
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      return [...counts].sort((a, b) => b[1] - a[1])[0][0].split(',').map(Number);
    };
    const swatches = [...fig.querySelectorAll('.ll-surface-key')].map((k) => [
      k.textContent, getComputedStyle(k.querySelector('.ll-surface-swatch')).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number),
    ]);
    const nearest = (rgb) => swatches
      .map(([name, c]) => [name, c.reduce((s, v, i) => s + (v - rgb[i]) ** 2, 0)])
      .sort((a, b) => a[1] - b[1])[0][0];
    return { run: fig.querySelector('.ll-surface-run').textContent, label: canvas.getAttribute('aria-label'),
      topLeft: nearest(patch(0.15, 0.15)), bottomRight: nearest(patch(0.85, 0.85)) };
  })`);
}

/** The runs table's final validation loss, as shown, by run name. */
function tableValLosses(frame: Frame): Promise<Record<string, string>> {
  return frame.evaluate(`(() => {
    const table = document.querySelector('.ll-runs table');
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
    const val = heads.indexOf('Val loss');
    const name = heads.indexOf('Run');
    return Object.fromEntries([...table.querySelectorAll('tbody tr')].map((tr) => [
      tr.children[name].textContent, tr.children[val].textContent,
    ]));
  })()`);
}

/** Picks the quick pick's row named `text` by filtering to it (a hover over another row can take a click). */
async function pickRow(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: 30_000 });
  // A new pick starts empty: the previous one's text means it is still closing.
  await until('the next pick', async () => (await input.isVisible()) && (await input.inputValue()) === '', 30_000);
  await input.fill(text);
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text }).first().waitFor();
  await input.press('Enter');
}

const describe = (s: Surface[]) =>
  s.map((x) => `${x.run}: ${x.label} (top left ${x.topLeft}, bottom right ${x.bottomRight})`).join('; ');

main(
  {
    name: 'solutions',
    workspaceTrust: false,
    prepare(ws) {
      fs.writeFileSync(path.join(ws, 'three.csv'), threeCsv(300));
      // A run recorded before the window opens: the dashboard knows it only from its folder.
      execFileSync(
        process.execPath,
        [
          path.join(root, 'dist', 'cli.js'),
          'train',
          'three.csv',
          '--target',
          'side',
          '--loss',
          'bce',
          '--epochs',
          '30',
          '--lr',
          '0.1',
          '--quiet',
        ],
        { cwd: ws },
      );
      fs.writeFileSync(
        path.join(ws, EXPERIMENT),
        JSON.stringify(
          {
            data: { path: 'three.csv', target: 'side' },
            loss: 'bce',
            training: { epochs: 30, seed: 3 },
            runs: [
              { name: 'sgd', optimizer: { name: 'sgd', lr: 0.1 } },
              { name: 'adam', optimizer: { name: 'adam', lr: 0.05 } },
            ],
          },
          null,
          2,
        ),
      );
    },
    ready: (page) =>
      page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'three.csv' }).waitFor({ timeout: 60_000 }),
  },
  async ({ page, ws, check, shot }) => {
    const runsDir = path.join(ws, '.losslab', 'runs');
    const [cliRun] = fs.readdirSync(runsDir);
    const cliName = JSON.parse(fs.readFileSync(path.join(runsDir, cliRun, 'config.json'), 'utf8')).config.name;

    // Opened from the explorer (its file search can time out on a busy machine); the lenses come once the
    // extension has activated.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: EXPERIMENT }).first().click();
    await page.locator('.tab.active', { hasText: EXPERIMENT }).waitFor({ timeout: 60_000 });
    await page
      .locator('.codelens-decoration a', { hasText: 'Run all & compare' })
      .first()
      .waitFor({ timeout: 180_000 });

    // 1. A run from the Runs view (trained by the CLI): its surface, from its recorded weights.
    await showLossLab(page);
    const row = page.locator('.sidebar .monaco-list-row', { hasText: cliName }).first();
    await row.waitFor({ timeout: 60_000 });
    await row.click();
    // The panel's frame (with the controls), not the side bar's compact dashboard.
    let frame = await until('the dashboard', () => frameWith(page, 'button.ll-interpolate'));
    const recorded = await settle(
      () => readSurfaces(frame),
      (s) => s.length === 1 && s[0].run.endsWith('epoch 30'),
      60_000,
    );
    check(
      recorded.length === 1 &&
        recorded[0].label.includes('over x0 and x1') &&
        recorded[0].topLeft === 'down' &&
        recorded[0].bottomRight === 'up',
      `the run opened from the Runs view shows its surface over x0 and x1, "down" left and "up" right: ${describe(recorded)}`,
    );
    await frame
      .locator('.ll-card-surface')
      .scrollIntoViewIfNeeded({ timeout: 10_000 })
      .catch(() => undefined);
    await shot('runs-view-surface');

    // 2. Two runs of an experiment: their surfaces, then the same over two features picked on the card.
    await clickLens(page, 'Run all & compare');
    await until('both runs to finish', () => summaries(runsDir).length >= 3, 180_000);
    frame = await until('the dashboard', () => frameWith(page, 'button.ll-interpolate'));
    const card = frame.locator('.ll-card-surface');
    const before = await settle(
      () => readSurfaces(frame),
      (s) => s.length === 2 && s.every((x) => x.run.endsWith('epoch 30')),
      60_000,
    );
    check(
      before.length === 2 && before.every((s) => s.topLeft === 'down' && s.bottomRight === 'up'),
      `both runs' surfaces over x0 and x1: ${describe(before)}`,
    );
    await frame.selectOption('.ll-surface-pick[aria-label="Feature across (x)"]', 'x2');
    await settle(
      () => readSurfaces(frame),
      (s) => s.length === 2 && s.every((x) => x.label.includes('over x2 and x1')),
    );
    await frame.selectOption('.ll-surface-pick[aria-label="Feature up (y)"]', 'x0');
    const after = await settle(
      () => readSurfaces(frame),
      (s) => s.length === 2 && s.every((x) => x.label.includes('over x2 and x0')),
    );
    check(
      after.length === 2 &&
        after.every((s) => s.label.includes('over x2 and x0') && s.topLeft === 'up' && s.bottomRight === 'down'),
      `after picking x2 across and x0 up, both surfaces are drawn over them, "up" top left and "down" bottom right: ${describe(after)}`,
    );
    await card.scrollIntoViewIfNeeded({ timeout: 10_000 }).catch(() => undefined);
    await shot('surfaces-picked-features');

    // 3. The loss between the two solutions: picked in two steps, drawn on its card.
    await frame.locator('button.ll-interpolate').click();
    await pickRow(page, 'sgd');
    await pickRow(page, 'adam');
    const ends = frame.locator('.ll-card-interpolation .ll-interpolation-end');
    await ends.first().waitFor({ timeout: 120_000 });
    const [at0, at1] = await ends.allTextContents();
    const table = await tableValLosses(frame);
    const val = (t: string) => /val loss (\S+)/.exec(t)?.[1];
    check(
      /^α = 0: sgd \(final weights\)/.test(at0) && /^α = 1: adam \(final weights\)/.test(at1),
      `the card's ends are the two runs: "${at0}", "${at1}"`,
    );
    check(
      val(at0) === table.sgd && val(at1) === table.adam && table.sgd !== undefined && table.sgd !== table.adam,
      `its validation losses at α = 0 and 1 (${val(at0)}, ${val(at1)}) are the runs' final ones in the table (${table.sgd}, ${table.adam})`,
    );
    const drawn = await frame.evaluate<{ ink: number; marks: number }>(`(() => {
      const c = document.querySelector('.ll-card-interpolation canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let i = 0; i < d.length; i += 4) {
        const hi = Math.max(d[i], d[i + 1], d[i + 2]);
        const lo = Math.min(d[i], d[i + 1], d[i + 2]);
        if (d[i + 3] > 128 && hi - lo > 60) ink++;
      }
      return { ink, marks: document.querySelectorAll('.ll-card-interpolation .ll-key-item').length };
    })()`);
    check(
      drawn.ink > 300 && drawn.marks === 2,
      `the train and val curves are drawn (${drawn.ink} coloured pixels, ${drawn.marks} keys)`,
    );
    await frame.locator('.ll-card-interpolation').scrollIntoViewIfNeeded();
    await shot('loss-between-solutions');
  },
);
