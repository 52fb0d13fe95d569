import { Injectable, Logger } from '@nestjs/common';
import { HOLD_REMINDER_DAYS } from '@stagebank/domain';
import { Clock } from '../common/clock';
import { JobRunner } from '../jobs/job-runner';
import { InternshipRepository } from './internship.repository';

const SWEEP_EVERY_MS = 15 * 60_000;

/**
 * Seat holds that run out. A PROPOSED internship holds a seat until its holdExpiresAt; this job
 * (a singleton: one replica sweeps at a time) reminds the coach HOLD_REMINDER_DAYS before, by a
 * HOLD_EXPIRING notification event the notification dispatcher turns into a notification to the
 * coach and deliveries to the organisation's webhooks; and at the time sets it EXPIRED. That status
 * change reaches the change stream like a cancellation, so the dispatcher tells the seat's watchers
 * SEAT_FREED. It runs as the owner role (outside any request), so it sees every organisation's internships.
 */
@Injectable()
export class HoldSweep {
  private readonly logger = new Logger('HoldSweep');

  constructor(
    private readonly repository: InternshipRepository,
    private readonly clock: Clock,
    jobs: JobRunner,
  ) {
    jobs.register({ name: 'internship-holds', kind: 'singleton', everyMs: SWEEP_EVERY_MS, run: async () => void (await this.sweep()) });
  }

  /**
   * One sweep at the clock's now; returns how many holds it reminded of and expired. `organisationId`
   * limits it to one organisation's holds (for a test that moves the clock while other tests share the database).
   */
  async sweep(now: Date = this.clock.now(), organisationId: string | null = null): Promise<{ reminded: number; expired: number }> {
    const { reminded, expired } = await this.repository.remindAndExpireHolds(now, HOLD_REMINDER_DAYS, organisationId);
    if (reminded || expired) this.logger.log(`holds: reminded ${reminded}, expired ${expired}`);
    return { reminded, expired };
  }
}
