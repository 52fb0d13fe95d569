import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How an approach of an employer ended (placement agreed, no capacity, busy until a day, not
 * suitable, no answer, other), and the employer's own cap on approaches a month. Outcomes feed the
 * employer's approach signals: a pause proposal and "does not respond".
 */
export class ApproachOutcomes1795643100000 implements MigrationInterface {
  name = 'ApproachOutcomes1795643100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "employer_approach" ADD "outcome" text`);
    await queryRunner.query(`ALTER TABLE "employer_approach" ADD "busy_until" date`);
    await queryRunner.query(`ALTER TABLE "employer_approach" ADD "outcome_note" text`);
    await queryRunner.query(
      `ALTER TABLE "employer_approach" ADD CONSTRAINT "CHK_a3d5b51a779645d80f7f9dd6a3" CHECK ("outcome" IN ('PLACEMENT_AGREED', 'NO_CAPACITY_NOW', 'BUSY_UNTIL', 'NOT_SUITABLE', 'NO_ANSWER', 'OTHER'))`,
    );
    await queryRunner.query(`ALTER TABLE "employer_approach" ADD CONSTRAINT "CHK_f3df10cf78ee626fa3f3848aa7" CHECK (("outcome" = 'BUSY_UNTIL') = ("busy_until" IS NOT NULL))`);
    await queryRunner.query(`ALTER TABLE "employer" ADD "max_approaches_per_month" integer`);
    await queryRunner.query(`ALTER TABLE "employer" ADD CONSTRAINT "CHK_d0d1831df04ed88f3943bb188f" CHECK ("max_approaches_per_month" BETWEEN 1 AND 100)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "employer" DROP CONSTRAINT "CHK_d0d1831df04ed88f3943bb188f"`);
    await queryRunner.query(`ALTER TABLE "employer" DROP COLUMN "max_approaches_per_month"`);
    await queryRunner.query(`ALTER TABLE "employer_approach" DROP CONSTRAINT "CHK_f3df10cf78ee626fa3f3848aa7"`);
    await queryRunner.query(`ALTER TABLE "employer_approach" DROP CONSTRAINT "CHK_a3d5b51a779645d80f7f9dd6a3"`);
    await queryRunner.query(`ALTER TABLE "employer_approach" DROP COLUMN "outcome_note"`);
    await queryRunner.query(`ALTER TABLE "employer_approach" DROP COLUMN "busy_until"`);
    await queryRunner.query(`ALTER TABLE "employer_approach" DROP COLUMN "outcome"`);
  }
}
