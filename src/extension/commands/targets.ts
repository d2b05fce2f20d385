/** What a command acts on: the file it was given, else the active editor's, else one the user picks. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseJsonc, resolveExperiment } from '../../core/config/experiment';
import { isExperimentFile } from '../codeLens';

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
