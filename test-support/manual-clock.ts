import type { Clock } from '../src/server/schedule/clock';

interface PendingTimer {
  at: number;
  callback: () => unknown;
}

export interface ManualClockOptions {
  /**
   * How early each timer fires, as the system's do now and then: timers and the wall clock keep separate
   * time, so a timer set for a minute's start may run when the wall clock still reads a millisecond before.
   */
  earlyMs?: number;
}

/** A clock that only moves when told to; moving it runs the timers that fell due, in order, and awaits them. */
export class ManualClock implements Clock {
  private current: number;
  private timers = new Set<PendingTimer>();
  private readonly earlyMs: number;
  /** The wall clock's distance from the time timers keep (see `stepWall`). */
  private wallOffset = 0;

  constructor(start: Date | string, options: ManualClockOptions = {}) {
    this.current = new Date(start).getTime();
    this.earlyMs = options.earlyMs ?? 0;
  }

  now(): Date {
    return new Date(this.current + this.wallOffset);
  }

  setTimer(delayMs: number, callback: () => unknown): () => void {
    // Only a timer longer than the lateness it makes up for fires early: a retry a millisecond later does not.
    const delay = Math.max(0, delayMs);
    const timer = { at: this.current + (delay > this.earlyMs ? delay - this.earlyMs : delay), callback };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  /** Moves to the wall clock's time `to`, running the timers that fell due on the way. */
  async set(to: Date | string): Promise<void> {
    const target = new Date(to).getTime() - this.wallOffset;
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
    return this.set(new Date(this.current + this.wallOffset + ms));
  }

  /**
   * Sets the wall clock forward or back (an NTP step, a resumed VM), as the system's is: pending timers still
   * fire after the delay they were set with.
   */
  stepWall(ms: number): void {
    this.wallOffset += ms;
  }

  /** Time that work inside a timer's callback takes: the clock moves, and no timer runs meanwhile. */
  spend(ms: number): void {
    this.current += ms;
  }
}
