/**
 * What the extension's parts share: the run manager, the runs folder, and one place that collects
 * every disposable. Commands are registered through it (the `lossLab.` prefix is added here).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RunManager } from '../runs/runManager';
import { RemoteTraining } from './remoteTraining';
import { settings } from './settings';

export class Ctx {
  readonly runs: RunManager;
  /** Where an experiment file's runs train when lossLab.redisUrl is set. */
  readonly remote: RemoteTraining;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.remote = new RemoteTraining(() => this.runsDir, extension.storageUri?.fsPath ?? null);
    this.runs = new RunManager(
      path.join(extension.extensionPath, 'dist', 'worker.js'),
      settings.maxParallelRuns(),
      () => this.runsDir,
    );
    this.push({ dispose: () => this.runs.dispose() }, this.remote);
    this.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('lossLab.maxParallelRuns')) this.runs.maxParallel = settings.maxParallelRuns();
      }),
    );
  }

  /** The workspace folder runs belong to: the first one, or the home folder when none is open. */
  get folder(): vscode.Uri {
    return vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  }

  get runsDir(): string {
    return settings.runsDirectory(this.folder);
  }

  push(...disposables: vscode.Disposable[]): void {
    this.extension.subscriptions.push(...disposables);
  }

  command(name: string, handler: (...args: never[]) => unknown): void {
    this.push(vscode.commands.registerCommand(`lossLab.${name}`, handler as (...args: unknown[]) => unknown));
  }

  asset(...parts: string[]): vscode.Uri {
    return vscode.Uri.joinPath(this.extension.extensionUri, ...parts);
  }
}
