/**
 * The dense kernels as a WebAssembly SIMD module (f64x2), emitted from here when first needed. Same
 * contracts and layout as the JavaScript kernels in `../kernels.ts` (read that file first); offsets and
 * strides are given in doubles and turned into bytes on entry.
 *
 * A tile is 4 rows × 4 columns of the result (one 128-byte block of a panel): 8 vector accumulators that
 * stay in registers while the shared dimension is walked one step at a time, each step loading 2
 * vectors and 4 broadcast values at constant offsets from two pointers. V8 (Node 20, x64) schedules the
 * 6 loads of a step ahead of its 8 multiplies and 8 adds, so a step holds 15 vector registers: all that
 * it allocates (xmm0–xmm14; xmm15 is its scratch). The inner loop is then those 22 instructions and the
 * two pointer increments, at about 24 GFLOP/s on the 2-core EPYC of BENCHMARKS.md, against 27.5 for
 * 2 multiplies and 2 adds of f64x2 a cycle. Every larger tile spilled and was slower, in GFLOP/s over
 * the products of a batch-4096 step: 6 × 4 and 5 × 4 tiles 31% and 37% fewer, the panel walk unrolled
 * by 4 27% fewer, the right operand read by each multiply instead of once per step 50%. Relaxed-SIMD FMA
 * (`f64x2.relaxed_madd`, Node 20 with --experimental-wasm-relaxed-simd) was no faster: from 4% slower
 * to 3% faster in 9 of 11 paired runs. A fused op occupies the same two pipes as a multiply, so
 * the peak stays 8 flop a cycle; and it would change the bits, so it is not used. Sums run in the order
 * of the JavaScript kernels with separate multiply and add, so both give the same bits.
 */
import { type Code, Func, type Local, code, encodeModule, f64x2, get, i32, inc, set, v128, whileLoop } from './encode';

/** Bytes per double, per vector, per panel row (4 doubles) and per tile (4 panel rows). */
const F64 = 8;
const VEC = 16;
const ROW = 32;
const TILE = 128;
const lanes = [0, 1, 2, 3];
const halves = [0, 1];

const toBytes = (...ls: Local[]): Code => code(...ls.map((l) => set(l, i32.shl(get(l), 3))));
const multiplyAdd = (acc: Local, s: Local, b: Local): Code => set(acc, f64x2.add(get(acc), f64x2.mul(get(s), get(b))));

interface Registers {
  /** acc[r][h]: row r, columns 2h and 2h + 1 of the tile. */
  acc: Local[][];
  b: Local[];
  s: Local;
}

function registers(f: Func): Registers {
  return {
    acc: lanes.map(() => [f.local('v128'), f.local('v128')]),
    b: [f.local('v128'), f.local('v128')],
    s: f.local('v128'),
  };
}

/**
 * C = A·B (+ bias), all three in panel layout: A m×k, B k×n, C m×n, m and n multiples of 4. Epilogue
 * 'relu' stores max(C, 0) instead; 'mask' zeroes C where `aux` (with C's panel stride) is not > 0.
 * Parameters: a, aps, b, bps, bias, c, aux, cps, m, n, k.
 */
function product(name: string, withBias: boolean, epilogue: 'none' | 'relu' | 'mask') {
  const f = new Func(name, 11);
  const [a, aps, b, bps, bias, c, aux, cps, m, n, k] = f.params;
  const [i, jp, pa, pb, stop, end, at, auxShift] = Array.from({ length: 8 }, () => f.local('i32'));
  const r = registers(f);
  const zero = f.local('v128');

  const step = code(
    ...halves.map((h) => set(r.b[h], v128.load(get(pb), h * VEC))),
    ...lanes.flatMap((row) => [
      set(r.s, v128.load64Splat(get(pa), row * ROW)),
      ...halves.map((h) => multiplyAdd(r.acc[row][h], r.s, r.b[h])),
    ]),
    inc(pa, i32.const(F64)),
    inc(pb, i32.const(ROW)),
  );
  const store = (row: number, h: number): Code => {
    const value = get(r.acc[row][h]);
    const offset = row * ROW + h * VEC;
    const auxAt = i32.add(get(at), get(auxShift));
    if (epilogue === 'mask')
      return v128.store(get(at), v128.and(value, f64x2.gt(v128.load(auxAt, offset), get(zero))), offset);
    // pmax(0, z) is z > 0 ? z : 0, NaN to 0, as the JavaScript ReLU.
    return v128.store(get(at), epilogue === 'relu' ? f64x2.pmax(get(zero), value) : value, offset);
  };
  const tile = code(
    set(pa, i32.add(get(a), get(i))),
    set(pb, i32.add(get(b), i32.mul(get(jp), get(bps)))),
    ...lanes.flatMap((row) =>
      halves.map((h) =>
        set(r.acc[row][h], withBias ? v128.load(i32.add(get(bias), i32.shl(get(jp), 5)), h * VEC) : get(zero)),
      ),
    ),
    // Along a row of A: 4 steps inside a panel, then on to the same rows of the next panel.
    set(end, i32.add(i32.add(get(pa), i32.mul(i32.shrU(get(k), 2), get(aps))), i32.shl(i32.and(get(k), 3), 3))),
    whileLoop(
      i32.ltU(get(pa), get(end)),
      set(stop, i32.minU(i32.add(get(pa), i32.const(ROW)), get(end))),
      whileLoop(i32.ltU(get(pa), get(stop)), step),
      inc(pa, i32.sub(get(aps), i32.const(ROW))),
    ),
    set(at, i32.add(i32.add(get(c), i32.mul(get(jp), get(cps))), get(i))),
    ...lanes.flatMap((row) => halves.map((h) => store(row, h))),
  );

  const body = code(
    toBytes(a, aps, b, bps, bias, c, aux, cps),
    set(auxShift, i32.sub(get(aux), get(c))),
    set(zero, v128.zero()),
    // i: byte offset of the tile's first row inside a panel; jp: the panel of C.
    set(m, i32.shl(get(m), 5)),
    set(n, i32.shrU(get(n), 2)),
    set(i, i32.const(0)),
    whileLoop(
      i32.ltU(get(i), get(m)),
      set(jp, i32.const(0)),
      whileLoop(i32.ltU(get(jp), get(n)), tile, inc(jp, i32.const(1))),
      inc(i, i32.const(TILE)),
    ),
  );
  return { func: f, body };
}

