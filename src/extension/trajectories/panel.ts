/**
 * `Loss Lab: Optimizer Trajectories`: a webview panel with a contour plot of a 2-D loss surface and the
 * optimizers' animated paths over it. The host computes surfaces and paths (the core's
 * `computeTrajectories`) and the webview only draws; every message from it is validated first.
 *
 * The model surface runs on the host's thread, kept small: a 48 × 48 grid over at most 256 training
 * rows (a few thousand small forward passes).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { LossLabError, isLossLabError } from '../../core/errors';
import {
  DEFAULT_PATH_OPTIMIZERS,
  DEFAULT_TRAJECTORY_STEPS,
  MODEL_SURFACE_ID,
  PATH_OPTIMIZERS,
  SURFACES,
  type Surface2D,
  computeTrajectories,
  getSurface,
  modelSurface,
} from '../../core/trajectories';
import {
  type ComputeRequest,
  type ModelChoice,
  type TrajectoryHostMessage,
  parseTrajectoryMessage,
} from '../../protocol/trajectories';
import { dashboardHtml } from '../../views/panelHtml';
import { reportError } from '../reportError';
import type { Ctx } from '../ctx';
import { type ModelSource, activeModelSource } from './modelSource';

const PANEL_TYPE = 'lossLab.trajectories';
const MODEL_ROWS = 256;
const MODEL_GRID = 48;
const SURFACE_GRID = 90;

class TrajectoriesPanel {
  private panel: vscode.WebviewPanel | null = null;
  /** The run whose model can be sliced, with what the surface list shows of it. */
  private model: { source: ModelSource; choice: ModelChoice; description: string; lrs: Record<string, number> } | null =
    null;

  constructor(private readonly ctx: Ctx) {}

  async open(): Promise<void> {
    try {
      const source = await activeModelSource();
      if (source) {
        const slice = modelSurface(source.config, source.dataset, { maxRows: MODEL_ROWS });
        const choice = { name: source.config.name, parameters: slice.names, weights: slice.weights };
        this.model = { source, choice, description: slice.surface.description, lrs: { ...slice.surface.lrs } };
      }
    } catch (e) {
      // The analytic surfaces work without a model; a CSV the model cannot use is reported and left out.
      this.model = null;
      await reportError(e);
    }
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside);
      this.post(this.setup());
      return;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_TYPE, 'Optimizer Trajectories', vscode.ViewColumn.Beside, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [this.ctx.asset('dist'), this.ctx.asset('media')],
    });
    this.panel = panel;
    panel.iconPath = this.ctx.asset('media', 'icon.svg');
    panel.webview.html = dashboardHtml({
      cspSource: panel.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: panel.webview.asWebviewUri(this.ctx.asset('dist', 'trajectories.js')).toString(),
      styleUri: panel.webview.asWebviewUri(this.ctx.asset('media', 'trajectories.css')).toString(),
      title: 'Optimizer Trajectories',
    });
    panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m));
    panel.onDidDispose(() => (this.panel = null));
  }

  private post(m: TrajectoryHostMessage): void {
    if (this.panel) void this.panel.webview.postMessage(m);
  }

  private setup(): TrajectoryHostMessage {
    const surfaces = SURFACES.map((s) => ({ id: s.id, title: s.title, description: s.description, lrs: { ...s.lrs } }));
    if (this.model)
      surfaces.push({
        id: MODEL_SURFACE_ID,
        title: `Model: ${this.model.choice.name}`,
        description: this.model.description,
        lrs: this.model.lrs,
      });
    return {
      type: 'setup',
      surfaces,
      optimizers: PATH_OPTIMIZERS.map((o) => ({ id: o.id, label: o.label })),
      defaults: { optimizers: [...DEFAULT_PATH_OPTIMIZERS], steps: DEFAULT_TRAJECTORY_STEPS },
      model: this.model?.choice ?? null,
    };
  }

  private onMessage(raw: unknown): void {
    const m = parseTrajectoryMessage(raw);
    if (!m) return;
    if (m.type === 'ready') this.post(this.setup());
    else this.compute(m);
  }

  private compute(m: ComputeRequest): void {
    try {
      let surface: Surface2D;
      if (m.surface === MODEL_SURFACE_ID) {
        if (!this.model)
          throw new LossLabError('the model surface needs a run: open the panel from a CSV or an experiment file', {
            field: 'surface',
          });
        surface = modelSurface(this.model.source.config, this.model.source.dataset, {
          weights: m.weights ?? undefined,
          maxRows: MODEL_ROWS,
        }).surface;
      } else {
        surface = getSurface(m.surface);
      }
      const lrs = Object.fromEntries(m.optimizers.map((o) => [o.id, o.lr]));
      const result = computeTrajectories(surface, {
        optimizers: m.optimizers.map((o) => o.id),
        steps: m.steps,
        lrs,
        grid: m.surface === MODEL_SURFACE_ID ? MODEL_GRID : SURFACE_GRID,
      });
      this.post({ type: 'result', request: m.request, ...result });
    } catch (e) {
      if (!isLossLabError(e)) throw e;
      this.post({ type: 'error', request: m.request, message: e.message });
    }
  }
}

export function registerTrajectories(ctx: Ctx): void {
  const panel = new TrajectoriesPanel(ctx);
  ctx.command('optimizerTrajectories', () => panel.open());
}
