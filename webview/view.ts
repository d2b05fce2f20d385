/** What the two layouts (the dashboard and the compact side-bar view) share with the app that drives them. */
import type { RunView } from '../src/protocol/webview';
import type { Bridge } from './bridge';
import type { HeaderActions } from './runHeader';
import type { LineContext } from './chartSpecs';
import type { RunStore } from './runStore';
import type { Theme } from './theme';
import type { UiState } from './uiState';
import { xValues, type XSeries } from './xSeries';

export interface RenderChange {
  runs: boolean;
  ui: boolean;
  theme: boolean;
}

export interface ViewContext {
  store: RunStore;
  bridge: Bridge;
  ui(): UiState;
  setUi(patch: Partial<UiState>): void;
  theme(): Theme;
  /** Bumped on every theme change, so cached datasets pick up the new colors. */
  themeGeneration(): number;
  now(): number;
}

export interface View {
  readonly el: HTMLElement;
  render(change: RenderChange): void;
  /** Once a second: clocks and ETAs of running runs. */
  tick(): void;
  destroy(): void;
}

/**
 * The per-run inputs of the chart specs on x axis `x` (a chart's own, else the dashboard's), with each
 * point's x computed once per frame for all charts on the same axis.
 */
export function lineContexts(
  store: RunStore,
  ui: UiState,
  metric: string | null,
): (run: RunView, x?: XSeries) => LineContext {
  const memo = new Map<string, LineContext>();
  return (run, x = ui.xAxis) => {
    const key = `${run.id}\u0000${x}`;
    let c = memo.get(key);
    if (!c) {
      const { steps, epochs } = store.series(run.id);
      const xs = xValues(x, run, steps, epochs);
      c = {
        run,
        steps,
        epochs,
        stepXs: xs.steps,
        epochXs: xs.epochs,
        smoothing: ui.smoothing,
        log: false,
        metric,
        layers: ui.layerNorms,
      };
      memo.set(key, c);
    }
    return c;
  };
}

/** Stop, pause and resume go to the host; pausing is also remembered here, as run views carry no pause flag. */
export function runActions(c: ViewContext): HeaderActions {
  const { bridge } = c;
  const setPaused = (id: string, on: boolean) => {
    const others = c.ui().paused.filter((p) => p !== id);
    c.setUi({ paused: on ? [...others, id] : others });
  };
  return {
    live: bridge.live,
    stop: (runId) => bridge.post({ type: 'stop', runId }),
    restart: (runId) => bridge.post({ type: 'restartRun', runId }),
    pause: (runId) => {
      bridge.post({ type: 'pause', runId });
      setPaused(runId, true);
    },
    resume: (runId) => {
      bridge.post({ type: 'resume', runId });
      setPaused(runId, false);
    },
    setLr: (runId, lr) => bridge.post({ type: 'setLr', runId, lr }),
    exportPytorch: (runId) => bridge.post({ type: 'exportPytorch', runId }),
    sampleRows: (runId) => bridge.post({ type: 'sampleRows', runId }),
  };
}
