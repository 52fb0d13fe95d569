import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { SearchIndexName } from '@stagebank/search';
import { EntityManager } from 'typeorm';
import { ChangeStream } from '../changes/change-stream';
import { APP_CONFIG } from '../common/config.provider';
import { JobRunner } from '../jobs/job-runner';
import { SEARCH_FEEDS, TOUCHED_DOCUMENTS, TouchedDocument } from './search-outbox';
import { SEARCH_TABLE, SEARCH_WORDS, documentRows } from './search.repository';

const CONSUMER = 'search-table';
/** Longest a search waits for another process applying the stream to the tables (it takes milliseconds). */
const CATCH_UP_WAIT_MS = 2_000;

/**
 * The PostgreSQL search's tables (search_placement_row, search_employer_row, and search_word of
 * their words): the document views as stored rows with their text folded and split into words, so
 * a search reads an index instead of computing the views for every row. A consumer of the change
 * stream of its own (`search-table`, its own checkpoint, so a Meilisearch outage does not hold it
 * up) writes again the documents each change touches, the same ones the search outbox sends
 * Meilisearch; the search calendar does so for what the date changes. A consumer that lapsed, or
 * has no checkpoint yet (as the migration leaves it), fills the tables whole. Until the tables are
 * filled, the search reads the views.
 */
@Injectable()
export class SearchTable {
  private readonly logger = new Logger('SearchTable');
  private filled = false;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(
    private readonly changes: ChangeStream,
    @Inject(APP_CONFIG) config: AppConfig,
    jobs: JobRunner,
  ) {
    jobs.register({ name: 'search-table', kind: 'shared', everyMs: config.search.pollMs, run: () => this.follow() });
  }

  /** Whether searches may read the tables: filled once (by any process), and kept current since. */
  async ready(): Promise<boolean> {
    if (!this.filled) this.filled = !(await this.changes.lapsed(CONSUMER));
    return this.filled;
  }

  /** Changes the tables do not hold yet (counted up to PENDING_COUNTED_UP_TO), and the age of the oldest. */
  backlog(): Promise<{ pending: number; oldestSeconds: number | null }> {
    return this.changes.backlog(CONSUMER, SEARCH_FEEDS);
  }

  /**
   * Brings the tables up to the changes committed before this call (a coordinator's search shows
   * their own write, as the views did), waiting for another replica that is at it (at most
   * CATCH_UP_WAIT_MS). A catch-up already running may have looked before the caller's write: the
   * callers meanwhile share one more after it.
   */
  catchUp(): Promise<void> {
    const run = () => this.changes.consume(CONSUMER, (tx, since) => this.apply(tx, since), CATCH_UP_WAIT_MS).then(() => undefined);
    if (!this.running) {
      this.running = run().finally(() => (this.running = null));
      return this.running;
    }
    this.next ??= this.running
      .catch(() => undefined)
      .then(run)
      .finally(() => (this.next = null));
    return this.next;
  }

  /** The job's round: fill the tables if the consumer lapsed, else apply what is new. Returns 1 when it did something. */
  async follow(): Promise<number> {
    if (await this.changes.lapsed(CONSUMER)) {
      const started = Date.now();
      if (await this.changes.startOver(CONSUMER, (tx) => this.fill(tx))) {
        this.logger.log(`filled the search tables from the document views (${Date.now() - started} ms)`);
        this.filled = true;
      }
      return 0;
    }
    return (await this.changes.consume(CONSUMER, (tx, since) => this.apply(tx, since))) ? 1 : 0;
  }

  private async apply(tx: EntityManager, since: string): Promise<void> {
    await this.write(tx, await tx.query(TOUCHED_DOCUMENTS, [since, SEARCH_FEEDS]));
  }

  /** Writes these documents again as the views have them in `tx`'s snapshot; those the views lack are removed. */
  async write(tx: EntityManager, touched: TouchedDocument[]): Promise<void> {
    for (const index of Object.values(SearchIndexName)) {
      const ids = [...new Set(touched.filter((d) => d.index_name === index).map((d) => d.id))];
      if (ids.length === 0) continue;
      await tx.query(`DELETE FROM ${SEARCH_TABLE[index]} WHERE id = ANY($1::uuid[])`, [ids]);
      await tx.query(`INSERT INTO ${SEARCH_TABLE[index]} SELECT * FROM (${documentRows(index)}) r WHERE r.id = ANY($1::uuid[])`, [ids]);
      await this.addWords(tx, index, `WHERE id = ANY($1::uuid[])`, [ids]);
    }
  }

  /**
   * Adds the words of these rows that search_word lacks. It keeps every word a document has had: one
   * no document has any more only finds nothing. In word order, so two writers adding the same new
   * words wait for each other rather than deadlock.
   */
  private addWords(tx: EntityManager, index: SearchIndexName, where: string, params: unknown[] = []): Promise<unknown> {
    return tx.query(
      `INSERT INTO ${SEARCH_WORDS} (word) SELECT DISTINCT unnest(words) FROM ${SEARCH_TABLE[index]} ${where} ORDER BY 1 ON CONFLICT DO NOTHING`,
      params,
    );
  }

  private async fill(tx: EntityManager): Promise<void> {
    for (const index of Object.values(SearchIndexName)) {
      await tx.query(`DELETE FROM ${SEARCH_TABLE[index]}`);
      // Stored near each other when near on the map: a search within a radius then reads a few
      // thousand adjacent pages instead of one for nearly every hit (half of a large search's time
      // at national scale).
      // Later writes go wherever there is room; only a fill (a lapsed consumer, or its checkpoint
      // deleted) puts them in map order again.
      await tx.query(`INSERT INTO ${SEARCH_TABLE[index]} SELECT * FROM (${documentRows(index)}) r ORDER BY ST_GeoHash(r.location::geometry, 7)`);
      await this.addWords(tx, index, '');
    }
  }
}
