/**
 * Parameter declarations that several optimizers share (PyTorch's names, ranges and checks), and typed
 * readers for the resolved values.
 */
import type { ParamSpec, Params } from '../params';

export function lrParam(dflt: number, note = ''): ParamSpec {
  return {
    name: 'lr',
    type: 'number',
    default: dflt,
    min: 0,
    doc: `Base learning rate; a schedule scales it step by step.${note ? ` ${note}` : ''}`,
  };
}

/** As many betas as the default has (two for Adam's family, three for Adan's). */
export function betasParam(dflt: number[], doc: string): ParamSpec {
  return {
    name: 'betas',
    type: 'numbers',
    default: dflt,
    length: dflt.length,
    min: 0,
    max: 1,
    maxExclusive: true,
    doc,
  };
}

export const ADAM_BETAS_DOC = 'Decay rates of the running averages of the gradient and of its square.';

export function epsParam(dflt: number, doc = 'Added to the denominator for numerical stability.'): ParamSpec {
  return { name: 'eps', type: 'number', default: dflt, min: 0, doc };
}

/** `decoupled`: AdamW/Lion style `θ ← θ(1 − γλ)`; otherwise PyTorch's L2 form `g ← g + λθ`. */
export function weightDecayParam(dflt: number, decoupled = false): ParamSpec {
  return {
    name: 'weight_decay',
    type: 'number',
    default: dflt,
    min: 0,
    doc: decoupled
      ? 'Decoupled weight decay: parameters shrink by lr × weight_decay each step, apart from the gradient.'
      : 'L2 penalty added to the gradient (g + weight_decay × θ), applied to every parameter, biases included.',
  };
}

export function betas(p: Params): [number, number] {
  const b = p.betas as number[];
  return [b[0], b[1]];
}

export function flag(p: Params, name: string): boolean {
  return p[name] as boolean;
}
