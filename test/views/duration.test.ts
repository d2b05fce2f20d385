import assert from 'node:assert/strict';
import { test } from 'node:test';
import { duration } from '../../src/views/duration';

test('durations: milliseconds for small runs, then seconds, minutes, hours', () => {
  const cases: [number | null, string][] = [
    [0, '0 ms'],
    [0.0424, '42 ms'],
    [0.0994, '99 ms'],
    [0.0996, '0.1 s'],
    [0.43, '0.4 s'],
    [9.94, '9.9 s'],
    [9.96, '10 s'],
    [42.4, '42 s'],
    [59.6, '1 min 0 s'],
    [125, '2 min 5 s'],
    [3599.4, '59 min 59 s'],
    [3720, '1 h 2 min'],
    [7300, '2 h 1 min'],
    [null, '—'],
    [-1, '—'],
    [Infinity, '—'],
    [NaN, '—'],
  ];
  for (const [s, text] of cases) assert.equal(duration(s), text, String(s));
});
