/**
 * The contour plot on a canvas: filled bands between the contour levels (a heat map in the theme's
 * colours, bilinear between grid points), the iso-lines over them, then each optimizer's path up to the
 * current step, its start and head, and the minima.
 */
import { color } from 'chart.js/helpers';
import type { PathResult, SurfaceGrid } from '../../src/protocol/trajectories';
import type { Theme } from '../theme';
import { bandOf, bilinear, isoSegments } from './contours';

export interface PlotData {
  grid: SurfaceGrid;
  paths: PathResult[];
  start: [number, number];
  minima: [number, number][];
}

type Rgb = [number, number, number];

function rgb(c: string): Rgb {
  const { r, g, b } = color(c).rgb ?? { r: 128, g: 128, b: 128 };
  return [r, g, b];
}

const mix = (a: Rgb, b: Rgb, w: number): Rgb => [
  a[0] + (b[0] - a[0]) * w,
  a[1] + (b[1] - a[1]) * w,
  a[2] + (b[2] - a[2]) * w,
];

const PAD = { left: 52, right: 12, top: 10, bottom: 34 };

export class ContourPlot {
  /** The filled bands and iso-lines, redrawn only when the data, the theme or the size change. */
  private backdrop: HTMLCanvasElement | null = null;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  invalidate(): void {
    this.backdrop = null;
  }

  private area() {
    const w = this.canvas.clientWidth;
    const h = this.canvas.clientHeight;
    return {
      x: PAD.left,
      y: PAD.top,
      w: Math.max(10, w - PAD.left - PAD.right),
      h: Math.max(10, h - PAD.top - PAD.bottom),
    };
  }

  /** Draws everything, the paths up to step `frame` (colour k of the palette for path k). */
  draw(data: PlotData, frame: number, theme: Theme, colors: readonly string[]): void {
    const dpr = window.devicePixelRatio || 1;
    const cw = Math.round(this.canvas.clientWidth * dpr);
    const ch = Math.round(this.canvas.clientHeight * dpr);
    if (this.canvas.width !== cw || this.canvas.height !== ch) {
      this.canvas.width = cw;
      this.canvas.height = ch;
      this.backdrop = null;
    }
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, this.canvas.clientWidth, this.canvas.clientHeight);
    const a = this.area();
    if (!this.backdrop) this.backdrop = this.renderBackdrop(data.grid, theme, a.w, a.h, dpr);
    ctx.drawImage(this.backdrop, a.x, a.y, a.w, a.h);
    const { x, y } = data.grid;
    const px = (v: number) => a.x + ((v - x[0]) / (x[1] - x[0])) * a.w;
    const py = (v: number) => a.y + a.h - ((v - y[0]) / (y[1] - y[0])) * a.h;
    this.drawAxes(ctx, a, x, y, theme);

    ctx.save();
    ctx.beginPath();
    ctx.rect(a.x, a.y, a.w, a.h);
    ctx.clip();
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    data.paths.forEach((p, k) => {
      const n = Math.min(frame, p.xs.length - 1);
      ctx.strokeStyle = colors[k % colors.length];
      ctx.lineWidth = 2 * theme.lineScale;
      ctx.beginPath();
      ctx.moveTo(px(p.xs[0]), py(p.ys[0]));
      for (let t = 1; t <= n; t++) ctx.lineTo(px(p.xs[t]), py(p.ys[t]));
      ctx.stroke();
      // The head: a filled dot ringed in the background, so overlapping heads stay apart.
      ctx.fillStyle = colors[k % colors.length];
      ctx.strokeStyle = theme.background;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(px(p.xs[n]), py(p.ys[n]), 4.5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    });
    // The start: a hollow circle; the minima: a star-like cross.
    ctx.strokeStyle = theme.foreground;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.arc(px(data.start[0]), py(data.start[1]), 6, 0, 2 * Math.PI);
    ctx.stroke();
    for (const [mx, my] of data.minima) {
      const cx = px(mx);
      const cy = py(my);
      ctx.lineWidth = 2;
      ctx.beginPath();
      for (let k = 0; k < 4; k++) {
        const ang = (k * Math.PI) / 4;
        ctx.moveTo(cx - 7 * Math.cos(ang), cy - 7 * Math.sin(ang));
        ctx.lineTo(cx + 7 * Math.cos(ang), cy + 7 * Math.sin(ang));
      }
      ctx.stroke();
    }
    ctx.restore();
  }

