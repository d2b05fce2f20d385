/**
 * The learning-rate range test from VS Code, and writing the rate it suggests (or one picked on its curve)
 * into the experiment file. The test runs in a tool worker with a cancellable progress notification; its
 * result goes to the dashboard's card.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { learningRateEdits, roundRate } from '../../core/config/lrEdit';
import type { RunConfig } from '../../core/config/types';
import { quote } from '../../core/errors';
import { type LrFindView, rangeTestTitle } from '../../protocol/experimentViews';
import { isExperimentFile } from '../codeLens';
import type { Ctx } from '../ctx';
import { reportError } from '../reportError';
import { withToolJob } from '../toolProgress';
import { askTrainConfig, rememberLearningRate } from '../trainFlow';
import type { Command } from './context';
import { csvTarget, experimentTarget, readExperimentDoc } from './targets';

/** What a range test was run for: a run of an experiment file, or a CSV trained from quick picks. */
type LrTarget = { kind: 'experiment'; uri: vscode.Uri; runName: string } | { kind: 'csv'; uri: vscode.Uri };

/** The run to test: from a lens (file and run), the active editor, or a pick. */
async function lrTarget(
  ctx: Ctx,
  arg: unknown,
  runName: unknown,
): Promise<{ target: LrTarget; config: RunConfig } | undefined> {
  const given = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const csv = given && /\.(csv|tsv|txt)$/i.test(given.path) ? given : undefined;
  const file = given && isExperimentFile(given) ? given : csv ? undefined : await experimentTarget(undefined);
  if (file) {
    const exp = await readExperimentDoc(file);
    let run = exp.runs.find((r) => r.name === runName) ?? (exp.runs.length === 1 ? exp.runs[0] : undefined);
    if (!run) {
      const name = await vscode.window.showQuickPick(
        exp.runs.map((r) => r.name),
        { title: `${exp.name}: find the learning rate of which run?` },
      );
      run = exp.runs.find((r) => r.name === name);
    }
    return run && { target: { kind: 'experiment', uri: file, runName: run.name }, config: run };
  }
  const uri = csv ?? (await csvTarget(undefined, 'Find learning rate'));
  const config = uri && (await askTrainConfig(uri.fsPath, ctx.extension.workspaceState));
  return uri && config ? { target: { kind: 'csv', uri }, config } : undefined;
}

/** Writes the rate (as an undoable edit of the experiment file, or as the CSV's remembered choice); the rate written, or null. */
async function useRate(ctx: Ctx, target: LrTarget, lr: number): Promise<number | null> {
  const value = roundRate(lr);
  if (target.kind === 'csv') {
    await rememberLearningRate(target.uri.fsPath, ctx.extension.workspaceState, value);
    void vscode.window.showInformationMessage(
      `Loss Lab: ${value} is preselected the next time you train on ${path.basename(target.uri.fsPath)}.`,
    );
    return value;
  }
  const doc = await vscode.workspace.openTextDocument(target.uri);
  const edits = learningRateEdits(doc.getText(), target.uri.fsPath, target.runName, lr);
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits)
    edit.replace(
      target.uri,
      new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)),
      e.content,
    );
  if (!(await vscode.workspace.applyEdit(edit))) return null;
  const at = doc.positionAt(edits[0]?.offset ?? 0);
  await vscode.window.showTextDocument(doc, {
    viewColumn: vscode.ViewColumn.One,
    selection: new vscode.Range(at, at),
    preserveFocus: true,
  });
  void vscode.window.showInformationMessage(
    `Loss Lab: set optimizer.lr of ${quote(target.runName)} to ${value} (undo with Ctrl+Z; save to keep it).`,
  );
  return value;
}

export const findLearningRate: Command = ({ ctx, dashboard }) => {
  /** Range tests whose rate the dashboard may still ask to use, by view id. */
  const tested = new Map<string, { target: LrTarget; view: LrFindView }>();
  let counter = 0;

  dashboard.extras.useLearningRate = (id, lr) => {
    const entry = tested.get(id);
    if (!entry)
      return void vscode.window.showWarningMessage(
        'Loss Lab: that range test is from an earlier session; run it again to use its rate.',
      );
    const { target, view } = entry;
    // The webview may ask for any rate on the curve, but only one the test tried.
    if (!(lr >= Math.min(...view.lrs) && lr <= Math.max(...view.lrs))) return;
    void useRate(ctx, target, lr).then((used) => {
      if (used === null) return;
      view.currentLr = used;
      if (dashboard.extras.lrFind?.id === id) dashboard.showExtras();
    }, reportError);
  };

  return async (arg?: unknown, runName?: unknown) => {
    const picked = await lrTarget(ctx, arg, runName);
    if (!picked) return;
    const { target, config } = picked;
    const result = await withToolJob(ctx, `Loss Lab: learning-rate range test of ${config.name}`, {
      type: 'lrFind',
      config,
    });
    if (!result) return;
    const { lrs, losses, suggestion, stopped, note } = result;
    const title = rangeTestTitle(
      target.kind === 'csv' ? path.basename(target.uri.fsPath) : config.name,
      config.optimizer.name,
    );
    const currentLr = typeof config.optimizer.lr === 'number' ? config.optimizer.lr : null;
    const view: LrFindView = {
      id: `lr-${++counter}`,
      title,
      lrs,
      losses,
      suggestion,
      stopped,
      note,
      currentLr,
      writable: true,
    };
    tested.set(view.id, { target, view });
    dashboard.extras.lrFind = view;
    dashboard.showExtras();
  };
};