/**
 * C += Gᵀ·X summed over the k rows in order: G k×m and X k×n in panel layout, C m×n row-major (stride
 * ldc); m and n multiples of 4 (a weight gradient). Parameters: g, gps, x, xps, c, ldc, m, n, k.
 */
function transposedProduct(name: string) {
  const f = new Func(name, 9);
  const [g, gps, x, xps, c, ldc, m, n, k] = f.params;
  const [mp, jp, pg, px, end, at] = Array.from({ length: 6 }, () => f.local('i32'));
  const r = registers(f);

  const step = code(
    ...halves.map((h) => set(r.b[h], v128.load(get(px), h * VEC))),
    ...lanes.flatMap((row) => [
      set(r.s, v128.load64Splat(get(pg), row * F64)),
      ...halves.map((h) => multiplyAdd(r.acc[row][h], r.s, r.b[h])),
    ]),
    inc(pg, i32.const(ROW)),
    inc(px, i32.const(ROW)),
  );
  const rowAt = (row: number) => (row === 0 ? get(at) : i32.add(get(at), i32.mul(get(ldc), i32.const(row))));
  const tile = code(
    set(pg, i32.add(get(g), i32.mul(get(mp), get(gps)))),
    set(px, i32.add(get(x), i32.mul(get(jp), get(xps)))),
    // C's rows 4·mp…, columns 4·jp…
    set(at, i32.add(i32.add(get(c), i32.mul(i32.shl(get(mp), 2), get(ldc))), i32.shl(get(jp), 5))),
    ...lanes.flatMap((row) => halves.map((h) => set(r.acc[row][h], v128.load(rowAt(row), h * VEC)))),
    set(end, i32.add(get(pg), i32.shl(get(k), 5))),
    whileLoop(i32.ltU(get(pg), get(end)), step),
    ...lanes.flatMap((row) => halves.map((h) => v128.store(rowAt(row), get(r.acc[row][h]), h * VEC))),
  );
  const body = code(
    toBytes(g, gps, x, xps, c, ldc),
    set(m, i32.shrU(get(m), 2)),
    set(n, i32.shrU(get(n), 2)),
    set(mp, i32.const(0)),
    whileLoop(
      i32.ltU(get(mp), get(m)),
      set(jp, i32.const(0)),
      whileLoop(i32.ltU(get(jp), get(n)), tile, inc(jp, i32.const(1))),
      inc(mp, i32.const(1)),
    ),
  );
  return { func: f, body };
}

/** c[n] += the column sums of G (k×n, panel layout), rows in order (a bias gradient). Parameters: g, gps, c, n, k. */
function columnSums(name: string) {
  const f = new Func(name, 5);
  const [g, gps, c, n, k] = f.params;
  const [at, pg, end] = Array.from({ length: 3 }, () => f.local('i32'));
  const acc = [f.local('v128'), f.local('v128')];
  const body = code(
    toBytes(g, gps, c, n),
    set(n, i32.add(get(c), get(n))),
    set(at, get(c)),
    whileLoop(
      i32.ltU(get(at), get(n)),
      ...halves.map((h) => set(acc[h], v128.load(get(at), h * VEC))),
      set(pg, get(g)),
      set(end, i32.add(get(g), i32.shl(get(k), 5))),
      whileLoop(
        i32.ltU(get(pg), get(end)),
        ...halves.map((h) => set(acc[h], f64x2.add(get(acc[h]), v128.load(get(pg), h * VEC)))),
        inc(pg, i32.const(ROW)),
      ),
      ...halves.map((h) => v128.store(get(at), get(acc[h]), h * VEC)),
      inc(g, get(gps)),
      inc(at, i32.const(ROW)),
    ),
  );
  return { func: f, body };
}

/** The module's bytes: `linear`, `linear_relu`, `input_grad`, `input_grad_relu`, `weight_grad`, `bias_grad`, and `memory`. */
export function kernelModule(): Uint8Array {
  return encodeModule([
    product('linear', true, 'none'),
    product('linear_relu', true, 'relu'),
    product('input_grad', false, 'none'),
    product('input_grad_relu', false, 'mask'),
    transposedProduct('weight_grad'),
    columnSums('bias_grad'),
  ]);
}
