/** Small hand-made runs for the dashboard's tests. */
import type { EpochPoint, RunView, StepPoint } from '../../src/protocol/webview';

export function runView(id: string, patch: Partial<RunView> = {}): RunView {
  return {
    id,
    name: id,
    experiment: null,
    status: 'completed',
    task: 'binary',
    config: {},
    epoch: 2,
    epochs: 2,
    step: 4,
    totalSteps: 4,
    elapsed: 10,
    final: null,
    best: null,
    message: null,
    ...patch,
  };
}

export function stepPoint(step: number, patch: Partial<StepPoint> = {}): StepPoint {
  return { step, epoch: 1, t: step, loss: 1, lr: 0.1, gradNorm: 1, layerGradNorms: [], updateRatio: 0.001, ...patch };
}

export function epochPoint(epoch: number, patch: Partial<EpochPoint> = {}): EpochPoint {
  return { epoch, step: epoch * 2, t: epoch, trainLoss: 1, valLoss: null, metrics: {}, ...patch };
}
