import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Seat holds that expire: a PROPOSED internship holds its seat until hold_expires_at (the
 * organisation's hold_expiry_days after it was proposed); the hold sweep reminds the coach
 * (a HOLD_EXPIRING notification, which names the internship) and then sets it EXPIRED, which frees
 * the seat like a cancellation does.
 */
export class HoldExpiry1795643000000 implements MigrationInterface {
  name = 'HoldExpiry1795643000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organisation" ADD "hold_expiry_days" integer NOT NULL DEFAULT 14`);
    await queryRunner.query(`ALTER TABLE "organisation" ADD CONSTRAINT "CHK_3648e1fb540d1a610c933e2f5e" CHECK ("hold_expiry_days" BETWEEN 1 AND 90)`);
    await queryRunner.query(`ALTER TABLE "internship" ADD "hold_expires_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "internship" ADD "hold_reminded_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "internship" DROP CONSTRAINT "CHK_64ed099aff9b31b7955e299878"`);
    await queryRunner.query(
      `ALTER TABLE "internship" ADD CONSTRAINT "CHK_a09220133e0bf2ddf930efdb6f" CHECK ("status" IN ('PROPOSED', 'AGREED', 'ACTIVE', 'PAUSED', 'COMPLETED', 'ENDED_EARLY', 'CANCELLED', 'EXPIRED'))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ada141ff4227708a9bc32727f7" ON "internship"  ("hold_expires_at") WHERE "status" = 'PROPOSED'`);
    // Holds proposed before this migration run from now, so none expires the moment it is deployed.
    await queryRunner.query(
      `UPDATE "internship" i SET "hold_expires_at" = now() + make_interval(days => o."hold_expiry_days") FROM "organisation" o WHERE o."id" = i."organisation_id" AND i."status" = 'PROPOSED'`,
    );
    await queryRunner.query(`ALTER TABLE "notification" ADD "internship_id" uuid`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "CHK_0e870e1aa5a8c08fd0a7deae78"`);
    await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "CHK_7096b33f509a0e95017f5a06f5" CHECK ("kind" IN ('SEAT_FREED', 'PLACEMENT_OPENED', 'HOLD_EXPIRING'))`);
    await queryRunner.query(`ALTER TABLE "notification_event" ADD "internship_id" uuid`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "notification_event" WHERE "kind" = 'HOLD_EXPIRING'`);
    await queryRunner.query(`ALTER TABLE "notification_event" DROP COLUMN "internship_id"`);
    await queryRunner.query(`DELETE FROM "notification" WHERE "kind" = 'HOLD_EXPIRING'`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "CHK_7096b33f509a0e95017f5a06f5"`);
    await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "CHK_0e870e1aa5a8c08fd0a7deae78" CHECK ("kind" IN ('SEAT_FREED', 'PLACEMENT_OPENED'))`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "internship_id"`);
    // An expired proposal was a released seat: the nearest earlier status is CANCELLED.
    await queryRunner.query(`UPDATE "internship" SET "status" = 'CANCELLED', "end_reason" = coalesce("end_reason", 'hold expired') WHERE "status" = 'EXPIRED'`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ada141ff4227708a9bc32727f7"`);
    await queryRunner.query(`ALTER TABLE "internship" DROP CONSTRAINT "CHK_a09220133e0bf2ddf930efdb6f"`);
    await queryRunner.query(
      `ALTER TABLE "internship" ADD CONSTRAINT "CHK_64ed099aff9b31b7955e299878" CHECK ("status" IN ('PROPOSED', 'AGREED', 'ACTIVE', 'PAUSED', 'COMPLETED', 'ENDED_EARLY', 'CANCELLED'))`,
    );
    await queryRunner.query(`ALTER TABLE "internship" DROP COLUMN "hold_reminded_at"`);
    await queryRunner.query(`ALTER TABLE "internship" DROP COLUMN "hold_expires_at"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP CONSTRAINT "CHK_3648e1fb540d1a610c933e2f5e"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "hold_expiry_days"`);
  }
}
