/**
 * The dashboard's driver: takes the host's messages, folds them into the run store, and redraws at most
 * once per animation frame however many messages arrived (a live run sends points many times a second).
 * When a redraw is expensive (long series, a slow machine), new points wait a little longer before the
 * next one, so drawing never takes more than about a quarter of the time; the user's own changes
 * (controls, theme) are drawn on the next frame regardless.
 */
import type { HostToWebview } from '../src/protocol/webview';
import type { Bridge } from './bridge';
import { applyThemeDefaults, registerCharts } from './chartSetup';
import { CompactView } from './compact';
import { Dashboard } from './dashboard';
import { RunStore, type StoreChange } from './runStore';
import { readTheme, type Theme, watchTheme } from './theme';
import { applyHostSmoothing, restoreUiState, type UiState } from './uiState';
import type { RenderChange, View, ViewContext } from './view';

/**
 * Live data redraws at most ten times a second, and never more often than keeps drawing under a fifth of
 * the time: the webview shares the window's renderer with the editor, which must stay responsive while a
 * fast run streams thousands of steps a second. New points wait at most this long, however slow drawing is.
 */
const MAX_WAIT_MS = 2000;
const MIN_INTERVAL_MS = 100;

export class App {
  private readonly store = new RunStore();
  private ui: UiState;
  private theme: Theme;
  private themeGeneration = 0;
  private view: View;
  private queue: HostToWebview[] = [];
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending = { ui: false, theme: false };
  private lastRender = { at: -Infinity, took: 0 };

  /** `compact`: the side bar's view, as its document says; the host's options may switch it later. */
  constructor(
    private readonly root: HTMLElement,
    private readonly bridge: Bridge,
    private compact = false,
  ) {
    registerCharts();
    this.ui = restoreUiState(bridge.loadState());
    this.theme = readTheme(compact ? 'sideBar' : 'editor');
    applyThemeDefaults(this.theme);
    this.view = this.makeView();
    watchTheme(() => {
      this.pending.theme = true;
      this.schedule();
    });
    bridge.listen((m) => {
      this.queue.push(m);
      this.schedule();
    });
    setInterval(() => this.view.tick(), 1000);
    bridge.post({ type: 'ready' });
  }

  private context(): ViewContext {
    return {
      store: this.store,
      bridge: this.bridge,
      ui: () => this.ui,
      setUi: (patch) => {
        this.ui = { ...this.ui, ...patch };
        this.bridge.saveState(this.ui);
        this.pending.ui = true;
        this.schedule();
      },
      theme: () => this.theme,
      themeGeneration: () => this.themeGeneration,
      now: () => performance.now(),
    };
  }

  private makeView(): View {
    this.root.classList.toggle('ll-root-compact', this.compact);
    const view = this.compact ? new CompactView(this.context()) : new Dashboard(this.context());
    this.root.replaceChildren(view.el);
    return view;
  }

  private schedule(): void {
    if (this.frame !== 0) return;
    const urgent = this.pending.ui || this.pending.theme;
    const wait =
      this.lastRender.at +
      Math.min(MAX_WAIT_MS, Math.max(MIN_INTERVAL_MS, 4 * this.lastRender.took)) -
      performance.now();
    if (urgent || wait <= 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.frame = requestAnimationFrame(() => this.flush());
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, wait);
    }
  }

  private flush(): void {
    this.frame = 0;
    const change: StoreChange = { runs: false, series: new Set() };
    let compact = this.compact;
    const now = performance.now();
    for (const m of this.queue) {
      if (m.type === 'options') {
        compact = m.compact;
        this.setUiQuietly(applyHostSmoothing(this.ui, m.smoothing));
      } else this.store.apply(m, now, change);
    }
    this.queue = [];
    if (change.runs) this.forgetFinishedPauses();
    const theme = this.pending.theme || compact !== this.compact;
    if (theme) {
      const next = readTheme(compact ? 'sideBar' : 'editor');
      if (JSON.stringify(next) !== JSON.stringify(this.theme)) {
        this.theme = next;
        this.themeGeneration++;
        applyThemeDefaults(next);
      }
    }
    if (compact !== this.compact) {
      this.compact = compact;
      this.view.destroy();
      this.view = this.makeView();
    }
    const render: RenderChange = { runs: change.runs, ui: this.pending.ui, theme };
    this.pending = { ui: false, theme: false };
    const t0 = performance.now();
    this.view.render(render);
    this.lastRender = { at: t0, took: performance.now() - t0 };
  }

  private setUiQuietly(next: UiState): void {
    if (next === this.ui) return;
    this.ui = next;
    this.bridge.saveState(next);
    this.pending.ui = true;
  }

  /** A pause remembered for a run that is no longer running means nothing any more. */
  private forgetFinishedPauses(): void {
    const running = new Set(this.store.runs.filter((r) => r.status === 'running').map((r) => r.id));
    const paused = this.ui.paused.filter((id) => running.has(id));
    if (paused.length !== this.ui.paused.length) this.setUiQuietly({ ...this.ui, paused });
  }
}
