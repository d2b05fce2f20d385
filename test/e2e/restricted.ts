/**
 * `npm run test:e2e` (with e2e.ts): Loss Lab in Restricted Mode. code-server asks for workspace trust; the
 * suite answers that it does not trust the folder, whose .vscode/settings.json points `lossLab.runsDirectory`
 * outside it. The extension still activates and trains from the CSV lens, and the run goes to the default
 * runs folder, not the workspace's. Once the folder is trusted, the workspace's setting applies. Screenshots
 * of each step go to test/e2e/artifacts/restricted/.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import {
  appears,
  chartInk,
  dashboardFrame,
  main,
  openFile,
  root,
  runCommand,
  settle,
  showLossLab,
  summaries,
  trainWithDefaults,
  until,
} from './harness';

/** Where the workspace's settings send runs: outside the workspace, as an untrusted folder might. */
const configuredRuns = (tmp: string) => path.join(tmp, 'configured-runs');

async function restrictedModeShown(page: Page): Promise<boolean> {
  return page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().isVisible();
}

main(
  {
    name: 'restricted',
    workspaceTrust: true,
    prepare(ws, tmp) {
      fs.copyFileSync(path.join(root, 'test', 'data', 'iris.csv'), path.join(ws, 'iris.csv'));
      fs.mkdirSync(path.join(ws, '.vscode'));
      fs.writeFileSync(
        path.join(ws, '.vscode', 'settings.json'),
        JSON.stringify({ 'lossLab.runsDirectory': configuredRuns(tmp) }, null, 2),
      );
    },
  },
  async ({ page, ws, tmp, check, shot }) => {
    const defaultRuns = path.join(ws, '.losslab', 'runs');

    // 1. An untrusted folder: code-server opens it in Restricted Mode with a banner (should it ask first, with
    // VS Code's trust dialog, the suite answers that it does not trust the authors).
    const dialog = page.locator('.monaco-dialog-box', { hasText: /trust the authors/i });
    const indicator = page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first();
    await until(
      'the trust prompt or Restricted Mode',
      async () => (await dialog.isVisible()) || (await indicator.isVisible()),
      60_000,
    );
    if (await dialog.isVisible()) {
      await shot('trust-prompt');
      await dialog.getByRole('button', { name: /No, I don't trust/i }).click();
      await dialog.waitFor({ state: 'hidden' });
    }
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'iris.csv' }).waitFor({ timeout: 60_000 });
    await until('the Restricted Mode indicator', () => restrictedModeShown(page), 30_000).catch(() => false);
    const banner =
      (await page
        .locator('.monaco-workbench .banner')
        .first()
        .textContent()
        .catch(() => null)) ?? '';
    check(await restrictedModeShown(page), `the window is in Restricted Mode: "${banner.trim().slice(0, 80)}"`);
    await shot('restricted-mode');

    // 2. The extension activates: the CSV's header line carries its lenses.
    await openFile(page, 'iris.csv');
    const lens = page.locator('.codelens-decoration a', { hasText: 'Train on this CSV' });
    const activated = await appears(lens, 60_000);
    check(activated, 'Loss Lab activates in Restricted Mode (the CSV lenses show)');
    await shot('restricted-csv-lenses');

    // 3. Training works, and the run is recorded in the default folder, not where the workspace asks.
    await trainWithDefaults(page);
    await until('the run to finish', () => summaries(defaultRuns).length >= 1, 120_000).catch(() => false);
    const dashboard = await until('the dashboard', () => dashboardFrame(page), 60_000).catch(() => null);
    check(dashboard !== null, 'the dashboard shows the run in Restricted Mode');
    // The screenshot shows the charts once they are drawn.
    if (dashboard)
      await settle(
        () => chartInk(dashboard),
        (ink) => ink.some((c) => c.ink > 150),
      );
    await shot('restricted-trained');
    check(
      summaries(defaultRuns).length === 1,
      `the run is recorded in the default runs folder (${summaries(defaultRuns).length} in .losslab/runs)`,
    );
    check(!fs.existsSync(configuredRuns(tmp)), "nothing is written to the untrusted workspace's lossLab.runsDirectory");
    await showLossLab(page);
    const row = page.locator('.sidebar .monaco-list-row', { hasText: 'iris' }).first();
    const listed = await appears(row, 30_000);
    check(listed, `the Runs view lists the run: "${listed ? await row.textContent() : ''}"`);
    await shot('restricted-runs-view');

    // 4. Trusting the folder lets its setting apply: the next run goes to the configured folder.
    await runCommand(page, 'Workspaces: Manage Workspace Trust');
    const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
    await trust.waitFor({ timeout: 30_000 });
    await shot('trust-editor');
    await trust.click();
    await until('Restricted Mode to end', async () => !(await restrictedModeShown(page)), 30_000).catch(() => false);
    check(!(await restrictedModeShown(page)), 'the folder is trusted');
    await shot('trusted');
    // The trust editor opens as a modal editor, which stays open over the window once trusted: close it.
    const modal = page.locator('.monaco-modal-editor-block');
    if (await modal.isVisible()) await modal.locator('.codicon-close').first().click();
    await modal.waitFor({ state: 'hidden', timeout: 10_000 });
    await openFile(page, 'iris.csv');
    await trainWithDefaults(page);
    await until('the run to finish', () => summaries(configuredRuns(tmp)).length >= 1, 120_000).catch(() => false);
    const trusted = await until('the dashboard', () => dashboardFrame(page), 60_000).catch(() => null);
    if (trusted)
      await settle(
        () => chartInk(trusted),
        (ink) => ink.some((c) => c.ink > 150),
      );
    await shot('trusted-trained');
    check(
      summaries(configuredRuns(tmp)).length === 1,
      "once trusted, the run goes to the workspace's lossLab.runsDirectory",
    );
    check(summaries(defaultRuns).length === 1, 'and not to the default folder');
    // A run the CLI records there meanwhile shows up in the Runs view, which now watches that folder.
    // The CLI names a run after its CSV.
    fs.copyFileSync(path.join(ws, 'iris.csv'), path.join(tmp, 'from-cli.csv'));
    execFileSync(process.execPath, [
      path.join(root, 'dist', 'cli.js'),
      'train',
      path.join(tmp, 'from-cli.csv'),
      '--epochs',
      '2',
      '--out',
      configuredRuns(tmp),
      '--quiet',
    ]);
    await showLossLab(page);
    const cliRow = page.locator('.sidebar .monaco-list-row', { hasText: 'from-cli' }).first();
    const cliListed = await appears(cliRow, 30_000);
    await shot('trusted-runs-view');
    check(
      cliListed,
      `the Runs view lists a run the CLI recorded in the configured folder: "${cliListed ? await cliRow.textContent() : ''}"`,
    );
    // It shows that folder only: the Restricted-Mode run, recorded in the default folder, is no longer listed.
    const irisRows = await page.locator('.sidebar .monaco-list-row', { hasText: 'iris' }).count();
    check(
      irisRows === 1,
      `the Runs view lists the trusted run but not the Restricted-Mode one from the default folder (${irisRows} iris rows)`,
    );
  },
);
