import { Injectable } from '@nestjs/common';

/**
 * The time as the calendar jobs see it. Injected (rather than `new Date()` at each use) so a test
 * can move it forward by days and watch holds expire, without waiting and without touching the
 * database's own clock.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Tests only: moves this process's time by `ms` from the real time (0 puts it back). */
  setOffset(ms: number): void {
    this.offsetMs = ms;
  }
}
