import { Injectable } from '@nestjs/common';
import { types } from 'pg';
import { OCCUPYING_STATUSES } from '@stagebank/domain';
import { Candidate, Weights } from '@stagebank/matching';
import { MatchingWeightsEntity } from '@stagebank/persistence';
import { UNSEEN } from '../changes/change-stream';
import { AreaRepository } from '../common/repository';

export interface CandidateQuery {
  /**
   * Internships that ended and recognitions that expired before this day are left out: older
   * periods are not matched. Everything else is read whatever its dates, and judged against the
   * period a query asks about, so the index needs no rebuild when the date changes.
   */
  since: string;
}

/** PostgreSQL's type oid of text[]. */
const TEXT_ARRAY_OID = 1009;

/** A school's kind as the audience its students are matched as. */
const AUDIENCE_OF_ORGANISATION = `CASE o.kind WHEN 'PRO_SCHOOL' THEN 'PRO' WHEN 'VSO_SCHOOL' THEN 'VSO' ELSE 'PLP' END`;

/**
 * Rows that belong to a placement, its site or its employer, aggregated into a few columns of the
 * candidate. One definition, read two ways (`aggregated`): for a few placements, correlated
 * (a LATERAL subquery per placement, through the key's index); for all of them, grouped (every
 * key's aggregate in one pass, hash-joined), which spares the start-up build 400,000 lookups per
 * aggregate.
 */
interface Aggregate {
  alias: string;
  /** The candidate's column the rows belong to, e.g. `s.id` (the site's). */
  of: string;
  /** The rows' column that names it, e.g. `v.site_id`. */
  key: string;
  from: string;
  /** Which rows count, besides the key. */
  where?: string;
  /** The aggregate's columns: over the rows, or over `cells` (as `t`) when given. */
  select: string;
  /** Rows counted per group first: the group's columns, then its counts. */
  cells?: { groups: string[]; counts: string };
}

const AGGREGATES: Aggregate[] = [
  {
    alias: 'sv',
    of: 's.id',
    key: 'v.site_id',
    from: 'supervisor v',
    select: `sum(v.max_students)::int AS capacity, (count(*) FILTER (WHERE v.trained))::int AS trained,
             (count(*) FILTER (WHERE v.trained AND v.training_verified_at IS NOT NULL))::int AS trained_verified,
             (sum(v.max_students) FILTER (WHERE v.intensity IN ('MODERATE', 'INTENSIVE')))::int AS moderate,
             (sum(v.max_students) FILTER (WHERE v.intensity = 'INTENSIVE'))::int AS intensive`,
  },
  {
    // The seat claims of the whole site: its supervisors' load.
    alias: 'sc',
    of: 's.id',
    key: 'sp.site_id',
    from: 'seat_claim i JOIN placement sp ON sp.id = i.placement_id',
    where: 'i.status = ANY($2) AND i.end_date >= $1',
    select: `json_agg(json_build_object('startDate', i.start_date, 'endDate', i.end_date, 'status', i.status) ORDER BY i.start_date, i.id) AS claims`,
  },
  {
    // The employer's track record by kind of student.
    alias: 'tr',
    of: 'e.id',
    key: 'ts.employer_id',
    from: `internship i JOIN placement tp ON tp.id = i.placement_id JOIN site ts ON ts.id = tp.site_id
           JOIN student_profile st ON st.id = i.student_id JOIN organisation o ON o.id = i.organisation_id
           LEFT JOIN internship_outcome io ON io.internship_id = i.id`,
    where: `i.status IN ('COMPLETED', 'ENDED_EARLY') AND o.kind IN ('PRO_SCHOOL', 'VSO_SCHOOL', 'PLP_INITIATIVE')`,
    cells: {
      groups: [`${AUDIENCE_OF_ORGANISATION} AS audience`, 'st.support_need'],
      counts: `count(*) FILTER (WHERE i.status = 'COMPLETED')::int AS completed,
               count(*) FILTER (WHERE i.status = 'ENDED_EARLY')::int AS ended_early,
               count(*) FILTER (WHERE io.destination IN ('PAID_JOB_AT_EMPLOYER', 'PAID_JOB_ELSEWHERE'))::int AS paid_jobs`,
    },
    select: `json_agg(json_build_object('audience', t.audience, 'supportNeed', t.support_need, 'completed', t.completed,
                                        'endedEarly', t.ended_early, 'paidJobs', t.paid_jobs) ORDER BY t.audience, t.support_need) AS cells`,
  },
  {
    alias: 'rc',
    of: 'e.id',
    key: 'r.employer_id',
    from: 'sbb_recognition r',
    where: 'r.withdrawn_at IS NULL AND (r.valid_until IS NULL OR r.valid_until >= $1)',
    select: `json_agg(json_build_object('crebos', r.crebo_codes, 'validFrom', r.valid_from, 'validUntil', r.valid_until) ORDER BY r.valid_from, r.id) AS recognitions`,
  },
  {
    // Schools' experiences with the employer by kind of student.
    alias: 'ex',
    of: 'e.id',
    key: 'x.employer_id',
    from: `experience x JOIN organisation o ON o.id = x.organisation_id
           LEFT JOIN internship xi ON xi.id = x.internship_id LEFT JOIN student_profile st ON st.id = xi.student_id`,
    where: `o.kind IN ('PRO_SCHOOL', 'VSO_SCHOOL', 'PLP_INITIATIVE')`,
    cells: {
      groups: [`${AUDIENCE_OF_ORGANISATION} AS audience`, 'st.support_need'],
      counts: `count(*)::int AS count, sum((x.supervision_quality + x.audience_fit + x.would_place_again) / 3.0)::float8 AS sum`,
    },
    select: `json_agg(json_build_object('audience', t.audience, 'supportNeed', t.support_need, 'count', t.count, 'sum', t.sum)
                      ORDER BY t.audience, t.support_need) AS cells`,
  },
  {
    // The placement's own seat claims.
    alias: 'cl',
    of: 'p.id',
    key: 'i.placement_id',
    from: 'seat_claim i',
    where: 'i.status = ANY($2) AND i.end_date >= $1',
    select: `json_agg(json_build_object('startDate', i.start_date, 'endDate', i.end_date, 'status', i.status) ORDER BY i.start_date, i.id) AS claims`,
  },
];

