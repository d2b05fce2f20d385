/**
 * Training progress on stderr: a redrawn bar when stderr is a terminal, one plain line per epoch
 * (at most about a hundred in all) when it is not, so logs from CI stay readable.
 */
import { collapseMessage } from '../core/generate/collapse';
import { reportedHeadline } from '../core/metricNames';
import type { EpochEvent, RunEvent, StepEvent } from '../core/trainer/events';
import { duration } from '../views/duration';
import { fmt } from './format';

const BAR = 24;

export class Progress {
  private epochs = 0;
  private totalSteps = 0;
  private started = 0;
  private lastDraw = 0;
  private lastEpochLine = '';
  private pretrainEpochs = 0;
  private pretrainSteps = 0;
  /** A generate run's rows had collapsed at the last check: warned once until they spread again. */
  private collapsed = false;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly quiet = false,
  ) {
    this.tty = Boolean(out.isTTY);
  }

  private metricText(metrics: Record<string, number>): string {
    const key = reportedHeadline(metrics);
    return key ? ` ${key === 'accuracy' ? 'acc' : key} ${fmt(metrics[key], 3)}` : '';
  }

  handle = (e: RunEvent): void => {
    if (this.quiet) return;
    if ((e.type === 'step' || e.type === 'epoch') && e.phase === 'pretrain') return this.pretrainEvent(e);
    switch (e.type) {
      case 'start':
        this.epochs = e.epochs;
        this.totalSteps = e.totalSteps;
        this.pretrainEpochs = e.pretrain?.epochs ?? 0;
        this.pretrainSteps = e.pretrain?.steps ?? 0;
        this.started = Date.now();
        for (const w of e.warnings) this.out.write(`warning: ${w}\n`);
        break;
      case 'step': {
        if (!this.tty) break;
        const now = Date.now();
        if (now - this.lastDraw < 100) break;
        this.lastDraw = now;
        this.draw(e.step + 1, e.epoch, `loss ${fmt(e.loss, 4)}${this.lastEpochLine}`);
        break;
      }
      case 'epoch': {
        this.warnCollapse(e);
        this.lastEpochLine = `${e.valLoss !== null ? ` val ${fmt(e.valLoss, 4)}` : ''}${this.metricText(e.metrics)}`;
        if (this.tty) this.draw(e.step, e.epoch, `loss ${fmt(e.trainLoss, 4)}${this.lastEpochLine}`);
        else if (e.epoch === this.epochs || e.epoch % Math.max(1, Math.ceil(this.epochs / 100)) === 0)
          this.out.write(
            `${this.label} epoch ${e.epoch}/${this.epochs} loss ${fmt(e.trainLoss, 4)}${this.lastEpochLine}\n`,
          );
        break;
      }
      case 'end':
        if (this.tty) this.out.write('\r\x1b[2K');
        break;
      case 'log':
        this.out.write(`${this.tty ? '\r\x1b[2K' : ''}${e.level}: ${e.message}\n`);
        break;
    }
  };

  private warnCollapse(e: EpochEvent): void {
    if (!e.spread) return;
    if (e.spread.collapsed && !this.collapsed)
      this.out.write(`${this.tty ? '\r\x1b[2K' : ''}warning: ${collapseMessage(e.spread, e.epoch)}\n`);
    this.collapsed = e.spread.collapsed;
  }

  /** Pretraining counts its steps and epochs up to 0 (events.ts): shown as its own bar, or a line per epoch. */
  private pretrainEvent(e: StepEvent | EpochEvent): void {
    const epoch = e.epoch + this.pretrainEpochs;
    const text = `pretrain epoch ${epoch}/${this.pretrainEpochs} NT-Xent ${fmt(e.type === 'step' ? e.loss : e.trainLoss, 4)}`;
    if (!this.tty) {
      if (
        e.type === 'epoch' &&
        (epoch === this.pretrainEpochs || epoch % Math.max(1, Math.ceil(this.pretrainEpochs / 100)) === 0)
      )
        this.out.write(`${this.label} ${text}\n`);
      return;
    }
    const now = Date.now();
    if (e.type === 'step' && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const frac = this.pretrainSteps ? Math.min(1, Math.max(0, (e.step + this.pretrainSteps) / this.pretrainSteps)) : 0;
    const filled = Math.round(frac * BAR);
    this.out.write(`\r\x1b[2K${this.label} ${'█'.repeat(filled)}${'░'.repeat(BAR - filled)} ${text}`);
  }

  private draw(step: number, epoch: number, text: string): void {
    const frac = this.totalSteps ? Math.min(1, step / this.totalSteps) : 0;
    const filled = Math.round(frac * BAR);
    const elapsed = (Date.now() - this.started) / 1000;
    const eta = frac > 0 ? (elapsed * (1 - frac)) / frac : NaN;
    const bar = '█'.repeat(filled) + '░'.repeat(BAR - filled);
    this.out.write(
      `\r\x1b[2K${this.label} ${bar} ${String(Math.round(frac * 100)).padStart(3)}% epoch ${epoch}/${this.epochs} ${text} ETA ${duration(eta)}`,
    );
  }
}
