import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change feed for other tools (issue 18): a webhook can follow change kinds from a cursor of
 * its own; a delivery carries a notification or a batch of changes; and the log remembers how far
 * it was pruned (the newest transaction forgotten), so a cursor from before that is told to resync
 * rather than silently skip.
 */
export class ChangeFeed1795652000000 implements MigrationInterface {
  name = 'ChangeFeed1795652000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook" ADD "change_kinds" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "webhook" ADD "change_cursor" text`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" ALTER COLUMN "notification_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" ADD "changes" jsonb`);
    await queryRunner.query(
      `ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_one_subject" CHECK (("notification_id" IS NULL) <> ("changes" IS NULL))`,
    );
    await queryRunner.query(`CREATE TABLE "change_log_horizon" (
      "id" boolean PRIMARY KEY DEFAULT true CHECK ("id"),
      "txid" xid8 NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "change_log_horizon"`);
    await queryRunner.query(`DELETE FROM "webhook_delivery" WHERE "notification_id" IS NULL`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" DROP CONSTRAINT "webhook_delivery_one_subject"`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" DROP COLUMN "changes"`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" ALTER COLUMN "notification_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "webhook" DROP COLUMN "change_cursor"`);
    await queryRunner.query(`ALTER TABLE "webhook" DROP COLUMN "change_kinds"`);
  }
}
