/**
 * The row-loss commands: show a run's row losses in its CSV (from the Runs view, the dashboard, or a pick of
 * the runs that recorded rows), go to the rows that drive the loss, and clear the tint.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ROWS_INDEX } from '../io/rowsStore';
import { listRuns } from '../io/runStore';
import type { RunItem } from '../views/runsModel';
import type { Ctx } from './ctx';
import { reportError } from './reportError';
import { RowLosses } from './rowLosses';
import { reportingUserErrors } from './userErrors';

export function registerRowLosses(ctx: Ctx): void {
  const rows = new RowLosses((...d) => ctx.push(...d));
  const command = (name: string, handler: (...args: never[]) => unknown) =>
    ctx.command(name, reportingUserErrors(handler, reportError));
  command('showRowLosses', async (arg?: unknown, line?: unknown) => {
    const dir = await runWithRows(ctx, arg);
    if (!dir) return;
    const editor = await rows.show(dir);
    if (editor && typeof line === 'number') reveal(editor, line);
  });
  command('goToDrivingRows', async () => {
    let top = rows.topRows();
    if (!top) {
      const dir = await runWithRows(ctx, undefined);
      if (!dir) return;
      await rows.show(dir);
      top = rows.topRows();
    }
    if (!top) return;
    const picked = await vscode.window.showQuickPick(
      top.map(({ split, row }) => ({
        label: `line ${row.line}`,
        description: `${(100 * row.share).toPrecision(3)}% of the ${split} gradient · loss ${row.loss.toPrecision(4)}`,
        detail: `prediction ${row.prediction} · target ${row.target}`,
        line: row.line,
      })),
      { title: 'The rows that drive the loss (most gradient first)', matchOnDescription: true },
    );
    if (!picked || !rows.file) return;
    reveal(await vscode.window.showTextDocument(vscode.Uri.file(rows.file), { preview: false }), picked.line);
  });
  command('clearRowLosses', () => rows.clear());
}

/** Selects and centres a 1-based line. */
function reveal(editor: vscode.TextEditor, line: number): void {
  const pos = new vscode.Position(Math.max(0, line - 1), 0);
  editor.selection = new vscode.Selection(pos, pos);
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
}

/** A run folder with recorded rows: given (a Runs view item or a folder), or picked among those that have them. */
async function runWithRows(ctx: Ctx, arg: unknown): Promise<string | undefined> {
  if (arg && typeof arg === 'object' && 'runDir' in arg && (arg as RunItem).runDir) return (arg as RunItem).runDir!;
  if (typeof arg === 'string') return arg;
  const records = listRuns(ctx.runsDir)
    .filter((r) => fs.existsSync(path.join(r.dir, ROWS_INDEX)))
    .reverse();
  if (!records.length)
    return void vscode.window.showInformationMessage(
      'Loss Lab: no run has recorded its rows yet; train one (runs record them as they end).',
    );
  const picked = await vscode.window.showQuickPick(
    records.map((r) => ({
      label: r.meta.config.name,
      description: [r.meta.experiment, r.meta.config.loss.name, r.status].filter(Boolean).join(' · '),
      detail: r.id,
      dir: r.dir,
    })),
    { title: "Show which run's row losses?", matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.dir;
}
