/**
 * The committed PyTorch fixtures are what test/fidelity/generate.py writes. The generator runs into a
 * temporary folder, and each file must match the committed one: the same cases in the same order, the
 * same keys, strings (names, `doc`, the `generator` field), booleans and nulls, and every number within
 * its case's tolerance (|a - e| <= atol + rtol |e|, with the committed value as e). Not byte for byte:
 * train.json's last digits depend on the BLAS kernels of the machine (test/fixtures/fidelity/README.md).
 *
 * Needs /usr/bin/python3 with torch (LOSSLAB_PYTHON names another interpreter); without it the check is
 * skipped with the reason, except under CI=true, where it fails.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixturePath } from '../core/fixtures';
import type { Tolerance } from './cases';

const PYTHON = process.env.LOSSLAB_PYTHON ?? '/usr/bin/python3';
const GENERATOR = fixturePath('generate.py', join('test', 'fidelity'));
const FILES = ['layer.json', 'loss.json', 'optimizer.json', 'schedule.json', 'train.json'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Where `actual` first differs from `expected`, as a path and both values, or undefined when they
 * match: numbers within `tol`, everything else exactly (object keys in the same order).
 */
export function firstDifference(actual: Json, expected: Json, tol: Tolerance, path = ''): string | undefined {
  const show = (v: Json) => JSON.stringify(v)?.slice(0, 80);
  if (typeof expected === 'number' && typeof actual === 'number') {
    const ok = Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected);
    return ok ? undefined : `${path}: generated ${actual}, committed ${expected} (rtol ${tol.rtol}, atol ${tol.atol})`;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (actual.length !== expected.length)
      return `${path}: generated ${actual.length} items, committed ${expected.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(actual[i], expected[i], tol, `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const isObject = (v: Json): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(expected) && isObject(actual)) {
    const keys = Object.keys(expected).join(', ');
    if (Object.keys(actual).join(', ') !== keys)
      return `${path}: generated keys ${Object.keys(actual).join(', ')}, committed ${keys}`;
    for (const key of Object.keys(expected)) {
      const d = firstDifference(actual[key], expected[key], tol, `${path}.${key}`);
      if (d) return d;
    }
    return undefined;
  }
  return actual === expected ? undefined : `${path}: generated ${show(actual)}, committed ${show(expected)}`;
}

/** A fixture file against the committed one, case by case with each case's own tolerance. */
export function fileDifference(generated: string, committed: string): string | undefined {
  const a = JSON.parse(generated) as { generator: Json; cases: Json[] };
  const e = JSON.parse(committed) as { generator: Json; cases: Json[] };
  const exact = { rtol: 0, atol: 0 };
  const header =
    firstDifference(Object.keys(a), Object.keys(e), exact, 'keys') ??
    firstDifference(a.generator, e.generator, exact, 'generator');
  if (header) return header;
  if (a.cases.length !== e.cases.length) return `generated ${a.cases.length} cases, committed ${e.cases.length}`;
  for (let i = 0; i < e.cases.length; i++) {
    const tol = (e.cases[i] as unknown as { tolerance: Tolerance }).tolerance;
    const d = firstDifference(a.cases[i], e.cases[i], tol, `cases[${i}]`);
    if (d) return d;
  }
  return undefined;
}

/** Why the generator cannot run here, or undefined. */
function torchMissing(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) return `${PYTHON} cannot run (${r.error.message})`;
  if (r.status !== 0)
    return `${PYTHON} has no torch (${r.stderr.trim().split('\n').pop()}); install Debian's python3-torch`;
  return undefined;
}

test('test/fidelity/generate.py writes the committed PyTorch fixtures', async (t) => {
  const missing = torchMissing();
  if (missing) {
    assert.notEqual(process.env.CI, 'true', `${missing}: CI must check the fixtures against PyTorch`);
    t.skip(missing);
    return;
  }
  const out = mkdtempSync(join(tmpdir(), 'losslab-fidelity-'));
  try {
    const r = spawnSync(PYTHON, [GENERATOR, '--out', out], { encoding: 'utf8', timeout: 600_000 });
    assert.equal(r.status, 0, `${GENERATOR} failed: ${r.error?.message ?? r.stderr}`);
    for (const file of FILES) {
      await t.test(file, () => {
        const generated = readFileSync(join(out, file), 'utf8');
        const committed = readFileSync(fixturePath(join('fidelity', file)), 'utf8');
        const d = fileDifference(generated, committed);
        assert.equal(d, undefined, `${file} ${d}; regenerate with npm run fixtures if the change is meant`);
        if (generated !== committed) t.diagnostic(`${file}: within the tolerances, not byte for byte`);
      });
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the fixture comparison catches a value beyond its tolerance, and only that', () => {
  const committed = readFileSync(fixturePath(join('fidelity', 'optimizer.json')), 'utf8');
  const edit = (f: (c: { expected: number[][][][] }) => void) => {
    const json = JSON.parse(committed) as { cases: { expected: number[][][][] }[] };
    f(json.cases[2]);
    return JSON.stringify(json, null, 1);
  };
  assert.equal(fileDifference(committed, committed), undefined);
  const e = (JSON.parse(committed) as { cases: { expected: number[][][][] }[] }).cases[2].expected[4][0][1][0];
  // rtol 1e-9: a change of 1e-10 relative passes, one of 1e-8 does not.
  assert.equal(
    fileDifference(
      edit((c) => (c.expected[4][0][1][0] = e * (1 + 1e-10))),
      committed,
    ),
    undefined,
  );
  assert.match(
    fileDifference(
      edit((c) => (c.expected[4][0][1][0] = e * (1 + 1e-8))),
      committed,
    ) ?? '',
    /^cases\[2\]\.expected\[4\]\[0\]\[1\]\[0\]: generated /,
  );
  assert.match(
    fileDifference(
      edit((c) => Object.assign(c, { doc: 'torch.optim.SGD!' })),
      committed,
    ) ?? '',
    /^cases\[2\]\.doc: /,
  );
  assert.match(
    fileDifference(
      edit((c) => c.expected.pop()),
      committed,
    ) ?? '',
    /^cases\[2\]\.expected: generated 11 items, committed 12/,
  );
});
