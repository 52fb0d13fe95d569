import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The likely-duplicates job (apps/api/src/employers/duplicate-upkeep.ts) follows the change stream:
 * its checkpoint starts at the present (the triggers kept the pairs until now).
 */
export class DuplicatesConsumer1795654500000 implements MigrationInterface {
  name = 'DuplicatesConsumer1795654500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`INSERT INTO "change_checkpoint" ("consumer", "snapshot") VALUES ('duplicates', pg_current_snapshot()) ON CONFLICT DO NOTHING`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "change_checkpoint" WHERE "consumer" = 'duplicates'`);
  }
}
