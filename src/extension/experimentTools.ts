/**
 * The experiment tools in VS Code: the learning-rate range test (and writing its rate into the
 * experiment file), the schedule preview and the PyTorch export. The computations run in a tool worker
 * (toolJobs.ts), with a cancellable progress notification; results go to the dashboard's cards.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunConfig } from '../core/config/types';
import { pytorchScript } from '../core/export/pytorch';
import { readExportSource } from '../io/exportSource';
import { listRuns } from '../io/runStore';
import { type LrFindView, rangeTestTitle } from '../protocol/experimentViews';
import { isExperimentFile } from './codeLens';
import { csvTarget, experimentTarget, readExperimentDoc } from './commands/targets';
import { reportError } from './reportError';
import type { Ctx } from './ctx';
import type { Dashboard } from './dashboard';
import { runDirOf, scriptFileName } from '../io/exportTarget';
import { learningRateEdits, roundRate } from '../core/config/lrEdit';
import type { RunItem } from '../views/runsModel';
import { withToolJob } from './toolProgress';
import { askTrainConfig, rememberLearningRate } from './trainFlow';
import { quote } from '../core/errors';

/** What a range test was run for: a run of an experiment file, or a CSV trained from quick picks. */
type LrTarget = { kind: 'experiment'; uri: vscode.Uri; runName: string } | { kind: 'csv'; uri: vscode.Uri };

/** The run to test: from a lens (file and run), the active editor, or a pick. */
async function lrTarget(ctx: Ctx, arg: unknown, runName: unknown): Promise<{ target: LrTarget; config: RunConfig } | undefined> {
  const given = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const csv = given && /\.(csv|tsv|txt)$/i.test(given.path) ? given : undefined;
  const file = given && isExperimentFile(given) ? given : csv ? undefined : await experimentTarget(undefined);
  if (file) {
    const exp = await readExperimentDoc(file);
    let run = exp.runs.find((r) => r.name === runName) ?? (exp.runs.length === 1 ? exp.runs[0] : undefined);
    if (!run) {
      const name = await vscode.window.showQuickPick(exp.runs.map((r) => r.name), { title: `${exp.name}: find the learning rate of which run?` });
      run = exp.runs.find((r) => r.name === name);
    }
    return run && { target: { kind: 'experiment', uri: file, runName: run.name }, config: run };
  }
  const uri = csv ?? (await csvTarget(undefined, 'Find learning rate'));
  const config = uri && (await askTrainConfig(uri.fsPath, ctx.extension.workspaceState));
  return uri && config ? { target: { kind: 'csv', uri }, config } : undefined;
}

