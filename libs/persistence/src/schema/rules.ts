import { OCCUPYING_STATUSES } from '@stagebank/domain';

/**
 * Rules the database states in SQL, each written once and built from the same TypeScript the
 * service uses, so a rule changed here changes both. Migrations and the definitions in this
 * folder interpolate them; nothing else restates them.
 */

/** A list of text literals: ('A', 'B'). Values come from our own enums, never from input. */
export const sqlList = (values: readonly string[]) => `(${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ')})`;

/** Today, as the service means it (`todayIso()` in @stagebank/domain): the date in UTC. */
export const TODAY = `(now() AT TIME ZONE 'UTC')::date`;

/** Internship statuses that hold a seat (`OCCUPYING_STATUSES` in @stagebank/domain). */
export const OCCUPYING = sqlList(OCCUPYING_STATUSES);

/** An SBB recognition in force today: not withdrawn, and today within its validity (matching's `crebosValidOn` on a day). */
export const currentRecognition = (r: string) =>
  `${r}.withdrawn_at IS NULL AND ${r}.valid_from <= ${TODAY} AND (${r}.valid_until IS NULL OR ${r}.valid_until >= ${TODAY})`;

/** Row-level security: the row belongs to the organisation the request acts for (set per connection by DatabaseScope). */
export const OWN_ORGANISATION = `organisation_id = NULLIF(current_setting('stagebank.organisation_id', true), '')::uuid`;

/** The employer a request acting through an employer's own link may change (set per connection by DatabaseScope); null otherwise. */
export const LINKED_EMPLOYER = `NULLIF(current_setting('stagebank.link_employer_id', true), '')::uuid`;
