import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCases } from './optimizerCase';
import { runScheduleCase, type ScheduleCase } from './scheduleCase';

const cases = loadCases<ScheduleCase>('schedule.json');

test('schedule fixtures are present', () => {
  assert.ok(cases.length > 0);
});

cases.forEach((c, i) => {
  test(`schedule fidelity #${i} ${c.name} ${JSON.stringify(c.params)}`, () => {
    const r = runScheduleCase(c);
    assert.ok(r.ok, r.message);
  });
});
