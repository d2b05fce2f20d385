/** Run events as the dashboard's chart points. */
import type { ControlEvent, EpochEvent, RunEvent, StepEvent } from '../core/trainer/events';
import type { ControlPoint, EpochPoint, StepPoint } from '../protocol/webview';

export function stepPoint(e: StepEvent): StepPoint {
  return {
    step: e.step,
    epoch: e.epoch,
    t: e.elapsed,
    loss: e.loss,
    lr: e.lr,
    gradNorm: e.gradNorm,
    layerGradNorms: e.layerGradNorms,
    updateRatio: e.updateRatio,
    ...(e.phase && { phase: e.phase }),
  };
}

export function epochPoint(e: EpochEvent): EpochPoint {
  const p: EpochPoint = {
    epoch: e.epoch,
    step: e.step,
    t: e.elapsed,
    trainLoss: e.trainLoss,
    valLoss: e.valLoss,
    metrics: e.metrics,
    ...(e.transitions && { transitions: e.transitions }),
    ...(e.spread && { spread: e.spread }),
  };
  return e.phase ? { ...p, phase: e.phase } : p;
}

export function controlPoint(e: ControlEvent): ControlPoint {
  return { step: e.step, t: e.elapsed, action: e.action, lr: e.lr ?? null };
}

export function toPoints(events: readonly RunEvent[]): {
  steps: StepPoint[];
  epochs: EpochPoint[];
  controls: ControlPoint[];
} {
  const steps: StepPoint[] = [];
  const epochs: EpochPoint[] = [];
  const controls: ControlPoint[] = [];
  for (const e of events) {
    if (e.type === 'step') steps.push(stepPoint(e));
    else if (e.type === 'epoch') epochs.push(epochPoint(e));
    else if (e.type === 'control') controls.push(controlPoint(e));
  }
  return { steps, epochs, controls };
}
