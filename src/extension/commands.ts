/** The `lossLab.*` commands. Each is a factory over the shared context and returns early when its preconditions fail. */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { summarizeTarget } from '../core/dataset';
import { parseJsonc, resolveExperiment } from '../core/config/experiment';
import type { RunConfig } from '../core/config/types';
import { isLossLabError, quote } from '../core/errors';
import { expandSweep } from '../core/sweep';
import { startLongestFirst, sweepJobs } from '../runs/sweepQueue';
import { TEMPLATES } from '../core/templates';
import { readRun } from '../io/runStore';
import { type RunMeta } from '../core/store/records';
import { isExperimentFile, lensOrigin } from './codeLens';
import type { Ctx } from './ctx';
import type { Dashboard } from './dashboard';
import { experimentTemplate } from '../core/experimentTemplate';
import type { LiveRun } from '../runs/runManager';
import type { RunItem } from '../views/runsModel';
import type { RunsTree } from './runsTree';
import { sweepView } from '../views/sweepViews';
import { withToolJob } from './toolProgress';
import { askTrainConfig, loadTable, targetItems } from './trainFlow';
import { inspectJob } from './inspectJob';

const INSPECTION_SCHEME = 'losslab-inspection';

/** Shows a user error (bad CSV, bad config) with a button to the offending line; rethrows our bugs. */
export async function reportError(e: unknown): Promise<void> {
  if (!isLossLabError(e)) throw e;
  const { file, line } = e.where;
  const open = file && fs.existsSync(file) ? 'Open File' : undefined;
  const choice = await vscode.window.showErrorMessage(`Loss Lab: ${e.message}`, ...(open ? [open] : []));
  if (choice && file) {
    const pos = new vscode.Position(Math.max(0, (line ?? 1) - 1), Math.max(0, (e.where.column ?? 1) - 1));
    await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(pos, pos) });
  }
}

export async function csvTarget(arg: unknown, purpose: string): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.path.toLowerCase().endsWith('.csv')) return active;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { CSV: ['csv', 'tsv', 'txt'] }, openLabel: purpose });
  return picked?.[0];
}

export async function experimentTarget(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && isExperimentFile(active)) return active;
  const files = await vscode.workspace.findFiles('**/*.losslab.json', '**/node_modules/**', 50);
  if (files.length === 1) return files[0];
  const picked = await vscode.window.showQuickPick(
    files.map((f) => ({ label: path.basename(f.fsPath), description: vscode.workspace.asRelativePath(f), uri: f })),
    { title: 'Loss Lab: experiment file' },
  );
  return picked?.uri;
}

/** The experiment as the editor has it (unsaved edits included). */
export async function readExperimentDoc(uri: vscode.Uri) {
  const doc = await vscode.workspace.openTextDocument(uri);
  return resolveExperiment(parseJsonc(doc.getText(), uri.fsPath), uri.fsPath);
}

/** A run given as a tree item, a live key or nothing (then: the dashboard's active one). */
function liveKeyOf(ctx: Ctx, arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'liveKey' in arg) return (arg as RunItem).liveKey ?? undefined;
  const running = ctx.runs.running;
  return running[running.length - 1]?.key;
}

function dashboardId(item: RunItem): string {
  return item.liveKey ?? path.basename(item.runDir ?? item.id);
}

function itemsOf(arg: unknown, all: unknown): RunItem[] {
  if (Array.isArray(all) && all.length) return all as RunItem[];
  return arg && typeof arg === 'object' && 'status' in arg ? [arg as RunItem] : [];
}

