/**
 * A model's passes split by rows across two threads: this thread runs the first rows of a batch, a second
 * thread (its own `Mlp` of the same layers, fed the same weights through shared memory, splitMemory.ts) the
 * rest, at the same time. The loss still sees the whole batch's outputs at once and gives the whole batch's
 * output gradient, so its mean and its gradient are those of one thread; each row's forward pass is the same
 * arithmetic on either thread, so outputs are the same bits.
 *
 * Only the weights' gradient changes, by the order of its sums over rows: each thread sums its rows, then
 * this thread's sum and the second thread's are added, in that order (so two runs give the same bits).
 * A plain MLP only: batch norm's statistics span the batch and dropout's masks are drawn row after row
 * from one stream, so both stay on one thread (`threadsConflict` in trainer/threads.ts refuses them).
 */
import { type KernelKind } from './kernels';
import { parameterCount } from './limits';
import { Mlp } from './mlp';
import { Command, type SplitLayout, SplitMemory } from './splitMemory';

/**
 * Batches below this many rows stay on one thread: a hand-over costs tens of microseconds, about what a
 * few dozen rows of a small MLP take.
 */
export const MIN_SPLIT_ROWS = 256;

/** What the second thread needs to build its model and find the shared memory (structured-clonable). */
export interface SplitJob {
  sizes: number[];
  activation: string;
  negativeSlope?: number;
  kernels: KernelKind;
  buffer: SharedArrayBuffer;
  layout: SplitLayout;
}

/** Starts a thread that calls `serveRowSplit(job)` (the host's: a worker thread). */
export type StartSplitThread = (job: SplitJob) => void;

/** The passes a step engine runs: the model's own, or a RowSplit of them. */
export type Passes = Pick<Mlp, 'forward' | 'backward'>;

export class RowSplit implements Passes {
  private readonly memory: SplitMemory;
  /** The whole batch's outputs, this thread's rows then the second's. */
  private output = new Float64Array(0);
  private outputView = new Float64Array(0);
  /** Rows of the last forward pass on this thread and on the second (0: it ran on this thread alone). */
  private ownRows = 0;
  private otherRows = 0;

  /** Lays out shared memory for passes of up to `maxRows` rows and starts the second thread on it. */
  constructor(
    private readonly model: Mlp,
    maxRows: number,
    start: StartSplitThread,
  ) {
    if (model.options.batchNorm || model.dropout > 0)
      throw new Error('a row split needs a model without batch norm or dropout');
    const layout = {
      params: parameterCount(model.sizes),
      inputs: model.inputSize,
      outputs: model.outputSize,
      rows: Math.ceil(maxRows / 2),
    };
    this.memory = SplitMemory.create(layout);
    start({
      sizes: [...model.sizes],
      activation: model.activation.id,
      negativeSlope: model.options.negativeSlope,
      kernels: model.kernelKind,
      buffer: this.memory.buffer,
      layout,
    });
  }

  forward(x: Float64Array, rows: number, training = false): Float64Array {
    const { model, memory } = this;
    if (rows < MIN_SPLIT_ROWS) {
      this.otherRows = 0;
      return model.forward(x, rows, training);
    }
    if (Math.ceil(rows / 2) > memory.layout.rows) throw new Error(`a row split holds ${2 * memory.layout.rows} rows`);
    // A multiple of 4 (the kernels' row blocks) on this thread, which also runs the loss and the step.
    const own = Math.min(rows, (Math.ceil(rows / 2) + 3) & ~3);
    const other = rows - own;
    const d = model.inputSize;
    memory.params.set(model.params.subarray(0, memory.params.length));
    memory.x.set(x.subarray(own * d, rows * d));
    memory.post(training ? Command.ForwardTrain : Command.ForwardEval, other);
    const mine = model.forward(x, own, training);
    memory.join();
    const k = model.outputSize;
    if (this.output.length < rows * k) this.output = new Float64Array(Math.max(rows * k, 2 * this.output.length));
    // One view per batch size, as the model's own, so that the loss's views of it are made once.
    if (this.outputView.buffer !== this.output.buffer || this.outputView.length !== rows * k)
      this.outputView = this.output.subarray(0, rows * k);
    this.outputView.set(mine);
    this.outputView.set(memory.out.subarray(0, other * k), own * k);
    this.ownRows = own;
    this.otherRows = other;
    return this.outputView;
  }

  /** Adds the gradient of the last forward pass's rows into the model's, this thread's sum first. */
  backward(gradOut: Float64Array, rows: number): void {
    const { model, memory, ownRows: own, otherRows: other } = this;
    if (other === 0) return model.backward(gradOut, rows);
    if (own + other !== rows) throw new Error(`backward of ${rows} rows after a forward pass of ${own + other}`);
    const k = model.outputSize;
    memory.gradOut.set(gradOut.subarray(own * k, rows * k));
    memory.post(Command.Backward, other);
    model.backward(gradOut.subarray(0, own * k), own);
    memory.join();
    const g = model.grads;
    const theirs = memory.grads;
    for (let i = 0; i < theirs.length; i++) g[i] += theirs[i];
  }

  /** Ends the second thread. */
  stop(): void {
    this.memory.post(Command.Stop);
  }
}

/** The second thread's side: builds the model `job` describes and serves passes until told to stop. */
export function serveRowSplit(job: SplitJob): void {
  const memory = new SplitMemory(job.buffer, job.layout);
  let built: Mlp | null = null;
  memory.serve((command, rows) => {
    // Built on the first command, so that a failure to build is answered like any other.
    const model = (built ??= new Mlp(job.sizes, job.activation, {
      kernels: job.kernels,
      negativeSlope: job.negativeSlope,
    }));
    const k = model.outputSize;
    if (command === Command.Backward) {
      model.grads.fill(0);
      model.backward(memory.gradOut.subarray(0, rows * k), rows);
      memory.grads.set(model.grads);
      return;
    }
    model.params.set(memory.params);
    memory.out.set(model.forward(memory.x.subarray(0, rows * model.inputSize), rows, command === Command.ForwardTrain));
  });
}

/** Whether `value` is a SplitJob (a worker's data is untyped). */
export function isSplitJob(value: unknown): value is SplitJob {
  const v = value as Partial<SplitJob> | null;
  return typeof v === 'object' && v !== null && v.buffer instanceof SharedArrayBuffer && Array.isArray(v.sizes);
}
