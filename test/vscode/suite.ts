/**
 * Runs inside VS Code's extension host (loaded by runTest.ts): the commands, code lenses and views of
 * the installed extension against a workspace holding iris.csv. A tiny sequential runner, so the suite
 * needs nothing beyond VS Code itself.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const tests: [string, () => Promise<void>][] = [];
const it = (name: string, fn: () => Promise<void>) => tests.push([name, fn]);

async function until<T>(what: string, probe: () => T | undefined | false, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const folder = () => vscode.workspace.workspaceFolders![0].uri;
const csv = () => vscode.Uri.joinPath(folder(), 'iris.csv');
const runsDir = () => path.join(folder().fsPath, '.losslab', 'runs');
const summaries = () =>
  fs.existsSync(runsDir())
    ? fs.readdirSync(runsDir()).filter((d) => fs.existsSync(path.join(runsDir(), d, 'summary.json')))
    : [];

it('contributes every command under the Loss Lab category', async () => {
  const all = await vscode.commands.getCommands(true);
  for (const c of [
    'trainOnCsv',
    'newExperiment',
    'runExperiment',
    'runAll',
    'stopRun',
    'stopAll',
    'openDashboard',
    'compareSelected',
    'inspectCsv',
    'showRunConfig',
    'deleteRun',
    'exportRunData',
  ])
    assert.ok(all.includes(`lossLab.${c}`), c);
});

it('puts Train, New experiment and Inspect lenses on a CSV header', async () => {
  const doc = await vscode.workspace.openTextDocument(csv());
  await vscode.window.showTextDocument(doc);
  const got = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', csv());
  assert.deepEqual(
    got.map((l) => [l.range.start.line, l.command?.title]),
    [
      [0, '$(play) Train on this CSV'],
      [0, 'New experiment…'],
      [0, 'From template…'],
      [0, 'Inspect columns'],
    ],
  );
});

it('runs every run of an experiment file and records them', async () => {
  const file = vscode.Uri.joinPath(folder(), 'cmp.losslab.json');
  fs.writeFileSync(
    file.fsPath,
    '{ "data": {"path": "iris.csv"}, "training": {"epochs": 5}, "runs": [{"name": "ce", "loss": "cross_entropy"}, {"name": "focal", "loss": "focal"}] }',
  );
  const before = summaries().length;
  await vscode.commands.executeCommand('lossLab.runAll', file);
  await until('two recorded runs', () => summaries().length >= before + 2);
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file);
  assert.ok(lenses.some((l) => l.command?.title.startsWith('$(run-all) Run all & compare')));
});

export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const [name, fn] of tests) {
    try {
      await fn();
      console.log(`ok - ${name}`);
    } catch (e) {
      failures.push(name);
      console.log(`not ok - ${name}\n${e instanceof Error ? e.stack : String(e)}`);
    }
  }
  console.log(`${tests.length - failures.length} passed, ${failures.length} failed`);
  if (failures.length) throw new Error(`${failures.length} VS Code test(s) failed`);
}
