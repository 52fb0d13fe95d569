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
 * their validity), the Boris flag, supervision (capacity per intensity, and the seat claims of the whole site, which
 * are its supervisors' load), and schools' experiences and the employer's track record, both by kind of
 * student (audience and support need), come along aggregated.
 * `$1` is the day of `since`, `$2` the seat-holding statuses; `where` narrows the placements.
 */
const candidatesSql = (where: string) =>
  `SELECT p.id, p.title, p.tasks, p.tags, p.sector, p.type, p.seats, p.days, p.weekend_work, p.customer_contact, p.quiet_workplace,
          p.required_certificates, p.audiences, p.supervision_level, p.school_supervisor_required, p.allowance_paid,
          p.paid_job_chance, p.available_from, p.available_until, p.required_qualifications, p.crebo, p.werkprocessen, e.kind AS employer_kind,
          s.id AS site_id, s.wheelchair_accessible, ST_Y(s.location::geometry) AS latitude, ST_X(s.location::geometry) AS longitude,
          e.id AS employer_id, e.sectors AS employer_sectors, e.tags AS employer_tags, e.status AS employer_status, e.paused_until,
          COALESCE(sv.capacity, 0) AS capacity, COALESCE(sv.trained, 0) AS trained,
          COALESCE(sv.moderate, 0) AS capacity_moderate, COALESCE(sv.intensive, 0) AS capacity_intensive,
          COALESCE(sc.claims, '[]') AS site_claims, COALESCE(tr.cells, '[]') AS track_record,
          COALESCE(rc.recognitions, '[]') AS recognitions, bf.id IS NOT NULL AS boris, COALESCE(cl.claims, '[]') AS claims,
          COALESCE(ex.cells, '[]') AS experiences
     FROM placement p
     JOIN site s ON s.id = p.site_id
     JOIN employer e ON e.id = s.employer_id
     LEFT JOIN LATERAL (SELECT sum(v.max_students)::int AS capacity, (count(*) FILTER (WHERE v.trained))::int AS trained,
                               (sum(v.max_students) FILTER (WHERE v.intensity IN ('MODERATE', 'INTENSIVE')))::int AS moderate,
                               (sum(v.max_students) FILTER (WHERE v.intensity = 'INTENSIVE'))::int AS intensive
                          FROM supervisor v WHERE v.site_id = s.id) sv ON true
     LEFT JOIN LATERAL (SELECT json_agg(json_build_object('startDate', i.start_date, 'endDate', i.end_date, 'status', i.status)) AS claims
                          FROM seat_claim i JOIN placement sp ON sp.id = i.placement_id
                         WHERE sp.site_id = s.id AND i.status = ANY($2) AND i.end_date >= $1) sc ON true
     LEFT JOIN LATERAL (SELECT json_agg(json_build_object('audience', t.audience, 'supportNeed', t.support_need, 'completed', t.completed,
                                                          'endedEarly', t.ended_early, 'paidJobs', t.paid_jobs)) AS cells
                          FROM (SELECT CASE o.kind WHEN 'PRO_SCHOOL' THEN 'PRO' WHEN 'VSO_SCHOOL' THEN 'VSO' ELSE 'PLP' END AS audience, st.support_need,
                                       count(*) FILTER (WHERE i.status = 'COMPLETED')::int AS completed,
                                       count(*) FILTER (WHERE i.status = 'ENDED_EARLY')::int AS ended_early,
                                       count(*) FILTER (WHERE io.destination IN ('PAID_JOB_AT_EMPLOYER', 'PAID_JOB_ELSEWHERE'))::int AS paid_jobs
                                  FROM internship i JOIN placement tp ON tp.id = i.placement_id JOIN site ts ON ts.id = tp.site_id
                                  JOIN student_profile st ON st.id = i.student_id JOIN organisation o ON o.id = i.organisation_id
                                  LEFT JOIN internship_outcome io ON io.internship_id = i.id
                                 WHERE ts.employer_id = e.id AND i.status IN ('COMPLETED', 'ENDED_EARLY')
                                   AND o.kind IN ('PRO_SCHOOL', 'VSO_SCHOOL', 'PLP_INITIATIVE')
                                 GROUP BY 1, 2) t) tr ON true
     LEFT JOIN LATERAL (SELECT json_agg(json_build_object('crebos', r.crebo_codes, 'validFrom', r.valid_from, 'validUntil', r.valid_until)
                                        ORDER BY r.valid_from, r.id) AS recognitions
                          FROM sbb_recognition r
                         WHERE r.employer_id = e.id AND r.withdrawn_at IS NULL AND (r.valid_until IS NULL OR r.valid_until >= $1)) rc ON true
     LEFT JOIN boris_flag bf ON bf.employer_id = e.id AND bf.cleared_at IS NULL
     LEFT JOIN LATERAL (SELECT json_agg(json_build_object('audience', t.audience, 'supportNeed', t.support_need, 'count', t.count, 'sum', t.sum)) AS cells
                          FROM (SELECT CASE o.kind WHEN 'PRO_SCHOOL' THEN 'PRO' WHEN 'VSO_SCHOOL' THEN 'VSO' ELSE 'PLP' END AS audience, st.support_need,
                                       count(*)::int AS count, sum((x.supervision_quality + x.audience_fit + x.would_place_again) / 3.0)::float8 AS sum
                                  FROM experience x JOIN organisation o ON o.id = x.organisation_id
                                  LEFT JOIN internship xi ON xi.id = x.internship_id LEFT JOIN student_profile st ON st.id = xi.student_id
                                 WHERE x.employer_id = e.id AND o.kind IN ('PRO_SCHOOL', 'VSO_SCHOOL', 'PLP_INITIATIVE')
                                 GROUP BY 1, 2) t) ex ON true
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
  capacity_moderate: number;
  capacity_intensive: number;
  trained: number;
  site_claims: Candidate['siteClaims'];
  track_record: Candidate['trackRecord'];
  required_qualifications: Candidate['requiredQualifications'];
  crebo: string | null;
  werkprocessen: string[];
  employer_kind: Candidate['employerKind'];
  recognitions: Candidate['recognitions'];
  boris: boolean;
  claims: Candidate['claims'];
  experiences: Candidate['experiences'];
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
  employerKind: r.employer_kind,
  type: r.type,
  seats: r.seats,
  claims: r.claims,
  days: r.days,
  weekendWork: r.weekend_work,
  customerContact: r.customer_contact,
  quietWorkplace: r.quiet_workplace,
  wheelchairAccessible: r.wheelchair_accessible,
  requiredCertificates: r.required_certificates,
  requiredQualifications: r.required_qualifications,
  crebo: r.crebo,
  werkprocessen: r.werkprocessen,
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
  supervisorCapacity: [r.capacity, r.capacity_moderate, r.capacity_intensive],
  siteClaims: r.site_claims,
  trackRecord: r.track_record,
  // Below the minimum of similar experiences the criterion is neutral (scored 0.5).
  experiences: r.experiences,
  location: { latitude: Number(r.latitude), longitude: Number(r.longitude) },
});
