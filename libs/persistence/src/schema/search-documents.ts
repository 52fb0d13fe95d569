import { APP_ROLE } from '../app-role';
import { OCCUPYING, TODAY, currentRecognition } from './rules';
import type { SchemaObject } from './schema-object';

/** Seats of placement `p` held by internships today. */
const TAKEN_TODAY = `(SELECT count(*) FROM internship i WHERE i.placement_id = p.id AND i.status IN ${OCCUPYING}
                        AND i.start_date <= ${TODAY} AND i.end_date >= ${TODAY})`;
/** Takes new students today: not stopped, not paused through today. */
const EMPLOYER_OPEN = `(e.status = 'ACTIVE' OR (e.status = 'PAUSED' AND e.paused_until < ${TODAY}))`;
const PLACEMENT_OPEN = `(p.available_until IS NULL OR p.available_until >= ${TODAY})`;
/** Site `s`'s flags a coach verified to hold (VerifiableFlag): wheelchair access, a trained supervisor. */
const SITE_VERIFIED = `CASE WHEN s.wheelchair_accessible AND s.wheelchair_verified_at IS NOT NULL THEN 'WHEELCHAIR_ACCESS' END,
             CASE WHEN EXISTS (SELECT 1 FROM supervisor v WHERE v.site_id = s.id AND v.trained AND v.training_verified_at IS NOT NULL)
                  THEN 'SUPERVISION_TRAINING' END`;

/** The search documents, defined once for the indexer (Meilisearch) and the PostgreSQL fallback alike. */
export const SEARCH_DOCUMENTS: SchemaObject[] = [
  {
    kind: 'view',
    name: 'search_placement_document',
    sql: `CREATE OR REPLACE VIEW "search_placement_document" AS
      SELECT p.id, p.title, p.description, p.tasks, p.sector, p.type, p.audiences, p.allowance_paid, p.created_at,
             s.id AS site_id, s.name AS site_name, s.place, s.postcode,
             ST_Y(s.location::geometry) AS latitude, ST_X(s.location::geometry) AS longitude, s.location,
             e.id AS employer_id, e.name AS employer_name, e.kind AS employer_kind,
             EXISTS (SELECT 1 FROM boris_flag b WHERE b.employer_id = e.id AND b.cleared_at IS NULL) AS boris_flag,
             EXISTS (SELECT 1 FROM sbb_recognition r WHERE r.employer_id = e.id AND ${currentRecognition('r')}) AS sbb_recognised,
             p.seats > ${TAKEN_TODAY} AS has_free_seat,
             ${EMPLOYER_OPEN} AND ${PLACEMENT_OPEN} AS open,
             -- Last: CREATE OR REPLACE VIEW may only add columns at the end.
             ARRAY(SELECT DISTINCT t FROM unnest(p.tags || e.tags) t ORDER BY t) AS tags,
             -- The organisation the placement is reserved for today; null once the reserved day has passed.
             CASE WHEN p.reserved_until >= ${TODAY} THEN p.reserved_for_organisation_id END AS reserved_for,
             array_remove(ARRAY[CASE WHEN p.audiences_verified_at IS NOT NULL THEN 'AUDIENCE_SUITABILITY' END, ${SITE_VERIFIED}], NULL) AS verified
        FROM placement p JOIN site s ON s.id = p.site_id JOIN employer e ON e.id = s.employer_id;
      GRANT SELECT ON "search_placement_document" TO ${APP_ROLE}`,
  },
  {
    kind: 'view',
    name: 'search_employer_document',
    sql: `CREATE OR REPLACE VIEW "search_employer_document" AS
      SELECT s.id, s.name AS site_name, s.place, s.postcode,
             ST_Y(s.location::geometry) AS latitude, ST_X(s.location::geometry) AS longitude, s.location,
             e.id AS employer_id, e.name AS employer_name, e.kind AS employer_kind, e.sectors, e.description, e.created_at,
             EXISTS (SELECT 1 FROM boris_flag b WHERE b.employer_id = e.id AND b.cleared_at IS NULL) AS boris_flag,
             EXISTS (SELECT 1 FROM sbb_recognition r WHERE r.employer_id = e.id AND ${currentRecognition('r')}) AS sbb_recognised,
             ${EMPLOYER_OPEN} AS open,
             COALESCE(ep.titles, '{}') AS placement_titles, COALESCE(ep.types, '{}') AS types,
             COALESCE(ep.audiences, '{}') AS audiences, COALESCE(ep.allowance_paid, false) AS allowance_paid,
             COALESCE(ep.has_free_seat, false) AS has_free_seat,
             ARRAY(SELECT DISTINCT t FROM unnest(e.tags || COALESCE(ep.tags, '{}')) t ORDER BY t) AS tags,
             array_remove(ARRAY[CASE WHEN ep.audiences_verified THEN 'AUDIENCE_SUITABILITY' END, ${SITE_VERIFIED}], NULL) AS verified
        FROM site s JOIN employer e ON e.id = s.employer_id
        LEFT JOIN LATERAL (
          SELECT array_agg(DISTINCT p.title) AS titles, array_agg(DISTINCT p.type) AS types,
                 (SELECT array_agg(DISTINCT t) FROM placement p3 JOIN site s4 ON s4.id = p3.site_id CROSS JOIN unnest(p3.tags) t
                   WHERE s4.employer_id = e.id AND (p3.available_until IS NULL OR p3.available_until >= ${TODAY})) AS tags,
                 (SELECT array_agg(DISTINCT a) FROM placement p2 JOIN site s3 ON s3.id = p2.site_id CROSS JOIN unnest(p2.audiences) a
                   WHERE s3.employer_id = e.id AND (p2.available_until IS NULL OR p2.available_until >= ${TODAY})) AS audiences,
                 bool_or(p.allowance_paid) AS allowance_paid, bool_or(p.seats > ${TAKEN_TODAY}) AS has_free_seat,
                 bool_or(p.audiences_verified_at IS NOT NULL) AS audiences_verified
            FROM placement p JOIN site s2 ON s2.id = p.site_id
           WHERE s2.employer_id = e.id AND ${PLACEMENT_OPEN}) ep ON true;
      GRANT SELECT ON "search_employer_document" TO ${APP_ROLE}`,
  },
];
