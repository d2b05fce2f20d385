import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultConfig } from '../../src/core/config/defaults';
import { resolveExperiment } from '../../src/core/config/experiment';
import { resolveRunConfig } from '../../src/core/config/resolve';
import { type JsonSchema, buildExperimentSchema } from '../../src/generate/schema';
import { LossLabError } from '../../src/core/errors';
import { LOSSES } from '../../src/core/losses';
import { OPTIMIZERS } from '../../src/core/optimizers';
import { SCHEDULES } from '../../src/core/schedules';

const schema = buildExperimentSchema();
const defs = schema.definitions as Record<string, JsonSchema>;
const base = defaultConfig('data.csv');

function props(s: JsonSchema): Record<string, JsonSchema> {
  return s.properties as Record<string, JsonSchema>;
}

/** The `then` of the `if name = id` branch for `id`. */
function branch(kind: string, id: string): JsonSchema {
  const all = defs[`${kind}Params`].allOf as { if: JsonSchema; then: JsonSchema }[];
  const found = all.find((b) => (props(b.if).name as { const: string }).const === id);
  assert.ok(found, `no schema branch for ${kind} ${id}`);
  return found.then;
}

/** The message of the LossLabError `fn` throws, or null when it accepts. */
function rejection(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof LossLabError) return e.message;
    throw e;
  }
}

test('media/losslab.schema.json is what buildExperimentSchema() generates', () => {
  const committed = readFileSync(join(process.cwd(), 'media', 'losslab.schema.json'), 'utf8');
  assert.ok(
    committed === JSON.stringify(schema, null, 2) + '\n',
    'media/losslab.schema.json is out of date with the registries: run `npm run generate` and commit the result',
  );
});

test('component ids and their parameters come from the registries', () => {
  const kinds = [
    ['loss', LOSSES],
    ['optimizer', OPTIMIZERS],
    ['schedule', SCHEDULES],
  ] as const;
  for (const [kind, specs] of kinds) {
    const id = defs[`${kind}Id`];
    assert.deepEqual(
      id.enum,
      specs.map((s) => s.id),
    );
    assert.equal((id.enumDescriptions as string[]).length, specs.length);
    assert.equal((id.markdownEnumDescriptions as string[]).length, specs.length);
    for (const spec of specs) {
      const then = branch(kind, spec.id);
      assert.equal(then.additionalProperties, false, `${kind} ${spec.id} must reject unknown parameters`);
      assert.deepEqual(Object.keys(props(then)), ['name', ...spec.params.map((p) => p.name)]);
      for (const p of spec.params)
        assert.ok((props(then)[p.name].description as string).startsWith(p.doc), `${spec.id}.${p.name}`);
    }
  }
});

test("adam's betas: two numbers in [0, 1), defaulting to PyTorch's (0.9, 0.999)", () => {
  const betas = props(branch('optimizer', 'adam')).betas;
  assert.equal(betas.minItems, 2);
  assert.equal(betas.maxItems, 2);
  assert.deepEqual(betas.items, { type: 'number', minimum: 0, exclusiveMaximum: 1 });
  assert.deepEqual(betas.default, [0.9, 0.999]);
  const quantile = props(branch('loss', 'quantile')).q;
  assert.equal(quantile.exclusiveMinimum, 0);
  assert.equal(quantile.exclusiveMaximum, 1);
  assert.deepEqual(props(branch('schedule', 'one_cycle')).anneal_strategy.enum, ['cos', 'linear', null]);
});