export function registerCommands(ctx: Ctx, dashboard: Dashboard, tree: RunsTree): void {
  const start = (configs: RunConfig[], experiment: string | null, origins: (string | null)[]): LiveRun[] => {
    const runs = configs.map((c, i) => ctx.runs.submit(c, experiment, origins[i] ?? null));
    dashboard.show(runs.map((r) => r.key));
    return runs;
  };

  /** A notification with progress and cancel while a multi-run job trains. */
  const followJob = (title: string, runs: LiveRun[]) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) =>
      new Promise<void>((resolve) => {
        token.onCancellationRequested(() => runs.forEach((r) => ctx.runs.stop(r.key)));
        let reported = 0;
        const onChange = () => {
          const done = runs.filter((r) => !r.active).length;
          if (done > reported) progress.report({ increment: ((done - reported) / runs.length) * 100, message: `${done}/${runs.length} runs done` });
          reported = done;
          if (done === runs.length) {
            ctx.runs.off('change', onChange);
            resolve();
          }
        };
        ctx.runs.on('change', onChange);
        onChange();
      }),
    );

  ctx.command('trainOnCsv', async (arg?: unknown) => {
    const uri = await csvTarget(arg, 'Train');
    if (!uri) return;
    try {
      const config = await askTrainConfig(uri.fsPath, ctx.extension.workspaceState);
      if (config) start([config], null, [null]);
    } catch (e) {
      await reportError(e);
    }
  });

  ctx.command('newExperiment', async (arg?: unknown) => {
    const uri = await csvTarget(arg, 'Use this CSV');
    if (!uri) return;
    try {
      const table = await loadTable(uri.fsPath);
      const target = (await vscode.window.showQuickPick(targetItems(table).reverse(), { title: `New experiment from ${path.basename(uri.fsPath)}: target column` }))?.label;
      if (!target) return;
      const { task } = summarizeTarget(table, { target });
      const dir = path.dirname(uri.fsPath);
      const stem = path.basename(uri.fsPath).replace(/\.[^.]+$/, '');
      let file = path.join(dir, `${stem}.losslab.json`);
      for (let i = 2; fs.existsSync(file); i++) file = path.join(dir, `${stem}-${i}.losslab.json`);
      fs.writeFileSync(file, experimentTemplate(path.basename(uri.fsPath), target, task));
      await vscode.window.showTextDocument(vscode.Uri.file(file));
    } catch (e) {
      await reportError(e);
    }
  });

  ctx.command('newFromTemplate', async (arg?: unknown) => {
    const uri = await csvTarget(arg, 'Use this CSV');
    if (!uri) return;
    try {
      const table = await loadTable(uri.fsPath);
      const target = (await vscode.window.showQuickPick(targetItems(table).reverse(), { title: `Experiment from template on ${path.basename(uri.fsPath)}: target column` }))?.label;
      if (!target) return;
      const { task, counts } = summarizeTarget(table, { target });
      const fitting = TEMPLATES.filter((t) => t.tasks.includes(task));
      const picked = await vscode.window.showQuickPick(
        fitting.map((t) => ({ label: t.title, detail: t.description, template: t })),
        { title: `Template (${task})`, matchOnDetail: true },
      );
      if (!picked) return;
      const stem = path.basename(uri.fsPath).replace(/\.[^.]+$/, '');
      let file = path.join(path.dirname(uri.fsPath), `${stem}.${picked.template.id}.losslab.json`);
      for (let i = 2; fs.existsSync(file); i++) file = path.join(path.dirname(uri.fsPath), `${stem}.${picked.template.id}-${i}.losslab.json`);
      fs.writeFileSync(file, picked.template.build(path.basename(uri.fsPath), target, task, counts ?? undefined));
      await vscode.window.showTextDocument(vscode.Uri.file(file));
    } catch (e) {
      await reportError(e);
    }
  });

  ctx.command('runExperiment', async (arg?: unknown, runName?: string) => {
    const uri = await experimentTarget(arg);
    if (!uri) return;
    try {
      const exp = await readExperimentDoc(uri);
      let run = exp.runs.find((r) => r.name === runName);
      if (!run) {
        const name = exp.runs.length === 1 ? exp.runs[0].name : await vscode.window.showQuickPick(exp.runs.map((r) => r.name), { title: `${exp.name}: run` });
        run = exp.runs.find((r) => r.name === name);
      }
      if (run) start([run], exp.name, [lensOrigin(uri, run.name)]);
    } catch (e) {
      await reportError(e);
    }
  });

  ctx.command('runAll', async (arg?: unknown) => {
    const uri = await experimentTarget(arg);
    if (!uri) return;
    try {
      const exp = await readExperimentDoc(uri);
      const runs = start(exp.runs, exp.name, exp.runs.map((r) => lensOrigin(uri, r.name)));
      if (runs.length > 1) void followJob(`Loss Lab: ${exp.name}`, runs);
    } catch (e) {
      await reportError(e);
    }
  });

  ctx.command('runSweep', async (arg?: unknown) => {
    const uri = await experimentTarget(arg);
    if (!uri) return;
    try {
      const exp = await readExperimentDoc(uri);
      if (!exp.sweep) {
        void vscode.window.showInformationMessage(`${path.basename(uri.fsPath)} has no "sweep" block.`);
        return;
      }
      const points = expandSweep(exp.sweep, exp.base);
      // The data is read once per distinct data setting, as it streams (large files on worker threads, so the
      // host's event loop stays free meanwhile), and shared with the workers. Every run is checked before any
      // starts; they are queued as the CLI queues them, costliest first, while the dashboard lists them in
      // grid order.
      const jobs = await sweepJobs(points);
      // Each run records the sweep it was one of, as `losslab sweep`'s do.
      const id = randomUUID();
      const spec = exp.sweep;
      const runs = startLongestFirst(jobs, (j) => ctx.runs.submit(j.config, exp.name, lensOrigin(uri, '#sweep'), j.data, { id, spec, point: j.run.point }));
      const keys = runs.map((r) => r.key);
      dashboard.show(keys, { sweep: sweepView(exp.name, exp.sweep, points, keys) });
      void followJob(`Loss Lab: sweep of ${exp.name} (${runs.length} runs)`, runs);
    } catch (e) {
      await reportError(e);
    }
  });

  ctx.command('stopRun', (arg?: unknown) => {
    if (Array.isArray(arg)) return arg.forEach((k) => typeof k === 'string' && ctx.runs.stop(k));
    const key = liveKeyOf(ctx, arg);
    if (key) ctx.runs.stop(key);
  });
  ctx.command('pauseRun', (arg?: unknown) => {
    const key = liveKeyOf(ctx, arg);
    if (key) ctx.runs.pause(key);
  });
  ctx.command('resumeRun', (arg?: unknown) => {
    const key = liveKeyOf(ctx, arg);
    if (key) ctx.runs.resume(key);
  });
  ctx.command('stopAll', () => ctx.runs.stopAll());

  ctx.command('openDashboard', () => {
    const running = ctx.runs.running.map((r) => r.key);
    if (dashboard.shownIds.length || !running.length) dashboard.show([...dashboard.shownIds], {});
    else dashboard.show(running);
  });
  ctx.command('openRun', (arg?: unknown) => {
    if (typeof arg === 'string') dashboard.show([arg], { add: true });
    else itemsOf(arg, undefined).forEach((item) => dashboard.show([dashboardId(item)], { add: true }));
  });
  ctx.command('addToComparison', (arg?: unknown, all?: unknown) => dashboard.show(itemsOf(arg, all).map(dashboardId), { add: true }));
  ctx.command('compareSelected', () => {
    const items = tree.selected;
    if (items.length) dashboard.show(items.map(dashboardId));
    else void vscode.window.showInformationMessage('Select runs in the Runs view (Ctrl/Cmd+click for several), then compare them.');
  });

  // An inspection is a read-only Markdown document of its own, shown as a preview: unlike an untitled
  // document, closing it asks nothing.
  const inspections = new Map<string, string>();
  let inspected = 0;
  ctx.push(
    vscode.workspace.registerTextDocumentContentProvider(INSPECTION_SCHEME, { provideTextDocumentContent: (doc) => inspections.get(doc.toString()) }),
    vscode.workspace.onDidCloseTextDocument((doc) => inspections.delete(doc.uri.toString())),
  );
  ctx.command('inspectCsv', async (arg?: unknown) => {
    try {
      const job = await inspectJob(arg);
      if (!job) return;
      const markdown = await withToolJob(ctx, `Loss Lab: inspecting ${path.basename(job.file)}`, job);
      if (markdown === null) return;
      const doc = vscode.Uri.from({ scheme: INSPECTION_SCHEME, path: `/${path.basename(job.file)}.md`, query: String(++inspected) });
      inspections.set(doc.toString(), markdown);
      await vscode.commands.executeCommand('markdown.showPreviewToSide', doc);
    } catch (e) {
      await reportError(e);
    }
  });

  const recorded = (arg: unknown): RunMeta | null => {
    const item = itemsOf(arg, undefined)[0];
    return item?.runDir ? (readRun(item.runDir)?.meta ?? null) : null;
  };

  ctx.command('showRunConfig', async (arg?: unknown) => {
    const item = itemsOf(arg, undefined)[0];
    if (item?.runDir) await vscode.window.showTextDocument(vscode.Uri.file(path.join(item.runDir, 'config.json')));
  });
  ctx.command('rerun', (arg?: unknown) => {
    const meta = recorded(arg);
    if (meta) start([meta.config], meta.experiment, [null]);
  });
  ctx.command('deleteRun', async (arg?: unknown, all?: unknown) => {
    const items = itemsOf(arg, all).filter((i) => i.runDir && i.contextValue === 'run.done');
    if (!items.length) return;
    const what = items.length === 1 ? `run ${quote(items[0].label)}` : `${items.length} runs`;
    const ok = await vscode.window.showWarningMessage(`Delete ${what} and its records?`, { modal: true }, 'Delete');
    if (ok !== 'Delete') return;
    for (const i of items) await fs.promises.rm(i.runDir!, { recursive: true, force: true });
    tree.refresh();
  });
  ctx.command('exportRunData', async (arg?: unknown, all?: unknown) => {
    const items = itemsOf(arg, all);
    if (!items.length) return;
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'CSV', description: 'every series, one row per step or epoch', format: 'csv' as const },
        { label: 'JSON', description: 'every series', format: 'json' as const },
        { label: 'HTML report', description: 'the dashboard in one self-contained page', format: 'html' as const },
      ],
      { title: 'Export run data as' },
    );
    if (picked) await dashboard.exportData(picked.format, items.map(dashboardId));
  });
  ctx.command('openSample', async () => {
    const sample = ctx.asset('media', 'samples', 'iris.csv');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    let target = sample;
    if (folder && vscode.workspace.isTrusted) {
      target = vscode.Uri.joinPath(folder, 'iris.csv');
      if (!fs.existsSync(target.fsPath)) fs.copyFileSync(sample.fsPath, target.fsPath);
    }
    await vscode.window.showTextDocument(target);
  });
  ctx.command('refreshRuns', () => tree.refresh());
}
