/** The Runs view: recorded and live runs grouped by experiment, refreshed as runs change on disk or live. */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { listRuns } from '../io/runStore';
import type { Ctx } from './ctx';
import { type RunGroup, type RunItem, buildRunGroups } from '../views/runsModel';

type Node = RunGroup | RunItem;

/** How often the tree may redraw while runs report progress (each redraw is a round trip to the window). */
const REFRESH_MS = 1000;
/** How often to look for a runs folder that does not exist yet. */
const FOLDER_POLL_MS = 3000;

export class RunsTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private groups: RunGroup[] = [];
  private timer: NodeJS.Timeout | null = null;
  private watcher: vscode.FileSystemWatcher | null = null;
  private watchedDir = '';
  private watchedExists = false;
  readonly view: vscode.TreeView<Node>;

  constructor(private readonly ctx: Ctx) {
    this.view = vscode.window.createTreeView('lossLab.runs', {
      treeDataProvider: this,
      canSelectMany: true,
      showCollapseAll: true,
    });
    ctx.push(this.view, this.changed);
    ctx.runs.on('change', () => this.refreshSoon());
    // Runs recorded by the CLI or another window appear too. The runs folder moves with its setting, and with
    // trust being granted (an untrusted workspace's own value of the setting is ignored).
    this.watch();
    ctx.push(
      { dispose: () => this.watcher?.dispose() },
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('lossLab.runsDirectory')) this.watch();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.watch()),
    );
    // A watcher set on a folder that does not exist yet sees nothing once it is created (by the CLI, say):
    // until it exists, look for it now and then, and watch it again when it appears.
    const poll = setInterval(() => {
      if (!this.watchedExists) this.watch();
    }, FOLDER_POLL_MS);
    ctx.push({ dispose: () => clearInterval(poll) });
    this.refresh();
  }

  private watch(): void {
    const dir = this.ctx.runsDir;
    const exists = fs.existsSync(dir);
    const moved = this.watcher !== null;
    if (moved && dir === this.watchedDir && exists === this.watchedExists) return;
    this.watcher?.dispose();
    this.watchedDir = dir;
    this.watchedExists = exists;
    this.watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(dir), '*/{config,summary}.json'),
    );
    this.watcher.onDidCreate(() => this.refreshSoon());
    this.watcher.onDidDelete(() => this.refreshSoon());
    this.watcher.onDidChange(() => this.refreshSoon());
    if (moved) this.refreshSoon();
  }

  refreshSoon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh();
    }, REFRESH_MS);
  }

  refresh(): void {
    this.groups = buildRunGroups(listRuns(this.ctx.runsDir), [...this.ctx.runs.runs.values()], this.ctx.runsDir);
    void vscode.commands.executeCommand('setContext', 'lossLab.hasRuns', this.groups.length > 0);
    this.changed.fire();
  }

  get selected(): RunItem[] {
    return this.view.selection.filter((n): n is RunItem => 'status' in n);
  }

  getChildren(node?: Node): Node[] {
    if (!node)
      return this.groups.length === 1 && this.groups[0].experiment === 'Single runs'
        ? this.groups[0].runs
        : this.groups;
    return 'runs' in node ? node.runs : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if ('runs' in node) {
      const item = new vscode.TreeItem(node.experiment, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.runs.length} run${node.runs.length === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.contextValue = 'experiment';
      return item;
    }
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = new vscode.MarkdownString().appendCodeblock(node.tooltip, 'text');
    item.iconPath = new vscode.ThemeIcon(node.icon, node.color ? new vscode.ThemeColor(node.color) : undefined);
    item.contextValue = node.contextValue;
    item.command = { command: 'lossLab.openRun', title: 'Open in Dashboard', arguments: [node] };
    return item;
  }
}
