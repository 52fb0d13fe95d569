import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Qualifications (diplomas) apart from certificates: a placement may require some, a student holds
 * some. Each is { crebo, level, name } (libs/domain/src/qualifications.ts), kept as a JSON list on
 * its row: they are read with the row, never queried on their own.
 */
export class Qualifications1795641000000 implements MigrationInterface {
  name = 'Qualifications1795641000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "placement" ADD "required_qualifications" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "student_profile" ADD "qualifications" jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "student_profile" DROP COLUMN "qualifications"`);
    await queryRunner.query(`ALTER TABLE "placement" DROP COLUMN "required_qualifications"`);
  }
}