test('a component object without a name: the default one at the top level, any parameter in a run', () => {
  const top = props(schema).optimizer.anyOf as JsonSchema[];
  const nameless = (top[1].allOf as JsonSchema[])[1].then as JsonSchema;
  assert.deepEqual(
    Object.keys(props(nameless)),
    OPTIMIZERS.find((o) => o.id === base.optimizer.name)!.params.map((p) => p.name),
  );
  // An experiment's optimizers start from the default run's rate, not their own default (adadelta's is 1).
  for (const o of OPTIMIZERS) {
    assert.equal(props(branch('optimizer', o.id)).lr.default, base.optimizer.lr);
    assert.equal(resolveRunConfig({ optimizer: o.id }, base).optimizer.lr, base.optimizer.lr);
  }
  // The shared loss has no default before the task is known, so its object form needs a name.
  assert.deepEqual((props(schema).loss.anyOf as JsonSchema[])[1].required, ['name']);
  assert.equal(
    rejection(() => resolveRunConfig({ loss: { delta: 2 } }, base)),
    'loss.name is required',
  );
  const inRun = (defs.schedule.anyOf as JsonSchema[])[1];
  const anyParam = props((inRun.allOf as JsonSchema[])[1].then as JsonSchema);
  for (const s of SCHEDULES) for (const p of s.params) assert.ok(p.name in anyParam, `${p.name} of ${s.id}`);
});

type Place = (v: unknown) => unknown;

function deref(s: JsonSchema): JsonSchema {
  return s.$ref ? deref(defs[(s.$ref as string).replace('#/definitions/', '')]) : s;
}

/** A valid value for a required field: only layer arrays, integers with a lower bound and choices occur. */
function sample(s: JsonSchema): unknown {
  if (Array.isArray(s.enum)) return s.enum[0];
  return s.type === 'array' ? [] : ((s.minimum ?? 1) as number);
}

function requiredOf(s: JsonSchema): Record<string, unknown> {
  return Object.fromEntries(((s.required ?? []) as string[]).map((r) => [r, sample(props(s)[r])]));
}

/**
 * Visits every schema under `s` (through refs, properties, alternatives and array items) with its dotted
 * path and a function that builds a raw run config placing a value there, required siblings filled in.
 */
function walk(
  s: JsonSchema,
  place: Place,
  path: string,
  visit: (s: JsonSchema, place: Place, path: string) => void,
): void {
  const t = deref(s);
  visit(t, place, path);
  for (const [k, p] of Object.entries((t.properties ?? {}) as Record<string, JsonSchema>))
    walk(p, (v) => place({ ...requiredOf(t), [k]: v }), `${path}.${k}`, visit);
  for (const alt of (t.anyOf ?? []) as JsonSchema[]) walk(alt, place, path, visit);
  if (t.items) walk(t.items as JsonSchema, (v) => place([v]), `${path}[]`, visit);
}

const SECTIONS = ['data', 'model', 'training', 'pretrain'] as const;

function everyField(visit: (s: JsonSchema, place: Place, path: string) => void): void {
  for (const name of SECTIONS) walk(defs[name], (v) => ({ [name]: v }), name, visit);
}

function typesOf(s: JsonSchema): unknown[] {
  return ([] as unknown[]).concat(s.type ?? []);
}

