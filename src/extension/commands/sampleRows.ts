/** Sample Rows…: a generate run's synthetic rows as a CSV the user names, opened in the editor. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { csvLines } from '../../core/csv/write';
import { sampleRun } from '../../runs/sampleRun';
import { reportError } from '../reportError';
import type { Command } from './context';
import { recordedRunTarget } from './targets';

const DEFAULT_ROWS = 1000;

export const sampleRows: Command = ({ ctx, dashboard }) => {
  const run = async (arg?: unknown) => {
    const dir = await recordedRunTarget(
      ctx,
      arg,
      'Sample rows from which generate run?',
      (r) => r.meta.config.data.task === 'generate' && r.status !== 'running',
    );
    if (dir === undefined) return;
    if (dir === null)
      return void vscode.window.showInformationMessage(
        'Loss Lab: this run has no record yet; sample it once it has ended.',
      );
    const text = await vscode.window.showInputBox({
      title: 'Sample rows: how many?',
      prompt: "Rows to draw from the run's generator (the same run and count always give the same rows)",
      value: String(DEFAULT_ROWS),
      validateInput: (v) => (/^\s*[1-9]\d*\s*$/.test(v) ? null : 'A positive whole number, for example 1000'),
    });
    if (text === undefined) return;
    const uri = await vscode.window.showSaveDialog({
      title: 'Save the sampled rows',
      defaultUri: vscode.Uri.joinPath(ctx.folder, `${path.basename(dir)}-synthetic.csv`),
      filters: { CSV: ['csv'] },
    });
    if (!uri) return;
    const sampled = await sampleRun(dir, Number(text.trim()), null);
    await fs.promises.writeFile(uri.fsPath, csvLines(sampled.header, sampled.rows));
    await vscode.window.showTextDocument(uri);
  };
  // The dashboard's run header asks for the same by run id.
  dashboard.extras.sampleRows = (runId) => void run(runId).catch(reportError);
  return run;
};
