import { createHash } from 'node:crypto';
import type { DataSource, Migration, QueryRunner } from 'typeorm';
import { AUDIT } from './audit';
import { CHANGE_STREAM } from './change-stream';
import { EMPLOYER_UPKEEP } from './employer-upkeep';
import { FLAG_VERIFICATION } from './flag-verification';
import { ROW_LEVEL_SECURITY } from './row-level-security';
import { SEARCH_DOCUMENTS } from './search-documents';
import type { SchemaObject } from './schema-object';

export * from './rules';
export type { SchemaObject } from './schema-object';
export { AUDITED_TABLES } from './audit';
export { SCHOOL_PRIVATE_TABLES } from './row-level-security';

/**
 * What the database does by itself, each object with its one current definition: the change
 * stream's triggers (which tables feed it: change-feeds.ts), the audit log, row-level security
 * on school-private tables, the search documents, the upkeep of regions and duplicates, and verified
 * flags turning declared again when their value changes.
 *
 * Like Flyway's repeatable migrations: `migrateDatabase` runs the versioned migrations (tables,
 * columns, data), then applies this folder whenever its text changed since it was last applied.
 * So a change to what the database does is an edit here, reviewed as such, never a copy in a new
 * migration; migrations that created these objects before the folder existed keep their text as
 * history. test/database-schema.e2e.spec.ts fails when the database holds a trigger, function,
 * view or policy not declared here, or one whose definition differs from this folder's.
 */
export const SCHEMA: readonly SchemaObject[] = [
  ...EMPLOYER_UPKEEP,
  ...AUDIT,
  ...CHANGE_STREAM,
  ...ROW_LEVEL_SECURITY,
  ...SEARCH_DOCUMENTS,
  ...FLAG_VERIFICATION,
];

/** Creates or replaces every object of the schema folder (safe to run again: nothing else changes). */
export async function applySchema(queryRunner: Pick<QueryRunner, 'query'>): Promise<void> {
  for (const object of SCHEMA) await queryRunner.query(object.sql);
}

/** The folder's text as one fingerprint: applied again only when it changes. */
export const schemaChecksum = (): string =>
  createHash('sha256')
    .update(SCHEMA.map((object) => object.sql).join('\n;\n'))
    .digest('hex');

/**
 * Runs the pending migrations, then applies the schema folder if its text changed since the last
 * time (recorded in schema_folder). Replicas starting together take turns on an advisory lock.
 */
export async function migrateDatabase(db: DataSource): Promise<Migration[]> {
  const applied = await db.runMigrations({ transaction: 'each' });
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('stagebank_schema_folder'))`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS "schema_folder" ("id" boolean PRIMARY KEY DEFAULT true CHECK ("id"), "checksum" text NOT NULL, "applied_at" timestamptz NOT NULL DEFAULT now())`,
    );
    const checksum = schemaChecksum();
    const [current] = (await tx.query(`SELECT checksum FROM "schema_folder"`)) as Array<{ checksum: string }>;
    if (current?.checksum === checksum) return;
    await applySchema(tx);
    await tx.query(
      `INSERT INTO "schema_folder" ("checksum") VALUES ($1) ON CONFLICT ("id") DO UPDATE SET "checksum" = EXCLUDED."checksum", "applied_at" = now()`,
      [checksum],
    );
  });
  return applied;
}
