import type { SchemaObject } from './schema-object';

/**
 * The flags a coach can verify on a visit, each with the columns its value lives in, the columns
 * that say what the value is about, and the columns that say who verified it and when (site:
 * wheelchair access; placement: suitability for its audiences; supervisor: workplace-trainer
 * training). A site's access is of a building: a Dutch address is its postcode and house number, so
 * a site moved to another one (the employer through its link, an import, an edit) is declared again
 * even when the employer keeps the same answer; a renamed street or place is the same building.
 */
export const VERIFIED_FLAGS: ReadonlyArray<{ table: string; values: readonly string[]; about: readonly string[]; prefix: string }> = [
  { table: 'site', values: ['wheelchair_accessible'], about: ['postcode', 'house_number'], prefix: 'wheelchair' },
  { table: 'placement', values: ['audiences'], about: [], prefix: 'audiences' },
  { table: 'supervisor', values: ['trained', 'training'], about: [], prefix: 'training' },
];

/**
 * A verification is of a value, of what it is about: when either changes by any other write (the
 * employer through its link, an import, an edit) without a new verification, the flag is declared
 * again. Kept by the database so that no write path can forget it.
 */
export const FLAG_VERIFICATION: SchemaObject[] = VERIFIED_FLAGS.flatMap(({ table, values, about, prefix }): SchemaObject[] => {
  const changed = [...values, ...about].map((v) => `NEW."${v}" IS DISTINCT FROM OLD."${v}"`).join(' OR ');
  return [
    {
      kind: 'function',
      name: `${table}_flag_declared_on_change`,
      sql: `CREATE OR REPLACE FUNCTION "${table}_flag_declared_on_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (${changed}) AND NEW."${prefix}_verified_at" IS NOT DISTINCT FROM OLD."${prefix}_verified_at" THEN
          NEW."${prefix}_verified_at" := NULL;
          NEW."${prefix}_verified_by_user_id" := NULL;
        END IF;
        RETURN NEW;
      END $$`,
    },
    {
      kind: 'trigger',
      name: `${table}_flag_declared`,
      sql: `CREATE OR REPLACE TRIGGER "${table}_flag_declared" BEFORE UPDATE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "${table}_flag_declared_on_change"()`,
    },
  ];
});
