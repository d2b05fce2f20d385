/** A status bar item while anything trains: spinner, epoch and loss of the newest run; a click opens the dashboard. */
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { progressText } from '../views/liveRun';

export function registerStatusBar(ctx: Ctx): void {
  const item = vscode.window.createStatusBarItem('lossLab.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Loss Lab';
  item.command = 'lossLab.openDashboard';
  ctx.push(item);
  let wasRunning = false;
  const update = () => {
    const running = ctx.runs.running;
    const queued = [...ctx.runs.runs.values()].filter((r) => r.status === 'queued').length;
    const active = running.length > 0 || queued > 0;
    if (active !== wasRunning) void vscode.commands.executeCommand('setContext', 'lossLab.running', active);
    wasRunning = active;
    if (!active) {
      item.hide();
      return;
    }
    const run = running[running.length - 1];
    const more = running.length + queued > 1 ? ` (+${running.length + queued - 1})` : '';
    item.text = run ? `$(sync~spin) ${progressText(run)}${more}` : `$(clock) ${queued} queued`;
    item.tooltip = `Loss Lab: ${running.map((r) => r.config.name).join(', ') || 'waiting'}${queued ? `; ${queued} queued` : ''}. Click to open the dashboard.`;
    item.show();
  };
  ctx.runs.on('change', update);
  update();
}
