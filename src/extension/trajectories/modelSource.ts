/**
 * Which run's model the trajectory panel can slice: the active editor's CSV (with the default settings,
 * the last column as target) or experiment file (its run, picked when there are several).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { defaultConfig } from '../../core/config/defaults';
import { parseJsonc, resolveExperiment } from '../../core/config/experiment';
import { resolveRunConfig } from '../../core/config/resolve';
import type { RunConfig } from '../../core/config/types';
import type { Dataset } from '../../core/dataset';
import { loadData } from '../../io/data';
import { isExperimentFile } from '../codeLens';

export interface ModelSource {
  config: RunConfig;
  dataset: Dataset;
}

/** The active editor's run, or null when it shows neither a CSV nor an experiment file (or the user cancels). */
export async function activeModelSource(): Promise<ModelSource | null> {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc) return null;
  let config: RunConfig | undefined;
  if (isExperimentFile(doc.uri)) {
    const exp = resolveExperiment(parseJsonc(doc.getText(), doc.uri.fsPath), doc.uri.fsPath);
    const name =
      exp.runs.length === 1
        ? exp.runs[0].name
        : await vscode.window.showQuickPick(
            exp.runs.map((r) => r.name),
            { title: `${exp.name}: the run whose model to slice` },
          );
    config = exp.runs.find((r) => r.name === name);
  } else if (/\.(csv|tsv)$/i.test(doc.uri.fsPath)) {
    const file = doc.uri.fsPath;
    config = resolveRunConfig({ name: path.basename(file).replace(/\.[^.]+$/, '') }, defaultConfig(file));
  }
  return config ? { config, dataset: (await loadData(config)).dataset } : null;
}
