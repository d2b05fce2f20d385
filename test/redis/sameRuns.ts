/** The check that a remote sweep gave what the same sweep gives locally: the same numbers and records. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One run of `losslab sweep --json`. */
export interface SweepRunJson {
  name: string;
  status: string;
  run_dir: string;
  final: { train_loss: number; val_loss: number } | null;
}

/** Every local run has a completed remote twin with the same doubles and the same records, but for timings. */
export function assertSameRuns(local: readonly SweepRunJson[], remote: readonly SweepRunJson[]): void {
  assert.equal(remote.length, local.length);
  for (const run of local) {
    const twin = remote.find((x) => x.name === run.name)!;
    assert.equal(twin.status, 'completed', run.name);
    // Bit for bit: the same doubles, printed and recorded.
    assert.deepEqual(twin.final, run.final, run.name);
    // Every number of the summary but how long training took.
    const summary = (dir: string) =>
      readFileSync(join(dir, 'summary.json'), 'utf8').replace(/"trainSeconds": [^\n]*/, '');
    assert.equal(summary(twin.run_dir), summary(run.run_dir), `${run.name}: summary.json`);
    // final.json travels from the worker with the summary: the producer's record loads as the local one does.
    for (const file of ['initial.json', 'preprocessing.json', 'final.json'])
      assert.equal(readFileSync(join(twin.run_dir, file), 'utf8'), readFileSync(join(run.run_dir, file), 'utf8'), file);
    const withoutTime = (dir: string) =>
      readFileSync(join(dir, 'events.jsonl'), 'utf8').replace(/,?"(time|elapsed|trainSeconds)":[\d.e-]+/g, '');
    assert.equal(withoutTime(twin.run_dir), withoutTime(run.run_dir), `${run.name}: events.jsonl`);
  }
}
