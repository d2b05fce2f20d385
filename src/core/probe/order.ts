/**
 * The order of a million non-negative values, largest first, ties by index. A comparator sort takes seconds
 * at that size; instead each value's float32 rounding (whose bits order as the values do, for values >= 0)
 * and its index are packed into one 64-bit key that the engine sorts natively, and an insertion pass then
 * orders the values that rounding made equal, which leaves them nearly sorted (a linear pass).
 */
export function largestFirst(values: Float64Array): Int32Array {
  const n = values.length;
  const keys = new BigUint64Array(n);
  const halves = new Uint32Array(keys.buffer);
  const f32 = new Float32Array(1);
  const bits = new Uint32Array(f32.buffer);
  // Little-endian: the high half (the inverted value, so that larger comes first) is the second word.
  for (let i = 0; i < n; i++) {
    f32[0] = values[i];
    halves[2 * i] = i;
    halves[2 * i + 1] = 0xffffffff - bits[0];
  }
  keys.sort();
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = halves[2 * i];
  const before = (a: number, b: number) => values[a] > values[b] || (values[a] === values[b] && a < b);
  for (let i = 1; i < n; i++) {
    const x = order[i];
    let j = i - 1;
    while (j >= 0 && before(x, order[j])) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = x;
  }
  return order;
}

/** The sum of `weights` over the `m` rows with the largest `values` (ties by index), in linear time. */
export function sumOverLargest(values: Float64Array, weights: Float64Array, m: number): number {
  if (m <= 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const threshold = sorted[values.length - m];
  let sum = 0;
  let taken = 0;
  for (let i = 0; i < values.length; i++)
    if (values[i] > threshold) {
      sum += weights[i];
      taken++;
    }
  for (let i = 0; i < values.length && taken < m; i++)
    if (values[i] === threshold) {
      sum += weights[i];
      taken++;
    }
  return sum;
}
