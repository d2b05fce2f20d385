/**
 * The dashboard's "Restart from last good point…": asks for a lower learning rate (a third of the run's by
 * default) and continues the diverged run from its last checkpoint as a new live run (`losslab resume`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunMeta } from '../core/store/records';
import type { LiveRun, RunManager } from '../runs/runManager';
import { suggestedRestartLr } from '../views/divergence';
import { reportError } from './reportError';

/** The new live run, or null when the user cancels or the run has no record to continue. */
export async function restartFromLastGood(runs: RunManager, dir: string | null): Promise<LiveRun | null> {
  if (!dir || !fs.existsSync(path.join(dir, 'checkpoint.json'))) {
    void vscode.window.showWarningMessage(
      'Loss Lab: this run has no recorded checkpoint to restart from; train it again with a lower learning rate.',
    );
    return null;
  }
  try {
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as RunMeta;
    const lr = Number(meta.config.optimizer.lr);
    const text = await vscode.window.showInputBox({
      title: `Restart ${meta.config.name} from its last good point`,
      prompt: `Learning rate from the last finite checkpoint on (it was ${lr}; suggested: a third of it)`,
      value: String(suggestedRestartLr(lr)),
      validateInput: (v) => {
        const x = Number(v.trim());
        return v.trim() !== '' && Number.isFinite(x) && x > 0 ? null : 'A positive number, for example 0.001';
      },
    });
    if (text === undefined) return null;
    return runs.continueRun(dir, meta.config, meta.experiment, Number(text.trim()));
  } catch (e) {
    void reportError(e);
    return null;
  }
}
