/**
 * `npm run test:e2e` (with e2e.ts and restricted.ts): the experiment tools in a real VS Code (code-server):
 * a sweep from its lens with the dashboard's sweep card and its HTML export, the learning-rate range test with "Use this
 * learning rate" writing into the file, the schedule preview, the PyTorch export through the dashboard
 * and a save dialog, and the optimizer-trajectories panel. Screenshots go to test/e2e/artifacts/experiments/.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import {
  acceptSaveDialog,
  appears,
  clickLens,
  frameWith,
  lensTitles,
  main,
  openFile,
  root,
  runCommand,
  settle,
  summaries,
  until,
} from './harness';

const EXPERIMENT = 'sweep.losslab.json';

/** How many of a canvas's pixels are saturated colour (series, markers), as the workflow suite counts them. */
function canvasInk(frame: Frame, selector: string): Promise<number> {
  return frame.evaluate(`(() => {
    const c = document.querySelector(${JSON.stringify(selector)});
    const ctx = c && c.getContext('2d');
    if (!ctx || !c.width || !c.height) return 0;
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      const hi = Math.max(data[i], data[i + 1], data[i + 2]);
      const lo = Math.min(data[i], data[i + 1], data[i + 2]);
      if (data[i + 3] > 128 && hi - lo > 60) ink++;
    }
    return ink;
  })()`);
}