export function registerExperimentTools(ctx: Ctx, dashboard: Dashboard): void {
  /** Range tests whose rate the dashboard may still ask to use, by view id. */
  const lrTargets = new Map<string, { target: LrTarget; view: LrFindView }>();
  let counter = 0;

  ctx.command('findLearningRate', async (arg?: unknown, runName?: unknown) => {
    try {
      const picked = await lrTarget(ctx, arg, runName);
      if (!picked) return;
      const { target, config } = picked;
      const result = await withToolJob(ctx, `Loss Lab: learning-rate range test of ${config.name}`, { type: 'lrFind', config });
      if (!result) return;
      const view: LrFindView = {
        id: `lr-${++counter}`,
        title: rangeTestTitle(target.kind === 'csv' ? path.basename(target.uri.fsPath) : config.name, config.optimizer.name),
        lrs: result.lrs,
        losses: result.losses,
        suggestion: result.suggestion,
        stopped: result.stopped,
        note: result.note,
        currentLr: typeof config.optimizer.lr === 'number' ? config.optimizer.lr : null,
        writable: true,
      };
      lrTargets.set(view.id, { target, view });
      dashboard.extras.lrFind = view;
      dashboard.showExtras();
    } catch (e) {
      await reportError(e);
    }
  });

  dashboard.extras.useLearningRate = (id, lr) => {
    const entry = lrTargets.get(id);
    if (!entry) return void vscode.window.showWarningMessage('Loss Lab: that range test is from an earlier session; run it again to use its rate.');
    const { target, view } = entry;
    // The webview may ask for any rate on the curve, but only one the test tried.
    if (!(lr >= Math.min(...view.lrs) && lr <= Math.max(...view.lrs))) return;
    void useRate(target, lr).then(
      (used) => {
        if (used === null) return;
        view.currentLr = used;
        if (dashboard.extras.lrFind?.id === id) dashboard.showExtras();
      },
      (e: unknown) => reportError(e),
    );
  };

  /** Writes the rate (as an undoable edit of the experiment file, or as the CSV's remembered choice); the rate written, or null. */
  const useRate = async (target: LrTarget, lr: number): Promise<number | null> => {
    const value = roundRate(lr);
    if (target.kind === 'csv') {
      await rememberLearningRate(target.uri.fsPath, ctx.extension.workspaceState, value);
      void vscode.window.showInformationMessage(`Loss Lab: ${value} is preselected the next time you train on ${path.basename(target.uri.fsPath)}.`);
      return value;
    }
    const doc = await vscode.workspace.openTextDocument(target.uri);
    const edits = learningRateEdits(doc.getText(), target.uri.fsPath, target.runName, lr);
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) edit.replace(target.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.content);
    if (!(await vscode.workspace.applyEdit(edit))) return null;
    const at = doc.positionAt(edits[0]?.offset ?? 0);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(at, at), preserveFocus: true });
    void vscode.window.showInformationMessage(`Loss Lab: set optimizer.lr of ${quote(target.runName)} to ${value} (undo with Ctrl+Z; save to keep it).`);
    return value;
  };

  ctx.command('previewSchedule', async (arg?: unknown) => {
    const uri = await experimentTarget(arg);
    if (!uri) return;
    try {
      const exp = await readExperimentDoc(uri);
      const previews = await withToolJob(ctx, `Loss Lab: schedules of ${exp.name}`, { type: 'schedule', configs: exp.runs });
      if (!previews) return;
      dashboard.extras.preview = {
        title: exp.name,
        schedules: previews.map((p) => ({ name: p.name, schedule: p.schedule, stepsPerEpoch: p.stepsPerEpoch, lrs: p.lrs, note: p.note })),
      };
      dashboard.showExtras();
    } catch (e) {
      await reportError(e);
    }
  });

  const liveRunDir = (key: string) => {
    const live = ctx.runs.runs.get(key);
    return live ? live.runDir : undefined;
  };

  /** A recorded run: from the Runs view, the dashboard (its id), or a pick among the recorded runs. */
  const exportSource = async (arg: unknown): Promise<string | null | undefined> => {
    if (arg && typeof arg === 'object' && 'runDir' in arg) return (arg as RunItem).runDir;
    if (typeof arg === 'string') return runDirOf(arg, liveRunDir, ctx.runsDir);
    const records = listRuns(ctx.runsDir).reverse();
    if (!records.length) return void vscode.window.showInformationMessage('Loss Lab: no recorded runs yet; train one first.');
    const picked = await vscode.window.showQuickPick(
      records.map((r) => ({ label: r.meta.config.name, description: [r.meta.experiment, r.status].filter(Boolean).join(' · '), detail: r.id, dir: r.dir })),
      { title: 'Export which run as a PyTorch script?', matchOnDescription: true, matchOnDetail: true },
    );
    return picked?.dir;
  };

  const exportPytorch = async (arg?: unknown) => {
    try {
      const dir = await exportSource(arg);
      if (dir === undefined) return;
      if (dir === null) return void vscode.window.showInformationMessage('Loss Lab: this run has no record yet; export it once it has started.');
      const source = readExportSource(dir);
      const script = pytorchScript(source);
      const uri = await vscode.window.showSaveDialog({
        title: 'Save the PyTorch script',
        defaultUri: vscode.Uri.joinPath(ctx.folder, scriptFileName(source.config.name)),
        filters: { Python: ['py'] },
      });
      if (!uri) return;
      await fs.promises.writeFile(uri.fsPath, script);
      const open = await vscode.window.showInformationMessage(`Loss Lab: wrote ${path.basename(uri.fsPath)}; run it with python3 (it needs PyTorch).`, 'Open');
      if (open) await vscode.window.showTextDocument(uri);
    } catch (e) {
      await reportError(e);
    }
  };
  ctx.command('exportPytorch', exportPytorch);
  dashboard.extras.exportPytorch = (runId) => void exportPytorch(runId);
}
