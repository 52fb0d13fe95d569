import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { JobRunner } from '../jobs/job-runner';
import { MatchingIndexHolder } from '../matching/matching-index.holder';
import { SearchIndexer, SearchState } from '../search/search-indexer';
import { SearchService } from '../search/search.service';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly search: SearchService,
    private readonly matching: MatchingIndexHolder,
    private readonly jobs: JobRunner,
    private readonly indexer: SearchIndexer,
  ) {}

  /**
   * 200 while the database answers. Search never makes the service unhealthy, since PostgreSQL
   * answers searches when Meilisearch cannot: it reports `mode: degraded` with the reason instead.
   */
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 3000 }),
      () => this.searchHealth(),
      () => this.matchingHealth(),
      () => this.jobsHealth(),
    ]);
  }

  /** The process's matching index: still being built at start-up (`warming-up`), its size and how current it is. */
  private matchingHealth(): HealthIndicatorResult {
    const { ready, size, patched, behindAnswers, buildMs, lastAppliedAt } = this.matching.status;
    return {
      matching: {
        status: 'up',
        mode: ready ? 'ok' : 'warming-up',
        placements: size,
        patched,
        behindAnswers,
        buildMs,
        lastAppliedAt: lastAppliedAt?.toISOString() ?? null,
      },
    };
  }

  /**
   * Every background job: whether this process runs it, when it last ran and last failed (and why).
   * A failing job does not make the service unhealthy: it is retried, and said here.
   */
  private async jobsHealth(): Promise<HealthIndicatorResult> {
    const jobs = await this.jobs.status();
    const failing = jobs.filter((job) => job.lastFailureAt && (!job.lastSuccessAt || job.lastFailureAt > job.lastSuccessAt)).map((job) => job.name);
    return {
      jobs: {
        status: 'up',
        mode: failing.length > 0 ? 'degraded' : 'ok',
        failing,
        ...Object.fromEntries(
          jobs.map((job) => [
            job.name,
            {
              kind: job.kind,
              runsHere: job.runsHere,
              runs: job.runs,
              failures: job.failures,
              lastSuccessAt: job.lastSuccessAt?.toISOString() ?? null,
              lastFailureAt: job.lastFailureAt?.toISOString() ?? null,
              lastError: job.lastError,
              ...(job.kind === 'singleton' ? { nextRunAt: job.nextRunAt?.toISOString() ?? null } : {}),
            },
          ]),
        ),
      },
    };
  }

  private async searchHealth(): Promise<HealthIndicatorResult> {
    const status = await this.search.status();
    let mode = status.state === SearchState.READY ? 'ok' : status.state === SearchState.DISABLED ? 'postgresql-only' : 'degraded';
    let notice = status.notice;
    // An index that lacks documents (another replica's embedded Meilisearch took their changes, its
    // data was lost) answers from part of the data as if it were all of it: say so.
    const counts = await this.indexer.documentCounts().catch(() => null);
    const diverged = (counts ?? []).filter((c) => Math.abs(c.rows - c.documents) > c.onTheirWay);
    if (diverged.length > 0) {
      mode = 'degraded';
      notice = `index out of step with the database: ${diverged.map((c) => `${c.index} has ${c.documents} documents for ${c.rows} rows`).join('; ')}`;
    }
    return {
      search: {
        status: 'up',
        mode,
        engine: status.engine,
        state: status.state,
        ...(notice ? { notice } : {}),
        ...(counts ? { documents: Object.fromEntries(counts.map((c) => [c.index, { database: c.rows, index: c.documents }])) } : {}),
        pendingChanges: status.pendingChanges,
        oldestPendingSeconds: status.oldestPendingSeconds,
      },
    };
  }
}
