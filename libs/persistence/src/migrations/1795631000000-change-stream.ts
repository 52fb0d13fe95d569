import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../app-role';
import { MatchingVersion1795612000000 } from './1795612000000-matching-version';
import { createNotificationEventTriggers } from './1795627000000-notifications';
import { createSearchTriggers } from './1795620000000-search-outbox';

/**
 * The tables that feed the change stream and the columns a change carries, as of this migration
 * (libs/persistence/src/change-feeds.ts is the living list; a test holds the database to it).
 */
const FEEDS: Record<string, string[]> = {
  employer: [],
  site: ['employer_id'],
  supervisor: ['site_id'],
  placement: ['site_id', 'seats'],
  internship: ['placement_id', 'status', 'start_date', 'end_date'],
  sbb_recognition: ['employer_id'],
  boris_flag: ['employer_id'],
  experience: ['employer_id'],
};

const SEARCH_TABLES = ['employer', 'site', 'placement', 'internship', 'sbb_recognition', 'boris_flag'];
const MATCHING_VERSION_TABLES = ['employer', 'site', 'supervisor', 'placement', 'internship', 'sbb_recognition', 'boris_flag', 'experience'];

/**
 * One change stream instead of three mechanisms (search outbox triggers, notification event
 * triggers, the global matching version): every write to a feeding table appends its changes to
 * change_log in the writing transaction, with its transaction id. A consumer's checkpoint is the
 * snapshot it last read at, so a change committed late (its number taken long before) is still
 * new to it, which a position alone cannot promise.
 */
export class ChangeStream1795631000000 implements MigrationInterface {
  name = 'ChangeStream1795631000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "change_log" (
      "position" bigserial PRIMARY KEY,
      "txid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
      "at" timestamptz NOT NULL DEFAULT now(),
      "entity" text NOT NULL,
      "op" text NOT NULL CHECK ("op" IN ('INSERT', 'UPDATE', 'DELETE')),
      "entity_id" uuid NOT NULL,
      "old" jsonb,
      "new" jsonb)`);
    await queryRunner.query(`CREATE INDEX "change_log_order" ON "change_log" ("txid", "position")`);
    await queryRunner.query(`CREATE INDEX "change_log_at" ON "change_log" ("at")`);
    // The application appends through the triggers; it never rewrites history.
    await queryRunner.query(`REVOKE UPDATE, DELETE ON "change_log" FROM ${APP_ROLE}`);
    await queryRunner.query(`CREATE TABLE "change_checkpoint" (
      "consumer" text PRIMARY KEY,
      "snapshot" pg_snapshot NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now())`);

    await queryRunner.query(`CREATE FUNCTION "change_carry"("row" jsonb, "keys" text[]) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE WHEN "row" IS NULL THEN NULL
                  ELSE coalesce((SELECT jsonb_object_agg(key, value) FROM jsonb_each("row") WHERE key = ANY("keys")), '{}'::jsonb) END $$`);
    // One function for every table (its argument: the columns to carry); statement-level, so a bulk write costs one call.
    await queryRunner.query(`CREATE FUNCTION "record_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE carried text[] := string_to_array(TG_ARGV[0], ',');
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO change_log (entity, op, entity_id, new)
          SELECT TG_TABLE_NAME, TG_OP, n.id, change_carry(to_jsonb(n), carried) FROM new_rows n;
        ELSIF TG_OP = 'UPDATE' THEN
          INSERT INTO change_log (entity, op, entity_id, old, new)
          SELECT TG_TABLE_NAME, TG_OP, coalesce(n.id, o.id), change_carry(to_jsonb(o), carried), change_carry(to_jsonb(n), carried)
            FROM new_rows n FULL JOIN old_rows o ON o.id = n.id
           WHERE to_jsonb(n) IS DISTINCT FROM to_jsonb(o);
        ELSE
          INSERT INTO change_log (entity, op, entity_id, old)
          SELECT TG_TABLE_NAME, TG_OP, o.id, change_carry(to_jsonb(o), carried) FROM old_rows o;
        END IF;
        IF FOUND THEN PERFORM pg_notify('stagebank_change', ''); END IF;
        RETURN NULL;
      END $$`);
    for (const [table, carried] of Object.entries(FEEDS)) {
      const args = `'${carried.join(',')}'`;
      await queryRunner.query(
        `CREATE TRIGGER "${table}_change_insert" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "record_change"(${args})`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "${table}_change_update" AFTER UPDATE ON "${table}" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "record_change"(${args})`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "${table}_change_delete" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "record_change"(${args})`,
      );
    }

    // The consumers that keep a shared checkpoint start here: what was written before reached their queues by the old triggers.
    await queryRunner.query(
      `INSERT INTO "change_checkpoint" ("consumer", "snapshot") SELECT c, pg_current_snapshot() FROM unnest(ARRAY['search', 'notifications']) c`,
    );

    for (const table of SEARCH_TABLES) {
      for (const op of ['insert', 'update', 'delete']) await queryRunner.query(`DROP TRIGGER "${table}_search_${op}" ON "${table}"`);
      await queryRunner.query(`DROP FUNCTION "search_enqueue_${table}"()`);
    }
    await queryRunner.query(`DROP TRIGGER "placement_notification_event" ON "placement"`);
    await queryRunner.query(`DROP FUNCTION "notification_event_placement"()`);
    await queryRunner.query(`DROP TRIGGER "internship_notification_event" ON "internship"`);
    await queryRunner.query(`DROP FUNCTION "notification_event_internship"()`);
    for (const table of MATCHING_VERSION_TABLES) await queryRunner.query(`DROP TRIGGER "${table}_bumps_matching_version" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION "bump_matching_version"()`);
    await queryRunner.query(`DROP TABLE "matching_version"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await new MatchingVersion1795612000000().up(queryRunner);
    await queryRunner.query(
      `CREATE TRIGGER "experience_bumps_matching_version" AFTER INSERT OR UPDATE OR DELETE ON "experience" FOR EACH STATEMENT EXECUTE FUNCTION "bump_matching_version"()`,
    );
    await createNotificationEventTriggers(queryRunner);
    await createSearchTriggers(queryRunner);
    for (const table of Object.keys(FEEDS)) {
      for (const op of ['insert', 'update', 'delete']) await queryRunner.query(`DROP TRIGGER "${table}_change_${op}" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION "record_change"()`);
    await queryRunner.query(`DROP FUNCTION "change_carry"(jsonb, text[])`);
    await queryRunner.query(`DROP TABLE "change_checkpoint"`);
    await queryRunner.query(`DROP TABLE "change_log"`);
  }
}
