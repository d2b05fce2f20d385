/**
 * How much memory a dataset's feature matrix may take: what the process could still allocate now, read once
 * the table is in memory (so the columns already count as used). `process.availableMemory()` is the
 * machine's available memory (Linux's MemAvailable: free pages and caches it can drop) within the
 * process's cgroup limit, if any; older Node versions lack it, and `os.freemem()` is the same figure there
 * without the cgroup limit.
 */
import { freemem } from 'node:os';
import type { MatrixMemory } from '../core/dataset/types';

export function availableMemory(): number {
  return typeof process.availableMemory === 'function' ? process.availableMemory() : freemem();
}

/** The room for a feature matrix now; `shared` places it in shared memory for a sweep's workers. */
export function matrixMemory(shared = false): MatrixMemory {
  return { availableBytes: availableMemory(), shared };
}
