import { APP_ROLE } from '../app-role';
import { LINKED_EMPLOYER, OWN_ORGANISATION } from './rules';
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

/**
 * The employer's listing, shared by the network: everyone reads it, but a request acting through an
 * employer's own link (LINKED_EMPLOYER set) may insert, change or delete only that employer's rows.
 * Each table with the expression giving a row's employer.
 */
export const LINKED_EMPLOYER_TABLES: ReadonlyArray<{ table: string; employer: string }> = [
  { table: 'employer', employer: 'id' },
  { table: 'site', employer: 'employer_id' },
  { table: 'supervisor', employer: '(SELECT s.employer_id FROM site s WHERE s.id = site_id)' },
  { table: 'placement', employer: '(SELECT s.employer_id FROM site s WHERE s.id = site_id)' },
  { table: 'contact_person', employer: 'employer_id' },
  { table: 'employer_hosting_interest', employer: 'employer_id' },
];

export const ROW_LEVEL_SECURITY: SchemaObject[] = [
  ...LINKED_EMPLOYER_TABLES.flatMap(({ table, employer }): SchemaObject[] => {
    const guard = `(${LINKED_EMPLOYER} IS NULL OR ${employer} = ${LINKED_EMPLOYER})`;
    return [
      {
        kind: 'policy',
        name: `${table}.network_reads`,
        sql: `ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY;
        DROP POLICY IF EXISTS "network_reads" ON "${table}";
        CREATE POLICY "network_reads" ON "${table}" FOR SELECT TO ${APP_ROLE} USING (true)`,
      },
      {
        kind: 'policy',
        name: `${table}.linked_employer_writes`,
        sql: `DROP POLICY IF EXISTS "linked_employer_writes" ON "${table}";
        CREATE POLICY "linked_employer_writes" ON "${table}" TO ${APP_ROLE} USING ${guard} WITH CHECK ${guard}`,
      },
    ];
  }),
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
