import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications about employer-link rounds (issue 19): LINK_ROUND_STARTED when a round's links went
 * out, LINK_ROUND_REPORT_READY when none of them can be answered any more. Such a notification, and
 * the event it comes from, is about a round rather than a placement, so both say which one. A round
 * remembers the organisation its starter acted for (where they are told) and when its report was
 * declared ready (so it is told once).
 */
export class LinkRoundNotifications1795654000000 implements MigrationInterface {
  name = 'LinkRoundNotifications1795654000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "employer_link_round" ADD "started_by_organisation_id" uuid`);
    await queryRunner.query(`ALTER TABLE "employer_link_round" ADD "report_ready_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "employer_link_round" ADD CONSTRAINT "FK_c24dc33495865917dad393d1366" FOREIGN KEY ("started_by_organisation_id") REFERENCES "organisation"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    // Rounds started before this are not reported on all at once after the deploy.
    await queryRunner.query(`UPDATE "employer_link_round" SET "report_ready_at" = now()`);

    await queryRunner.query(`ALTER TABLE "notification_event" ADD "link_round_id" uuid`);
    await queryRunner.query(`ALTER TABLE "notification_event" ALTER COLUMN "placement_id" DROP NOT NULL`);

    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "CHK_f85ba1a2c3160d12d34a85c2fb"`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "link_round_id" uuid`);
    await queryRunner.query(`ALTER TABLE "notification" ALTER COLUMN "placement_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "notification" ALTER COLUMN "employer_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "notification_one_subject" CHECK (("placement_id" IS NULL) <> ("link_round_id" IS NULL))`);
    await queryRunner.query(
      `ALTER TABLE "notification" ADD CONSTRAINT "CHK_ca459a3da0820ff1f1b30a44f0" CHECK ("kind" IN ('SEAT_FREED', 'PLACEMENT_OPENED', 'HOLD_EXPIRING', 'OUTCOME_DUE', 'LINK_ROUND_STARTED', 'LINK_ROUND_REPORT_READY'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification" ADD CONSTRAINT "FK_8bc58ffd39ade3b67ec5ba2d548" FOREIGN KEY ("link_round_id") REFERENCES "employer_link_round"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "notification" WHERE "link_round_id" IS NOT NULL`);
    await queryRunner.query(`DELETE FROM "notification_event" WHERE "link_round_id" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "FK_8bc58ffd39ade3b67ec5ba2d548"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "CHK_ca459a3da0820ff1f1b30a44f0"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "notification_one_subject"`);
    await queryRunner.query(`ALTER TABLE "notification" ALTER COLUMN "employer_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "notification" ALTER COLUMN "placement_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "link_round_id"`);
    await queryRunner.query(
      `ALTER TABLE "notification" ADD CONSTRAINT "CHK_f85ba1a2c3160d12d34a85c2fb" CHECK ("kind" IN ('SEAT_FREED', 'PLACEMENT_OPENED', 'HOLD_EXPIRING', 'OUTCOME_DUE'))`,
    );
    await queryRunner.query(`ALTER TABLE "notification_event" ALTER COLUMN "placement_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "notification_event" DROP COLUMN "link_round_id"`);
    await queryRunner.query(`ALTER TABLE "employer_link_round" DROP CONSTRAINT "FK_c24dc33495865917dad393d1366"`);
    await queryRunner.query(`ALTER TABLE "employer_link_round" DROP COLUMN "report_ready_at"`);
    await queryRunner.query(`ALTER TABLE "employer_link_round" DROP COLUMN "started_by_organisation_id"`);
  }
}
