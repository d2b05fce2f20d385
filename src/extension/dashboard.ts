/**
 * The dashboard: a webview panel beside the editor (several runs overlaid) and a compact webview view in
 * the side bar (the active run), both rendered by the same bundle. The host sends run state and new
 * points at most every `lossLab.dashboardRefreshMs`; everything the webview sends is validated first.
 */
import { restartFromLastGood } from './restartRun';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readEvents, readRun } from '../io/runStore';
import { type RunRecord } from '../core/store/records';
import {
  type ControlPoint,
  type EpochPoint,
  type ExportFormat,
  type HostToWebview,
  type RunView,
  type StepPoint,
  type WebviewToHost,
  parseWebviewMessage,
} from '../protocol/webview';
import type { RunResults } from '../protocol/resultViews';
import { dashboardHtml } from '../views/panelHtml';
import { seriesCsv, seriesJson } from '../views/exportData';
import type { Ctx } from './ctx';
import { PointBuffer } from '../views/pointBuffer';
import { toPoints } from '../views/points';
import type { LiveRun } from '../runs/runManager';
import { runResults } from '../views/runResults';
import { liveView, recordView } from '../views/runViews';
import { PaletteSlots } from '../views/palette';
import { writeReport } from '../runs/report';
import { recordedSweepView } from '../views/sweepViews';
import { DashboardExtras } from '../views/dashboardExtras';
import { rowsCard } from '../runs/rowsCard';
import { renameSweepRuns } from '../views/sweepRename';
import type { SweepView } from '../protocol/experimentViews';
import { settings } from './settings';
import { SurfaceFeed } from '../runs/surfaceFeed';
import type { SurfaceFeatures } from '../runs/recordedSurface';
import { runTool } from '../runs/toolJobs';
import { toolWorkerFile } from './toolProgress';
import type { InterpolationView } from '../protocol/solutionViews';

const PANEL_TYPE = 'lossLab.dashboard';
const SHOWN_KEY = 'lossLab.dashboard.shown';
const SWEEP_KEY = 'lossLab.dashboard.sweep';
const FEATURES_KEY = 'lossLab.dashboard.surfaceFeatures';

export class Dashboard implements vscode.WebviewViewProvider, vscode.WebviewPanelSerializer {
  private panel: vscode.WebviewPanel | null = null;
  private view: vscode.WebviewView | null = null;
  /** Run ids in legend order: a live run's key, or a recorded run's folder name. */
  private shown: string[];
  private activeId: string | null = null;
  private readonly buffer = new PointBuffer();
  /** Live runs whose folder the saved list already names. */
  private readonly persisted = new Set<string>();
  /** The shown runs' colours, for the panel and the side bar alike. */
  private readonly palette = new PaletteSlots();
  private timer: NodeJS.Timeout | null = null;
  /** The experiment cards: sweep, LR range test, schedule preview (panel only). */
  readonly extras = new DashboardExtras();
  /** The decision surfaces of the shown runs, over the features picked on the card (kept with the panel's state). */
  private readonly surfaces: SurfaceFeed;

  constructor(private readonly ctx: Ctx) {
    this.shown = ctx.extension.workspaceState.get<string[]>(SHOWN_KEY, []);
    this.extras.sweep = ctx.extension.workspaceState.get<SweepView | null>(SWEEP_KEY, null);
    this.surfaces = new SurfaceFeed(
      async (dir, features) => (await runTool(toolWorkerFile(ctx), { type: 'surface', dir, features }).result) ?? null,
      (runId, surface) => {
        if (this.shown.includes(runId)) this.post(this.panel?.webview, { type: 'surface', runId, surface });
      },
      ctx.extension.workspaceState.get<SurfaceFeatures>(FEATURES_KEY, null),
    );
    ctx.push(vscode.window.registerWebviewPanelSerializer(PANEL_TYPE, this));
    ctx.push(vscode.window.registerWebviewViewProvider('lossLab.dashboardView', this));
    ctx.runs.on('points', (run, steps, epochs, controls) => this.onPoints(run, steps, epochs, controls));
    ctx.runs.on('surface', (run) => {
      if (this.shown.includes(run.key)) this.refreshSurface(run.key);
    });
    ctx.runs.on('generated', (run) => {
      if (run.generated && this.shown.includes(run.key))
        this.post(this.panel?.webview, { type: 'generated', runId: run.key, generated: run.generated });
    });
    ctx.runs.on('restart', (run) => {
      if (this.shown.includes(run.key) || run.key === this.activeId) this.buffer.reset(run.key);
    });
    ctx.runs.on('change', (run) => {
      if (run.status === 'running' && (!this.activeId || !this.isRunning(this.activeId))) this.activeId = run.key;
      if (this.shown.includes(run.key) || run.key === this.activeId) this.buffer.markRunsChanged();
      if (run.runDir && this.shown.includes(run.key) && !this.persisted.has(run.key)) this.persist();
      // The end-of-run views go to the panel only: the compact side bar leaves them out.
      if (!run.active && this.shown.includes(run.key)) {
        this.post(this.panel?.webview, { type: 'results', runId: run.key, results: this.results(run.key) });
        this.post(this.panel?.webview, this.rowsMessage());
        // A run trained through Redis has no live surface: its recorded weights give it one.
        this.refreshSurface(run.key);
      }
    });
    ctx.push({ dispose: () => this.timer && clearInterval(this.timer) });
  }

