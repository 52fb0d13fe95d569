import { Inject, Injectable } from '@nestjs/common';
import type { MeiliSearchClient } from '@stagebank/search';
import { JobRunner } from '../jobs/job-runner';
import { MEILISEARCH, SearchIndexer } from './search-indexer';
import { SearchOutbox } from './search-outbox';
import { SearchTable } from './search-table';

/** Often enough that a new day's sweep follows midnight closely; search_sweep keeps it to once a day. */
const EVERY_MS = 15 * 60_000;

/**
 * Time changes search documents too, with no write to announce it: a seat frees up the day after an
 * internship ends, a pause ends, a recognition starts or lapses, a reservation ends. A singleton job (`search-calendar`)
 * finds the documents of employers whose state changed by the calendar since the last sweep
 * (once per day across replicas: search_sweep records the day), writes them again in the
 * PostgreSQL search's tables and, with Meilisearch, enqueues them for it, forgets outbox rows
 * handled more than a day ago and wakes the outbox drain.
 */
@Injectable()
export class SearchCalendar {
  constructor(
    @Inject(MEILISEARCH) private readonly client: MeiliSearchClient | null,
    private readonly outbox: SearchOutbox,
    private readonly indexer: SearchIndexer,
    private readonly table: SearchTable,
    jobs: JobRunner,
  ) {
    jobs.register({ name: 'search-calendar', kind: 'singleton', everyMs: EVERY_MS, run: () => this.sweep() });
  }

  /** Returns the number of documents the date changed. */
  async sweep(): Promise<number> {
    const changed = await this.outbox.sweep(this.client !== null, (tx, touched) => this.table.write(tx, touched));
    if (!this.client) return changed;
    await this.outbox.purge();
    if (changed > 0) this.indexer.wake();
    return changed;
  }
}
