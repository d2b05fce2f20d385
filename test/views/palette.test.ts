import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PaletteSlots } from '../../src/views/palette';

test('palette slots: the lowest free slot on arrival, kept while shown, freed on leaving', () => {
  const p = new PaletteSlots();
  const slots = (ids: string[]) => ids.map((id) => p.assign(ids).get(id));
  assert.deepEqual(slots(['a', 'b', 'c']), [0, 1, 2]);
  // b leaves and d arrives: d takes b's slot 1; a and c keep 0 and 2.
  assert.deepEqual(slots(['a', 'c', 'd']), [0, 2, 1]);
  // Two arrive at once after a and c left: e and f fill 0 and 2, the lowest free, in list order.
  assert.deepEqual(slots(['d', 'e', 'f']), [1, 0, 2]);
  assert.deepEqual(slots([]), []);
  assert.equal(p.assign([]).size, 0);
});
