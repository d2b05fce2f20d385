/** Runs every case of a fidelity folder, whatever its files hold; a kind or name we don't support fails. */
import { type CaseResult, loadFolder } from './cases';
import { type CrfCase, runCrfCase } from './crfCase';
import { type CrfTrainCase, runCrfTrainCase } from './crfTrainCase';
import { type GanTrainCase, runGanTrainCase } from './ganTrainCase';
import { type GanLossCase, isGanLoss, runGanLossCase } from './ganLossCase';
import { type LayerCase, runLayerCase } from './layerCase';
import { type LossCase, runLossCase } from './lossCase';
import { type OptimizerCase, runOptimizerCase } from './optimizerCase';
import { type ScheduleCase, runScheduleCase } from './scheduleCase';
import { type TaskLossCase, isTaskLoss, runTaskLossCase } from './taskLossCase';
import { type TrainCase, runTrainCase } from './trainCase';
import { type MultitaskCase, runMultitaskCase } from './multitaskCase';
import { type VaeCase, runVaeCase } from './vaeCase';

export interface CaseOutcome {
  file: string;
  label: string;
  result: CaseResult;
}

export function runCase(c: Record<string, unknown>): CaseResult {
  switch (c.kind) {
    case 'loss':
      if (c.name === 'crf_nll') return runCrfCase(c as unknown as CrfCase);
      if (isGanLoss(String(c.name))) return runGanLossCase(c as unknown as GanLossCase);
      return isTaskLoss(String(c.name))
        ? runTaskLossCase(c as unknown as TaskLossCase)
        : runLossCase(c as unknown as LossCase);
    case 'layer':
      return runLayerCase(c as unknown as LayerCase);
    case 'optimizer':
      return runOptimizerCase(c as unknown as OptimizerCase);
    case 'schedule':
      return runScheduleCase(c as unknown as ScheduleCase);
    case 'train':
      if (c.task === 'crf') return runCrfTrainCase(c as unknown as CrfTrainCase);
      if (c.task === 'wgan_gp') return runGanTrainCase(c as unknown as GanTrainCase);
      if (c.task === 'vae') return runVaeCase(c as unknown as VaeCase);
      return c.task === 'multitask'
        ? runMultitaskCase(c as unknown as MultitaskCase)
        : runTrainCase(c as unknown as TrainCase);
    default:
      return { ok: false, maxErr: Infinity, message: `unsupported case kind ${JSON.stringify(c.kind)}` };
  }
}

export function label(c: Record<string, unknown>, i: number): string {
  if (c.kind === 'train') {
    const t = c as unknown as TrainCase;
    const bn = t.model?.batch_norm ? ' (batch norm)' : '';
    return `#${i} train ${t.task}${bn}: ${t.loss?.name} + ${t.optimizer?.name}${t.schedule ? ` + ${t.schedule.name}` : ''}`;
  }
  return `#${i} ${String(c.kind)} ${String(c.name)} ${JSON.stringify(c.params ?? {})}`;
}

export function runFolder(dir: string): CaseOutcome[] {
  return loadFolder(dir).map((entry, i) => ({
    file: entry.file,
    label: label(entry.case, i),
    result: runCase(entry.case),
  }));
}
