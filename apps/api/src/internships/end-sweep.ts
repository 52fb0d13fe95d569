import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { JobRunner } from '../jobs/job-runner';
import { InternshipRepository } from './internship.repository';

const SWEEP_EVERY_MS = 60 * 60_000;

/**
 * Once an internship is unaccounted for (the day after its planned end, with no outcome recorded:
 * `unaccountedFor` in libs/persistence/src/schema/rules.ts, the rule the school's list uses too),
 * reminds its coach to record the outcome and an evaluation: an OUTCOME_DUE notification event,
 * which the notification dispatcher turns into a notification to the coach and deliveries to the
 * organisation's webhooks (as for a hold running out). Once per internship; none when the outcome
 * is already recorded. A singleton job at the injected Clock's
 * time, as the owner role (outside any request), so it sees every organisation's internships.
 */
@Injectable()
export class EndSweep {
  private readonly logger = new Logger('EndSweep');

  constructor(
    private readonly repository: InternshipRepository,
    private readonly clock: Clock,
    jobs: JobRunner,
  ) {
    jobs.register({ name: 'internship-ends', kind: 'singleton', everyMs: SWEEP_EVERY_MS, run: async () => void (await this.sweep()) });
  }

  /** One sweep at the clock's day; `organisationId` limits it to one organisation (tests share the database). Returns how many coaches it reminded. */
  async sweep(now: Date = this.clock.now(), organisationId: string | null = null): Promise<{ reminded: number }> {
    const reminded = await this.repository.remindOutcomesDue(now, now.toISOString().slice(0, 10), organisationId);
    if (reminded) this.logger.log(`internship ends: reminded ${reminded} coaches`);
    return { reminded };
  }
}
