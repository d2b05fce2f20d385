/** Commands on runs as the dashboard and the Runs view show them: open, compare, rerun, delete, export. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { quote } from '../../core/errors';
import { readRun } from '../../io/runStore';
import type { RunItem } from '../../views/runsModel';
import type { Command } from './context';
import { startRuns } from './training';

function dashboardId(item: RunItem): string {
  return item.liveKey ?? path.basename(item.runDir ?? item.id);
}

/** The Runs view's multi-selection when there is one, else the item clicked. */
function itemsOf(arg: unknown, all: unknown): RunItem[] {
  if (Array.isArray(all) && all.length) return all as RunItem[];
  return arg && typeof arg === 'object' && 'status' in arg ? [arg as RunItem] : [];
}

export const openDashboard: Command =
  ({ ctx, dashboard }) =>
  () => {
    const running = ctx.runs.running.map((r) => r.key);
    if (dashboard.shownIds.length || !running.length) dashboard.show([...dashboard.shownIds], {});
    else dashboard.show(running);
  };

export const openRun: Command =
  ({ dashboard }) =>
  (arg?: unknown) => {
    if (typeof arg === 'string') dashboard.show([arg], { add: true });
    else itemsOf(arg, undefined).forEach((item) => dashboard.show([dashboardId(item)], { add: true }));
  };

export const addToComparison: Command =
  ({ dashboard }) =>
  (arg?: unknown, all?: unknown) =>
    dashboard.show(itemsOf(arg, all).map(dashboardId), { add: true });

export const compareSelected: Command =
  ({ dashboard, tree }) =>
  () => {
    const items = tree.selected;
    if (items.length) dashboard.show(items.map(dashboardId));
    else
      void vscode.window.showInformationMessage(
        'Select runs in the Runs view (Ctrl/Cmd+click for several), then compare them.',
      );
  };

export const showRunConfig: Command = () => async (arg?: unknown) => {
  const item = itemsOf(arg, undefined)[0];
  if (item?.runDir) await vscode.window.showTextDocument(vscode.Uri.file(path.join(item.runDir, 'config.json')));
};

/** The recorded run again, with its recorded config. */
export const rerun: Command = (c) => (arg?: unknown) => {
  const item = itemsOf(arg, undefined)[0];
  const meta = item?.runDir ? (readRun(item.runDir)?.meta ?? null) : null;
  if (meta) startRuns(c, [meta.config], meta.experiment, [null]);
};

/** Finished runs only, after a modal confirmation. */
export const deleteRun: Command =
  ({ tree }) =>
  async (arg?: unknown, all?: unknown) => {
    const items = itemsOf(arg, all).filter((i) => i.runDir && i.contextValue === 'run.done');
    if (!items.length) return;
    const what = items.length === 1 ? `run ${quote(items[0].label)}` : `${items.length} runs`;
    const ok = await vscode.window.showWarningMessage(`Delete ${what} and its records?`, { modal: true }, 'Delete');
    if (ok !== 'Delete') return;
    for (const i of items) await fs.promises.rm(i.runDir!, { recursive: true, force: true });
    tree.refresh();
  };

export const exportRunData: Command =
  ({ dashboard }) =>
  async (arg?: unknown, all?: unknown) => {
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
  };

export const refreshRuns: Command =
  ({ tree }) =>
  () =>
    tree.refresh();
