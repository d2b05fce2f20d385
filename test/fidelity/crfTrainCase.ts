/**
 * The `crf` train cases: a CRF tagger (one Linear layer for the emissions, the CRF's transitions, start
 * and end as the loss's task parameters after it in the flat vector) trained full batch through the
 * trainer's StepEngine on whole sequences, each row's sequence id beside it as a ranking batch has its
 * groups. Every step's loss, the final parameters and the Viterbi paths under them must match.
 */
import { crfLoss } from '../../src/core/losses/crf';
import { Mlp } from '../../src/core/model/mlp';
import { createOptimizer } from '../../src/core/optimizers';
import { createSchedule } from '../../src/core/schedules';
import { viterbi } from '../../src/core/sequence/crf';
import { StepEngine } from '../../src/core/trainer/step';
import { type CaseResult, type Tolerance, all, compare, flatten, guarded } from './cases';

interface CrfState {
  emission: { weight: number[][]; bias: number[] };
  transitions: number[][];
  start: number[];
  end: number[];
}

export interface CrfTrainCase {
  kind: 'train';
  task: 'crf';
  data: { features: number[][][]; lengths: number[]; tags: number[][] };
  model: { num_tags: number; initial: CrfState };
  loss: { name: string };
  optimizer: { name: string; params: Record<string, unknown> };
  steps: number;
  expected: { loss: number[]; final: CrfState; viterbi: number[][] };
  tolerance: Tolerance;
}

const crfParams = (s: CrfState) => flatten([s.transitions, s.start, s.end]);

export function runCrfTrainCase(c: CrfTrainCase): CaseResult {
  return guarded('train crf', () => {
    if (c.loss.name !== 'crf_nll') throw new Error(`unsupported loss ${c.loss.name}`);
    const { features, lengths, tags } = c.data;
    const x = Float64Array.from(features.flatMap((seq, b) => seq.slice(0, lengths[b]).flat()));
    const y = Float64Array.from(tags.flatMap((seq, b) => seq.slice(0, lengths[b])));
    const group = Float64Array.from(lengths.flatMap((len, b) => new Array<number>(len).fill(b)));
    const tagCount = c.model.num_tags;
    const loss = crfLoss(tagCount, 0);
    const model = new Mlp([features[0][0].length, tagCount], 'relu', { taskParams: loss.taskParamCount });
    model.setParams([c.model.initial.emission]);
    model.taskParams.set(crfParams(c.model.initial));
    const { optimizer, params } = createOptimizer(c.optimizer.name, model.params.length, c.optimizer.params);
    const schedule = createSchedule('constant', params.lr as number, {}, { totalSteps: c.steps, stepsPerEpoch: 1 });
    const reg = { l1: 0, l2: 0, clipNorm: null, clipValue: null };
    const engine = new StepEngine(model, loss, {}, optimizer, schedule, reg);
    const losses: number[] = [];
    for (let t = 0; t < c.steps; t++) {
      losses.push(engine.accumulate(x, y, y.length, 1, group));
      engine.update();
    }
    const [layer] = model.getParams();
    const paths = viterbi(engine.predict(x, y.length), lengths, tagCount, model.taskParams);
    const e = c.expected;
    const tol = c.tolerance;
    return all([
      compare(losses, e.loss, tol, 'loss'),
      compare(
        flatten([layer.weight, layer.bias]),
        flatten([e.final.emission.weight, e.final.emission.bias]),
        tol,
        'final emission',
      ),
      compare(model.taskParams, crfParams(e.final), tol, 'final transitions, start, end'),
      compare(paths, flatten(e.viterbi), { rtol: 0, atol: 0 }, 'viterbi'),
    ]);
  });
}
