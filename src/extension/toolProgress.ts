/** A job of the tool worker (toolJobs.ts) behind a progress notification that can cancel it. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { type ToolJob, runTool } from '../runs/toolJobs';

export function toolWorkerFile(ctx: Ctx): string {
  return path.join(ctx.extension.extensionPath, 'dist', 'toolWorker.js');
}

/** Resolves with the job's result, or null when the user cancelled it. */
export function withToolJob<J extends ToolJob>(ctx: Ctx, title: string, job: J) {
  const workerFile = toolWorkerFile(ctx);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (progress, token) => {
      const run = runTool(workerFile, job, (message) => progress.report({ message }));
      token.onCancellationRequested(() => run.cancel());
      return run.result;
    },
  );
}
