import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@stagebank/config';
import { addDays, todayIso } from '@stagebank/domain';
import { MatchingIndex } from '@stagebank/matching';
import { CHANGE_CHANNEL } from '@stagebank/persistence';
import { asSystem, inAnyScope } from '../auth/request-context';
import { DatabaseListener } from '../changes/database-listener';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { APP_CONFIG } from '../common/config.provider';
import { JobRunner } from '../jobs/job-runner';
import { Metrics } from '../metrics/metrics';
import { CandidateQuery, MatchingRepository } from './matching.repository';

/** Internships and recognitions that ended up to this many days ago still count for periods that start in the past. */
const CLAIM_HISTORY_DAYS = 365;

/** At most one warning this often about matches answered before the index caught up (each is counted). */
const BEHIND_WARNING_EVERY_MS = 10_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
/** Waits for `work` at most `ms` (the work itself goes on): true when it was done in time. */
const within = (work: Promise<unknown>, ms: number) => Promise.race([work.then(() => true), delay(ms).then(() => false)]);

export interface MatchingIndexState {
  ready: boolean;
  size: number;
  /** Placements re-read and patched into the index since start-up. */
  patched: number;
  /**
   * Matches answered before the index had applied every write committed before them: the freshness
   * wait ran out, and a round that finished after the answer applied changes. Counted when that round
   * finishes.
   */
  behindAnswers: number;
  buildMs: number | null;
  lastAppliedAt: Date | null;
}

/**
 * One MatchingIndex per process, kept current by the change stream. It is built once, at start-up
 * and in the background, from one snapshot; from then on the process applies what changed since
 * that snapshot (the touched placements re-read by id, upserted or removed) when a change is
 * announced (NOTIFY, on PostgreSQL), every MATCHING_POLL_MS, and before each match. A match request so sees every write committed before it began, whichever
 * process wrote it (waiting at most MATCHING_FRESHNESS_WAIT_MS). All of it runs as the owner,
 * never as whoever happened to ask. Dates need no rebuild: the index judges recognitions, pauses and
 * seats against the requested period.
 */
