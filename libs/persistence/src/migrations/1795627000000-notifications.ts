import { OCCUPYING_STATUSES } from '@stagebank/domain';
import { MigrationInterface, QueryRunner } from 'typeorm';

const OCCUPYING = `(${OCCUPYING_STATUSES.map((s) => `'${s}'`).join(', ')})`;
const TODAY = `(now() AT TIME ZONE 'UTC')::date`;

/** The triggers that wrote notification events; replaced by the change stream (1795631000000), whose down puts them back. */
export async function createNotificationEventTriggers(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`CREATE FUNCTION "notification_event_placement"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO notification_event (kind, placement_id) VALUES ('PLACEMENT_OPENED', NEW.id);
      ELSIF NEW.seats > OLD.seats THEN
        INSERT INTO notification_event (kind, placement_id) VALUES ('SEAT_FREED', NEW.id);
      ELSE
        RETURN NULL;
      END IF;
      PERFORM pg_notify('stagebank_event', '');
      RETURN NULL;
    END $$`);
  await queryRunner.query(`CREATE TRIGGER "placement_notification_event" AFTER INSERT OR UPDATE OF seats ON "placement" FOR EACH ROW EXECUTE FUNCTION "notification_event_placement"()`);
  // A seat frees when an internship that holds one now or later stops holding it: ended early,
  // cancelled, completed, cut short, moved or deleted.
  await queryRunner.query(`CREATE FUNCTION "notification_event_internship"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status IN ${OCCUPYING} AND OLD.end_date >= ${TODAY} AND (TG_OP = 'DELETE'
           OR NEW.status NOT IN ${OCCUPYING} OR NEW.end_date < OLD.end_date OR NEW.placement_id <> OLD.placement_id) THEN
        INSERT INTO notification_event (kind, placement_id) VALUES ('SEAT_FREED', OLD.placement_id);
        PERFORM pg_notify('stagebank_event', '');
      END IF;
      RETURN NULL;
    END $$`);
  await queryRunner.query(`CREATE TRIGGER "internship_notification_event" AFTER UPDATE OR DELETE ON "internship" FOR EACH ROW EXECUTE FUNCTION "notification_event_internship"()`);
}

/**
 * "Notify me": watches, notifications and webhooks. Triggers on placement and internship write
 * what happened to notification_event in the writing transaction (a seat freed, a placement
 * added) and wake the dispatchers with NOTIFY; a dispatcher turns events into notifications for
 * the matching watches, and every API replica LISTENs for those to push to its subscribers.
 */