/** An aggregate as a join: correlated per placement, or grouped by its key for every placement at once. */
function aggregated(a: Aggregate, grouped: boolean): string {
  const where = (...conditions: Array<string | undefined>) => {
    const all = conditions.filter(Boolean);
    return all.length ? `WHERE ${all.join(' AND ')}` : '';
  };
  const numbers = (from: number, n: number) => Array.from({ length: n }, (_, i) => String(from + i)).join(', ');
  if (!grouped) {
    const rows = a.cells
      ? `(SELECT ${a.cells.groups.join(', ')}, ${a.cells.counts} FROM ${a.from} ${where(`${a.key} = ${a.of}`, a.where)} GROUP BY ${numbers(1, a.cells.groups.length)}) t`
      : `${a.from} ${where(`${a.key} = ${a.of}`, a.where)}`;
    return `LEFT JOIN LATERAL (SELECT ${a.select} FROM ${rows}) ${a.alias} ON true`;
  }
  const query = a.cells
    ? `SELECT t.key, ${a.select}
         FROM (SELECT ${a.key} AS key, ${a.cells.groups.join(', ')}, ${a.cells.counts} FROM ${a.from} ${where(a.where)}
                GROUP BY ${numbers(1, a.cells.groups.length + 1)}) t
        GROUP BY t.key`
    : `SELECT ${a.key} AS key, ${a.select} FROM ${a.from} ${where(a.where)} GROUP BY ${a.key}`;
  return `LEFT JOIN (${query}) ${a.alias} ON ${a.alias}.key = ${a.of}`;
}

/**
 * Placements with everything matching weighs, in one query: occupancy, recognitions (with their
 * validity), the Boris flag, supervision (capacity per intensity, and the seat claims of the whole
 * site, which are its supervisors' load), and schools' experiences and the employer's track record,
 * both by kind of student (audience and support need), come along aggregated (AGGREGATES).
 * `$1` is the day of `since`, `$2` the seat-holding statuses; `where` narrows the placements, and
 * `every` says whether it leaves most of them (the aggregates are then grouped, see Aggregate).
 */
