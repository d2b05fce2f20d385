/**
 * `npm run test:fidelity`: every case of every JSON file in the project's copy of the PyTorch fixtures,
 * or in LOSSLAB_FIDELITY_DIR. Prints each failure and ends with `N passed, M failed`.
 */
import { fidelityDir } from './cases';
import { runFolder } from './suite';

const dir = fidelityDir();
const outcomes = runFolder(dir);
const failed = outcomes.filter((o) => !o.result.ok);
const byFile = new Map<string, { passed: number; failed: number; maxErr: number }>();
for (const o of outcomes) {
  const s = byFile.get(o.file) ?? { passed: 0, failed: 0, maxErr: 0 };
  if (o.result.ok) {
    s.passed++;
    s.maxErr = Math.max(s.maxErr, o.result.maxErr);
  } else s.failed++;
  byFile.set(o.file, s);
}
console.log(`fidelity cases in ${dir}`);
for (const [file, s] of byFile)
  console.log(
    `  ${file.padEnd(16)} ${s.passed} passed, ${s.failed} failed (largest error of a passing case ${s.maxErr.toExponential(1)})`,
  );
for (const o of failed) console.log(`FAIL ${o.file} ${o.label}: ${o.result.message}`);
console.log(`${outcomes.length - failed.length} passed, ${failed.length} failed`);
process.exitCode = failed.length || outcomes.length === 0 ? 1 : 0;
