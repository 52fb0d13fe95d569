import { Injectable } from '@nestjs/common';
import { OCCUPYING_STATUSES, addDays, todayIso } from '@stagebank/domain';
import { DataSource } from 'typeorm';
import { JobRunner } from '../jobs/job-runner';
import { NotificationDispatcher } from './notification-dispatcher';

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
    private readonly db: DataSource,
    private readonly dispatcher: NotificationDispatcher,
    jobs: JobRunner,
  ) {
    jobs.register({ name: 'seat-calendar', kind: 'singleton', everyMs: EVERY_MS, run: () => this.sweep() });
  }

  /** Today's sweep unless it was done; returns the number of events it made. */
  async sweep(today = todayIso()): Promise<number> {
    const made = await this.db.transaction(async (tx) => {
      const [previous] = await tx.query(`SELECT max(day)::text AS day FROM notification_sweep WHERE day < $1`, [today]);
      const claimed = await tx.query(`INSERT INTO notification_sweep (day) VALUES ($1) ON CONFLICT DO NOTHING RETURNING day`, [today]);
      if (claimed.length === 0) return 0;
      const since = previous.day && previous.day > addDays(today, -7) ? previous.day : addDays(today, -1);
      const events: unknown[] = await tx.query(
        `INSERT INTO notification_event (kind, placement_id)
         SELECT DISTINCT 'SEAT_FREED', placement_id FROM internship
          WHERE status = ANY($1) AND end_date >= $2 AND end_date < $3
         RETURNING id`,
        [OCCUPYING_STATUSES, since, today],
      );
      return events.length;
    });
    if (made > 0) this.dispatcher.job.wake();
    return made;
  }
}
