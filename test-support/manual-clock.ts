import type { Clock } from '../src/server/schedule/clock';

interface PendingTimer {
  at: number;
  callback: () => unknown;
}

/** A clock that only moves when told to; moving it runs the timers that fell due, in order, and awaits them. */
export class ManualClock implements Clock {
  private current: number;
  private timers = new Set<PendingTimer>();

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  setTimer(delayMs: number, callback: () => unknown): () => void {
    const timer = { at: this.current + Math.max(0, delayMs), callback };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  async set(to: Date | string): Promise<void> {
    const target = new Date(to).getTime();
    for (;;) {
      const next = [...this.timers].filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers.delete(next);
      this.current = Math.max(this.current, next.at);
      await next.callback();
    }
    this.current = target;
  }

  advance(ms: number): Promise<void> {
    return this.set(new Date(this.current + ms));
  }
}
