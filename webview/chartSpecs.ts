/**
 * What each chart draws, as one table: its title, its default y scale, a key to its line styles, and the
 * lines of one run. Pure, so the dashboard and the compact view share it and tests can read it.
 */
import type { EpochPoint, RunView, StepPoint } from '../src/protocol/webview';
import { metricsOf } from '../src/views/metrics';
import { epochLine, type Line, type LineStyle, type SeriesOptions, STEP, stepLines } from './series';

export type ChartId = 'loss' | 'metric' | 'gradNorm' | 'lr' | 'updateRatio';
export const CHART_IDS: readonly ChartId[] = ['loss', 'metric', 'gradNorm', 'lr', 'updateRatio'];

export interface LineContext extends SeriesOptions {
  run: RunView;
  steps: readonly StepPoint[];
  epochs: readonly EpochPoint[];
  /** x of each step and of each epoch for the chart's x axis (see xSeries.ts). */
  stepXs: readonly number[];
  epochXs: readonly number[];
  metric: string | null;
  /** Gradient norm per layer instead of the global one. */
  layers: boolean;
}

export interface ChartSpec {
  id: ChartId;
  title: string;
  defaultLog: boolean;
  /** What the line styles mean, shown under the title. */
  styleKey: readonly { label: string; style: LineStyle }[];
  /** Noisy per-step series whose y axis may ignore outliers (see scaleRange.ts). */
  robust: boolean;
  /** A horizontal guide, e.g. the healthy update size. */
  reference?: { y: number; label: string };
  lines(c: LineContext): Line[];
}

/** In the loss chart the per-epoch lines carry the story; the per-step line is context under them. */
const STEP_UNDER: LineStyle = { alpha: 0.4, width: 1 };
const EPOCH: LineStyle = { alpha: 1, width: 2, markers: true };
const VALIDATION: LineStyle = { alpha: 1, width: 2, dash: [6, 4], markers: true };
const VALIDATION_PLAIN: LineStyle = { alpha: 1, width: 1.5, dash: [5, 3] };

export const LAYER_STYLE = (layer: number, layers: number): LineStyle => ({
  alpha: 1,
  width: 1.25,
  shade: layers > 1 ? (0.75 * layer) / (layers - 1) : 0,
});

const PRETRAIN: LineStyle = { alpha: 0.7, width: 1.5, dash: [2, 3] };

/** One phase's points: pretraining's come first (at negative steps), the supervised phase's after them. */
interface PhasePoints {
  steps: readonly StepPoint[];
  xs: readonly number[];
  epochs: readonly EpochPoint[];
  epochXs: readonly number[];
}

/** A run's points split into its pretraining phase (null without one) and its supervised phase. */
export function byPhase(c: LineContext): { pretrain: PhasePoints | null; supervised: PhasePoints } {
  let k = 0;
  while (k < c.steps.length && c.steps[k].phase === 'pretrain') k++;
  const first = c.epochs.findIndex((e) => e.phase !== 'pretrain');
  const split = first < 0 ? c.epochs.length : first;
  if (k === 0 && split === 0)
    return {
      pretrain: null,
      supervised: { steps: c.steps, xs: c.stepXs, epochs: c.epochs, epochXs: c.epochXs },
    };
  return {
    pretrain: {
      steps: c.steps.slice(0, k),
      xs: c.stepXs.slice(0, k),
      epochs: c.epochs.slice(0, split),
      epochXs: c.epochXs.slice(0, split),
    },
    supervised: {
      steps: c.steps.slice(k),
      xs: c.stepXs.slice(k),
      epochs: c.epochs.slice(split),
      epochXs: c.epochXs.slice(split),
    },
  };
}

/** Pretraining's NT-Xent loss, per step and per epoch, left of step 0. */
function pretrainLines(p: PhasePoints | null, c: LineContext): Line[] {
  if (!p) return [];
  return [
    ...stepLines('pretrain', 'pretrain NT-Xent (step)', p.steps, (s) => s.loss, p.xs, c, PRETRAIN),
    epochLine('pretrainEpoch', 'pretrain NT-Xent (epoch)', p.epochs, (e) => e.trainLoss, p.epochXs, c, {
      ...EPOCH,
      dash: [2, 3],
    }),
  ];
}

