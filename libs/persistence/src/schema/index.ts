import type { QueryRunner } from 'typeorm';
import { AUDIT } from './audit';
import { CHANGE_STREAM } from './change-stream';
import { EMPLOYER_UPKEEP } from './employer-upkeep';
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
 * on school-private tables, the search documents, and the upkeep of regions and duplicates.
 *
 * A migration that adds or changes one of these edits its definition here and calls
 * `applySchema` (or applies the one object); older migrations keep the text they ran, as history.
 * test/database-schema.e2e.spec.ts fails when the database holds a trigger, function, view or
 * policy not declared here, or one whose definition differs from this folder's.
 */
export const SCHEMA: readonly SchemaObject[] = [...EMPLOYER_UPKEEP, ...AUDIT, ...CHANGE_STREAM, ...ROW_LEVEL_SECURITY, ...SEARCH_DOCUMENTS];

/** Creates or replaces every object of the schema folder (safe to run again: nothing else changes). */
export async function applySchema(queryRunner: Pick<QueryRunner, 'query'>): Promise<void> {
  for (const object of SCHEMA) await queryRunner.query(object.sql);
}
