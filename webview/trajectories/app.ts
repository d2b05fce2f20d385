/**
 * The trajectory panel: controls (surface, the model's two weights, optimizers with their rates, steps),
 * the contour plot with the animated paths (play, pause, step, a step slider), a legend, and the loss
 * chart. Any change asks the host for new paths; the animation then replays from step 0.
 */
import type {
  ComputeRequest,
  PathResult,
  SurfaceChoice,
  TrajectoryHostMessage,
  TrajectoryWebviewMessage,
} from '../../src/protocol/trajectories';
import { button, h, setText } from '../dom';
import { formatNumber } from '../format';
import { type Theme, readTheme, watchTheme } from '../theme';
import { LossChart } from './lossChart';
import { ContourPlot, type PlotData } from './plot';

interface Api {
  postMessage(message: TrajectoryWebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

type Setup = Extract<TrajectoryHostMessage, { type: 'setup' }>;

/** What the user chose, kept across reloads of the panel. */
interface Choices {
  surface: string;
  optimizers: string[];
  /** Rates the user typed, per surface and optimizer. */
  lrs: Record<string, Record<string, number>>;
  steps: number;
  weights: [string, string] | null;
}

/** The whole animation lasts about this many frames, whatever the number of steps. */
const ANIMATION_FRAMES = 420;

export class TrajectoryApp {
  private setup: Setup | null = null;
  private choices: Choices;
  private data: (PlotData & { title: string; description: string }) | null = null;
  private request = 0;
  private frame = 0;
  private playing = false;
  private theme: Theme;
  private readonly plot: ContourPlot;
  private readonly chart: LossChart;
  private readonly controls = h('div', { class: 'll-controls lt-controls' });
  private readonly optimizerBox = h('div', { class: 'lt-optimizers' });
  private readonly legend = h('div', { class: 'll-legend lt-legend' });
  private readonly status = h('div', { class: 'll-hint lt-status' });
  private readonly slider = h('input', {
    class: 'll-slider lt-slider',
    attrs: { type: 'range', min: '0', max: '0', value: '0', 'aria-label': 'step' },
  });
  private readonly stepLabel = h('span', { class: 'll-hint lt-step' });
  private readonly playButton = button('Play', () => this.togglePlay());

  constructor(
    root: HTMLElement,
    private readonly api: Api,
  ) {
    const saved = api.getState() as Partial<Choices> | undefined;
    this.choices = { surface: 'rosenbrock', optimizers: [], lrs: {}, steps: 300, weights: null, ...(saved ?? {}) };
    this.theme = readTheme();
    const plotCanvas = h('canvas', {
      class: 'lt-plot',
      attrs: { role: 'img', 'aria-label': 'contour plot with optimizer paths' },
    });
    const chartCanvas = h('canvas', { attrs: { role: 'img', 'aria-label': 'loss against step' } });
    this.plot = new ContourPlot(plotCanvas);
    this.chart = new LossChart(chartCanvas);
    this.slider.addEventListener('input', () => {
      this.playing = false;
      this.showFrame(Number(this.slider.value));
    });
    const transport = h(
      'div',
      { class: 'lt-transport' },
      this.playButton,
      button('Step', () => this.stepOnce(), { secondary: true, title: 'one step forward' }),
      button('Reset', () => this.showFrame(0), { secondary: true, title: 'back to the start' }),
      this.slider,
      this.stepLabel,
    );
    root.append(
      h('div', { class: 'll-header' }, h('h1', { text: 'Optimizer trajectories' }), this.status),
      this.controls,
      this.optimizerBox,
      h(
        'div',
        { class: 'lt-main' },
        h(
          'div',
          { class: 'll-card lt-plot-card' },
          h('div', { class: 'll-canvas-box lt-plot-box' }, plotCanvas),
          transport,
        ),
        h(
          'div',
          { class: 'lt-side' },
          this.legend,
          h(
            'div',
            { class: 'll-card' },
            h('div', { class: 'll-card-head' }, h('span', { class: 'll-card-title', text: 'Loss per step' })),
            h('div', { class: 'll-canvas-box' }, chartCanvas),
          ),
        ),
      ),
    );
    watchTheme(() => {
      this.theme = readTheme();
      this.plot.invalidate();
      if (this.data) this.chart.show(this.data.paths, this.theme, this.theme.palette);
      this.redraw();
    });
    new ResizeObserver(() => {
      this.plot.invalidate();
      this.redraw();
    }).observe(plotCanvas);
  }

  receive(m: TrajectoryHostMessage): void {
    switch (m.type) {
      case 'setup':
        this.setup = m;
        if (!m.surfaces.some((s) => s.id === this.choices.surface)) this.choices.surface = m.surfaces[0].id;
        if (!this.choices.optimizers.length) this.choices.optimizers = [...m.defaults.optimizers];
        if (m.model && !(this.choices.weights && this.choices.weights.every((w) => m.model!.parameters.includes(w))))
          this.choices.weights = m.model.weights;
        this.renderControls();
        this.compute();
        break;
      case 'result': {
        if (m.request !== this.request) return;
        const { grid, paths, surface } = m;
        this.data = {
          grid,
          paths,
          start: surface.start,
          minima: surface.minima,
          title: surface.title,
          description: surface.description,
        };
        setText(this.status, surface.description);
        this.status.classList.remove('lt-error');
        this.plot.invalidate();
        this.chart.show(paths, this.theme, this.theme.palette);
        this.slider.max = String(Math.max(0, ...paths.map((p) => p.xs.length - 1)));
        this.renderLegend(paths);
        this.showFrame(0);
        this.play();
        break;
      }
      case 'error':
        if (m.request !== this.request) return;
        setText(this.status, m.message);
        this.status.classList.add('lt-error');
        break;
    }
  }

  private surface(): SurfaceChoice | undefined {
    return this.setup?.surfaces.find((s) => s.id === this.choices.surface);
  }

  private rate(id: string): number {
    return this.choices.lrs[this.choices.surface]?.[id] ?? this.surface()?.lrs[id] ?? 0.01;
  }

  private save(): void {
    this.api.setState(this.choices);
  }

  private compute(): void {
    if (!this.setup) return;
    this.save();
    const m: ComputeRequest = {
      type: 'compute',
      request: ++this.request,
      surface: this.choices.surface,
      optimizers: this.choices.optimizers.map((id) => ({ id, lr: this.rate(id) })),
      steps: this.choices.steps,
      weights: this.choices.surface === 'model' ? this.choices.weights : null,
    };
    setText(this.status, 'Computing…');
    this.api.postMessage(m);
  }

  private select(
    label: string,
    options: { value: string; text: string }[],
    value: string,
    onChange: (v: string) => void,
  ): HTMLElement {
    const sel = h(
      'select',
      { class: 'll-select', attrs: { 'aria-label': label } },
      ...options.map((o) => h('option', { text: o.text, attrs: { value: o.value } })),
    );
    sel.value = value;
    sel.addEventListener('change', () => onChange(sel.value));
    return h('label', { class: 'll-control' }, h('span', { class: 'll-control-label', text: label }), sel);
  }

  private renderControls(): void {
    const s = this.setup!;
    const steps = h('input', {
      class: 'll-number',
      attrs: {
        type: 'number',
        min: '1',
        max: '5000',
        step: '50',
        value: String(this.choices.steps),
        'aria-label': 'steps',
      },
    });
    steps.addEventListener('change', () => {
      const n = Math.round(Number(steps.value));
      if (n >= 1 && n <= 5000) {
        this.choices.steps = n;
        this.compute();
      } else steps.value = String(this.choices.steps);
    });
    const parts: HTMLElement[] = [
      this.select(
        'Surface',
        s.surfaces.map((x) => ({ value: x.id, text: x.title })),
        this.choices.surface,
        (v) => {
          this.choices.surface = v;
          this.renderControls();
          this.compute();
        },
      ),
    ];
    if (s.model && this.choices.surface === 'model' && this.choices.weights) {
      const names = s.model.parameters.map((p) => ({ value: p, text: p }));
      for (const axis of [0, 1] as const)
        parts.push(
          this.select(axis === 0 ? 'x weight' : 'y weight', names, this.choices.weights[axis], (v) => {
            const w = [...this.choices.weights!] as [string, string];
            w[axis] = v;
            if (w[0] === w[1]) return this.renderControls();
            this.choices.weights = w;
            this.compute();
          }),
        );
    }
    parts.push(h('label', { class: 'll-control' }, h('span', { class: 'll-control-label', text: 'Steps' }), steps));
    this.controls.replaceChildren(...parts);
    this.renderOptimizers();
  }

  private renderOptimizers(): void {
    const s = this.setup!;
    const items = s.optimizers.map((o) => {
      const on = this.choices.optimizers.includes(o.id);
      const box = h('input', { attrs: { type: 'checkbox', 'aria-label': o.label } });
      box.checked = on;
      box.addEventListener('change', () => {
        // Kept in the registry's order, so colours stay put when one is added.
        const chosen = new Set(this.choices.optimizers);
        if (box.checked) chosen.add(o.id);
        else chosen.delete(o.id);
        this.choices.optimizers = s.optimizers.map((x) => x.id).filter((id) => chosen.has(id));
        this.compute();
      });
      const lr = h('input', {
        class: 'll-number lt-lr',
        attrs: {
          type: 'number',
          min: '0',
          step: 'any',
          value: String(this.rate(o.id)),
          'aria-label': `${o.label} learning rate`,
          title: 'learning rate',
        },
      });
      lr.addEventListener('change', () => {
        const v = Number(lr.value);
        if (!(v > 0 && v <= 1000)) {
          lr.value = String(this.rate(o.id));
          return;
        }
        (this.choices.lrs[this.choices.surface] ??= {})[o.id] = v;
        if (this.choices.optimizers.includes(o.id)) this.compute();
      });
      return h('label', { class: 'll-check lt-optimizer' }, box, h('span', { text: o.label }), lr);
    });
    this.optimizerBox.replaceChildren(...items);
  }

  private renderLegend(paths: PathResult[]): void {
    const colors = this.theme.palette;
    this.legend.replaceChildren(
      ...paths.map((p, k) => {
        const swatch = h('span', { class: 'll-swatch' });
        swatch.style.background = colors[k % colors.length];
        const n = p.xs.length - 1;
        const result =
          p.message ?? `loss ${formatNumber(p.losses[n])} at (${formatNumber(p.xs[n])}, ${formatNumber(p.ys[n])})`;
        return h(
          'div',
          { class: `lt-legend-item${p.status === 'diverged' ? ' lt-diverged' : ''}` },
          swatch,
          h('span', { class: 'lt-legend-name', text: `${p.label} · lr ${formatNumber(p.lr)}` }),
          h('span', { class: 'll-hint', text: result }),
        );
      }),
      h('div', { class: 'll-hint lt-key', text: '○ start   ✳ minimum' }),
    );
  }

  private get lastFrame(): number {
    return Number(this.slider.max);
  }

  private showFrame(frame: number): void {
    this.frame = Math.max(0, Math.min(this.lastFrame, frame));
    this.slider.value = String(this.frame);
    setText(this.stepLabel, `step ${this.frame} / ${this.lastFrame}`);
    this.redraw();
  }

  private redraw(): void {
    if (!this.data) return;
    this.plot.draw(this.data, this.frame, this.theme, this.theme.palette);
    this.chart.setFrame(this.frame);
  }

  private stepOnce(): void {
    this.playing = false;
    setText(this.playButton, 'Play');
    this.showFrame(this.frame + 1);
  }

  private togglePlay(): void {
    if (this.playing) {
      this.playing = false;
      setText(this.playButton, 'Play');
    } else {
      if (this.frame >= this.lastFrame) this.showFrame(0);
      this.play();
    }
  }

  private play(): void {
    if (this.playing) return;
    this.playing = true;
    setText(this.playButton, 'Pause');
    const tick = () => {
      if (!this.playing) return;
      this.showFrame(this.frame + Math.max(1, Math.ceil(this.lastFrame / ANIMATION_FRAMES)));
      if (this.frame >= this.lastFrame) {
        this.playing = false;
        setText(this.playButton, 'Play');
        return;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }
}
