/** How the extension shows an error a user can cause. */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { isLossLabError } from '../core/errors';

/** Shows a user error (bad CSV, bad config) with a button to the offending line; rethrows our bugs. */
export async function reportError(e: unknown): Promise<void> {
  if (!isLossLabError(e)) throw e;
  const { file, line } = e.where;
  const open = file && fs.existsSync(file) ? 'Open File' : undefined;
  const choice = await vscode.window.showErrorMessage(`Loss Lab: ${e.message}`, ...(open ? [open] : []));
  if (choice && file) {
    const pos = new vscode.Position(Math.max(0, (line ?? 1) - 1), Math.max(0, (e.where.column ?? 1) - 1));
    await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(pos, pos) });
  }
}
