/**
 * Just enough of the WebAssembly binary format to write the dense kernels in TypeScript: instructions
 * in the folded form of the text format (`f64x2.add(a, b)` emits a, then b, then the opcode), one
 * exported memory, and exported functions over i32 parameters. Opcodes are from the core and fixed-width
 * SIMD specifications (https://webassembly.github.io/spec/core/binary/instructions.html).
 */

/** Bytes as nested arrays, flattened once when the module is written (so nesting copies nothing). */
export type Code = (number | Code)[];

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const I32 = 0x7f;
const V128 = 0x7b;
const EMPTY = 0x40;
const SIMD = 0xfd;
/** Memory argument: alignment exponent (a hint) and a constant byte offset added to the address. */
const memarg = (align: number, offset: number) => [...uleb(align), ...uleb(offset)];
const simd = (opcode: number) => [SIMD, ...uleb(opcode)];

export const code = (...parts: Code[]): Code => parts;
function bytes(c: Code, out: number[] = []): number[] {
  for (const x of c)
    if (typeof x === 'number') out.push(x);
    else bytes(x, out);
  return out;
}

/** A local variable: its index, and whether it holds an i32 or a v128. */
export interface Local {
  index: number;
  type: 'i32' | 'v128';
}

export const get = (l: Local): Code => [0x20, ...uleb(l.index)];
export const set = (l: Local, value: Code): Code => [value, 0x21, ...uleb(l.index)];

export const i32 = {
  const: (v: number): Code => [0x41, ...sleb(v | 0)],
  add: (a: Code, b: Code): Code => [a, b, 0x6a],
  sub: (a: Code, b: Code): Code => [a, b, 0x6b],
  mul: (a: Code, b: Code): Code => [a, b, 0x6c],
  and: (a: Code, mask: number): Code => [a, 0x41, ...sleb(mask), 0x71],
  shl: (a: Code, bits: number): Code => [a, 0x41, ...sleb(bits), 0x74],
  shrU: (a: Code, bits: number): Code => [a, 0x41, ...sleb(bits), 0x76],
  ltU: (a: Code, b: Code): Code => [a, b, 0x49],
  /** The smaller of two unsigned values; each operand is evaluated twice, so keep them cheap. */
  minU: (a: Code, b: Code): Code => [a, b, a, b, 0x49, 0x1b],
};

/** `l += by` for an i32 local. */
export const inc = (l: Local, by: Code): Code => set(l, i32.add(get(l), by));

export const v128 = {
  load: (addr: Code, offset = 0): Code => [addr, ...simd(0x00), ...memarg(3, offset)],
  /** Loads one f64 into both lanes. */
  load64Splat: (addr: Code, offset = 0): Code => [addr, ...simd(0x0a), ...memarg(3, offset)],
  store: (addr: Code, value: Code, offset = 0): Code => [addr, value, ...simd(0x0b), ...memarg(3, offset)],
  zero: (): Code => [...simd(0x0c), ...new Array<number>(16).fill(0)],
  and: (a: Code, b: Code): Code => [a, b, ...simd(0x4e)],
};

export const f64x2 = {
  add: (a: Code, b: Code): Code => [a, b, ...simd(0xf0)],
  mul: (a: Code, b: Code): Code => [a, b, ...simd(0xf2)],
  /** Lane-wise a > b as all-ones or all-zeros masks (false for NaN). */
  gt: (a: Code, b: Code): Code => [a, b, ...simd(0x4a)],
  /** Pseudo-maximum: a < b ? b : a, lane-wise. */
  pmax: (a: Code, b: Code): Code => [a, b, ...simd(0xf7)],
};

/** `while (cond) { body }`, the condition tested before every pass. */
export function whileLoop(cond: Code, ...body: Code[]): Code {
  // block { loop { br_if 1 (!cond); body; br 0 } }
  return code([0x02, EMPTY, 0x03, EMPTY], cond, [0x45, 0x0d, 1], ...body, [0x0c, 0, 0x0b, 0x0b]);
}

/** A function under construction: i32 parameters, then locals declared as the body needs them. */
export class Func {
  readonly params: Local[];
  private locals: Local[] = [];

  constructor(
    readonly name: string,
    paramCount: number,
  ) {
    this.params = Array.from({ length: paramCount }, (_, index) => ({ index, type: 'i32' as const }));
  }

  local(type: Local['type']): Local {
    const l = { index: this.params.length + this.locals.length, type };
    this.locals.push(l);
    return l;
  }

  encode(body: Code): Code {
    // Locals are declared in runs of one type.
    const runs: [number, number][] = [];
    for (const l of this.locals) {
      const t = l.type === 'i32' ? I32 : V128;
      const last = runs.at(-1);
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    const content = bytes(code(uleb(runs.length), ...runs.map(([n, t]) => [...uleb(n), t]), body, [0x0b]));
    return [...uleb(content.length), ...content];
  }
}

const section = (id: number, items: Code[]): Code => {
  const content = bytes(code(uleb(items.length), ...items));
  return [id, ...uleb(content.length), ...content];
};
const name = (s: string): Code => {
  // Export names here are ASCII.
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
};

/** A module of functions `(i32 × n) → ()` and one memory exported as `memory`. */
export function encodeModule(funcs: { func: Func; body: Code }[]): Uint8Array {
  const arities = [...new Set(funcs.map((f) => f.func.params.length))];
  const types = arities.map((n) => [0x60, ...uleb(n), ...new Array<number>(n).fill(I32), 0]);
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, types),
    ...section(
      3,
      funcs.map((f) => uleb(arities.indexOf(f.func.params.length))),
    ),
    ...section(5, [[0x00, 0x01]]),
    ...section(7, [[...name('memory'), 0x02, 0], ...funcs.map((f, i) => [...name(f.func.name), 0x00, ...uleb(i)])]),
    ...section(
      10,
      funcs.map((f) => f.func.encode(f.body)),
    ),
  ]);
}
