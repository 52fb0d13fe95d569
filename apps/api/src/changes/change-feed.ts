import { Injectable } from '@nestjs/common';
import type { AreaRepository } from '../common/repository';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { ChangeFeedRepository } from './change-feed.repository';

/** What the feed offers other tools, and the change_log table each kind comes from. */
export enum ChangeKind {
  EMPLOYER = 'EMPLOYER',
  SITE = 'SITE',
  PLACEMENT = 'PLACEMENT',
  RECOGNITION = 'RECOGNITION',
  BORIS_FLAG = 'BORIS_FLAG',
  /** A seat of a placement taken or freed, from an internship's changes: which placement and when, never whose. */
  SEAT = 'SEAT',
}

export enum ChangeOperation {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  DELETED = 'DELETED',
  SEAT_TAKEN = 'SEAT_TAKEN',
  SEAT_FREED = 'SEAT_FREED',
}

export const CHANGE_KIND_TABLES: Readonly<Record<ChangeKind, string>> = {
  [ChangeKind.EMPLOYER]: 'employer',
  [ChangeKind.SITE]: 'site',
  [ChangeKind.PLACEMENT]: 'placement',
  [ChangeKind.RECOGNITION]: 'sbb_recognition',
  [ChangeKind.BORIS_FLAG]: 'boris_flag',
  [ChangeKind.SEAT]: 'internship',
};
export const FEED_TABLES = Object.values(CHANGE_KIND_TABLES);

/** How long the log keeps the changes the feed serves; a cursor older than that gets CHANGES_CURSOR_EXPIRED. */
export const CHANGE_FEED_RETENTION_DAYS = 7;

export interface ChangeItem {
  /** The change's own id, the same however often and through whatever cursor it is read: deduplicate on it. */
  id: string;
  /** This change's place in the feed as read this time: resume after it. */
  cursor: string;
  kind: ChangeKind;
  operation: ChangeOperation;
  /** The employer, site, placement, recognition or Boris flag; for SEAT the placement. */
  entityId: string;
  employerId: string | null;
  siteId: string | null;
  placementId: string | null;
  /** SEAT: the period of the seat taken or freed. */
  seatFrom: string | null;
  seatUntil: string | null;
  /** When the writing transaction began. */
  at: Date;
}

export interface ChangePage {
  items: ChangeItem[];
  /** Where the next page starts; past everything read so far (even changes of kinds not asked for) when there is no next page. */
  endCursor: string;
  hasNextPage: boolean;
}

/**
 * A moment of the log: a snapshot (pg_snapshot, as text) and the last position taken just before
 * it. A change of a transaction that got its id after the snapshot was written after it, so its
 * position is higher (a change is written by a trigger after its transaction's first write): only
 * those of the transactions running then can be lower. Those are the snapshot's xip and, beyond
 * its xmax (one past the newest transaction that had *completed*), the newest running ones.
 */
interface Mark {
  snapshot: string;
  last: string;
}

/**
 * A place in the feed. `seen`: everything visible at that mark was served. While a window is being
 * paged: `window`, the mark it reads up to, and the last change served of it (`position`, `part`);
 * the changes of a window are those visible at it and not at `seen`.
 */
interface Place {
  seen: Mark;
  window: Mark | null;
  position: string;
  part: number;
}

const VERSION = 'c3';
const SNAPSHOT = /^\d{1,20}:\d{1,20}:(\d{1,20}(,\d{1,20})*)?$/;
const POSITION = /^\d{1,18}$/;
/** Changes visible at no moment but the present: the start of the log. */
const BEGINNING: Mark = { snapshot: '1:1:', last: '0' };
export const MAX_CURSOR_LENGTH = 8000;
/** A page reads at most this many times `first` changes of the log, so a page of a rare kind costs no more than that. */
const SCAN_FACTOR = 5;

const encode = (place: Place) =>
  Buffer.from(
    JSON.stringify([VERSION, place.seen.snapshot, place.seen.last, place.window?.snapshot ?? null, place.window?.last ?? null, place.position, place.part]),
  ).toString('base64url');

const isSnapshot = (value: unknown): value is string => typeof value === 'string' && SNAPSHOT.test(value);
const isPosition = (value: unknown): value is string => typeof value === 'string' && POSITION.test(value);

function decode(cursor: string, field: string): Place {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 7 &&
      value[0] === VERSION &&
      isSnapshot(value[1]) &&
      isPosition(value[2]) &&
      ((value[3] === null && value[4] === null) || (isSnapshot(value[3]) && isPosition(value[4]))) &&
      isPosition(value[5]) &&
      (value[6] === 0 || value[6] === 1)
    ) {
      return {
        seen: { snapshot: value[1], last: value[2] },
        window: value[3] === null ? null : { snapshot: value[3], last: value[4] },
        position: value[5],
        part: value[6],
      };
    }
  } catch {
    // the error below
  }
  throw StagebankError.badInput(field, 'not a cursor of the change feed');
}