const candidatesSql = (where: string, every: boolean) =>
  `SELECT p.id, p.title, p.tasks::text AS tasks, p.tags::text AS tags, p.sector, p.type, p.seats, p.days::text AS days, p.weekend_work, p.customer_contact, p.quiet_workplace,
          p.required_certificates::text AS required_certificates, p.audiences::text AS audiences, p.supervision_level, p.school_supervisor_required, p.allowance_paid,
          p.paid_job_chance, p.available_from, p.available_until, p.required_qualifications::text AS required_qualifications, p.crebo, p.werkprocessen::text AS werkprocessen, e.kind AS employer_kind,
          s.id AS site_id, s.wheelchair_accessible, (s.wheelchair_verified_at AT TIME ZONE 'UTC')::date::text AS wheelchair_verified_on,
          (p.audiences_verified_at AT TIME ZONE 'UTC')::date::text AS audiences_verified_on, ST_Y(s.location::geometry) AS latitude, ST_X(s.location::geometry) AS longitude,
          e.id AS employer_id, e.sectors::text AS employer_sectors, e.tags::text AS employer_tags, e.status AS employer_status, e.paused_until,
          COALESCE(sv.capacity, 0) AS capacity, COALESCE(sv.trained, 0) AS trained, COALESCE(sv.trained_verified, 0) AS trained_verified,
          COALESCE(sv.moderate, 0) AS capacity_moderate, COALESCE(sv.intensive, 0) AS capacity_intensive,
          COALESCE(sc.claims::text, '[]') AS site_claims, COALESCE(tr.cells::text, '[]') AS track_record,
          COALESCE(rc.recognitions::text, '[]') AS recognitions, bf.id IS NOT NULL AS boris, COALESCE(cl.claims::text, '[]') AS claims,
          COALESCE(ex.cells::text, '[]') AS experiences, p.reserved_for_organisation_id, p.reserved_until, ro.name AS reserved_for_name
     FROM placement p
     JOIN site s ON s.id = p.site_id
     JOIN employer e ON e.id = s.employer_id
     LEFT JOIN organisation ro ON ro.id = p.reserved_for_organisation_id
     LEFT JOIN boris_flag bf ON bf.employer_id = e.id AND bf.cleared_at IS NULL
     ${AGGREGATES.map((a) => aggregated(a, every)).join('\n     ')}
    ${where}`;

/**
 * The placements a set of changes touches, for every table that feeds matching (change-feeds.ts):
 * the changes committed since `$1`, the snapshot the index is current with. One statement, so the
 * snapshot it returns is the one it read: exactly the changes it saw are the ones now applied.
 */
const TOUCHED_SINCE = `
  WITH c AS (SELECT c.entity, c.entity_id, v.row FROM change_log c CROSS JOIN LATERAL (VALUES (c.old), (c.new)) v(row)
              WHERE ${UNSEEN('$1')}),
  touched AS (
    SELECT entity_id AS id FROM c WHERE entity = 'placement'
    UNION SELECT (row->>'placement_id')::uuid FROM c WHERE entity = 'internship' AND row ? 'placement_id'
    -- An internship is its site's supervisors' load and part of its employer's track record: every placement of the employer.
    UNION SELECT p.id FROM c JOIN placement ip ON ip.id = (c.row->>'placement_id')::uuid JOIN site isite ON isite.id = ip.site_id
                        JOIN site s ON s.employer_id = isite.employer_id JOIN placement p ON p.site_id = s.id
     WHERE c.entity = 'internship' AND c.row ? 'placement_id'
    -- An outcome (a paid job after the internship) is part of the employer's track record too.
    UNION SELECT p.id FROM c JOIN internship i ON i.id = c.entity_id JOIN placement ip ON ip.id = i.placement_id JOIN site isite ON isite.id = ip.site_id
                        JOIN site s ON s.employer_id = isite.employer_id JOIN placement p ON p.site_id = s.id
     WHERE c.entity = 'internship_outcome'
    UNION SELECT p.id FROM c JOIN placement p ON p.site_id = c.entity_id WHERE c.entity = 'site'
    UNION SELECT p.id FROM c JOIN placement p ON p.site_id = (c.row->>'site_id')::uuid WHERE c.entity = 'supervisor' AND c.row ? 'site_id'
    UNION SELECT p.id FROM c JOIN site s ON s.employer_id = c.entity_id JOIN placement p ON p.site_id = s.id WHERE c.entity = 'employer'
    UNION SELECT p.id FROM c JOIN site s ON s.employer_id = (c.row->>'employer_id')::uuid JOIN placement p ON p.site_id = s.id
     WHERE c.entity IN ('sbb_recognition', 'boris_flag', 'experience') AND c.row ? 'employer_id')
  SELECT pg_current_snapshot()::text AS snapshot, (SELECT count(*) FROM c)::int AS changes,
         coalesce((SELECT array_agg(id::text) FROM touched WHERE id IS NOT NULL), '{}') AS ids`;

/** Whether anything committed since `$1` (as TOUCHED_SINCE would see it), and the snapshot that says so. */
const LOOK = `SELECT EXISTS (SELECT 1 FROM change_log c WHERE ${UNSEEN('$1')}) AS due, pg_current_snapshot()::text AS snapshot`;

/**
 * Matching's SQL: the candidates the MatchingIndex is built from (all of them at start-up, a few by
 * id when the change stream says they changed), the stream positions the index follows, and each
 * organisation's weights.
 */
