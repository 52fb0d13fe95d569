import { OCCUPYING_STATUSES, TOOK_PLACE_STATUSES } from '@stagebank/domain';

/**
 * Rules the database states in SQL, each written once and built from the same TypeScript the
 * service uses, so a rule changed here changes both. Migrations and the definitions in this
 * folder interpolate them; nothing else restates them.
 */

/** A list of text literals: ('A', 'B'). Values come from our own enums, never from input. */
export const sqlList = (values: readonly string[]) => `(${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ')})`;

/** Today, as the service means it (`todayIso()` in @stagebank/domain): the date in UTC. */
export const TODAY = `(now() AT TIME ZONE 'UTC')::date`;

/**
 * Takes a seat: internship statuses that hold a seat for their period now (`OCCUPYING_STATUSES` in
 * @stagebank/domain), a proposal too. Free seats, seat checks and "seat freed" go by it.
 */
export const OCCUPYING = sqlList(OCCUPYING_STATUSES);

/**
 * A placed student: internship statuses of an internship that took place (`TOOK_PLACE_STATUSES` in
 * @stagebank/domain). Statistics go by it (started, seat-days taken), as does "unaccounted for": a
 * proposal was nobody's placement yet, and a completed internship, which holds no seat any more,
 * did take one for its period.
 */
export const TOOK_PLACE = sqlList(TOOK_PLACE_STATUSES);

/**
 * An internship "unaccounted for", on internship alias `i` as of `today` (an SQL date): it took
 * place, its planned end has passed (the end date is its last day, so from the day after) and
 * nobody recorded its outcome (an evaluation alone does not account for it). The school's list,
 * the coach's reminder and the statistics all ask this; the statistics of a row that keeps whether
 * an outcome was recorded (`recorded`, an SQL boolean) rather than looking it up.
 */
export const unaccountedFor = (
  i: string,
  today: string,
  recorded = `EXISTS (SELECT 1 FROM internship_outcome recorded WHERE recorded.internship_id = ${i}.id)`,
) =>
  `(${i}.status IN ${TOOK_PLACE} AND ${i}.end_date < ${today}
    AND NOT ${recorded})`;

/** An SBB recognition in force today: not withdrawn, and today within its validity (matching's `crebosValidOn` on a day). */
export const currentRecognition = (r: string) =>
  `${r}.withdrawn_at IS NULL AND ${r}.valid_from <= ${TODAY} AND (${r}.valid_until IS NULL OR ${r}.valid_until >= ${TODAY})`;

/** Row-level security: the row belongs to the organisation the request acts for (set per connection by DatabaseScope). */
export const OWN_ORGANISATION = `organisation_id = NULLIF(current_setting('stagebank.organisation_id', true), '')::uuid`;

/** The employer a request acting through an employer's own link may change (set per connection by DatabaseScope); null otherwise. */
export const LINKED_EMPLOYER = `NULLIF(current_setting('stagebank.link_employer_id', true), '')::uuid`;
