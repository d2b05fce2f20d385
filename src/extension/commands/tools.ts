/** The schedule preview and the PyTorch export from VS Code; results go to the dashboard or to a file the user picks. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pytorchScript } from '../../core/export/pytorch';
import { readExportSource } from '../../io/exportSource';
import { scriptFileName } from '../../io/exportTarget';
import { reportError } from '../reportError';
import { withToolJob } from '../toolProgress';
import type { Command } from './context';
import { experimentTarget, readExperimentDoc, recordedRunTarget } from './targets';

export const previewSchedule: Command =
  ({ ctx, dashboard }) =>
  async (arg?: unknown) => {
    const uri = await experimentTarget(arg);
    if (!uri) return;
    const exp = await readExperimentDoc(uri);
    const previews = await withToolJob(ctx, `Loss Lab: schedules of ${exp.name}`, {
      type: 'schedule',
      configs: exp.runs,
    });
    if (!previews) return;
    const schedules = previews.map(({ name, schedule, stepsPerEpoch, lrs, note }) => ({
      name,
      schedule,
      stepsPerEpoch,
      lrs,
      note,
    }));
    dashboard.extras.preview = { title: exp.name, schedules };
    dashboard.showExtras();
  };

export const exportPytorch: Command = ({ ctx, dashboard }) => {
  const run = async (arg?: unknown) => {
    const dir = await recordedRunTarget(ctx, arg, 'Export which run as a PyTorch script?');
    if (dir === undefined) return;
    if (dir === null)
      return void vscode.window.showInformationMessage(
        'Loss Lab: this run has no record yet; export it once it has started.',
      );
    const source = readExportSource(dir);
    const script = pytorchScript(source);
    const defaultUri = vscode.Uri.joinPath(ctx.folder, scriptFileName(source.config.name));
    const uri = await vscode.window.showSaveDialog({
      title: 'Save the PyTorch script',
      defaultUri,
      filters: { Python: ['py'] },
    });
    if (!uri) return;
    await fs.promises.writeFile(uri.fsPath, script);
    const open = await vscode.window.showInformationMessage(
      `Loss Lab: wrote ${path.basename(uri.fsPath)}; run it with python3 (it needs PyTorch).`,
      'Open',
    );
    if (open) await vscode.window.showTextDocument(uri);
  };
  // The dashboard's run header asks for the same export by run id.
  dashboard.extras.exportPytorch = (runId) => void run(runId).catch(reportError);
  return run;
};
