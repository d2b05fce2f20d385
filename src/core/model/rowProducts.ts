/**
 * Matrix products of row-major arrays on the dense kernels (kernels.ts), for the small products outside a
 * model's passes: a gradient penalty's double backward, a contrastive loss's similarities and their
 * gradient. Each operand is copied into panel layout on a heap of its own, the kernel runs there and the
 * result is copied back out; at these sizes (tens of rows, tens of columns) the copies cost a few percent of
 * the product.
 *
 * The kernels sum as a plain loop does (the bias or 0 first, then the shared index ascending, a multiply
 * and an add at a time), so every entry has the bits of
 * `let s = bias; for (p = 0; p < k; p++) s += a[p] * b[p]`, and an accumulated gradient those of adding
 * each row's term to it in row order.
 */
import { type KernelKind, type Kernels, createKernels } from './kernels';

const pad4 = (n: number) => (n + 3) & ~3;

export class RowProducts {
  private kernels: Kernels;

  /** On `kind`'s kernels (default: `createKernels`'s choice). */
  constructor(kind?: KernelKind) {
    this.kernels = createKernels(kind);
  }

  /**
   * C (m × n) = bias + A (m × k) · B (k × n), each entry's sum from its bias (0 without one). B is given
   * row-major, or as its transpose (n × k) with `bTransposed`. A new array.
   */
  product(
    a: Float64Array,
    b: Float64Array,
    m: number,
    k: number,
    n: number,
    opts: { bias?: Float64Array; bTransposed?: boolean } = {},
  ): Float64Array {
    const [mp, kp, np] = [pad4(m), pad4(k), pad4(n)];
    const [aAt, bAt, biasAt, cAt] = this.place([mp * kp, kp * np, np, mp * np]);
    this.toPanels(a, m, k, aAt, 4 * mp, false);
    this.toPanels(b, k, n, bAt, 4 * kp, opts.bTransposed ?? false);
    const h = this.kernels.heap;
    h.fill(0, biasAt, biasAt + np);
    if (opts.bias) h.set(opts.bias.subarray(0, n), biasAt);
    this.kernels.linear(aAt, 4 * mp, bAt, 4 * kp, biasAt, cAt, 4 * mp, mp, np, k, false);
    const c = new Float64Array(m * n);
    for (let j = 0; j < n; j++)
      for (let r = 0, from = cAt + (j >> 2) * 4 * mp + (j & 3), to = j; r < m; r++, to += n) c[to] = h[from + 4 * r];
    return c;
  }

  /**
   * C (m × n, row-major) += Gᵀ · X over the k rows of G (k × m) and X (k × n), each entry's terms added to
   * it one row at a time in row order; with `colSums`, adds each column's sum of G into it the same way.
   */
  addTransposedProduct(
    g: Float64Array,
    x: Float64Array,
    k: number,
    m: number,
    n: number,
    c: Float64Array,
    colSums?: Float64Array,
  ): void {
    const [mp, kp, np] = [pad4(m), pad4(k), pad4(n)];
    const [gAt, xAt, cAt, sAt] = this.place([kp * mp, kp * np, mp * np, mp]);
    this.toPanels(g, k, m, gAt, 4 * kp, false);
    this.toPanels(x, k, n, xAt, 4 * kp, false);
    const h = this.kernels.heap;
    for (let r = 0; r < mp; r++) for (let j = 0; j < np; j++) h[cAt + r * np + j] = r < m && j < n ? c[r * n + j] : 0;
    this.kernels.weightGrad(gAt, 4 * kp, xAt, 4 * kp, cAt, np, mp, np, k);
    for (let r = 0; r < m; r++) for (let j = 0; j < n; j++) c[r * n + j] = h[cAt + r * np + j];
    if (!colSums) return;
    h.fill(0, sAt, sAt + mp);
    h.set(colSums.subarray(0, m), sAt);
    this.kernels.biasGrad(gAt, 4 * kp, sAt, mp, k);
    colSums.set(h.subarray(sAt, sAt + m));
  }

  /** Offsets of consecutive regions of these sizes on the heap, grown to hold them. */
  private place(sizes: number[]): number[] {
    let at = 0;
    const offsets = sizes.map((s) => (at += s) - s);
    if (!this.kernels.reserve(at)) {
      // No memory for more WebAssembly: the JavaScript kernels compute the same.
      this.kernels = createKernels('js');
      this.kernels.reserve(at);
    }
    return offsets;
  }

  /**
   * Copies a rows × cols matrix (row-major in `src`, or `src` holding its transpose) into panel layout at
   * `at` with panel stride `ps`, rows and columns padded to multiples of 4 with zeros.
   */
  private toPanels(src: Float64Array, rows: number, cols: number, at: number, ps: number, transposed: boolean): void {
    const h = this.kernels.heap;
    if ((rows | cols) & 3) h.fill(0, at, at + (pad4(cols) >> 2) * ps);
    for (let c = 0; c < cols; c++) {
      const to = at + (c >> 2) * ps + (c & 3);
      if (transposed) for (let r = 0, from = c * rows; r < rows; r++) h[to + 4 * r] = src[from + r];
      else for (let r = 0, from = c; r < rows; r++, from += cols) h[to + 4 * r] = src[from];
    }
  }
}

let shared: RowProducts | null = null;

/** This thread's products (one heap, reused from call to call). */
export function rowProducts(): RowProducts {
  return (shared ??= new RowProducts());
}
