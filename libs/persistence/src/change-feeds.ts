/**
 * What a write sets off, in one place.
 *
 * Every INSERT, UPDATE and DELETE on a table named here is recorded in `change_log` by a trigger,
 * in the writing transaction, so no write path can forget it and nothing committed is lost. A
 * change carries the row's id and, of its old and new row, only the columns named here: enough
 * for each consumer to find what the change touches (it re-reads the current state itself).
 *
 * Consumers read what committed since the snapshot they last read at (apps/api/src/changes/change-stream.ts):
 * - `search`: fans a change out to the placement and employer-site documents it touches and queues
 *   them for Meilisearch (search_outbox, leased batches, back-off);
 * - `notifications`: turns a new placement, a placement with more seats and an internship that
 *   stops holding a seat into events for watchers (notification_event → notifications, webhooks);
 * - `duplicates`: compares employers that are new or renamed, or whose site was added, removed,
 *   moved or given another address or employer, with their neighbours again (employer_duplicate),
 *   once committed, which the writing transaction's trigger cannot do for another transaction's
 *   uncommitted site;
 * - `matching`: each API process patches its in-memory MatchingIndex for the placements touched
 *   (an internship's outcome and an experience change its employer's track record, so all its placements);
 * - `search-table`: the PostgreSQL search's copy of the search documents (apps/api/src/search/search-table.ts);
 * - `statistics`: placement statistics' figures per internship and seats offered per group and day
 *   (apps/api/src/statistics/statistics-tables.ts). It alone reads the student profile,
 *   praktijkverklaring and certificate changes: a report's first choice, travel and certificates.
 * The shared consumers keep a checkpoint in `change_checkpoint`, shared by every replica;
 * `matching` keeps its own in memory, per process. Other tools read employer, site, placement,
 * recognition, Boris flag and internship changes (as seats taken and freed, never whose) through
 * the change feed (apps/api/src/changes/change-feed.ts: `changes` over GraphQL, and webhooks), from
 * cursors of their own; of an internship's change it serves only the placement and the period.
 *
 * The triggers are declared from this list in schema/change-stream.ts and installed by
 * `migrateDatabase` when the list changes; test/database-schema.e2e.spec.ts and the change stream
 * test compare the installed triggers with this list.
 */
export const CHANGE_FEEDS: Readonly<Record<string, readonly string[]>> = {
  // A name, and a site's address and place, tell the duplicates consumer whether a change can make or end a pair.
  employer: ['name'],
  site: ['employer_id', 'postcode', 'house_number', 'location'],
  supervisor: ['site_id'],
  placement: ['site_id', 'seats', 'reserved_for_organisation_id', 'reserved_until'],
  internship: ['placement_id', 'status', 'start_date', 'end_date'],
  sbb_recognition: ['employer_id'],
  boris_flag: ['employer_id'],
  experience: ['employer_id'],
  internship_outcome: ['internship_id'],
  student_profile: [],
  praktijkverklaring: ['internship_id'],
  certificate_award: ['internship_id'],
};

/** The column a table's change is known by (`change_log.entity_id`) where it is not `id`: an outcome is its internship's. */
export const CHANGE_FEED_KEYS: Readonly<Record<string, string>> = {
  internship_outcome: 'internship_id',
};

/** The channel a committed change is announced on (NOTIFY), where the database offers it. */
export const CHANGE_CHANNEL = 'stagebank_change';
