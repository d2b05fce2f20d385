/**
 * A short seeded run of every fuzz target (the full run is `npm run fuzz`, 100,000 inputs each): no
 * exception but a LossLabError, no broken invariant, no input slower than a second.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/core/rng';
import { TIME_LIMIT_MS, caseSeed, fuzz } from './fuzz';
import { TARGETS } from './targets';

const SEED = 1;
const COUNT = 1000;

for (const target of TARGETS) {
  test(`fuzz smoke: ${target.name}, ${COUNT} inputs`, () => {
    const s = fuzz(target, { seed: SEED, count: COUNT, maxFailures: 3 });
    assert.deepEqual(
      s.failures.map((f) => `#${f.index} ${f.kind}: ${f.detail.split('\n')[0]}\n  input: ${f.input.slice(0, 300)}`),
      [],
    );
    assert.equal(s.inputs, COUNT);
    assert.ok(s.slowestMs < TIME_LIMIT_MS, `slowest input ${s.slowestMs} ms`);
    // Both outcomes occur: the generators reach past the first check and also make inputs that are refused.
    assert.ok(s.rejected > COUNT * 0.05 && s.rejected < COUNT * 0.95, `${s.rejected} of ${COUNT} rejected`);
  });
}

test('an input is reproduced from its seed and index alone', () => {
  for (const target of TARGETS) {
    const a = target.make(new Rng(caseSeed(SEED, 7))).show();
    const b = target.make(new Rng(caseSeed(SEED, 7))).show();
    assert.equal(a, b, target.name);
  }
});
