/**
 * How many threads this process can usefully run at once: os.availableParallelism(), which counts the CPUs
 * the process may run on and is never 0 (os.cpus() lists every CPU of the machine, and can be empty).
 */
import { availableParallelism } from 'node:os';

export function coreCount(): number {
  return availableParallelism();
}
