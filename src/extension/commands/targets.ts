/** What a command acts on: the file it was given, else the active editor's, else one the user picks. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseJsonc, resolveExperiment } from '../../core/config/experiment';
import type { RunRecord } from '../../core/store/records';
import { runDirOf } from '../../io/exportTarget';
import { listRuns } from '../../io/runStore';
import type { RunItem } from '../../views/runsModel';
import { isExperimentFile } from '../codeLens';
import type { Ctx } from '../ctx';

export async function csvTarget(arg: unknown, purpose: string): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.path.toLowerCase().endsWith('.csv')) return active;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { CSV: ['csv', 'tsv', 'txt'] },
    openLabel: purpose,
  });
  return picked?.[0];
}

export async function experimentTarget(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && isExperimentFile(active)) return active;
  const files = await vscode.workspace.findFiles('**/*.losslab.json', '**/node_modules/**', 50);
  if (files.length === 1) return files[0];
  const picked = await vscode.window.showQuickPick(
    files.map((f) => ({ label: path.basename(f.fsPath), description: vscode.workspace.asRelativePath(f), uri: f })),
    { title: 'Loss Lab: experiment file' },
  );
  return picked?.uri;
}

/** The experiment as the editor has it (unsaved edits included). */
export async function readExperimentDoc(uri: vscode.Uri) {
  const doc = await vscode.workspace.openTextDocument(uri);
  return resolveExperiment(parseJsonc(doc.getText(), uri.fsPath), uri.fsPath);
}

/**
 * A recorded run's folder: from the Runs view, the dashboard (its id), or a pick among the recorded runs that
 * `fits`; null for a live run not recorded yet, undefined when there is none or the user cancels.
 */
export async function recordedRunTarget(
  ctx: Ctx,
  arg: unknown,
  title: string,
  fits: (r: RunRecord) => boolean = () => true,
): Promise<string | null | undefined> {
  if (arg && typeof arg === 'object' && 'runDir' in arg) return (arg as RunItem).runDir;
  if (typeof arg === 'string') return runDirOf(arg, (key) => ctx.runs.runs.get(key)?.runDir, ctx.runsDir);
  const records = listRuns(ctx.runsDir).filter(fits).reverse();
  if (!records.length)
    return void vscode.window.showInformationMessage('Loss Lab: no recorded runs of that kind yet; train one first.');
  const picked = await vscode.window.showQuickPick(
    records.map((r) => ({
      label: r.meta.config.name,
      description: [r.meta.experiment, r.status].filter(Boolean).join(' · '),
      detail: r.id,
      dir: r.dir,
    })),
    { title, matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.dir;
}
