import { Injectable } from '@nestjs/common';
import { OCCUPYING_STATUSES } from '@stagebank/domain';
import { Candidate } from '@stagebank/matching';
import { DataSource, EntityManager } from 'typeorm';

export interface CandidateQuery {
  /** Recognitions valid on this day count. */
  from: string;
  /** Internships ending before this day are left out. */
  claimsFrom: string;
}

/**
 * Every placement with everything matching weighs, in one query: occupancy, recognitions, the
 * Boris flag, supervision and schools' experiences come along aggregated. The MatchingIndex is built from this.
 */
@Injectable()
export class CandidateSource {
  constructor(private readonly db: DataSource) {}

  /** With `manager`, inside that transaction (e.g. one snapshot with the matching version). */
  async find(query: CandidateQuery, manager: EntityManager = this.db.manager): Promise<Candidate[]> {
    return this.read(query, null, manager);
  }

  /** The candidates of these placements (those that exist). */
  async findByIds(ids: string[], query: CandidateQuery, manager: EntityManager = this.db.manager): Promise<Candidate[]> {
    return this.read(query, ids, manager);
  }

  private async read(query: CandidateQuery, ids: string[] | null, manager: EntityManager): Promise<Candidate[]> {
    const rows: CandidateRow[] = await manager.query(
      `SELECT p.id, p.title, p.tasks, p.sector, p.type, p.seats, p.days, p.weekend_work, p.customer_contact, p.quiet_workplace,
              p.required_certificates, p.audiences, p.supervision_level, p.school_supervisor_required, p.allowance_paid,
              p.paid_job_chance, p.available_from, p.available_until,
              s.id AS site_id, s.wheelchair_accessible, ST_Y(s.location::geometry) AS latitude, ST_X(s.location::geometry) AS longitude,
              e.id AS employer_id, e.sectors AS employer_sectors, e.status AS employer_status, e.paused_until,
              COALESCE(sv.capacity, 0) AS capacity, COALESCE(sv.trained, 0) AS trained,
              COALESCE(rc.crebos, '{}') AS crebos, bf.id IS NOT NULL AS boris, COALESCE(cl.claims, '[]') AS claims,
              ex.mean AS experience_mean, ex.count AS experience_count
         FROM placement p
         JOIN site s ON s.id = p.site_id
         JOIN employer e ON e.id = s.employer_id
         LEFT JOIN LATERAL (SELECT sum(v.max_students)::int AS capacity, (count(*) FILTER (WHERE v.trained))::int AS trained
                              FROM supervisor v WHERE v.site_id = s.id) sv ON true
         LEFT JOIN LATERAL (SELECT array_agg(DISTINCT c) AS crebos FROM sbb_recognition r CROSS JOIN unnest(r.crebo_codes) c
                             WHERE r.employer_id = e.id AND r.withdrawn_at IS NULL AND r.valid_from <= $1
                               AND (r.valid_until IS NULL OR r.valid_until >= $1)) rc ON true
         LEFT JOIN boris_flag bf ON bf.employer_id = e.id AND bf.cleared_at IS NULL
         LEFT JOIN (SELECT employer_id, avg((supervision_quality + audience_fit + would_place_again) / 3.0)::float8 AS mean, count(*)::int AS count
                      FROM experience GROUP BY employer_id) ex ON ex.employer_id = e.id
         LEFT JOIN LATERAL (SELECT json_agg(json_build_object('startDate', i.start_date, 'endDate', i.end_date, 'status', i.status)) AS claims
                              FROM seat_claim i WHERE i.placement_id = p.id AND i.status = ANY($2) AND i.end_date >= $3) cl ON true
        WHERE $4::uuid[] IS NULL OR p.id = ANY($4)`,
      [query.from, OCCUPYING_STATUSES, query.claimsFrom, ids],
    );
    return rows.map(toCandidate);
  }
}

interface CandidateRow {
  id: string;
  title: string;
  tasks: string[];
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
  crebos: string[];
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
  recognisedCrebos: r.crebos,
  borisFlag: r.boris,
  supervisionCapacity: r.capacity,
  trainedSupervisors: r.trained,
  // Without experiences the criterion is neutral (scored 0.5).
  experience: r.experience_count ? { mean: r.experience_mean!, count: r.experience_count } : null,
  location: { latitude: Number(r.latitude), longitude: Number(r.longitude) },
});
