import { Injectable, Logger } from '@nestjs/common';
import { InternshipStatus } from '@stagebank/domain';
import { sqlList } from '@stagebank/persistence';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { JobRunner } from '../jobs/job-runner';

const SWEEP_EVERY_MS = 60 * 60_000;

/** Internships that took place (or were meant to): a proposal that never became one, or a cancelled one, has no outcome to record. */
export const TOOK_PLACE = [InternshipStatus.AGREED, InternshipStatus.ACTIVE, InternshipStatus.PAUSED, InternshipStatus.COMPLETED, InternshipStatus.ENDED_EARLY];

/**
 * "Unaccounted for", as SQL on internship alias `i` with `today` (an ISO date) as the day: the
 * planned end has passed, it took place, and nobody recorded its outcome.
 */
export const unaccountedFor = (i: string, today: string) =>
  `${i}.end_date < ${today}::date AND ${i}.status IN ${sqlList(TOOK_PLACE)}
   AND NOT EXISTS (SELECT 1 FROM internship_outcome o WHERE o.internship_id = ${i}.id)`;

/**
 * At an internship's planned end, reminds its coach to record the outcome and an evaluation: an
 * OUTCOME_DUE notification event, which the notification dispatcher turns into a notification to
 * the coach and deliveries to the organisation's webhooks (as for a hold running out). Once per
 * internship; none when the outcome is already recorded. A singleton job at the injected Clock's
 * time, as the owner role (outside any request), so it sees every organisation's internships.
 */
@Injectable()
export class EndSweep {
  private readonly logger = new Logger('EndSweep');

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    jobs: JobRunner,
  ) {
    jobs.register({ name: 'internship-ends', kind: 'singleton', everyMs: SWEEP_EVERY_MS, run: async () => void (await this.sweep()) });
  }

  /** One sweep at the clock's day; `organisationId` limits it to one organisation (tests share the database). Returns how many coaches it reminded. */
  async sweep(now: Date = this.clock.now(), organisationId: string | null = null): Promise<{ reminded: number }> {
    const [{ reminded }] = await this.db.query(
      `WITH due AS (
         UPDATE internship i SET end_reminded_at = $1
          WHERE i.end_reminded_at IS NULL AND i.end_date <= $2::date AND i.status IN ${sqlList(TOOK_PLACE)}
            AND NOT EXISTS (SELECT 1 FROM internship_outcome o WHERE o.internship_id = i.id)
            AND ($3::uuid IS NULL OR i.organisation_id = $3)
         RETURNING i.id, i.placement_id
       ), made AS (
         INSERT INTO notification_event (kind, placement_id, internship_id) SELECT 'OUTCOME_DUE', placement_id, id FROM due RETURNING id
       )
       SELECT count(*)::int AS reminded FROM made`,
      [now, now.toISOString().slice(0, 10), organisationId],
    );
    if (reminded) this.logger.log(`internship ends: reminded ${reminded} coaches`);
    return { reminded };
  }
}
