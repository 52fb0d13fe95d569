import { Injectable } from '@nestjs/common';
import { OCCUPYING_STATUSES } from '@stagebank/domain';
import { Candidate } from '@stagebank/matching';
import { DataSource, EntityManager } from 'typeorm';

export interface CandidateQuery {
  /**
   * Internships that ended and recognitions that expired before this day are left out: older
   * periods are not matched. Everything else is read whatever its dates, and judged against the
   * period a query asks about, so the index needs no rebuild when the date changes.
   */
  since: string;
}

/**
 * Every placement with everything matching weighs, in one query: occupancy, recognitions (with
 * their validity), the Boris flag, supervision and schools' experiences come along aggregated.
 * `$1` is the day of `since`, `$2` the seat-holding statuses; `where` narrows the placements.
 */
const candidatesSql = (where: string) =>
  `SELECT p.id, p.title, p.tasks, p.tags, p.sector, p.type, p.seats, p.days, p.weekend_work, p.customer_contact, p.quiet_workplace,
          p.required_certificates, p.audiences, p.supervision_level, p.school_supervisor_required, p.allowance_paid,
          p.paid_job_chance, p.available_from, p.available_until,
          s.id AS site_id, s.wheelchair_accessible, ST_Y(s.location::geometry) AS latitude, ST_X(s.location::geometry) AS longitude,
          e.id AS employer_id, e.sectors AS employer_sectors, e.tags AS employer_tags, e.status AS employer_status, e.paused_until,
          COALESCE(sv.capacity, 0) AS capacity, COALESCE(sv.trained, 0) AS trained,
          COALESCE(rc.recognitions, '[]') AS recognitions, bf.id IS NOT NULL AS boris, COALESCE(cl.claims, '[]') AS claims,
          ex.mean AS experience_mean, ex.count AS experience_count
     FROM placement p
     JOIN site s ON s.id = p.site_id
     JOIN employer e ON e.id = s.employer_id
     LEFT JOIN LATERAL (SELECT sum(v.max_students)::int AS capacity, (count(*) FILTER (WHERE v.trained))::int AS trained
                          FROM supervisor v WHERE v.site_id = s.id) sv ON true
     LEFT JOIN LATERAL (SELECT json_agg(json_build_object('crebos', r.crebo_codes, 'validFrom', r.valid_from, 'validUntil', r.valid_until)
                                        ORDER BY r.valid_from, r.id) AS recognitions
                          FROM sbb_recognition r
                         WHERE r.employer_id = e.id AND r.withdrawn_at IS NULL AND (r.valid_until IS NULL OR r.valid_until >= $1)) rc ON true
     LEFT JOIN boris_flag bf ON bf.employer_id = e.id AND bf.cleared_at IS NULL
     LEFT JOIN LATERAL (SELECT avg((x.supervision_quality + x.audience_fit + x.would_place_again) / 3.0)::float8 AS mean, count(*)::int AS count
                          FROM experience x WHERE x.employer_id = e.id) ex ON true
     LEFT JOIN LATERAL (SELECT json_agg(json_build_object('startDate', i.start_date, 'endDate', i.end_date, 'status', i.status)) AS claims
                          FROM seat_claim i WHERE i.placement_id = p.id AND i.status = ANY($2) AND i.end_date >= $1) cl ON true
    ${where}`;

/** Reads candidates for the MatchingIndex: all of them at start-up, a few by id when the change stream says they changed. */
@Injectable()
export class CandidateSource {
  constructor(private readonly db: DataSource) {}

  /** Every placement. With `manager`, inside that transaction (e.g. one snapshot with a change-stream position). */
  async find(query: CandidateQuery, manager: EntityManager = this.db.manager): Promise<Candidate[]> {
    const rows: CandidateRow[] = await manager.query(candidatesSql(''), [query.since, OCCUPYING_STATUSES]);
    return rows.map(toCandidate);
  }

  /** The same candidates as `find`, for just these placements; placements that do not exist (any more) are absent. */
  async findByIds(ids: string[], query: CandidateQuery, manager: EntityManager = this.db.manager): Promise<Candidate[]> {
    if (ids.length === 0) return [];
    const rows: CandidateRow[] = await manager.query(candidatesSql('WHERE p.id = ANY($3::uuid[])'), [query.since, OCCUPYING_STATUSES, ids]);
    return rows.map(toCandidate);
  }
}

interface CandidateRow {
  id: string;
  title: string;
  tasks: string[];
  tags: Candidate['tags'];
  employer_tags: Candidate['tags'];
  sector: Candidate['sector'];
  type: Candidate['type'];
  seats: number;
  days: Candidate['days'];
  weekend_work: boolean;
  customer_contact: boolean;
  quiet_workplace: boolean;
  required_certificates: Candidate['requiredCertificates'];
  audiences: Candidate['audiences'];
  supervision_level: Candidate['supervisionLevel'];
  school_supervisor_required: boolean;
  allowance_paid: boolean;
  paid_job_chance: Candidate['paidJobChance'];
  available_from: string;
  available_until: string | null;
  site_id: string;
  wheelchair_accessible: boolean;
  latitude: number;
  longitude: number;
  employer_id: string;
  employer_sectors: Candidate['employerSectors'];
  employer_status: Candidate['employerStatus'];
  paused_until: string | null;
  capacity: number;
  trained: number;
  recognitions: Candidate['recognitions'];
  boris: boolean;
  claims: Candidate['claims'];
  experience_mean: number | null;
  experience_count: number | null;
}

const toCandidate = (r: CandidateRow): Candidate => ({
  placementId: r.id,
  employerId: r.employer_id,
  siteId: r.site_id,
  title: r.title,
  tasks: r.tasks,
  sector: r.sector,
  employerSectors: r.employer_sectors,
  // The placement's own sub-sectors first: its explanation names the first tag that fits.
  tags: [...new Set([...r.tags, ...r.employer_tags])],
  type: r.type,
  seats: r.seats,
  claims: r.claims,
  days: r.days,
  weekendWork: r.weekend_work,
  customerContact: r.customer_contact,
  quietWorkplace: r.quiet_workplace,
  wheelchairAccessible: r.wheelchair_accessible,
  requiredCertificates: r.required_certificates,
  audiences: r.audiences,
  supervisionLevel: r.supervision_level,
  schoolSupervisorRequired: r.school_supervisor_required,
  allowancePaid: r.allowance_paid,
  paidJobChance: r.paid_job_chance,
  availableFrom: r.available_from,
  availableUntil: r.available_until,
  employerStatus: r.employer_status,
  pausedUntil: r.paused_until,
  recognitions: r.recognitions,
  borisFlag: r.boris,
  supervisionCapacity: r.capacity,
  trainedSupervisors: r.trained,
  // Without experiences the criterion is neutral (scored 0.5).
  experience: r.experience_count ? { mean: r.experience_mean!, count: r.experience_count } : null,
  location: { latitude: Number(r.latitude), longitude: Number(r.longitude) },
});
