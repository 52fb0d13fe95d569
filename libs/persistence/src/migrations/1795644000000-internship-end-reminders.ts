import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders at an internship's planned end: the end sweep sets end_reminded_at when it tells the
 * coach (an OUTCOME_DUE notification) to record the outcome and an evaluation.
 */
export class InternshipEndReminders1795644000000 implements MigrationInterface {
  name = 'InternshipEndReminders1795644000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "internship" ADD "end_reminded_at" TIMESTAMP WITH TIME ZONE`);
    // Internships that ended before this deploy are not reminded all at once: they show on the
    // school's unaccounted-for list instead.
    await queryRunner.query(`UPDATE "internship" SET "end_reminded_at" = now() WHERE "end_date" < (now() AT TIME ZONE 'UTC')::date`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "CHK_7096b33f509a0e95017f5a06f5"`);
    await queryRunner.query(
      `ALTER TABLE "notification" ADD CONSTRAINT "CHK_f85ba1a2c3160d12d34a85c2fb" CHECK ("kind" IN ('SEAT_FREED', 'PLACEMENT_OPENED', 'HOLD_EXPIRING', 'OUTCOME_DUE'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "notification" WHERE "kind" = 'OUTCOME_DUE'`);
    await queryRunner.query(`DELETE FROM "notification_event" WHERE "kind" = 'OUTCOME_DUE'`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "CHK_f85ba1a2c3160d12d34a85c2fb"`);
    await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "CHK_7096b33f509a0e95017f5a06f5" CHECK ("kind" IN ('SEAT_FREED', 'PLACEMENT_OPENED', 'HOLD_EXPIRING'))`);
    await queryRunner.query(`ALTER TABLE "internship" DROP COLUMN "end_reminded_at"`);
  }
}
