import { MigrationInterface, QueryRunner } from 'typeorm';

/** Changes to these tables are audited, row by row, with the row before and after. */
const AUDITED = ['employer', 'placement', 'internship', 'sbb_recognition', 'boris_flag'];

/**
 * The audit log: every insert, update and delete of employers, placements, internships, SBB
 * recognitions and Boris flags (by trigger, so no write path escapes it), and every read of a
 * student profile (written by the service). Who acted comes from settings the application makes
 * on the connection before each query of a request (`stagebank.user_id`, `…organisation_id`, `…api_key_id`);
 * writes outside a request (seed, retention, SQL) have no actor. `organisation_id` marks entries
 * about one organisation's students, which only that organisation's admins may read.
 */
export class Audit1795622000000 implements MigrationInterface {
  name = 'Audit1795622000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_entry" (
      "id" bigserial PRIMARY KEY,
      "at" timestamptz NOT NULL DEFAULT clock_timestamp(),
      "actor_user_id" uuid,
      "actor_organisation_id" uuid,
      "actor_api_key_id" uuid,
      "action" text NOT NULL CHECK ("action" IN ('INSERT', 'UPDATE', 'DELETE', 'READ')),
      "entity" text NOT NULL,
      "entity_id" uuid NOT NULL,
      "organisation_id" uuid,
      "before" jsonb,
      "after" jsonb)`);
    await queryRunner.query(`CREATE INDEX "audit_entry_entity" ON "audit_entry" ("entity", "entity_id", "id")`);
    await queryRunner.query(`CREATE INDEX "audit_entry_actor_organisation" ON "audit_entry" ("actor_organisation_id", "id")`);
    await queryRunner.query(`CREATE INDEX "audit_entry_organisation" ON "audit_entry" ("organisation_id", "id")`);
    await queryRunner.query(`CREATE FUNCTION "audit_row"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_row jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END;
        new_row jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END;
      BEGIN
        INSERT INTO audit_entry (actor_user_id, actor_organisation_id, actor_api_key_id, action, entity, entity_id, organisation_id, before, after)
        VALUES (NULLIF(current_setting('stagebank.user_id', true), '')::uuid,
                NULLIF(current_setting('stagebank.organisation_id', true), '')::uuid,
                NULLIF(current_setting('stagebank.api_key_id', true), '')::uuid,
                TG_OP, TG_TABLE_NAME, (COALESCE(new_row, old_row) ->> 'id')::uuid,
                CASE WHEN TG_TABLE_NAME = 'internship' THEN (COALESCE(new_row, old_row) ->> 'organisation_id')::uuid END,
                old_row, new_row);
        RETURN NULL;
      END $$`);
    for (const table of AUDITED) {
      await queryRunner.query(`CREATE TRIGGER "${table}_audit" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "audit_row"()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of AUDITED) await queryRunner.query(`DROP TRIGGER "${table}_audit" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION "audit_row"()`);
    await queryRunner.query(`DROP TABLE "audit_entry"`);
  }
}
