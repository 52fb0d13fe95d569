import { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys read student data only when granted it, key by key; existing keys are not granted. */
export class ApiKeyStudentAccess1795632000000 implements MigrationInterface {
  name = 'ApiKeyStudentAccess1795632000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_key" ADD "student_access" boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_key" DROP COLUMN "student_access"`);
  }
}
