/** What a process takes from its environment, read in one place by each entry point (CLI, workers). */
import { preferKernels } from '../core/model/kernels';

/** `LOSSLAB_KERNELS=js` runs the JavaScript kernels instead of WebAssembly SIMD (to compare the two, or rule WebAssembly out). */
export function applyEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  if (env.LOSSLAB_KERNELS === 'js') preferKernels('js');
}
