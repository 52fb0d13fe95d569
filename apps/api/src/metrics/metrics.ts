import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { ChangeStream } from '../changes/change-stream';
import { JobRunner } from '../jobs/job-runner';

/** Client-chosen operation names become labels: well-formed ones only, and at most this many, so a client cannot blow up the series. */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * The process's Prometheus metrics (GET /metrics): Node's own (event-loop lag, heap, GC), GraphQL
 * operations by name, type and outcome with their latency, and, read at scrape time, the database
 * pool, how far each change-stream consumer is behind, background job runs and failures, and the
 * matching index. Meilisearch failures are counted as they happen (searchFailures).
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly names = new Set<string>();
  readonly operations = new Counter({
    name: 'stagebank_graphql_operations_total',
    help: 'GraphQL operations by name, type (query, mutation, subscription) and outcome (ok, error)',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'stagebank_graphql_operation_duration_seconds',
    help: 'GraphQL operation latency, from parse to response',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
    registers: [this.registry],
  });
  readonly searchFailures = new Counter({
    name: 'stagebank_search_index_failures_total',
    help: 'Batches Meilisearch refused or failed (retried with back-off)',
    registers: [this.registry],
  });
  readonly searchDocuments = new Counter({
    name: 'stagebank_search_documents_total',
    help: 'Search documents the outbox brought to Meilisearch: sent, or left alone because the index held them as they are',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly statisticsMonths = new Counter({
    name: 'stagebank_statistics_months_total',
    help: "Months of placement statistics' reports: summed from figures this process kept, or read from the statistics tables",
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(db: DataSource, changes: ChangeStream, jobs: JobRunner) {
    collectDefaultMetrics({ register: this.registry });
    const pool = () => (db.driver as unknown as { master?: PgPool }).master;
    new Gauge({
      name: 'stagebank_db_pool_connections',
      help: 'Database connections of this process by state',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const p = pool();
        if (!p) return;
        this.set({ state: 'total' }, p.totalCount);
        this.set({ state: 'idle' }, p.idleCount);
        this.set({ state: 'waiting' }, p.waitingCount);
      },
    });
    new Gauge({
      name: 'stagebank_change_stream_pending',
      help: 'Changes a shared consumer of the change stream has not handled yet, counted up to 10,000 (PENDING_COUNTED_UP_TO)',
      labelNames: ['consumer'] as const,
      registers: [this.registry],
      async collect() {
        for (const consumer of ['search', 'search-table', 'notifications']) this.set({ consumer }, await changes.pending(consumer));
      },
    });
    // Read from the runner at scrape time: this process's runs of shared and local jobs, and a
    // singleton's runs across all processes (its record in job_state), as /health shows them.
    const jobStatus = () => jobs.status();
    new Counter({
      name: 'stagebank_job_runs_total',
      help: 'Background job runs by job and outcome (ok, failed); singletons counted across all processes',
      labelNames: ['job', 'outcome'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const job of await jobStatus()) {
          this.inc({ job: job.name, outcome: 'ok' }, job.runs);
          this.inc({ job: job.name, outcome: 'failed' }, job.failures);
        }
      },
    });
  }

  /** Called by the process's matching index (the worker holds none, so has none of these gauges). */
  watchMatchingIndex(matching: { readonly status: { size: number; patched: number; behindAnswers: number; lastAppliedAt: Date | null } }): void {
    new Gauge({
      name: 'stagebank_matching_index_placements',
      help: 'Placements in this process matching index (0 while it is first built)',
      registers: [this.registry],
      collect() {
        this.set(matching.status.size);
      },
    });
    new Gauge({
      name: 'stagebank_matching_index_patched',
      help: 'Placements re-read and patched into this process matching index since start-up',
      registers: [this.registry],
      collect() {
        this.set(matching.status.patched);
      },
    });
    new Counter({
      name: 'stagebank_matching_answers_behind_total',
      help: 'Matches this process answered before its index applied every write committed before them (MATCHING_FRESHNESS_WAIT_MS ran out, and a round after the answer applied changes)',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(matching.status.behindAnswers);
      },
    });
    new Gauge({
      name: 'stagebank_matching_index_last_applied_seconds',
      help: 'When this process last applied a change to its matching index (Unix time; 0 for never)',
      registers: [this.registry],
      collect() {
        this.set((matching.status.lastAppliedAt?.getTime() ?? 0) / 1000);
      },
    });
  }

  /** The label for a client's operation name. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return 'other';
    this.names.add(name);
    return name;
  }
}
