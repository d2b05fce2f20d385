/** Where an exported PyTorch script of a run comes from and is offered to go (no vscode import: tested in Node). */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A file name from a run's name: `adam · cosine` → `adam-cosine.py`. */
export function scriptFileName(runName: string): string {
  const stem = runName
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return `${stem || 'losslab-run'}.py`;
}

/**
 * The run folder a dashboard id names: a live run's once it is recorded, else a folder of the runs
 * directory (ids are checked by the protocol to be plain names, so this cannot leave that directory).
 */
export function runDirOf(
  id: string,
  liveRunDir: (key: string) => string | null | undefined,
  runsDir: string,
): string | null {
  const live = liveRunDir(id);
  if (live !== undefined) return live;
  const dir = path.resolve(runsDir, id);
  return path.dirname(dir) === path.resolve(runsDir) && fs.existsSync(dir) ? dir : null;
}
