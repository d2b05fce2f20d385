/** A decision surface as the webview takes it: plain arrays (a message is JSON), values to four digits. */
import type { DecisionSurface } from '../core/probe/surface';
import type { SurfaceView } from '../protocol/webview';

/** Four significant digits: more than a colour scale can show, and a third of the message. */
const digits = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)) : v);

export function surfaceView(epoch: number, s: DecisionSurface): SurfaceView {
  const axis = (a: DecisionSurface['x']) => ({ name: a.name, min: a.min, max: a.max });
  return {
    epoch,
    task: s.task,
    size: s.size,
    x: axis(s.x),
    y: axis(s.y),
    features: s.features,
    classes: s.classes,
    predicted: Array.from(s.predicted),
    value: Array.from(s.value, digits),
    points: {
      x: Array.from(s.points.x, digits),
      y: Array.from(s.points.y, digits),
      target: Array.from(s.points.target, digits),
    },
  };
}