main(
  {
    name: 'experiments',
    workspaceTrust: false,
    prepare(ws) {
      fs.copyFileSync(path.join(root, 'test', 'data', 'iris.csv'), path.join(ws, 'iris.csv'));
      fs.writeFileSync(
        path.join(ws, EXPERIMENT),
        [
          '// learning rate × hidden size on iris',
          '{',
          '  "data": {"path": "iris.csv"},',
          '  "model": {"hidden": [8]},',
          '  "training": {"epochs": 12, "seed": 1, "shuffle": false},',
          '  "schedule": {"name": "cosine"},',
          '  "sweep": {"grid": {"optimizer.lr": [0.003, 0.03], "model.hidden": [[8], [16]]}},',
          '  "runs": [',
          '    {"name": "adam", "optimizer": {"name": "adam", "lr": 0.01}}',
          '  ]',
          '}',
          '',
        ].join('\n'),
      );
    },
    ready: (page) =>
      page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'iris.csv' }).waitFor({ timeout: 60_000 }),
  },
  async ({ page, ws, check, shot }) => {
    const runsDir = path.join(ws, '.losslab', 'runs');
    const file = path.join(ws, EXPERIMENT);

    // 1. The experiment file's top lenses, then Sweep (4 runs): the dashboard's sweep card ranks them.
    await openFile(page, EXPERIMENT);
    await page.locator('.codelens-decoration a', { hasText: 'Find LR' }).first().waitFor({ timeout: 60_000 });
    const lenses = await lensTitles(page);
    check(
      lenses.includes('$(zap) Find LR') &&
        lenses.includes('$(graph-line) Preview schedule') &&
        lenses.includes('$(beaker) Sweep (4 runs)'),
      `experiment lenses: ${lenses.join(' | ')}`,
    );
    await shot('experiment-lenses');
    await clickLens(page, 'Sweep (4 runs)');
    await until('the four sweep runs', () => summaries(runsDir).length >= 4, 180_000);
    const sweep = await until('the sweep card', () => frameWith(page, '.ll-card-sweep'));
    const rows = await settle(
      () => sweep.evaluate<number>(`document.querySelectorAll('.ll-card-sweep tbody tr').length`),
      (n) => n >= 4,
      30_000,
    );
    check(rows === 4, `the sweep card lists the 4 runs (${rows} rows)`);
    const ink = await canvasInk(sweep, '.ll-card-sweep canvas');
    check(ink > 300, `the parallel-coordinates chart shows the runs (${ink} coloured pixels)`);
    await sweep.locator('.ll-card-sweep').scrollIntoViewIfNeeded();
    await shot('sweep-card');

    // 2. Find LR: the range-test card, then "Use this learning rate" writes optimizer.lr into the file.
    const before = fs.readFileSync(file, 'utf8');
    await clickLens(page, 'Find LR');
    // A file with one run may ask which run; take the first.
    if (await appears(page.locator('.quick-input-widget .quick-input-list .monaco-list-row'), 3000))
      await page.keyboard.press('Enter');
    const lrFrame = await until(
      'the LR range test card',
      () => frameWith(page, '.ll-card-lrfind:not([hidden])'),
      120_000,
    );
    const useButton = lrFrame.locator('.ll-card-lrfind button', { hasText: 'Use this learning rate' });
    await useButton.waitFor({ timeout: 30_000 });
    await lrFrame.locator('.ll-card-lrfind').scrollIntoViewIfNeeded();
    const lrInk = await settle(
      () => canvasInk(lrFrame, '.ll-card-lrfind canvas'),
      (n) => n > 150,
    );
    check(lrInk > 150, `the LR range test plots loss against rate (${lrInk} coloured pixels)`);
    await shot('lr-range-test');
    const suggested = Number(/\(([^)]+)\)/.exec((await useButton.textContent()) ?? '')?.[1]);
    await useButton.click();
    // The edit lands in the editor (undoable, unsaved): focus the editor and save so the file on disk shows it.
    const editorText = page.locator('.monaco-editor .view-lines').first();
    await until(
      'the edit to reach the editor',
      async () => ((await editorText.textContent()) ?? '').includes(String(suggested)),
      30_000,
    );
    await page.locator('.tab', { hasText: EXPERIMENT }).first().click();
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+S');
    const after = await until(
      'the file to change',
      () => {
        const text = fs.readFileSync(file, 'utf8');
        return text !== before ? text : null;
      },
      30_000,
    ).catch(() => fs.readFileSync(file, 'utf8'));
    check(
      after.startsWith('// learning rate × hidden size on iris'),
      'the comment at the top of the file survives the edit',
    );
    const written = /"lr":\s*([0-9.e+-]+)/.exec(after.slice(after.indexOf('"runs"')))?.[1];
    check(
      Number.isFinite(suggested) && written !== undefined && Math.abs(Number(written) / suggested - 1) < 1e-9,
      `the run's optimizer.lr is the suggested rate (${written} vs ${suggested})`,
    );

    // 3. Preview schedule: lr(t) without training.
    const runsBefore = fs.readdirSync(runsDir).length;
    await clickLens(page, 'Preview schedule');
    const preview = await until(
      'the schedule preview card',
      () => frameWith(page, '.ll-card-schedule:not([hidden])'),
      60_000,
    );
    await preview.locator('.ll-card-schedule').scrollIntoViewIfNeeded();
    const scheduleInk = await settle(
      () => canvasInk(preview, '.ll-card-schedule canvas'),
      (n) => n > 150,
    );
    check(scheduleInk > 150, `the schedule preview plots lr(t) (${scheduleInk} coloured pixels)`);
    check(fs.readdirSync(runsDir).length === runsBefore, 'previewing the schedule trains nothing');
    await shot('schedule-preview');

    // Closing a card is remembered by the host: reloaded, the panel shows the LR card again but not this one.
    await preview.locator('.ll-card-schedule button', { hasText: 'Close' }).click();
    await runCommand(page, 'Developer: Reload Webviews');
    await until('the old panel to go', () => preview.isDetached(), 30_000);
    const dashboard = await until(
      'the reloaded dashboard',
      () => frameWith(page, '.ll-card-lrfind:not([hidden])'),
      60_000,
    );
    await dashboard.locator('.ll-card-sweep').waitFor({ timeout: 30_000 });
    const scheduleCards = await dashboard.evaluate<number>(
      `document.querySelectorAll('.ll-card-schedule:not([hidden])').length`,
    );
    check(
      scheduleCards === 0,
      `a closed schedule preview stays closed when the panel reloads (${scheduleCards} shown)`,
    );

    // 4. Export as PyTorch script from the dashboard's run header, through the host's save dialog.
    const exportButton = dashboard.locator('.ll-header button', { hasText: 'Export PyTorch script' });
    await exportButton.scrollIntoViewIfNeeded();
    await exportButton.click();
    // code-server's save dialog is a quick input holding the proposed path: accept it.
    await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: 30_000 });
    await shot('export-save-dialog');
    await acceptSaveDialog(page);
    const script = await until(
      'the exported script',
      () => fs.readdirSync(ws).find((f) => f.endsWith('.py')),
      30_000,
    ).catch(() => undefined);
    check(script !== undefined, `the export wrote a Python script into the workspace (${script})`);
    if (script) {
      const text = fs.readFileSync(path.join(ws, script), 'utf8');
      check(/import torch/.test(text) && /train_loss/.test(text), 'the script trains with torch and prints train_loss');
      // Run it in PyTorch: its per-epoch losses are the run's (the run is unshuffled). Without PyTorch the
      // check says so; under CI, which installs Debian's python3-torch, a missing PyTorch fails it.
      const hasTorch = fs.existsSync('/usr/bin/python3') && spawnable('/usr/bin/python3', ['-c', 'import torch']);
      if (!hasTorch) {
        const why =
          'the PyTorch replay of the exported script needs /usr/bin/python3 with torch (Debian: apt-get install python3-torch)';
        if (process.env.CI === 'true') check(false, why);
        else console.log(`# skip - ${why}`);
      } else {
        const out =
          execFileSync('/usr/bin/python3', [script], { cwd: ws, encoding: 'utf8', timeout: 120_000 })
            .trim()
            .split('\n')
            .pop() ?? '';
        const torchLosses = (JSON.parse(out) as { train_loss: number[] }).train_loss;
        const runId = /Exported from the Loss Lab run (\S+)\./.exec(text)?.[1] ?? '';
        const ours = (
          JSON.parse(fs.readFileSync(path.join(runsDir, runId, 'summary.json'), 'utf8')) as {
            history: { trainLoss: number[] };
          }
        ).history.trainLoss;
        const worst = Math.max(...ours.map((v, i) => Math.abs(v - (torchLosses[i] ?? NaN))));
        check(
          torchLosses.length === ours.length && worst <= 1e-6,
          `the exported script reproduces the run's train loss in PyTorch (${torchLosses.length} epochs, largest difference ${worst.toExponential(1)})`,
        );
      }
    }

    // 5. Export HTML from the dashboard: a self-contained report of the shown runs, the sweep's card included.
    const htmlButton = dashboard.locator('.ll-button', { hasText: 'Export HTML' });
    await htmlButton.scrollIntoViewIfNeeded();
    await htmlButton.click();
    await acceptSaveDialog(page);
    const reportFile = path.join(ws, 'losslab-report.html');
    const report = await until(
      'the HTML report',
      () => fs.existsSync(reportFile) && fs.readFileSync(reportFile, 'utf8'),
      30_000,
    ).catch(() => '');
    const embedded = /<script type="application\/json" id="losslab-report">([\s\S]*?)<\/script>/.exec(report)?.[1];
    const messages = embedded
      ? (JSON.parse(embedded) as { type: string; runs?: unknown[]; sweep?: { runs: unknown[] } | null }[])
      : [];
    const shownRuns = messages.find((m) => m.type === 'runs')?.runs?.length ?? 0;
    const sweepRuns = messages.find((m) => m.type === 'sweep')?.sweep?.runs.length ?? 0;
    check(
      shownRuns === 4 && sweepRuns === 4,
      `Export HTML writes a report of the 4 shown runs with their sweep (${shownRuns} runs, sweep of ${sweepRuns})`,
    );

    // 6. The optimizer-trajectories panel: contours and paths drawn.
    await runCommand(page, 'Loss Lab: Optimizer Trajectories');
    const trajectories = await until('the trajectories panel', () => frameWith(page, '.lt-slider'), 60_000);
    // The paths are animated: the screenshot and the check take them once drawn in full.
    const pathInk = await settle(
      () => canvasInk(trajectories, 'canvas'),
      (n) => n > 200,
      20_000,
      true,
    );
    check(pathInk > 200, `the trajectories panel draws the paths (${pathInk} coloured pixels)`);
    await shot('optimizer-trajectories');
  },
);

function spawnable(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}