@Injectable()
export class MatchingRepository extends AreaRepository {
  /** Every placement, and the snapshot they were read in (the stream takes over from exactly there). */
  async everyCandidate(query: CandidateQuery): Promise<{ snapshot: string; candidates: Candidate[] }> {
    const candidates: Candidate[] = [];
    const snapshot = await this.eachCandidate(query, (part) => {
      for (const c of part) candidates.push(c);
    });
    return { snapshot, candidates };
  }

  /**
   * Every placement, in parts of `partSize`, all from one snapshot, which it returns: one query
   * through a cursor, so the database plans and runs it as the single statement it is, while this
   * process holds no more than two parts' rows at once (all 400,000 at once were the build's peak of
   * memory). The next part is asked for before `take` gets this one: the database works meanwhile.
   */
  async eachCandidate(query: CandidateQuery, take: (part: Candidate[]) => void, partSize = 20_000): Promise<string> {
    if (!Number.isInteger(partSize) || partSize < 1) throw new Error(`partSize must be a positive integer, not ${partSize}`);
    return this.manager.transaction('REPEATABLE READ', async (tx) => {
      const [{ snapshot }] = await tx.query(`SELECT pg_current_snapshot()::text AS snapshot`);
      // A cursor is planned for fetching its first tenth fast (nested loops); this one is read whole.
      await tx.query(`SET LOCAL cursor_tuple_fraction = 1.0`);
      await tx.query(`DECLARE every_candidate NO SCROLL CURSOR FOR ${candidatesSql('', true)}`, [query.since, OCCUPYING_STATUSES]);
      const part = (): Promise<CandidateRow[]> => tx.query(`FETCH ${partSize} FROM every_candidate`);
      const reader = new CandidateReader();
      let next: Promise<CandidateRow[]> | null = part();
      while (next) {
        const rows: CandidateRow[] = await next;
        next = rows.length === partSize ? part() : null;
        // Awaited in the loop's next turn; meanwhile its failure must not count as unhandled.
        next?.catch(() => undefined);
        take(rows.map((row) => reader.candidate(row)));
      }
      return snapshot as string;
    });
  }

  /** The same candidates as `everyCandidate`, for just these placements; placements that do not exist (any more) are absent. */
  async candidatesByIds(ids: string[], query: CandidateQuery): Promise<Candidate[]> {
    if (ids.length === 0) return [];
    const rows: CandidateRow[] = await this.manager.query(candidatesSql('WHERE p.id = ANY($3::uuid[])', false), [query.since, OCCUPYING_STATUSES, ids]);
    const reader = new CandidateReader();
    return rows.map((row) => reader.candidate(row));
  }

  /** Whether anything was committed since `snapshot`, and the current snapshot. */
  async look(snapshot: string | null): Promise<{ due: boolean; snapshot: string }> {
    const [look] = await this.manager.query(LOOK, [snapshot]);
    return look;
  }

  /** The placements touched by changes committed since `snapshot`, how many changes, and the snapshot that read them. */
  async touchedSince(snapshot: string | null): Promise<{ snapshot: string; changes: number; ids: string[] }> {
    const [touched] = await this.manager.query(TOUCHED_SINCE, [snapshot]);
    return touched;
  }

  /** An organisation's stored weights, if it tuned them. */
  weightsOf(organisationId: string): Promise<MatchingWeightsEntity | null> {
    return this.manager.findOneBy(MatchingWeightsEntity, { organisationId });
  }

  async saveWeights(organisationId: string, weights: Weights, updatedByUserId: string): Promise<void> {
    await this.manager.save(MatchingWeightsEntity, { organisationId, weights, updatedByUserId });
  }
}

interface CandidateRow {
  id: string;
  title: string;
  tasks: string;
  tags: string;
  employer_tags: string;
  sector: Candidate['sector'];
  type: Candidate['type'];
  seats: number;
  days: string;
  weekend_work: boolean;
  customer_contact: boolean;
  quiet_workplace: boolean;
  required_certificates: string;
  audiences: string;
  supervision_level: Candidate['supervisionLevel'];
  school_supervisor_required: boolean;
  allowance_paid: boolean;
  paid_job_chance: Candidate['paidJobChance'];
  available_from: string;
  available_until: string | null;
  site_id: string;
  wheelchair_accessible: boolean;
  wheelchair_verified_on: string | null;
  audiences_verified_on: string | null;
  trained_verified: number;
  latitude: number;
  longitude: number;
  employer_id: string;
  employer_sectors: string;
  employer_status: Candidate['employerStatus'];
  paused_until: string | null;
  capacity: number;
  capacity_moderate: number;
  capacity_intensive: number;
  trained: number;
  site_claims: string;
  track_record: string;
  required_qualifications: string | null;
  crebo: string | null;
  werkprocessen: string;
  employer_kind: Candidate['employerKind'];
  recognitions: string;
  boris: boolean;
  claims: string;
  experiences: string;
  reserved_for_organisation_id: string | null;
  reserved_until: string | null;
  reserved_for_name: string | null;
}

