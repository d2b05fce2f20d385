/**
 * `npm run test:e2e` (with restricted.ts): Loss Lab in a real VS Code (code-server, driven by Playwright in
 * Debian's Chromium), from the packaged .vsix: train from the CSV lens through the quick picks, check the
 * dashboard's charts by their pixels, the Runs view, then run an experiment file and compare, a bad CSV,
 * a learning rate changed live from the dashboard, and a window reload mid-run. Screenshots of each step go to test/e2e/artifacts/workflow/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  chartInk,
  clickLens,
  settle,
  dashboardFrame,
  frameWith,
  lensTitles,
  main,
  openFile,
  root,
  runCommand,
  showLossLab,
  summaries,
  trainWithDefaults,
  until,
} from './harness';

main(
  {
    name: 'workflow',
    workspaceTrust: false,
    prepare(ws) {
      fs.copyFileSync(path.join(root, 'test', 'data', 'iris.csv'), path.join(ws, 'iris.csv'));
      fs.writeFileSync(
        path.join(ws, 'compare.losslab.json'),
        '// cross-entropy against focal loss\n{\n  "data": {"path": "iris.csv"},\n  "model": {"hidden": [16]},\n  "training": {"epochs": 40, "seed": 1},\n  "runs": [\n    {"name": "cross-entropy", "loss": "cross_entropy"},\n    {"name": "focal", "loss": {"name": "focal", "gamma": 2}}\n  ]\n}\n',
      );
      fs.copyFileSync(path.join(root, 'test', 'data', 'digits.csv'), path.join(ws, 'digits.csv'));
      fs.writeFileSync(path.join(ws, 'ragged.csv'), 'a,b,c\n1,2,3\n4,5,6,7\n6,7,8\n');
      fs.writeFileSync(
        path.join(ws, 'long.losslab.json'),
        '{ "data": {"path": "digits.csv"}, "model": {"hidden": [512, 512]}, "training": {"epochs": 100000, "batchSize": "full"}, "runs": [{"name": "long run"}] }\n',
      );
    },
    // The explorer lists the workspace once the window has settled.
    ready: (page) =>
      page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'iris.csv' }).waitFor({ timeout: 60_000 }),
  },
  async ({ page, ws, check, shot }) => {
    const runsDir = path.join(ws, '.losslab', 'runs');
    // 1. Open the CSV: its header line carries the lenses.
    await openFile(page, 'iris.csv');
    await page.locator('.codelens-decoration a', { hasText: 'Train on this CSV' }).waitFor({ timeout: 60_000 });
    const lenses = await lensTitles(page);
    check(
      JSON.stringify(lenses) ===
        JSON.stringify(['$(play) Train on this CSV', 'New experiment…', 'From template…', 'Inspect columns']),
      `CSV header lenses: ${lenses.join(' | ')}`,
    );
    await shot('csv-lenses');

    // Inspect columns: the columns and the task, worked out in the tool worker, in a Markdown preview.
    await clickLens(page, 'Inspect columns');
    const inspection = await until('the inspection', () => frameWith(page, 'table'), 60_000).catch(() => null);
    const inspected = inspection ? await inspection.evaluate<string>('document.body.innerText') : '';
    check(
      inspected.includes('150 rows, 5 columns') &&
        /species\s+categorical → one-hot\s+target/.test(inspected) &&
        /sepal_length_\(cm\)\s+numeric\s+feature/.test(inspected) &&
        /species.{0,3} → multiclass \(3 classes/.test(inspected),
      `Inspect columns shows the rows, each column's kind and role, and the task: "${inspected.slice(0, 60)}…"`,
    );
    await shot('inspect-columns');
    // A read-only document of its own: no untitled document is left behind to be asked about on closing.
    const untitled = await page.locator('.tab', { hasText: 'Untitled' }).count();
    check(untitled === 0, `the inspection opens no untitled document (${untitled} tabs)`);
    const previewTab = page.locator('.tab', { hasText: 'iris.csv.md' }).first();
    await previewTab.click();
    await runCommand(page, 'View: Close Editor');
    await previewTab.waitFor({ state: 'detached', timeout: 10_000 });
    await openFile(page, 'iris.csv');

    // 2. Train on this CSV, answering the quick picks with their preselected defaults.
    await trainWithDefaults(page, {
      first: async () => {
        const title = await page.locator('.quick-input-title').textContent();
        check(/target column/.test(title ?? ''), `first quick pick asks for the target: "${title}"`);
        await shot('quick-pick-target');
      },
      last: () => shot('quick-pick-learning-rate'),
    });
    await until('the run to finish', () => summaries(runsDir).length >= 1);
    const frame = await until('the dashboard', () => dashboardFrame(page));
    const charted = (ink: { label: string; ink: number }[]) =>
      ['loss', 'grad', 'learning rate'].every(
        (name) => (ink.find((c) => c.label.toLowerCase().includes(name))?.ink ?? 0) > 150,
      );
    const ink = await settle(() => chartInk(frame), charted);
    await shot('dashboard-after-train');
    console.log(`  charts: ${ink.map((c) => `${c.label || '?'}=${c.ink}`).join(', ')}`);
    for (const name of ['loss', 'grad', 'learning rate']) {
      const chart = ink.find((c) => c.label.toLowerCase().includes(name));
      check(
        chart !== undefined && chart.ink > 150,
        `dashboard chart "${name}" shows data (${chart?.ink ?? 0} series pixels)`,
      );
    }

    // 3. The Runs view lists the run.
    await showLossLab(page);
    const row = page.locator('.monaco-list-row', { hasText: 'iris' }).first();
    await row.waitFor({ timeout: 30_000 });
    check(
      /cross_entropy/.test((await row.textContent()) ?? ''),
      `Runs view lists the run: "${await row.textContent()}"`,
    );
    await shot('runs-view');

    // 4. An experiment file with two runs: Run all & compare, both overlaid.
    const before = summaries(runsDir).length;
    await openFile(page, 'compare.losslab.json');
    await clickLens(page, 'Run all & compare');
    await until('both runs to finish', () => summaries(runsDir).length >= before + 2);
    await settle(
      () => lensTitles(page),
      (titles) => titles.filter((t) => t.startsWith('$(check) val acc')).length === 2,
    );
    await shot('compare-two-runs');
    const compare = await until('the dashboard', () => dashboardFrame(page));
    const text = await compare.evaluate<string>('document.body.innerText');
    check(text.includes('cross-entropy') && text.includes('focal'), 'the dashboard shows both runs of the experiment');
    const results = (await lensTitles(page)).filter((t) => t.startsWith('$(check) val acc'));
    check(results.length === 2, `run lenses show the result: ${results.join(' | ')}`);
    // One run, one color: the side bar shows the active run in the color the panel gives it.
    const headers: { name: string; color: string }[] = [];
    for (const f of page.frames()) {
      const header = await f
        .evaluate<{ name: string; color: string } | null>(
          `(() => {
          const name = document.querySelector('.ll-run-name');
          const swatch = document.querySelector('.ll-swatch');
          return name && swatch ? { name: name.textContent, color: getComputedStyle(swatch).backgroundColor } : null;
        })()`,
        )
        .catch(() => null);
      if (header) headers.push(header);
    }
    check(
      headers.length === 2 && headers[0].name === headers[1].name && headers[0].color === headers[1].color,
      `the side bar and the panel color the active run alike: ${JSON.stringify(headers)}`,
    );

    // 5. A bad CSV: the error names the file and line, with a button to it, and nothing else breaks.
    await openFile(page, 'ragged.csv');
    await clickLens(page, 'Train on this CSV');
    const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: 'ragged.csv' }).first();
    await toast.waitFor({ timeout: 30_000 });
    const toastText = (await toast.textContent()) ?? '';
    check(
      /line 3/.test(toastText) && /Open File/.test(toastText),
      `a bad CSV shows an error notification naming the line: "${toastText.slice(0, 120)}"`,
    );
    await shot('bad-csv-error');

    // 6. A window reload while a run trains: the worker stops, the run reads "interrupted", the dashboard comes back.
    await openFile(page, 'long.losslab.json');
    await clickLens(page, 'Run all & compare');
    await page.locator('.codelens-decoration a', { hasText: 'Stop ·' }).first().waitFor({ timeout: 60_000 });
    // First a new learning rate from the dashboard's run header: it is recorded as a control event.
    const live = await until('the dashboard', () => dashboardFrame(page));
    const lrField = live.locator('.ll-lr-input').first();
    await lrField.waitFor({ timeout: 30_000 });
    await lrField.fill('0.0005');
    await live.locator('.ll-lr button', { hasText: 'Set' }).first().click();
    const longDir = await until(
      "the long run's folder",
      () =>
        fs
          .readdirSync(runsDir)
          .find((d) => fs.readFileSync(path.join(runsDir, d, 'config.json'), 'utf8').includes('"long run"')),
      30_000,
    );
    const changed = await until(
      'the change in its record',
      () =>
        fs
          .readFileSync(path.join(runsDir, longDir, 'events.jsonl'), 'utf8')
          .split('\n')
          .find((l) => l.includes('"type":"control"')),
      60_000,
    ).catch(() => undefined);
    const control = changed ? (JSON.parse(changed) as { action: string; lr: number }) : null;
    check(
      control?.action === 'lr' && control.lr === 0.0005,
      `a learning rate set in the dashboard is recorded: ${changed ?? 'nothing'}`,
    );
    await shot('lr-changed-live');
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await showLossLab(page);
    const interrupted = page.locator('.monaco-list-row', { hasText: 'long run' }).first();
    await interrupted.waitFor({ timeout: 60_000 });
    await until(
      'the run to read interrupted',
      async () => /interrupted/.test((await interrupted.textContent()) ?? ''),
      30_000,
    ).catch(() => false);
    check(
      /interrupted/.test((await interrupted.textContent()) ?? ''),
      `after a reload the stopped run reads "interrupted": "${await interrupted.textContent()}"`,
    );
    const restored = await until('the restored dashboard', () => dashboardFrame(page), 60_000).catch(() => null);
    const restoredText = restored
      ? await until(
          'its runs',
          async () =>
            (await restored.evaluate<string>('document.body.innerText')).includes('long run') ? 'yes' : null,
          30_000,
        ).catch(() => null)
      : null;
    check(restoredText !== null, 'the dashboard panel comes back after the reload, showing the run it showed');
    await shot('after-reload');
  },
);
