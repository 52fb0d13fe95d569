import { MigrationInterface, QueryRunner } from 'typeorm';

const MATCHED_TABLES = ['employer', 'site', 'supervisor', 'placement', 'internship', 'sbb_recognition', 'boris_flag'];

/**
 * One row whose version goes up with every write to data that matching reads. The in-memory
 * matching index compares it (one cheap read) to know when to rebuild; being a row, not a
 * sequence, it changes only when the writing transaction commits.
 */
export class MatchingVersion1795612000000 implements MigrationInterface {
  name = 'MatchingVersion1795612000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "matching_version" ("id" boolean PRIMARY KEY DEFAULT true CHECK ("id"), "version" bigint NOT NULL DEFAULT 0)`);
    await queryRunner.query(`INSERT INTO "matching_version" DEFAULT VALUES`);
    await queryRunner.query(`CREATE FUNCTION "bump_matching_version"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN UPDATE "matching_version" SET "version" = "version" + 1; RETURN NULL; END $$`);
    for (const table of MATCHED_TABLES) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_bumps_matching_version" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "bump_matching_version"()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of MATCHED_TABLES) await queryRunner.query(`DROP TRIGGER "${table}_bumps_matching_version" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION "bump_matching_version"()`);
    await queryRunner.query(`DROP TABLE "matching_version"`);
  }
}
