/** Reads what exporting a recorded run needs from its folder. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LossLabError, showPath } from '../core/errors';
import type { RunMeta } from '../core/store/records';
import type { ExportSource, PreprocessingRecord } from '../core/export/record';
import type { LayerParams } from '../core/model/mlp';

/** What to do about a run folder that lacks a file. */
export const RETRAIN = 'train the run again (Re-run in the Runs view, or losslab train with the same settings)';

/**
 * `<dir>/<name>` parsed; a missing file is a user's error that says what it holds (`what`) and, by default,
 * that every run records it as it starts (`missing` says otherwise, and what to do).
 */
export function readRunJson<T>(dir: string, name: string, what: string, missing?: string): T {
  const file = path.join(dir, name);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Every run writes these as it starts, so a missing one was deleted or the run died before it began.
    if (code === 'ENOENT')
      throw new LossLabError(
        `${showPath(dir)} has no ${name} (${what}), ${missing ?? `which a run records as it starts; ${RETRAIN} and export the new run`}`,
        { file },
      );
    throw new LossLabError(`${showPath(file)} cannot be read (${code ?? String(e)}); check its permissions`, { file });
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new LossLabError(`${showPath(file)} is not valid JSON; was the run folder edited?`, { file });
  }
}

/** Refuses a folder that is not a run's. */
export function checkRunFolder(runDir: string): void {
  if (!fs.existsSync(path.join(runDir, 'config.json')))
    throw new LossLabError(`${showPath(runDir)} is not a run folder (it has no config.json); see losslab runs`, {
      file: runDir,
    });
}

export function readExportSource(runDir: string): ExportSource {
  checkRunFolder(runDir);
  const meta = readRunJson<RunMeta>(runDir, 'config.json', 'the run config');
  return {
    runId: meta.id,
    config: meta.config,
    dataHash: meta.dataHash,
    ...(meta.valDataHash === undefined ? {} : { valDataHash: meta.valDataHash }),
    initial: readRunJson<LayerParams[]>(runDir, 'initial.json', 'the initial weights'),
    ...(meta.config.pretrain
      ? { pretrainHead: readRunJson<LayerParams[]>(runDir, 'pretrain-head.json', 'the initial projection head') }
      : {}),
    preprocessing: readRunJson<PreprocessingRecord>(runDir, 'preprocessing.json', 'how the CSV was encoded and split'),
  };
}
