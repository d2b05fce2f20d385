/** What a run record holds, as the run store writes and reads it (src/io/runStore.ts). */
import type { RunConfig } from '../config/types';
import type { SweepSpec } from '../sweep/types';
import type { RunStatus, RunSummary } from '../trainer/events';

/** Where runs are recorded, relative to the workspace folder or the CLI's working folder (package.json's lossLab.runsDirectory default says the same). */
export const DEFAULT_RUNS_DIR = '.losslab/runs';

export interface RunMeta {
  id: string;
  created: string;
  version: string;
  /** sha256 of the data file's bytes. */
  dataHash: string;
  /** sha256 of the validation file's bytes, for a run validated on one (`data.valPath`). */
  valDataHash?: string;
  experiment: string | null;
  pid: number;
  /** When the writer process started (see processStart); absent in older records and where unknown. */
  pidStart?: string;
  host: string;
  config: RunConfig;
}

/** The sweep a run was one of: enough to show the sweep again from its recorded runs. */
export interface RunSweep {
  /** Tells two sweeps apart, even two of the same experiment. */
  id: string;
  spec: SweepSpec;
  /** Axis path → this run's value. */
  point: Record<string, unknown>;
}

/** A run trained through Redis (remote.json): who trained it, and the restarts a lost worker caused. */
export interface RunRemote {
  /** The worker that ran its last attempt, as it names itself (host:pid by default). */
  worker: string;
  /** Attempts started: 1, or more when a worker was lost mid-run and another started it again. */
  attempts: number;
  /** The worker of each attempt, in order. */
  workers: string[];
}

/** A run continued from another's checkpoint (resumed.json): which run, from where, at what rate. */
export interface RunResumed {
  /** The run it continues, by id and folder. */
  run: string;
  dir: string;
  /** The checkpoint's epoch (epochs completed) and step. */
  epoch: number;
  step: number;
  /** The learning rate from that step on. */
  lr: number;
}

export interface RunRecord {
  id: string;
  dir: string;
  meta: RunMeta;
  summary: RunSummary | null;
  status: RunStatus;
  /** Absent for runs that were not part of a sweep, and for records older than sweep.json. */
  sweep?: RunSweep;
  /** Present for runs trained through Redis. */
  remote?: RunRemote;
  /** Present for runs resumed from another's checkpoint. */
  resumed?: RunResumed;
}