  private renderBackdrop(g: SurfaceGrid, theme: Theme, w: number, h: number, dpr: number): HTMLCanvasElement {
    const pw = Math.max(1, Math.round(w * dpr));
    const ph = Math.max(1, Math.round(h * dpr));
    const off = document.createElement('canvas');
    off.width = pw;
    off.height = ph;
    const ctx = off.getContext('2d')!;
    // Bands from a tint of the theme's foreground at the bottom of the surface to its background at the
    // top: neutral, so that every path colour of the palette stands out on it.
    const bg = rgb(theme.background);
    const low = mix(bg, rgb(theme.foreground), 0.32);
    const high = mix(bg, rgb(theme.foreground), 0.04);
    const bands = g.levels.length + 1;
    const ramp: Rgb[] = Array.from({ length: bands }, (_, k) =>
      mix(low, high, bands === 1 ? 1 : Math.sqrt(k / (bands - 1))),
    );
    const img = ctx.createImageData(pw, ph);
    for (let r = 0; r < ph; r++) {
      const gj = (1 - (r + 0.5) / ph) * (g.ny - 1);
      for (let c = 0; c < pw; c++) {
        const v = bilinear(g, ((c + 0.5) / pw) * (g.nx - 1), gj);
        const col = Number.isFinite(v) ? ramp[bandOf(v, g.levels)] : high;
        const at = 4 * (r * pw + c);
        img.data[at] = col[0];
        img.data[at + 1] = col[1];
        img.data[at + 2] = col[2];
        img.data[at + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
    ctx.strokeStyle = `rgba(${mix(bg, rgb(theme.foreground), 0.5).join(',')}, 0.45)`;
    ctx.lineWidth = dpr * 0.75;
    ctx.beginPath();
    const sx = pw / (g.nx - 1);
    const sy = ph / (g.ny - 1);
    for (const level of g.levels)
      for (const [i0, j0, i1, j1] of isoSegments(g, level)) {
        ctx.moveTo(i0 * sx, ph - j0 * sy);
        ctx.lineTo(i1 * sx, ph - j1 * sy);
      }
    ctx.stroke();
    return off;
  }

  private drawAxes(
    ctx: CanvasRenderingContext2D,
    a: { x: number; y: number; w: number; h: number },
    xr: [number, number],
    yr: [number, number],
    theme: Theme,
  ): void {
    ctx.strokeStyle = theme.axis;
    ctx.lineWidth = 1;
    ctx.strokeRect(a.x + 0.5, a.y + 0.5, a.w - 1, a.h - 1);
    ctx.fillStyle = theme.muted;
    ctx.font = `${Math.max(10, theme.fontSize - 2)}px ${theme.fontFamily}`;
    for (const [lo, hi, horizontal] of [
      [xr[0], xr[1], true],
      [yr[0], yr[1], false],
    ] as const) {
      for (const v of niceTicks(lo, hi, horizontal ? 7 : 6)) {
        const f = (v - lo) / (hi - lo);
        const label = String(Number(v.toPrecision(6)));
        if (horizontal) {
          ctx.textAlign = 'center';
          ctx.textBaseline = 'top';
          ctx.fillText(label, a.x + f * a.w, a.y + a.h + 6);
        } else {
          ctx.textAlign = 'right';
          ctx.textBaseline = 'middle';
          ctx.fillText(label, a.x - 6, a.y + a.h - f * a.h);
        }
      }
    }
  }
}

/** Round tick values (1, 2 or 5 × 10^k apart) inside [lo, hi]. */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / count;
  if (!(raw > 0) || !Number.isFinite(raw)) return [];
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}
