/** Numbers and text written into generated Python so that they read back exactly and end nothing early. */

/** A double as a Python literal that reads back as the same double. */
export function pyNumber(v: number): string {
  if (Number.isNaN(v)) return 'math.nan';
  if (v === Infinity) return 'math.inf';
  if (v === -Infinity) return '-math.inf';
  if (Object.is(v, -0)) return '-0.0';
  // JavaScript prints the shortest digits that round-trip, as Python's repr does; integers past 2^53
  // get a `.0` so that Python reads a float rather than an int that torch could not hold in int64.
  const text = String(v);
  return Number.isSafeInteger(v) || /[.e]/.test(text) ? text : `${text}.0`;
}

/** Text as one line of a Python comment: a line break or a control character would end the comment. */
export function commentLine(text: string): string {
  return text.replace(/[\s\p{Cc}]+/gu, ' ').trim();
}

/** Text as one line inside a `"""` docstring: quotes and backslashes escaped, so it cannot close the string. */
export function docstringLine(text: string): string {
  return commentLine(text).replace(/[\\"]/g, '\\$&');
}

/**
 * The lines of a training step between backward and the optimizer's step, at the loop's indentation: the
 * L1/L2 penalties' gradients on `weights`, then gradient clipping over `network`'s parameters.
 */
export function penaltiesAndClipping(network: string): string {
  return `            with torch.no_grad():
                if L1 or L2:  # on weights, not biases: l1·Σ|w| + ½·l2·Σw²
                    for w in weights:
                        w.grad += L2 * w + L1 * torch.sign(w)
            if CLIP_NORM is not None:
                torch.nn.utils.clip_grad_norm_(${network}.parameters(), CLIP_NORM)
            if CLIP_VALUE is not None:
                torch.nn.utils.clip_grad_value_(${network}.parameters(), CLIP_VALUE)
`;
}