@Injectable()
export class MatchingIndexHolder implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MatchingIndex');
  private index: MatchingIndex | null = null;
  /** The snapshot the index is current with: every change visible in it is applied. */
  private snapshot: string | null = null;
  private building: Promise<void> | null = null;
  private running: Promise<boolean> | null = null;
  private queued: Promise<boolean> | null = null;
  private stopped = false;
  private behindWarnedAt = 0;
  private behindSinceWarning = 0;
  /** Rounds that applied changes, counted as they finish. */
  private roundsApplied = 0;
  private readonly state: Omit<MatchingIndexState, 'ready' | 'size'> = { patched: 0, behindAnswers: 0, buildMs: null, lastAppliedAt: null };

  constructor(
    private readonly repository: MatchingRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    listener: DatabaseListener,
    jobs: JobRunner,
    metrics: Metrics,
  ) {
    // On PostgreSQL a committed change anywhere is announced at once; the job's poll is the safety
    // net (and all there is on the embedded database). Local: each process keeps its own index.
    const poll = jobs.register({
      name: 'matching-index',
      kind: 'local',
      everyMs: config.matching.pollMs,
      run: async () => {
        await this.refresh();
      },
    });
    listener.follow(CHANGE_CHANNEL, () => poll.wake());
    metrics.watchMatchingIndex(this);
  }

  onApplicationBootstrap(): void {
    this.building = this.buildUntilDone();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await within(Promise.allSettled([this.building, this.running, this.queued]), 10_000);
  }

  /** The index, current with every write committed before the call; UNAVAILABLE while it is first built. */
  async current(): Promise<MatchingIndex> {
    if (!this.index) {
      await within(this.building ?? Promise.resolve(), this.config.matching.warmupWaitMs);
      if (!this.index) {
        throw new StagebankError(ErrorCode.UNAVAILABLE, 'Matching is warming up: the placement index is being built; try again shortly', undefined, undefined, {
          retryAfterSeconds: 5,
        });
      }
    }
    const round = this.refresh();
    if (!(await within(round, this.config.matching.freshnessWaitMs))) this.answeredUnconfirmed(round);
    return this.index;
  }

  /**
   * A match answered before its round finished may still have been current: a slow look with nothing
   * new behind it, or a wait of 0. It was behind when a round that finished after it applied changes,
   * or when its round failed; the round it waited for is the last that can say so.
   */
  private answeredUnconfirmed(round: Promise<boolean>): void {
    const appliedBefore = this.roundsApplied;
    round.then(
      () => {
        if (this.roundsApplied > appliedBefore) this.answeredBehind();
      },
      () => this.answeredBehind(),
    );
  }

  /**
   * A match answered anyway, as promised, but not silently: its coordinator may miss their own last
   * write. Counted each time; logged at most every BEHIND_WARNING_EVERY_MS, since a burst of writes
   * (an import, say) can hold up every match for a while.
   */
  private answeredBehind(): void {
    this.state.behindAnswers++;
    this.behindSinceWarning++;
    const now = Date.now();
    if (now - this.behindWarnedAt < BEHIND_WARNING_EVERY_MS) return;
    this.logger.warn(
      `${this.behindSinceWarning} match(es) answered before the index applied the writes committed before them (each waited ${this.config.matching.freshnessWaitMs} ms)`,
    );
    this.behindWarnedAt = now;
    this.behindSinceWarning = 0;
  }

  get status(): MatchingIndexState {
    return { ready: this.index !== null, size: this.index?.size ?? 0, ...this.state };
  }

  /**
   * Applies every change committed before this call; true when its round applied any. Calls while
   * one is running share the next round (which starts after the running one, so it sees their
   * writes); at most one runs at a time.
   */
  refresh(): Promise<boolean> {
    if (!this.index) return (this.building ?? Promise.resolve()).then(() => false);
    if (!this.running) return (this.running = this.applyRound());
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return (this.running ??= this.applyRound());
      });
    return this.queued;
  }

  private async applyRound(): Promise<boolean> {
    try {
      // A look first, a single index probe: a match request makes one round on its way, and usually
      // nothing is new. change_log has no row-level security, so the look runs on a connection in
      // whatever scope it is (sparing two role switches); applying runs as the owner.
      const snapshot = this.snapshot;
      const look = await inAnyScope(() => this.repository.look(snapshot));
      if (!look.due) {
        this.snapshot = look.snapshot;
        return false;
      }
      await asSystem(() => this.apply());
      this.roundsApplied++;
      return true;
    } finally {
      this.running = null;
    }
  }

  private async apply(): Promise<void> {
    const index = this.index!;
    const { snapshot, changes, ids } = await this.repository.touchedSince(this.snapshot);
    if (ids.length > 0) {
      const found = await this.repository.candidatesByIds(ids, this.candidateQuery());
      const present = new Set<string>();
      for (const candidate of found) {
        present.add(candidate.placementId);
        index.upsert(candidate);
      }
      for (const id of ids) if (!present.has(id)) index.remove(id);
      this.state.patched += ids.length;
    }
    if (changes > 0) this.state.lastAppliedAt = new Date();
    this.snapshot = snapshot;
  }

  private candidateQuery(): CandidateQuery {
    return { since: addDays(todayIso(), -CLAIM_HISTORY_DAYS) };
  }

  /** The first build, retried until it succeeds (the database may still be starting). */
  private async buildUntilDone(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        await asSystem(() => this.build());
        return;
      } catch (error) {
        this.logger.warn(`building the matching index failed (${(error as Error).message}); retrying`);
        await delay(Math.min(30_000, 1000 * 2 ** attempt));
      }
    }
  }

  private async build(): Promise<void> {
    const started = Date.now();
    // The data and the snapshot they come from, together: the stream takes over from exactly there.
    const loader = MatchingIndex.loader();
    const snapshot = await this.repository.eachCandidate(this.candidateQuery(), (part) => loader.add(part));
    const index = loader.done();
    this.snapshot = snapshot;
    this.index = index;
    this.state.buildMs = Date.now() - started;
    this.logger.log(`matching index built: ${index.size} placements in ${this.state.buildMs} ms`);
  }
}
