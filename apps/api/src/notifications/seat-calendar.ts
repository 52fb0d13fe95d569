import { Injectable } from '@nestjs/common';
import { addDays, todayIso } from '@stagebank/domain';
import { JobRunner } from '../jobs/job-runner';
import { NotificationDispatcher } from './notification-dispatcher';
import { NotificationRepository } from './notification.repository';

/** Often enough that a new day's sweep follows midnight closely; the day's row keeps it to once a day. */
const EVERY_MS = 15 * 60_000;

/**
 * Seats that free by the calendar, which no write announces: every placement with an internship
 * whose last day passed since the previous sweep (at most a week back) gets a SEAT_FREED event,
 * which the notifications job turns into notifications for the placement's watchers. A singleton
 * job (`seat-calendar`): one process sweeps at a time, and the day's row in notification_sweep
 * makes it once per day even when a run is repeated.
 */
@Injectable()
export class SeatCalendar {
  constructor(
    private readonly repository: NotificationRepository,
    private readonly dispatcher: NotificationDispatcher,
    jobs: JobRunner,
  ) {
    jobs.register({ name: 'seat-calendar', kind: 'singleton', everyMs: EVERY_MS, run: () => this.sweep() });
  }

  /** Today's sweep unless it was done; returns the number of events it made. */
  async sweep(today = todayIso()): Promise<number> {
    const made = await this.repository.transaction(async (tx) => {
      const previous = await tx.lastSweepBefore(today);
      if (!(await tx.claimSweep(today))) return 0;
      const since = previous && previous > addDays(today, -7) ? previous : addDays(today, -1);
      return tx.insertSeatsFreedByCalendar(since, today);
    });
    if (made > 0) this.dispatcher.job.wake();
    return made;
  }
}
