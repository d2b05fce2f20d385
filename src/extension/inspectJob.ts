/**
 * What "Inspect columns" inspects: a CSV as it is (the last column as target), or the data of an
 * experiment file's run, read with its `data` block (decimal, encoding, kinds, ignore, ...) as training
 * reads it.
 */
import * as vscode from 'vscode';
import type { ToolJob } from '../runs/toolJobs';
import { isExperimentFile } from './codeLens';
import { csvTarget, readExperimentDoc } from './commands/targets';

export async function inspectJob(arg: unknown): Promise<Extract<ToolJob, { type: 'inspect' }> | undefined> {
  const given = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (given && isExperimentFile(given)) {
    const exp = await readExperimentDoc(given);
    const name =
      exp.runs.length === 1
        ? exp.runs[0].name
        : await vscode.window.showQuickPick(
            exp.runs.map((r) => r.name),
            { title: `${exp.name}: inspect the data of which run?` },
          );
    const config = exp.runs.find((r) => r.name === name);
    return config && { type: 'inspect', file: config.data.path, config };
  }
  const uri = await csvTarget(arg, 'Inspect');
  return uri && { type: 'inspect', file: uri.fsPath };
}
