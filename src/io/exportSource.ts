/** Reads what exporting a recorded run needs from its folder. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LossLabError } from '../core/errors';
import type { RunMeta } from '../core/store/records';
import type { ExportSource, PreprocessingRecord } from '../core/export/record';
import type { LayerParams } from '../core/model/mlp';

function readJson<T>(dir: string, name: string, what: string): T {
  const file = path.join(dir, name);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new LossLabError(`${dir} has no ${name} (${what}); runs recorded by Loss Lab 0.1 lack it: train the run again to export it`, { file });
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new LossLabError(`${file} is not valid JSON; was the run folder edited?`, { file });
  }
}

export function readExportSource(runDir: string): ExportSource {
  if (!fs.existsSync(path.join(runDir, 'config.json'))) throw new LossLabError(`${runDir} is not a run folder (it has no config.json); see losslab runs`, { file: runDir });
  const meta = readJson<RunMeta>(runDir, 'config.json', 'the run config');
  return {
    runId: meta.id,
    config: meta.config,
    dataHash: meta.dataHash,
    initial: readJson<LayerParams[]>(runDir, 'initial.json', 'the initial weights'),
    preprocessing: readJson<PreprocessingRecord>(runDir, 'preprocessing.json', 'how the CSV was encoded and split'),
  };
}