export class Notifications1795627000000 implements MigrationInterface {
  name = 'Notifications1795627000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "webhook" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "url" text NOT NULL, "secret" text NOT NULL, "description" text, "created_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "removed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_e6765510c2d078db49632b59020" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_988d8b78200993e87305cf419c" ON "webhook"  ("organisation_id") `);
    await queryRunner.query(`CREATE TABLE "watch" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "kind" text NOT NULL, "placement_id" uuid, "employer_id" uuid, "query" text, "sector" text, "placement_type" text, "audience" text, "near" geography(Point,4326), "radius_meters" integer, "webhook_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_afbbc8cf72edfa580500845302" CHECK (("near" IS NULL) = ("radius_meters" IS NULL)), CONSTRAINT "CHK_3631388519765dcfb6723e347a" CHECK (("kind" = 'PLACEMENT') = ("placement_id" IS NOT NULL) AND ("kind" = 'EMPLOYER') = ("employer_id" IS NOT NULL)), CONSTRAINT "CHK_4becb379fe6f2a86c74ef77eff" CHECK ("kind" IN ('PLACEMENT', 'EMPLOYER', 'SEARCH')), CONSTRAINT "PK_fcd14254f9a60722c954c0174d0" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_0a5a7fe85fe97e12d240098501" ON "watch"  ("user_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_ece03480226b461ffd5f6534f5" ON "watch"  ("placement_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_905262be702aa92b436178491f" ON "watch"  ("employer_id") `);
    await queryRunner.query(`CREATE TABLE "notification" ("id" BIGSERIAL NOT NULL, "user_id" uuid NOT NULL, "watch_id" uuid, "event_id" bigint NOT NULL, "kind" text NOT NULL, "placement_id" uuid NOT NULL, "employer_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_e052420efe6c82246783a28c78a" UNIQUE ("watch_id", "event_id"), CONSTRAINT "CHK_0e870e1aa5a8c08fd0a7deae78" CHECK ("kind" IN ('SEAT_FREED', 'PLACEMENT_OPENED')), CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_5259f9d159d642912658da4676" ON "notification"  ("user_id", "id") `);
    await queryRunner.query(`CREATE TABLE "webhook_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "webhook_id" uuid NOT NULL, "notification_id" bigint NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "lease_until" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "failed_at" TIMESTAMP WITH TIME ZONE, "last_error" text, CONSTRAINT "PK_b1ae290239a778f12399db91354" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_4cbe57b03ced5b19ac12297676" ON "webhook_delivery"  ("next_attempt_at") WHERE "delivered_at" IS NULL AND "failed_at" IS NULL`);
    await queryRunner.query(`ALTER TABLE "webhook" ADD CONSTRAINT "FK_988d8b78200993e87305cf419c8" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "watch" ADD CONSTRAINT "FK_0a5a7fe85fe97e12d240098501c" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "watch" ADD CONSTRAINT "FK_dc392d294fe822c8ba09867f442" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "watch" ADD CONSTRAINT "FK_ece03480226b461ffd5f6534f5e" FOREIGN KEY ("placement_id") REFERENCES "placement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "watch" ADD CONSTRAINT "FK_905262be702aa92b436178491f9" FOREIGN KEY ("employer_id") REFERENCES "employer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "watch" ADD CONSTRAINT "FK_23fc469645532d29511d8d6ff02" FOREIGN KEY ("webhook_id") REFERENCES "webhook"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "FK_928b7aa1754e08e1ed7052cb9d8" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "FK_67b0f07ce8654bd8a73f2ec5a4a" FOREIGN KEY ("watch_id") REFERENCES "watch"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "FK_4c92079b1751294117a09dcd8e7" FOREIGN KEY ("placement_id") REFERENCES "placement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" ADD CONSTRAINT "FK_ef25cc28dcf88ea3dd81f39af2d" FOREIGN KEY ("webhook_id") REFERENCES "webhook"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" ADD CONSTRAINT "FK_2e603098f2c942759fc86ee1394" FOREIGN KEY ("notification_id") REFERENCES "notification"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    await queryRunner.query(`CREATE TABLE "notification_event" ("id" bigserial PRIMARY KEY, "kind" text NOT NULL, "placement_id" uuid NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(), "processed_at" timestamptz)`);
    await queryRunner.query(`CREATE INDEX "notification_event_pending" ON "notification_event" ("id") WHERE "processed_at" IS NULL`);
    await createNotificationEventTriggers(queryRunner);
    // Seats also free by the calendar, when an internship's last day passes: a daily sweep, once per day over all replicas.
    await queryRunner.query(`CREATE TABLE "notification_sweep" ("day" date PRIMARY KEY, "swept_at" timestamptz NOT NULL DEFAULT now())`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "internship_notification_event" ON "internship"`);
    await queryRunner.query(`DROP FUNCTION "notification_event_internship"()`);
    await queryRunner.query(`DROP TRIGGER "placement_notification_event" ON "placement"`);
    await queryRunner.query(`DROP FUNCTION "notification_event_placement"()`);
    await queryRunner.query(`DROP TABLE "notification_sweep"`);
    await queryRunner.query(`DROP TABLE "notification_event"`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" DROP CONSTRAINT "FK_2e603098f2c942759fc86ee1394"`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" DROP CONSTRAINT "FK_ef25cc28dcf88ea3dd81f39af2d"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "FK_4c92079b1751294117a09dcd8e7"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "FK_67b0f07ce8654bd8a73f2ec5a4a"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "FK_928b7aa1754e08e1ed7052cb9d8"`);
    await queryRunner.query(`ALTER TABLE "watch" DROP CONSTRAINT "FK_23fc469645532d29511d8d6ff02"`);
    await queryRunner.query(`ALTER TABLE "watch" DROP CONSTRAINT "FK_905262be702aa92b436178491f9"`);
    await queryRunner.query(`ALTER TABLE "watch" DROP CONSTRAINT "FK_ece03480226b461ffd5f6534f5e"`);
    await queryRunner.query(`ALTER TABLE "watch" DROP CONSTRAINT "FK_dc392d294fe822c8ba09867f442"`);
    await queryRunner.query(`ALTER TABLE "watch" DROP CONSTRAINT "FK_0a5a7fe85fe97e12d240098501c"`);
    await queryRunner.query(`ALTER TABLE "webhook" DROP CONSTRAINT "FK_988d8b78200993e87305cf419c8"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4cbe57b03ced5b19ac12297676"`);
    await queryRunner.query(`DROP TABLE "webhook_delivery"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5259f9d159d642912658da4676"`);
    await queryRunner.query(`DROP TABLE "notification"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_905262be702aa92b436178491f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ece03480226b461ffd5f6534f5"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0a5a7fe85fe97e12d240098501"`);
    await queryRunner.query(`DROP TABLE "watch"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_988d8b78200993e87305cf419c"`);
    await queryRunner.query(`DROP TABLE "webhook"`);
  }
}
