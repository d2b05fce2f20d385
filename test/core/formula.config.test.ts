import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TRAIN_FLAGS, flagsToConfig, parseArgs } from '../../src/cli/args';
import { defaultConfig } from '../../src/core/config/defaults';
import { parseJsonc, resolveExperiment } from '../../src/core/config/experiment';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { type JsonSchema, buildExperimentSchema } from '../../src/generate/schema';
import { LossLabError } from '../../src/core/errors';
import { lossForConfig } from '../../src/core/losses';

const base = defaultConfig('data.csv');

function rejection(fn: () => unknown): LossLabError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LossLabError) return e;
    throw e;
  }
  assert.fail('accepted');
}

test('"loss": {"formula": ..., <parameters>} resolves to the formula loss with its parameters', () => {
  const c = resolveRunConfig(
    { loss: { formula: 'abs(pred - target) <= d ? 0.5*(pred - target)^2 : d*(abs(pred - target) - 0.5*d)', d: 0.5 } },
    base,
  );
  assert.deepEqual(c.loss, {
    name: 'formula',
    formula: 'abs(pred - target) <= d ? 0.5*(pred - target)^2 : d*(abs(pred - target) - 0.5*d)',
    d: 0.5,
  });
  assert.deepEqual(resolveRunConfig({ loss: { name: 'formula', formula: 'log(cosh(pred - target))' } }, base).loss, {
    name: 'formula',
    formula: 'log(cosh(pred - target))',
  });
  // A resolved config resolves to itself (run records are re-read this way).
  assert.deepEqual(resolveRunConfig({ loss: c.loss }, base).loss, c.loss);
  const spec = lossForConfig(c.loss, 'regression');
  assert.equal(spec.id, 'formula');
  assert.deepEqual(
    spec.params.map((p) => [p.name, p.default]),
    [['d', 0.5]],
  );
});

test('formula errors at resolve time name loss.formula and the column', () => {
  const e = rejection(() => resolveRunConfig({ loss: { formula: 'abs(lg(pred - target))' } }, base));
  assert.equal(e.message, "loss.formula: unknown function 'lg' at column 5; did you mean 'log'?");
  assert.deepEqual(e.where, { column: 5, field: 'loss.formula' });
  assert.equal(
    rejection(() => resolveRunConfig({ loss: { formula: 'pred*a' } }, base)).message,
    "loss.formula: unknown name 'a' at column 6; did you mean 'abs'?",
  );
  assert.equal(
    rejection(() => resolveRunConfig({ loss: { formula: 'pred', a: 1 } }, base)).message,
    'loss.a is not used in loss.formula',
  );
  assert.equal(
    rejection(() => resolveRunConfig({ loss: { formula: 'pred*a', a: 'x' } }, base)).message,
    'loss.a must be a number, got "x"',
  );
  assert.equal(
    rejection(() => resolveRunConfig({ loss: { formula: 3 } }, base)).message,
    'loss.formula must be a non-empty string, got 3',
  );
  assert.match(
    rejection(() => resolveRunConfig({ loss: { name: 'mse', formula: 'pred' } }, base)).message,
    /^loss\.formula cannot be combined with loss\.name "mse"/,
  );
  assert.match(
    rejection(() => resolveRunConfig({ loss: 'formula' }, base)).message,
    /^loss\.formula is required for a formula loss/,
  );
  assert.equal(rejection(() => resolveRunConfig({ loss: { formula: 'target' } }, base)).where.field, 'loss.formula');
});

test('in an experiment, a run keeps the shared formula and may change its parameters, or replace it', () => {
  const file = '/w/f.losslab.json';
  const text = `{
    "data": {"path": "d.csv"},
    "loss": {"formula": "q*abs(pred - target)", "q": 2},
    "runs": [
      {"name": "shared"},
      {"name": "q3", "loss": {"q": 3}},
      {"name": "new", "loss": {"formula": "(pred - target)^2"}},
      {"name": "builtin", "loss": "huber"}
    ]
  }`;
  const exp = resolveExperiment(parseJsonc(text, file), file);
  assert.deepEqual(
    exp.runs.map((r) => r.loss),
    [
      { name: 'formula', formula: 'q*abs(pred - target)', q: 2 },
      { name: 'formula', formula: 'q*abs(pred - target)', q: 3 },
      { name: 'formula', formula: '(pred - target)^2' },
      { name: 'huber', delta: 1 },
    ],
  );
  const bad = `{"data": {"path": "d.csv"}, "runs": [{"loss": {"formula": "pred +* 2"}}]}`;
  const e = rejection(() => resolveExperiment(parseJsonc(bad, file), file));
  assert.equal(
    e.message,
    "/w/f.losslab.json: runs[0].loss.formula: unexpected '*' at column 7; expected a number, a name or (",
  );
  assert.equal(e.where.field, 'runs[0].loss.formula');
  assert.equal(e.where.column, 7);
});

test('--loss-formula maps to loss.formula and --loss-param to its parameters', () => {
  const raw = flagsToConfig(parseArgs(['--loss-formula', 'a*(pred - target)^2', '--loss-param', 'a=2'], TRAIN_FLAGS));
  assert.deepEqual(raw, { loss: { formula: 'a*(pred - target)^2', name: 'formula', a: 2 } });
  assert.deepEqual(resolveRunConfig(raw, base).loss, { name: 'formula', formula: 'a*(pred - target)^2', a: 2 });
  const both = flagsToConfig(parseArgs(['--loss', 'mse', '--loss-formula=pred'], TRAIN_FLAGS));
  assert.match(
    rejection(() => resolveRunConfig(both, base)).message,
    /^loss\.formula cannot be combined with loss\.name "mse"/,
  );
});

test('the experiment schema offers the formula form of a loss', () => {
  const schema = buildExperimentSchema();
  const defs = schema.definitions as Record<string, JsonSchema>;
  const forms = (s: JsonSchema) => s.anyOf as JsonSchema[];
  const formula = (s: JsonSchema) =>
    forms(s).find((f) => (f.properties as Record<string, JsonSchema> | undefined)?.formula);
  const top = formula((schema.properties as Record<string, JsonSchema>).loss);
  const inRun = formula(defs.loss);
  assert.ok(top && inRun);
  assert.deepEqual(top.required, ['formula']);
  assert.equal(inRun.required, undefined, 'a run may keep the shared formula and change only its parameters');
  assert.deepEqual(top.additionalProperties, {
    type: 'number',
    description: 'A parameter of the formula, used in it by name.',
  });
});
