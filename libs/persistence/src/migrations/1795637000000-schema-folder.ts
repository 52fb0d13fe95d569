import { MigrationInterface, QueryRunner } from 'typeorm';
import { applySchema } from '../schema';

/**
 * From here on, the database's triggers, functions, views and policies have one current definition
 * each, in libs/persistence/src/schema. This applies them all (CREATE OR REPLACE): each equals what
 * the migrations before it left, now built from the shared rules (schema/rules.ts) instead of restating them.
 */
export class SchemaFolder1795637000000 implements MigrationInterface {
  name = 'SchemaFolder1795637000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await applySchema(queryRunner);
  }

  async down(): Promise<void> {
    // Nothing to undo: the definitions applied equal those the earlier migrations left.
  }
}