/**
 * Reads candidate rows, each distinct list and record once. The query sends lists and records as
 * PostgreSQL's text, and 400,000 placements repeat a few thousand task lists, day lists and
 * recognitions: parsing every row's copy, as the driver does, took a quarter of the start-up build
 * and made most of its garbage. The candidates so share their lists (frozen) and records, as the
 * index's store shares them anyway (candidate-store.ts interns equal values); nothing changes them.
 */
class CandidateReader {
  private readonly lists = new Map<string, readonly string[]>();
  private readonly records = new Map<string, unknown>();
  /** Placement and employer tags together, by the two lists' texts (each braced, so no two pairs read alike). */
  private readonly combined = new Map<string, readonly string[]>();

  private list<T extends string>(text: string): T[] {
    let value = this.lists.get(text);
    if (value === undefined) this.lists.set(text, (value = Object.freeze(parseTextArray(text))));
    return value as T[];
  }

  private record<T>(text: string | null): T {
    if (text === null) return null as T;
    let value = this.records.get(text);
    if (value === undefined) this.records.set(text, (value = JSON.parse(text)));
    return value as T;
  }

  /** The placement's own sub-sectors first, then its employer's: its explanation names the first tag that fits. */
  private tags(own: string, employers: string): Candidate['tags'] {
    const key = own + employers;
    let value = this.combined.get(key);
    if (value === undefined) this.combined.set(key, (value = Object.freeze([...new Set([...this.list(own), ...this.list(employers)])])));
    return value as Candidate['tags'];
  }

  candidate(r: CandidateRow): Candidate {
    return {
      placementId: r.id,
      employerId: r.employer_id,
      siteId: r.site_id,
      title: r.title,
      tasks: this.list(r.tasks),
      sector: r.sector,
      employerSectors: this.list(r.employer_sectors),
      tags: this.tags(r.tags, r.employer_tags),
      employerKind: r.employer_kind,
      type: r.type,
      seats: r.seats,
      claims: this.record(r.claims),
      days: this.list(r.days),
      weekendWork: r.weekend_work,
      customerContact: r.customer_contact,
      quietWorkplace: r.quiet_workplace,
      wheelchairAccessible: r.wheelchair_accessible,
      wheelchairVerifiedOn: r.wheelchair_verified_on,
      requiredCertificates: this.list(r.required_certificates),
      requiredQualifications: this.record(r.required_qualifications),
      crebo: r.crebo,
      werkprocessen: this.list(r.werkprocessen),
      audiences: this.list(r.audiences),
      audiencesVerifiedOn: r.audiences_verified_on,
      supervisionLevel: r.supervision_level,
      schoolSupervisorRequired: r.school_supervisor_required,
      allowancePaid: r.allowance_paid,
      paidJobChance: r.paid_job_chance,
      availableFrom: r.available_from,
      availableUntil: r.available_until,
      employerStatus: r.employer_status,
      pausedUntil: r.paused_until,
      recognitions: this.record(r.recognitions),
      borisFlag: r.boris,
      supervisionCapacity: r.capacity,
      trainedSupervisors: r.trained,
      verifiedTrainedSupervisors: r.trained_verified,
      supervisorCapacity: [r.capacity, r.capacity_moderate, r.capacity_intensive],
      siteClaims: this.record(r.site_claims),
      trackRecord: this.record(r.track_record),
      // Below the minimum of similar experiences the criterion is neutral (scored 0.5).
      experiences: this.record(r.experiences),
      location: { latitude: Number(r.latitude), longitude: Number(r.longitude) },
      // Judged against the period asked about (hard-limits.ts RESERVED), so an ending reservation needs no rebuild.
      reservation:
        r.reserved_for_organisation_id && r.reserved_until
          ? { organisationId: r.reserved_for_organisation_id, organisationName: r.reserved_for_name ?? '', until: r.reserved_until }
          : null,
    };
  }
}

/** PostgreSQL's text[] in its text form, read as the driver reads it. */
const parseTextArray: (text: string) => string[] = types.getTypeParser(TEXT_ARRAY_OID as Parameters<typeof types.getTypeParser>[0], 'text');
