/**
 * What the dashboard's experiment cards are sent: a sweep (which shown runs belong to it and what it
 * varied), a learning-rate range test and a schedule preview. Part of the message protocol
 * (src/protocol/webview.ts); kept apart so each card's data reads in one place.
 */

/** How a swept setting took its values, as the sweep block says (`choice` for a listed value). */
export type SweepDist = 'choice' | 'uniform' | 'logUniform' | 'int';

export interface SweepParamView {
  /** The config path, e.g. `optimizer.lr`. */
  path: string;
  /** A short name for a column or axis (`lr`), the whole path when two would clash. */
  label: string;
  dist: SweepDist;
}

export interface SweepView {
  name: string;
  /** The metric the sweep ranks by (the file's `sweep.metric`); null: the task's headline metric. */
  metric: string | null;
  params: SweepParamView[];
  /** Each run by its dashboard id, with its value of every param: numbers as numbers, anything else as text. */
  runs: { runId: string; values: (number | string)[] }[];
}

export interface LrFindView {
  /** Names this result when the webview asks to use a rate from it. */
  id: string;
  /** The run (or CSV) it was run for. */
  title: string;
  lrs: number[];
  /** The smoothed loss at each rate. */
  losses: number[];
  suggestion: number | null;
  stopped: string | null;
  note: string | null;
  /** The learning rate the run is configured with now. */
  currentLr: number | null;
  /** True when the host can write a rate into an experiment file for it. */
  writable: boolean;
}

/** An LR range test's title: the run (or CSV) and its optimizer, unless the run's name already says it ("adam", not "adam · adam"). */
export function rangeTestTitle(subject: string, optimizer: string): string {
  return subject.toLowerCase().includes(optimizer.toLowerCase()) ? subject : `${subject} · ${optimizer}`;
}

export interface SchedulePreviewView {
  title: string;
  schedules: { name: string; schedule: string; stepsPerEpoch: number; lrs: number[]; note: string | null }[];
}