/**
 * The changes of the shared network, in an order a mirror can apply them (test/change-feed.e2e.spec.ts).
 *
 * change_log's positions are taken when a row is written, not when its transaction commits, so a
 * cursor by position alone would skip a change committed late. Like the change stream's consumers
 * (change-stream.ts), a cursor holds the snapshot up to which everything was served: a change not
 * visible in it is still to come, whenever its transaction commits, however long it ran; and no
 * running transaction holds the feed back. The changes since are read as one window (those visible
 * in the snapshot of the first page's request and not before), paged in position order, which
 * follows cause: a change to a row comes after the change that made it. Time-driven changes (a seat
 * free again once an internship's last day passed) are no writes: SEAT items carry the period.
 */
@Injectable()
export class ChangeFeed {
  constructor(private readonly repository: ChangeFeedRepository) {}

  /**
   * Where "from now on" starts: changes committed after this moment come after it. `within`: a
   * repository of the caller's, to read in its transaction (default: on its own).
   */
  async head(within?: AreaRepository): Promise<string> {
    return encode({ seen: await this.on(within).mark(), window: null, position: '0', part: 0 });
  }

  /** Whether `cursor` is one of the feed's (BAD_USER_INPUT otherwise) and still served (CHANGES_CURSOR_EXPIRED otherwise). */
  async check(cursor: string, field = 'after', within?: AreaRepository): Promise<void> {
    await this.assertKept(this.on(within), decode(cursor, field), field);
  }

  /** Up to `first` changes of `kinds` after `after` (from the oldest kept when null), in the transaction of `within` if given. */
  async page(after: string | null, kinds: ChangeKind[], first: number, within?: AreaRepository): Promise<ChangePage> {
    const repository = this.on(within);
    const from = after === null ? { seen: BEGINNING, window: null, position: '0', part: 0 } : decode(after, 'after');
    if (after !== null) await this.assertKept(repository, from, 'after');
    const window = from.window ?? (await repository.mark());
    const found = await repository.readWindow({
      tables: kinds.map((kind) => CHANGE_KIND_TABLES[kind]),
      seenSnapshot: from.seen.snapshot,
      seenLast: from.seen.last,
      windowSnapshot: window.snapshot,
      position: from.position,
      part: from.part,
      items: first + 1,
      scan: SCAN_FACTOR * (first + 1),
    });
    const rows = found.items;
    const scannedAll = found.scanned === SCAN_FACTOR * (first + 1);
    const items = rows.slice(0, first).map((row): ChangeItem => ({
      id: `${row.position}.${row.part}`,
      cursor: encode({ seen: from.seen, window, position: row.position, part: row.part }),
      kind: row.kind as ChangeKind,
      operation: row.operation as ChangeOperation,
      entityId: row.entity_id,
      employerId: row.employer_id,
      siteId: row.site_id,
      placementId: row.placement_id,
      seatFrom: row.seat_from,
      seatUntil: row.seat_until,
      at: new Date(row.at),
    }));
    if (rows.length > first) return { items, endCursor: items[items.length - 1].cursor, hasNextPage: true };
    // Fewer items than asked for but as many changes read as a page may read (of other kinds, or internship changes that move no seat): go on after them.
    if (scannedAll) return { items, endCursor: encode({ seen: from.seen, window, position: found.last!, part: 1 }), hasNextPage: true };
    // The window is read (its changes of other kinds too): the next page reads what became visible since.
    return { items, endCursor: encode({ seen: window, window: null, position: '0', part: 0 }), hasNextPage: false };
  }

  /** The feed's repository, or one bound to the connection (and so the transaction) of the caller's repository. */
  private on(within?: AreaRepository): ChangeFeedRepository {
    return within ? within.alongside(ChangeFeedRepository) : this.repository;
  }

  /**
   * Refuses a cursor some of whose changes to come may have been pruned: the newest transaction
   * pruned (the horizon) had not been seen by it. (A transaction pruned while older ones were not
   * could only have run longer than the retention.)
   */
  private async assertKept(repository: ChangeFeedRepository, place: Place, field: string): Promise<void> {
    if (await repository.prunedSince(place.seen.snapshot)) {
      throw new StagebankError(
        ErrorCode.CHANGES_CURSOR_EXPIRED,
        `This cursor is older than the ${CHANGE_FEED_RETENTION_DAYS} days the change feed keeps: resync (take changesHead, read the network again, then follow changes from that cursor)`,
        field,
      );
    }
  }
}
