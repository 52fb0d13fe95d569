import { APP_ROLE } from '../app-role';
import { OWN_ORGANISATION } from './rules';
import type { SchemaObject } from './schema-object';

/** School-private tables: a request acting for one organisation sees and writes only that organisation's rows. */
export const SCHOOL_PRIVATE_TABLES = [
  'student_profile',
  'internship',
  'internship_evaluation',
  'internship_outcome',
  'praktijkverklaring',
  'certificate_award',
  'follow_up',
  'cohort_plan_entry',
  'student_group',
  'student_group_member',
] as const;

export const ROW_LEVEL_SECURITY: SchemaObject[] = [
  ...SCHOOL_PRIVATE_TABLES.map((table): SchemaObject => ({
    kind: 'policy',
    name: `${table}.own_organisation`,
    sql: `ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY;
        DROP POLICY IF EXISTS "own_organisation" ON "${table}";
        CREATE POLICY "own_organisation" ON "${table}" TO ${APP_ROLE} USING (${OWN_ORGANISATION}) WITH CHECK (${OWN_ORGANISATION})`,
  })),
  {
    kind: 'view',
    name: 'seat_claim',
    // Occupancy is shared: who holds a seat of a placement, until when, without the student. Owned by the
    // owner role, so row-level security on internship does not apply through it.
    sql: `CREATE OR REPLACE VIEW "seat_claim" AS
      SELECT id, placement_id, organisation_id, coach_user_id, start_date, end_date, status FROM internship;
      GRANT SELECT ON "seat_claim" TO ${APP_ROLE}`,
  },
];