  private isRunning(id: string): boolean {
    return this.ctx.runs.runs.get(id)?.active ?? false;
  }

  /** Opens the panel showing `ids` (or adds them to what it shows). */
  show(ids: string[], opts: { add?: boolean; sweep?: SweepView } = {}): void {
    // A sweep card describes the list it came with; a new list replaces it (recorded runs of one sweep bring
    // theirs), added runs keep it.
    if (opts.sweep || !opts.add) this.extras.sweep = opts.sweep ?? this.recordedSweep(ids);
    const next = opts.add ? [...this.shown, ...ids.filter((id) => !this.shown.includes(id))] : ids;
    this.shown = next;
    if (ids.length) this.activeId = ids[ids.length - 1];
    this.persist();
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(
        PANEL_TYPE,
        'Loss Lab',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        this.options(),
      );
      this.attachPanel(panel);
    } else {
      this.panel.reveal(undefined, true);
      this.sendAll();
    }
  }

  /** The sweep `ids` form when they are the recorded runs of one sweep (two or more), else null. */
  private recordedSweep(ids: string[]): SweepView | null {
    const records = ids.map((id) => (id.startsWith('live-') ? null : readRun(path.join(this.ctx.runsDir, id))));
    return records.every((r) => r !== null) ? recordedSweepView(records as RunRecord[]) : null;
  }

  /** A shown run's folder: a live run's once it is recorded, a recorded run's by its name; null while a live run has none. */
  private folderOf(id: string): string | null {
    return this.ctx.runs.runs.get(id)?.runDir ?? (id.startsWith('live-') ? null : path.join(this.ctx.runsDir, id));
  }

  /** Remembers what the panel shows for a window reload, by run folder: live keys do not outlive the window. */
  private persist(): void {
    const folder = (id: string) => {
      const dir = this.folderOf(id);
      return dir && path.basename(dir);
    };
    for (const id of this.shown) if (this.ctx.runs.runs.get(id)?.runDir) this.persisted.add(id);
    void this.ctx.extension.workspaceState.update(
      SHOWN_KEY,
      this.shown.map(folder).filter((f) => f !== null),
    );
    void this.ctx.extension.workspaceState.update(
      SWEEP_KEY,
      this.extras.sweep && renameSweepRuns(this.extras.sweep, folder),
    );
  }

  private options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, localResourceRoots: [this.ctx.asset('dist'), this.ctx.asset('media')] };
  }

  private html(webview: vscode.Webview, title: string, compact = false): string {
    return dashboardHtml({
      compact,
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(this.ctx.asset('dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(this.ctx.asset('media', 'dashboard.css')).toString(),
      title,
    });
  }

  private attachPanel(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = this.ctx.asset('media', 'icon.svg');
    panel.webview.options = this.options();
    panel.webview.html = this.html(panel.webview, 'Loss Lab');
    panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m, panel.webview));
    panel.onDidDispose(() => (this.panel = null));
    this.ensureTimer();
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    this.attachPanel(panel);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = this.options();
    view.webview.html = this.html(view.webview, 'Loss Lab dashboard', true);
    view.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m, view.webview));
    view.onDidDispose(() => (this.view = null));
    this.ensureTimer();
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.flush(), settings.refreshMs());
  }

  private onPoints(run: LiveRun, steps: StepPoint[], epochs: EpochPoint[], controls: ControlPoint[]): void {
    if (this.shown.includes(run.key) || run.key === this.activeId) this.buffer.add(run.key, steps, epochs, controls);
  }

  private post(webview: vscode.Webview | undefined, m: HostToWebview): void {
    if (webview) void webview.postMessage(m);
  }

  private runView(id: string): RunView | null {
    const live = this.ctx.runs.runs.get(id);
    if (live) return liveView(live);
    const rec = readRun(path.join(this.ctx.runsDir, id));
    return rec ? recordView(rec) : null;
  }

  private points(id: string): { steps: StepPoint[]; epochs: EpochPoint[]; controls: ControlPoint[] } {
    const live = this.ctx.runs.runs.get(id);
    if (live) return { steps: [...live.steps.values], epochs: [...live.epochs], controls: [...live.controls] };
    return toPoints(readEvents(path.join(this.ctx.runsDir, id)));
  }

  private results(id: string): RunResults | null {
    const live = this.ctx.runs.runs.get(id);
    if (live) return live.active ? null : runResults(live.summary, live.runDir);
    const dir = path.join(this.ctx.runsDir, id);
    return runResults(readRun(dir)?.summary ?? null, dir);
  }

  private runsMessage(ids: string[]): HostToWebview {
    const colors = this.palette.assign(this.shown);
    const runs = ids.flatMap((id) => {
      const view = this.runView(id);
      return view ? [{ ...view, color: colors.get(id) }] : [];
    });
    return { type: 'runs', runs, activeId: this.activeId };
  }

  /** Everything, for a webview that has just (re)loaded. */
  private sendAll(webview?: vscode.Webview): void {
    const targets: [vscode.Webview | undefined, string[], boolean][] = webview
      ? [[webview, webview === this.view?.webview ? this.compactIds() : this.shown, webview === this.view?.webview]]
      : [
          [this.panel?.webview, this.shown, false],
          [this.view?.webview, this.compactIds(), true],
        ];
    for (const [w, ids, compact] of targets) {
      if (!w) continue;
      this.post(w, { type: 'options', smoothing: settings.smoothing(), compact });
      this.post(w, this.runsMessage(ids));
      if (!compact) for (const m of this.extras.messages()) this.post(w, m);
      for (const id of ids) this.post(w, { type: 'points', runId: id, ...this.points(id), reset: true });
      if (compact) continue;
      for (const id of ids) this.post(w, { type: 'results', runId: id, results: this.results(id) });
      this.post(w, this.rowsMessage());
      for (const id of ids) {
        this.refreshSurface(id);
        const generated = this.ctx.runs.runs.get(id)?.generated;
        if (generated) this.post(w, { type: 'generated', runId: id, generated });
      }
    }
  }

  private refreshSurface(id: string): void {
    const live = this.ctx.runs.runs.get(id);
    this.surfaces.refresh(id, {
      surface: live?.surface ?? null,
      active: live?.active ?? false,
      dir: this.folderOf(id),
    });
  }

  /** The Rows card of the shown runs that recorded their rows. */
  private rowsMessage(): HostToWebview {
    const runs = this.shown.map((id) => ({ id, name: this.runView(id)?.name ?? id, dir: this.folderOf(id) }));
    return { type: 'rows', rows: rowsCard(runs) };
  }

  private compactIds(): string[] {
    return this.activeId ? [this.activeId] : this.shown.slice(-1);
  }

  private flush(): void {
    const { runsChanged, points } = this.buffer.take();
    if (runsChanged) {
      this.post(this.panel?.webview, this.runsMessage(this.shown));
      this.post(this.view?.webview, this.runsMessage(this.compactIds()));
    }
    for (const [id, p] of points) {
      const m: HostToWebview = {
        type: 'points',
        runId: id,
        steps: p.steps,
        epochs: p.epochs,
        controls: p.controls,
        reset: p.reset,
      };
      if (this.shown.includes(id)) this.post(this.panel?.webview, m);
      if (this.compactIds().includes(id)) this.post(this.view?.webview, m);
    }
  }

  private onMessage(raw: unknown, webview: vscode.Webview): void {
    const m: WebviewToHost | null = parseWebviewMessage(raw);
    if (!m) return;
    switch (m.type) {
      case 'ready':
        this.sendAll(webview);
        break;
      case 'stop':
        this.ctx.runs.stop(m.runId);
        break;
      case 'pause':
        this.ctx.runs.pause(m.runId);
        break;
      case 'resume':
        this.ctx.runs.resume(m.runId);
        break;
      case 'setLr':
        this.ctx.runs.setLr(m.runId, m.lr);
        break;
      case 'useLearningRate':
        this.extras.useLearningRate(m.id, m.lr);
        break;
      case 'exportPytorch':
        this.extras.exportPytorch(m.runId);
        break;
      case 'sampleRows':
        this.extras.sampleRows(m.runId);
        break;
      case 'restartRun':
        void restartFromLastGood(this.ctx.runs, this.folderOf(m.runId)).then(
          (run) => run && this.show([run.key], { add: true }),
        );
        break;
      case 'closeCard':
        this.extras.close(m.card);
        break;
      case 'openRun':
        this.show([m.runId], { add: true });
        break;
      case 'exportData':
        void this.exportData(m.format);
        break;
      case 'exportPng':
        void this.savePng(m.name, m.dataUrl);
        break;
      case 'surfaceFeatures':
        this.surfaces.features = [m.x, m.y];
        void this.ctx.extension.workspaceState.update(FEATURES_KEY, this.surfaces.features);
        for (const id of this.shown) this.refreshSurface(id);
        break;
      case 'interpolate':
        void vscode.commands.executeCommand('lossLab.lossBetweenSolutions');
        break;
      case 'openRowLine': {
        // The folder is the host's own for a shown run, never a path from the webview.
        const dir = this.shown.includes(m.runId) ? this.folderOf(m.runId) : null;
        if (dir) void vscode.commands.executeCommand('lossLab.showRowLosses', dir, m.line);
        break;
      }
    }
  }

  /**
   * Series of the shown runs, or a self-contained HTML report of the recorded ones, written where the user
   * picks in a save dialog (never a path from the webview).
   */
  async exportData(format: ExportFormat, ids = this.shown): Promise<void> {
    const uri = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(
        this.ctx.folder,
        format === 'html' ? 'losslab-report.html' : `losslab-runs.${format}`,
      ),
      filters: format === 'csv' ? { CSV: ['csv'] } : format === 'json' ? { JSON: ['json'] } : { HTML: ['html'] },
    });
    if (!uri) return;
    let count: number;
    if (format === 'html') {
      // The report reads each run's full record from disk, as `losslab report` does.
      const dirs = ids
        .map((id) => this.folderOf(id))
        .filter((d): d is string => d !== null && fs.existsSync(path.join(d, 'config.json')));
      const active = this.activeId && this.folderOf(this.activeId);
      writeReport(uri.fsPath, dirs, { activeId: active ? path.basename(active) : undefined });
      count = dirs.length;
    } else {
      const runs = ids.map((id) => ({ view: this.runView(id), ...this.points(id) })).filter((r) => r.view !== null);
      const series = runs.map((r) => ({ run: r.view!, steps: r.steps, epochs: r.epochs }));
      await fs.promises.writeFile(uri.fsPath, format === 'csv' ? seriesCsv(series) : seriesJson(series));
      count = runs.length;
    }
    void vscode.window.showInformationMessage(
      `Exported ${count} run${count === 1 ? '' : 's'} to ${path.basename(uri.fsPath)}`,
    );
  }

  private async savePng(name: string, dataUrl: string): Promise<void> {
    const uri = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(this.ctx.folder, `${name}.png`),
      filters: { PNG: ['png'] },
    });
    if (!uri) return;
    await fs.promises.writeFile(uri.fsPath, Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  }

  /** Opens the panel (keeping what it shows) and sends it the experiment cards' state. */
  showExtras(): void {
    if (!this.panel) return this.show([], { add: true });
    this.panel.reveal(undefined, true);
    for (const m of this.extras.messages()) this.post(this.panel.webview, m);
  }

  get shownIds(): readonly string[] {
    return this.shown;
  }

  /** The shown runs in legend order, each with its name and folder (null while a live run has none). */
  shownRuns(): { id: string; name: string; dir: string | null }[] {
    return this.shown.map((id) => ({ id, name: this.runView(id)?.name ?? id, dir: this.folderOf(id) }));
  }

  /** Shows the loss between two solutions on its card (and keeps it for a reloaded panel). */
  showInterpolation(view: InterpolationView): void {
    this.extras.interpolation = view;
    this.showExtras();
  }
}
