/** Loss Lab's VS Code extension: activation wires the parts together; training itself runs in workers. */
import * as vscode from 'vscode';
import { LossLabLenses } from './codeLens';
import { registerCommands } from './commands';
import { offerToFollowAgain } from './commands/remoteSweeps';
import { Ctx } from './ctx';
import { Dashboard } from './dashboard';
import { registerFormulaHover } from './formulaHover';
import { registerRowLosses } from './rowCommands';
import { RunsTree } from './runsTree';
import { registerStatusBar } from './statusBar';
import { registerTrajectories } from './trajectories/panel';
import { quote } from '../core/errors';

export function activate(context: vscode.ExtensionContext): void {
  const ctx = new Ctx(context);
  const dashboard = new Dashboard(ctx);
  const tree = new RunsTree(ctx);
  new LossLabLenses(ctx);
  registerStatusBar(ctx);
  registerFormulaHover(ctx);
  registerTrajectories(ctx);
  registerRowLosses(ctx);
  registerCommands(ctx, dashboard, tree);
  notifyFailures(ctx);
  offerToFollowAgain(ctx);
}

/** A run that fails says so, with the file and line of a user error when there is one. */
function notifyFailures(ctx: Ctx): void {
  const output = vscode.window.createOutputChannel('Loss Lab');
  ctx.push(output);
  ctx.runs.on('change', (run) => {
    if (run.status !== 'failed' || !run.error) return;
    const e = run.error;
    if (e.userError) {
      const open = e.file ? 'Open File' : undefined;
      void vscode.window
        .showErrorMessage(`Loss Lab: ${quote(run.config.name)}: ${e.message}`, ...(open ? [open] : []))
        .then((choice) => {
          if (!choice || !e.file) return;
          const pos = new vscode.Position(Math.max(0, (e.line ?? 1) - 1), 0);
          void vscode.window.showTextDocument(vscode.Uri.file(e.file), { selection: new vscode.Range(pos, pos) });
        });
    } else {
      output.appendLine(`[${new Date().toISOString()}] ${run.config.name} failed:\n${e.message}\n`);
      void vscode.window
        .showErrorMessage(`Loss Lab: ${run.config.name} failed unexpectedly.`, 'Show Details')
        .then((c) => c && output.show());
    }
  });
}

export function deactivate(): void {
  // Workers end with the extension host; Ctx's disposables terminate them first.
}