test('every closed object of a run lists exactly the fields the config resolver accepts', () => {
  const objects: { s: JsonSchema; place: Place; path: string }[] = [{ s: defs.run, place: (v) => v, path: 'run' }];
  everyField((s, place, path) => {
    if (s.additionalProperties === false) objects.push({ s, place, path });
  });
  assert.deepEqual(
    objects.map((o) => o.path),
    ['run', 'data', 'model', 'model.initial[]', 'model.initial[].bn', 'training', 'training.earlyStopping', 'pretrain'],
  );
  for (const { s, place, path } of objects) {
    const message = rejection(() => resolveRunConfig(place({ ...requiredOf(s), not_a_field: 1 }), base));
    assert.ok(message, `${path} accepts an unknown field`);
    assert.deepEqual(
      Object.keys(props(s)),
      /valid: (.*)$/.exec(message)![1].split(', '),
      `${path}: fields of the schema vs the resolver`,
    );
    assert.deepEqual(Object.keys(s.patternProperties as JsonSchema), ['^//']);
    assert.equal(
      rejection(() => resolveRunConfig(place({ ...requiredOf(s), '// note': 'ignored' }), base)),
      null,
      `${path} takes comments`,
    );
  }

  const file = '/tmp/x.losslab.json';
  const message = rejection(() => resolveExperiment({ data: { path: 'a.csv' }, not_a_field: 1 }, file))!;
  const valid = /valid: (.*)$/.exec(message)![1].split(', ');
  assert.deepEqual(
    Object.keys(props(schema))
      .filter((k) => k !== '$schema')
      .sort(),
    [...valid].sort(),
  );
  assert.equal(schema.additionalProperties, false);
  assert.equal(
    rejection(() => resolveExperiment({ $schema: 'x', '// note': 1, data: { path: 'a.csv' } }, file)),
    null,
  );
  // The shared settings must name the CSV; a run need not.
  assert.deepEqual(schema.required, ['data']);
  assert.deepEqual(defs.sharedData.required, ['path']);
  assert.deepEqual(props(defs.sharedData), props(defs.data));
  assert.match(
    rejection(() => resolveExperiment({ data: {} }, file))!,
    /data\.path is required/,
  );
});

test("the schema's ranges for data, model and training are the ones the config resolver enforces", () => {
  const fields: { s: JsonSchema; place: Place; path: string }[] = [];
  everyField((s, place, path) => {
    const numeric = typesOf(s).includes('number') || typesOf(s).includes('integer');
    if (numeric && ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'].some((k) => k in s))
      fields.push({ s, place, path });
  });
  const paths = fields.map((f) => f.path);
  const expected = [
    'data.valSplit',
    'model.hidden[]',
    'model.embeddingSize',
    'training.epochs',
    'training.batchSize',
    'training.seed',
  ];
  for (const p of [...expected, 'training.clipNorm', 'training.earlyStopping.patience'])
    assert.ok(paths.includes(p), `${p} has bounds in the schema`);
  for (const { s, place, path } of fields) {
    const integer = typesOf(s).includes('integer');
    const step = integer ? 1 : 1e-9;
    const probes: [number, boolean][] = [];
    if (typeof s.minimum === 'number') probes.push([s.minimum, true], [s.minimum - step, false]);
    if (typeof s.exclusiveMinimum === 'number')
      probes.push([s.exclusiveMinimum, false], [s.exclusiveMinimum + step, true]);
    if (typeof s.maximum === 'number') probes.push([s.maximum, true], [s.maximum + step, false]);
    if (typeof s.exclusiveMaximum === 'number')
      probes.push([s.exclusiveMaximum, false], [s.exclusiveMaximum - step, true]);
    if (integer) probes.push([((s.minimum ?? 0) as number) + 1.5, false]);
    for (const [v, valid] of probes) {
      const accepted = rejection(() => resolveRunConfig(place(v), base)) === null;
      assert.equal(accepted, valid, `${path} = ${v}: the schema says ${valid ? 'valid' : 'invalid'}`);
    }
  }
});

test("the schema's choices for data, model and training are the ones the config resolver accepts", () => {
  const enums: { values: string[]; place: Place; path: string }[] = [];
  everyField((s, place, path) => {
    if (s.type === 'string' && Array.isArray(s.enum)) enums.push({ values: s.enum as string[], place, path });
  });
  assert.deepEqual(
    enums.map((e) => e.path),
    [
      'data.task',
      'data.missing',
      'model.activation',
      'model.init',
      'training.batchSize',
      'training.earlyStopping.monitor',
      'training.rowEpochs',
    ],
  );
  for (const { values, place, path } of enums) {
    for (const v of values)
      assert.equal(
        rejection(() => resolveRunConfig(place(v), base)),
        null,
        `${path} = ${v}`,
      );
    assert.ok(
      rejection(() => resolveRunConfig(place('not_a_choice'), base)),
      `${path} rejects other strings`,
    );
  }
});
