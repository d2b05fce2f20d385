/** Which rows drive a recorded run's loss (`losslab rows`), at its trained weights, for its training and validation rows. */
import { DEFAULT_TOP, type SplitRows, splitRows } from '../core/probe/rows';
import { trainedWeights } from '../io/trainedRun';
import { flatOf, loadLiveRun, scorerOf } from './trainedModel';
import { setFlatWeights } from '../core/model/weights';

export interface RowsReport {
  run: string;
  /** Which weights were scored: the restored best ones, else the final ones. */
  weights: 'final' | 'best';
  loss: string;
  /** What the gradient share is of: the per-example gradient with respect to the model's output. */
  gradient: 'output';
  train: SplitRows;
  /** null without a validation split. */
  val: SplitRows | null;
}

export async function rowsReport(dir: string, top = DEFAULT_TOP): Promise<RowsReport> {
  const live = await loadLiveRun(dir);
  setFlatWeights(live.model, flatOf(live, trainedWeights(live.run), 'weights'));
  const scorer = scorerOf(live);
  const { train, val } = live.data.dataset;
  return {
    run: live.run.meta.id,
    weights: live.run.best ? 'best' : 'final',
    loss: live.plan.loss.id,
    gradient: 'output',
    train: splitRows(scorer, train, top),
    val: val.length ? splitRows(scorer, val, top) : null,
  };
}
