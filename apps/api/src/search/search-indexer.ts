import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { CHANGE_CHANNEL } from '@stagebank/persistence';
import { MeiliSearchClient, MeilisearchIndexes, SearchIndexName } from '@stagebank/search';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../common/config.provider';
import { ChangeStream, PENDING_COUNTED_UP_TO } from '../changes/change-stream';
import { DatabaseListener } from '../changes/database-listener';
import { Metrics } from '../metrics/metrics';
import { JobHandle, JobRunner } from '../jobs/job-runner';
import { SearchDocuments } from './search-documents';
import { SEARCH_FEEDS, SearchOutbox } from './search-outbox';

/** The Meilisearch client, or null when search runs on PostgreSQL only. */
export const MEILISEARCH = Symbol('MEILISEARCH');

export enum SearchState {
  /** No Meilisearch configured: PostgreSQL answers every search. */
  DISABLED = 'DISABLED',
  STARTING = 'STARTING',
  /** An index is being built from PostgreSQL; PostgreSQL answers meanwhile. */
  REBUILDING = 'REBUILDING',
  READY = 'READY',
  UNREACHABLE = 'UNREACHABLE',
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Keeps Meilisearch in step with PostgreSQL: applies the index settings at start-up, builds an
 * index that is missing, drains the outbox in batches (lease → load → write → wait for the task →
 * mark processed, or back off) and watches whether Meilisearch is reachable. Two jobs: every
 * process watches Meilisearch for itself (`search-readiness`, local: its searches need to know), and
 * the processes that run jobs drain the outbox (`search-outbox`), sharing it through its leases.
 */
@Injectable()
export class SearchIndexer {
  private readonly logger = new Logger('SearchIndexer');
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly indexes: MeilisearchIndexes | null;
  state: SearchState;
  lastError: string | null = null;
  private readonly readiness: JobHandle;
  private readonly drain: JobHandle;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MEILISEARCH) private readonly client: MeiliSearchClient | null,
    private readonly outbox: SearchOutbox,
    private readonly documents: SearchDocuments,
    private readonly db: DataSource,
    private readonly changes: ChangeStream,
    private readonly metrics: Metrics,
    jobs: JobRunner,
    listener: DatabaseListener,
  ) {
    this.indexes = client ? new MeilisearchIndexes(client, config.search.indexPrefix) : null;
    this.state = client ? SearchState.STARTING : SearchState.DISABLED;
    // Registered without Meilisearch too (doing nothing), so the job names and switches stay the same.
    const retryMaxMs = Math.max(config.search.pollMs, 1000);
    this.readiness = jobs.register({ name: 'search-readiness', kind: 'local', everyMs: config.search.pollMs, retryMaxMs, run: () => this.watch() });
    this.drain = jobs.register({ name: 'search-outbox', kind: 'shared', everyMs: config.search.pollMs, retryMaxMs, run: () => this.work() });
    // A committed change is drained at once rather than at the next poll (up to SEARCH_POLL_MS later).
    listener.follow(CHANGE_CHANNEL, () => this.drain.wake());
  }

  /** Meilisearch can answer searches now. */
  get ready(): boolean {
    return this.state === SearchState.READY;
  }

  /** A search found Meilisearch unreachable: answer from PostgreSQL until the loop sees it back. */
  noteUnreachable(error: unknown): void {
    if (this.state === SearchState.READY) this.setState(SearchState.UNREACHABLE, message(error));
  }

  private setState(state: SearchState, error: string | null = null): void {
    if (state !== this.state) this.logger.log(`search ${this.state} → ${state}${error ? `: ${error}` : ''}`);
    this.state = state;
    this.lastError = error;
  }

  /** The readiness job: while Meilisearch is not ready, tries to make it so. */
  private async watch(): Promise<number> {
    if (!this.indexes || this.state === SearchState.READY) return 0;
    try {
      await this.prepare();
    } catch (error) {
      throw await this.failed(error);
    }
    this.drain.wake();
    return 0;
  }

  /** Meilisearch down is a state searches must know of; anything else is a failure to retry. */
  private async failed(error: unknown): Promise<unknown> {
    const healthy = await this.client!.isHealthy().catch(() => false);
    if (!healthy) {
      this.setState(SearchState.UNREACHABLE, message(error));
      this.readiness.wake();
    }
    return error;
  }

  /** Settings applied, missing indexes built; after an outage, everything backed off is due at once. */
  private async prepare(): Promise<void> {
    const wasUnreachable = this.state === SearchState.UNREACHABLE;
    const created = await this.indexes!.ensure();
    // Search that has not followed the change stream for longer than it keeps changes may have missed some.
    const lapsed = await this.changes.lapsed('search');
    if (lapsed) await this.changes.skipToNow('search');
    for (const index of Object.values(SearchIndexName)) {
      if (!lapsed && !created.includes(index) && !(await this.outOfStep(index))) continue;
      this.setState(SearchState.REBUILDING);
      const count = await this.rebuild(index);
      this.logger.log(`built the ${index} index: ${count} documents`);
    }
    if (wasUnreachable) await this.outbox.wakeAll();
    this.setState(SearchState.READY);
  }

  /**
   * An index holding a different number of documents than PostgreSQL while no change is waiting
   * for it (say, Meilisearch's data was restored from elsewhere, or the database was replaced).
   * The index is counted before and after the database: another replica's outbox job writing in
   * between would otherwise look like a gap, and every replica starting during a busy hour would
   * rebuild the index for nothing.
   */
  private async outOfStep(index: SearchIndexName): Promise<boolean> {
    const table = index === SearchIndexName.PLACEMENTS ? 'placement' : 'site';
    const before = await this.indexes!.count(index);
    // Unread changes first, then the outbox (SearchOutbox.backlog says why this order).
    if ((await this.changes.pending('search', SEARCH_FEEDS)) > 0) return false;
    const [{ rows, pending }] = await this.db.query(
      `SELECT (SELECT count(*) FROM ${table})::int AS rows,
              EXISTS (SELECT 1 FROM search_outbox WHERE processed_at IS NULL AND index_name = $1) AS pending`,
      [index],
    );
    if (pending) return false;
    return rows !== before && before === (await this.indexes!.count(index));
  }

  /**
   * Per index: PostgreSQL's searchable rows, the index's documents, and the changes still on their
   * way (outbox rows for it plus unread change-stream entries). Null when Meilisearch is not in use
   * or not ready. A gap wider than the changes on their way means the index is missing documents
   * (or holds foreign ones) and answers as if it were whole.
   */
  async documentCounts(): Promise<Array<{ index: SearchIndexName; rows: number; documents: number; onTheirWay: number }> | null> {
    if (!this.indexes || this.state !== SearchState.READY) return null;
    const unread = await this.changes.pending('search', SEARCH_FEEDS);
    // Counted only so far: beyond it, how many documents are on their way is unknown, and no gap is too wide.
    const unreadKnown = unread < PENDING_COUNTED_UP_TO;
    const counts = [];
    for (const index of Object.values(SearchIndexName)) {
      const table = index === SearchIndexName.PLACEMENTS ? 'placement' : 'site';
      const [{ rows, pending }] = await this.db.query(
        `SELECT (SELECT count(*) FROM ${table})::int AS rows,
                (SELECT count(*) FROM search_outbox WHERE processed_at IS NULL AND index_name = $1)::int AS pending`,
        [index],
      );
      counts.push({ index, rows, documents: await this.indexes.count(index), onTheirWay: unreadKnown ? pending + unread : Number.POSITIVE_INFINITY });
    }
    return counts;
  }

  /** The outbox job's round: one batch. Returns the rows handled. */
  private async work(): Promise<number> {
    if (!this.indexes || this.state !== SearchState.READY) return 0;
    try {
      return await this.drainOnce();
    } catch (error) {
      throw await this.failed(error);
    }
  }

  /** New work in the outbox (the search-calendar job enqueued some): drain now rather than at the next poll. */
  wake(): void {
    this.drain.wake();
  }

  /** Leases one batch of the outbox and brings it to Meilisearch. Returns the number of rows handled. */
  async drainOnce(): Promise<number> {
    const rows = await this.outbox.claim(this.owner, this.config.search.batchSize, this.config.search.leaseMs);
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    try {
      const loaded = [];
      for (const index of Object.values(SearchIndexName)) {
        const documentIds = [...new Set(rows.filter((r) => r.index === index).map((r) => r.documentId))];
        loaded.push({ index, ...(await this.documents.load(index, documentIds)) });
      }
      // Placements first, then employers, and then both are waited for: Meilisearch indexes one
      // batch at a time in the order it was given them, and the placement search is the one
      // coordinators use most (sent at once, either could be first: half the time placements
      // waited for the employers' batch).
      const sending = [];
      for (const { index, documents, deleted } of loaded) sending.push(await this.indexes!.send(index, documents, deleted));
      await Promise.all(sending.map(({ done }) => done));
      const sent = sending.map(({ sent }) => sent);
      await this.outbox.complete(this.owner, ids);
      const all = loaded.reduce((n, { documents, deleted }) => n + documents.length + deleted.length, 0);
      const written = sent.reduce((n, s) => n + s, 0);
      this.metrics.searchDocuments.inc({ outcome: 'sent' }, written);
      this.metrics.searchDocuments.inc({ outcome: 'unchanged' }, all - written);
      return rows.length;
    } catch (error) {
      this.metrics.searchFailures.inc();
      await this.outbox.fail(this.owner, ids, message(error), this.config.search.retryMaxMs).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Builds the index anew from PostgreSQL into a fresh index and swaps it in; returns the number
   * of documents. It reads in short batches (the embedded database has one connection, which must
   * not be held while Meilisearch indexes), so it notes the snapshot it started from: changes that
   * snapshot saw are in every batch. The ones it did not see are written to the new index just
   * before the swap (meanwhile the outbox job may have made them searchable in the old one, and a
   * coordinator who just saw their write in search must not lose it for the rest of the rebuild),
   * and the outbox replays them after it (settleRebuild), covering the moment between the two.
   */
  async rebuild(index: SearchIndexName): Promise<number> {
    if (!this.indexes) throw new Error('Meilisearch is not configured');
    const [{ snapshot }] = await this.db.query(`SELECT pg_current_snapshot()::text AS snapshot`);
    const count = await this.indexes.rebuild(index, this.documents.all(index, this.db.manager), async (write) => {
      await this.outbox.collect();
      const { documents, deleted } = await this.documents.load(index, await this.outbox.unseenBy(index, snapshot));
      await write(documents, deleted);
    });
    await this.outbox.settleRebuild(index, snapshot);
    return count;
  }
}