const loss: ChartSpec = {
  id: 'loss',
  title: 'Loss',
  defaultLog: false,
  robust: true,
  styleKey: [
    { label: 'train (step)', style: STEP_UNDER },
    { label: 'train (epoch)', style: EPOCH },
    { label: 'validation', style: VALIDATION },
    { label: 'pretraining (NT-Xent, before step 0)', style: PRETRAIN },
  ],
  lines: (c) => {
    const { pretrain, supervised: s } = byPhase(c);
    return [
      ...pretrainLines(pretrain, c),
      ...stepLines('step', 'train (step)', s.steps, (p) => p.loss, s.xs, c, STEP_UNDER),
      epochLine('epoch', 'train (epoch)', s.epochs, (e) => e.trainLoss, s.epochXs, c, EPOCH),
      epochLine('val', 'validation', s.epochs, (e) => e.valLoss, s.epochXs, c, VALIDATION),
    ];
  },
};

const metric: ChartSpec = {
  id: 'metric',
  title: 'Metric',
  defaultLog: false,
  robust: false,
  styleKey: [{ label: 'per epoch, on the validation split (training split without one)', style: EPOCH }],
  lines: (c) => {
    if (c.metric === null) return [];
    // `each/loss`: a line per target of a multitask run, shaded apart like the layers' norms.
    const names = metricsOf(c.metric, Object.keys(c.epochs.at(-1)?.metrics ?? {}));
    return names.map((name, i) =>
      epochLine(
        names.length > 1 ? `metric:${name}` : 'metric',
        name,
        c.epochs,
        (e) => e.metrics[name],
        c.epochXs,
        c,
        names.length > 1 ? { ...LAYER_STYLE(i, names.length), markers: true } : EPOCH,
      ),
    );
  },
};

const gradNorm: ChartSpec = {
  id: 'gradNorm',
  title: 'Gradient norm',
  defaultLog: false,
  robust: true,
  styleKey: [{ label: 'global L2 norm, before clipping', style: STEP }],
  lines: (c) => {
    if (!c.layers) return stepLines('global', 'global', c.steps, (p) => p.gradNorm, c.stepXs, c);
    const count = c.steps.reduce((m, p) => Math.max(m, p.layerGradNorms.length), 0);
    // Per layer, only the smoothed lines: raw traces of every layer would bury them.
    return Array.from({ length: count }, (_, l) =>
      stepLines(
        `layer${l}`,
        `layer ${l + 1}`,
        c.steps,
        (p) => p.layerGradNorms[l] ?? NaN,
        c.stepXs,
        c,
        LAYER_STYLE(l, count),
      ).at(-1)!,
    );
  },
};

const lr: ChartSpec = {
  id: 'lr',
  title: 'Learning rate',
  defaultLog: false,
  robust: false,
  styleKey: [{ label: 'per step, from the schedule', style: STEP }],
  lines: (c) => stepLines('lr', 'learning rate', c.steps, (p) => p.lr, c.stepXs, c, STEP, false),
};

const updateRatio: ChartSpec = {
  id: 'updateRatio',
  title: 'Update / weight ratio',
  defaultLog: true,
  robust: true,
  styleKey: [{ label: '‖Δθ‖ / ‖θ‖ per step', style: STEP }],
  reference: { y: 1e-3, label: '1e-3: typical healthy size' },
  lines: (c) => stepLines('ratio', '‖Δθ‖/‖θ‖', c.steps, (p) => p.updateRatio, c.stepXs, c),
};

export const CHART_SPECS: readonly ChartSpec[] = [loss, metric, gradNorm, lr, updateRatio];

/** The side bar's view: the active run's loss (smoothed steps and validation) and its learning rate. */
export const COMPACT_SPECS: readonly ChartSpec[] = [
  {
    ...loss,
    styleKey: [
      { label: 'train (step)', style: STEP },
      { label: 'validation', style: VALIDATION_PLAIN },
    ],
    lines: (c) => {
      const { pretrain, supervised: s } = byPhase(c);
      return [
        ...(pretrain
          ? stepLines('pretrain', 'pretrain NT-Xent', pretrain.steps, (p) => p.loss, pretrain.xs, c, PRETRAIN)
          : []),
        ...stepLines('step', 'train (step)', s.steps, (p) => p.loss, s.xs, c),
        epochLine('val', 'validation', s.epochs, (e) => e.valLoss, s.epochXs, c, VALIDATION_PLAIN),
      ];
    },
  },
  lr,
];

export function defaultLogScales(): Record<ChartId, boolean> {
  return Object.fromEntries(CHART_SPECS.map((s) => [s.id, s.defaultLog])) as Record<ChartId, boolean>;
}
