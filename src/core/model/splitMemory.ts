/**
 * The memory two threads share to split a model's passes by rows (rowSplit.ts): one SharedArrayBuffer
 * holding a few control words, the weights, the second thread's rows of inputs, outputs and output
 * gradient, and the gradient it sums. The handshake is one state word moved with Atomics: the first thread
 * posts work (WORK), the second does it and answers (DONE or FAILED), the first takes the answer (IDLE).
 * Plain writes before an Atomics.store are seen by the thread whose Atomics.load reads that store.
 */

/** What the second thread is asked to do. */
export const enum Command {
  ForwardEval = 1,
  ForwardTrain = 2,
  Backward = 3,
  Stop = 4,
}

const enum State {
  Idle = 0,
  Work = 1,
  Done = 2,
  Failed = 3,
}

/** Control words: the state, the command, its rows, whether the second thread serves, and a failure's message. */
const STATE = 0;
const COMMAND = 1;
const ROWS = 2;
const READY = 3;
const MESSAGE_LENGTH = 4;
const MESSAGE = 5;
const MESSAGE_CHARS = 400;
const CONTROL_INTS = MESSAGE + MESSAGE_CHARS;

/** How long the first thread waits for the second to start serving before it gives up. */
const START_TIMEOUT_MS = 60_000;

/** The sizes a split memory is laid out for. */
export interface SplitLayout {
  /** Parameters of the layers (the weights the passes read, the gradient they sum). */
  params: number;
  inputs: number;
  outputs: number;
  /** Rows the second thread can be given in one pass. */
  rows: number;
}

export class SplitMemory {
  private readonly control: Int32Array;
  readonly params: Float64Array;
  readonly grads: Float64Array;
  /** The second thread's rows: inputs (rows × inputs), outputs and output gradient (rows × outputs). */
  readonly x: Float64Array;
  readonly out: Float64Array;
  readonly gradOut: Float64Array;

  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly layout: SplitLayout,
  ) {
    const { params, inputs, outputs, rows } = layout;
    this.control = new Int32Array(buffer, 0, CONTROL_INTS);
    let at = 8 * Math.ceil(CONTROL_INTS / 2);
    const take = (doubles: number) => {
      const view = new Float64Array(buffer, at, doubles);
      at += 8 * doubles;
      return view;
    };
    this.params = take(params);
    this.grads = take(params);
    this.x = take(rows * inputs);
    this.out = take(rows * outputs);
    this.gradOut = take(rows * outputs);
  }

  static create(layout: SplitLayout): SplitMemory {
    const doubles =
      Math.ceil(CONTROL_INTS / 2) + 2 * layout.params + layout.rows * (layout.inputs + 2 * layout.outputs);
    return new SplitMemory(new SharedArrayBuffer(8 * doubles), layout);
  }

  // The first thread's side.

  /** Asks the second thread to run `command` on `rows` rows (its buffers already written). */
  post(command: Command, rows = 0): void {
    Atomics.store(this.control, COMMAND, command);
    Atomics.store(this.control, ROWS, rows);
    Atomics.store(this.control, STATE, State.Work);
    Atomics.notify(this.control, STATE);
  }

  /** Waits for the second thread's answer to the work posted; throws its failure. */
  join(): void {
    const c = this.control;
    const started = Date.now();
    let state: number;
    while ((state = Atomics.load(c, STATE)) === State.Work) {
      Atomics.wait(c, STATE, State.Work, 1000);
      if (!Atomics.load(c, READY) && Date.now() - started > START_TIMEOUT_MS)
        throw new Error(`the second training thread did not start within ${START_TIMEOUT_MS / 1000} s`);
    }
    Atomics.store(c, STATE, State.Idle);
    if (state === State.Failed) throw new Error(`the second training thread failed: ${this.message()}`);
  }

  private message(): string {
    const n = this.control[MESSAGE_LENGTH];
    return String.fromCharCode(...this.control.subarray(MESSAGE, MESSAGE + n));
  }

  // The second thread's side.

  /**
   * Serves commands with `work` until told to stop: each is answered DONE, or FAILED with the error's
   * message (the loop then ends, as the first thread gives up on this thread).
   */
  serve(work: (command: Command, rows: number) => void): void {
    const c = this.control;
    Atomics.store(c, READY, 1);
    for (;;) {
      let state: number;
      while ((state = Atomics.load(c, STATE)) !== State.Work) Atomics.wait(c, STATE, state);
      const command = Atomics.load(c, COMMAND) as Command;
      if (command === Command.Stop) return this.answer(State.Done);
      try {
        work(command, Atomics.load(c, ROWS));
      } catch (e) {
        const text = (e instanceof Error ? e.message : String(e)).slice(0, MESSAGE_CHARS);
        for (let i = 0; i < text.length; i++) c[MESSAGE + i] = text.charCodeAt(i);
        c[MESSAGE_LENGTH] = text.length;
        return this.answer(State.Failed);
      }
      this.answer(State.Done);
    }
  }

  private answer(state: State): void {
    Atomics.store(this.control, STATE, state);
    Atomics.notify(this.control, STATE);
  }
}
