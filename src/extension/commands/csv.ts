/** Commands on a CSV file: train on it from quick picks, inspect it, open the sample one. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { inspectJob } from '../inspectJob';
import { withToolJob } from '../toolProgress';
import { askTrainConfig } from '../trainFlow';
import type { Command } from './context';
import { csvTarget } from './targets';
import { followJob, startRuns } from './training';

const INSPECTION_SCHEME = 'losslab-inspection';

export const trainOnCsv: Command = (c) => async (arg?: unknown) => {
  const uri = await csvTarget(arg, 'Train');
  if (!uri) return;
  const config = await askTrainConfig(uri.fsPath, c.ctx.extension.workspaceState, {}, true);
  if (!config) return;
  const runs = startRuns(c, [config], null, [null]);
  if (runs.length > 1) void followJob(c, `Loss Lab: ${config.name} over ${runs.length} seeds`, runs);
};

/**
 * An inspection is a read-only Markdown document of its own, shown as a preview: unlike an untitled
 * document, closing it asks nothing.
 */
export const inspectCsv: Command = ({ ctx }) => {
  const inspections = new Map<string, string>();
  let inspected = 0;
  ctx.push(
    vscode.workspace.registerTextDocumentContentProvider(INSPECTION_SCHEME, {
      provideTextDocumentContent: (doc) => inspections.get(doc.toString()),
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => inspections.delete(doc.uri.toString())),
  );
  return async (arg?: unknown) => {
    const job = await inspectJob(arg);
    if (!job) return;
    const markdown = await withToolJob(ctx, `Loss Lab: inspecting ${path.basename(job.file)}`, job);
    if (markdown === null) return;
    const doc = vscode.Uri.from({
      scheme: INSPECTION_SCHEME,
      path: `/${path.basename(job.file)}.md`,
      query: String(++inspected),
    });
    inspections.set(doc.toString(), markdown);
    await vscode.commands.executeCommand('markdown.showPreviewToSide', doc);
  };
};

/** The bundled iris.csv, copied into the (trusted) workspace folder when there is one. */
export const openSample: Command =
  ({ ctx }) =>
  async () => {
    const sample = ctx.asset('media', 'samples', 'iris.csv');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    let target = sample;
    if (folder && vscode.workspace.isTrusted) {
      target = vscode.Uri.joinPath(folder, 'iris.csv');
      if (!fs.existsSync(target.fsPath)) fs.copyFileSync(sample.fsPath, target.fsPath);
    }
    await vscode.window.showTextDocument(target);
  };
