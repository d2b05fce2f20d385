/** Typed access to the `lossLab.*` settings. Every value is read when used, so changes apply at once. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_SMOOTHING } from '../core/smoothing';
import { DEFAULT_RUNS_DIR } from '../core/store/records';
import { coreCount } from '../io/cores';

function section(scope?: vscode.Uri): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('lossLab', scope);
}

export const settings = {
  defaultLoss: (): string => section().get('defaultLoss', ''),
  defaultOptimizer: (): string => section().get('defaultOptimizer', 'adam'),
  learningRate: (): number => section().get('learningRate', 0.01),
  epochs: (): number => section().get('epochs', 50),
  /** A number, or 'full' for the whole training split. */
  batchSize: (): number | 'full' => {
    const b = section().get('batchSize', 32);
    return b > 0 ? b : 'full';
  },
  maxParallelRuns: (): number => section().get('maxParallelRuns', 0) || coreCount(),
  refreshMs: (): number => section().get('dashboardRefreshMs', 100),
  smoothing: (): number => section().get('smoothing', DEFAULT_SMOOTHING),
  /**
   * The runs folder for a workspace folder (absolute). An untrusted workspace must not choose where runs
   * are written, so in Restricted Mode only the user's own value counts. VS Code already drops workspace
   * values of the settings the manifest lists under restrictedConfigurations (test/e2e/restricted.ts
   * checks it); reading the user's value here keeps that true should the list and this setting drift apart.
   */
  /**
   * The Redis that experiment files' runs and sweeps are queued in for `losslab worker`s ('' trains here).
   * Machine-scoped, and in Restricted Mode only the user's own value counts: a workspace must not send the
   * user's data to a server it names.
   */
  redisUrl: (): string => {
    const s = section();
    return (vscode.workspace.isTrusted ? s.get<string>('redisUrl') : s.inspect<string>('redisUrl')?.globalValue) ?? '';
  },
  runsDirectory: (folder: vscode.Uri): string => {
    const s = section(folder);
    const value = vscode.workspace.isTrusted
      ? s.get<string>('runsDirectory')
      : s.inspect<string>('runsDirectory')?.globalValue;
    return path.resolve(folder.fsPath, value || DEFAULT_RUNS_DIR);
  },
};
