/** Run events as the dashboard's chart points. */
import type { EpochEvent, RunEvent, StepEvent } from '../core/trainer/events';
import type { EpochPoint, StepPoint } from '../protocol';

export function stepPoint(e: StepEvent): StepPoint {
  return { step: e.step, epoch: e.epoch, t: e.elapsed, loss: e.loss, lr: e.lr, gradNorm: e.gradNorm, layerGradNorms: e.layerGradNorms, updateRatio: e.updateRatio };
}

export function epochPoint(e: EpochEvent): EpochPoint {
  return { epoch: e.epoch, step: e.step, t: e.elapsed, trainLoss: e.trainLoss, valLoss: e.valLoss, metrics: e.metrics };
}

export function toPoints(events: readonly RunEvent[]): { steps: StepPoint[]; epochs: EpochPoint[] } {
  const steps: StepPoint[] = [];
  const epochs: EpochPoint[] = [];
  for (const e of events) {
    if (e.type === 'step') steps.push(stepPoint(e));
    else if (e.type === 'epoch') epochs.push(epochPoint(e));
  }
  return { steps, epochs };
}
