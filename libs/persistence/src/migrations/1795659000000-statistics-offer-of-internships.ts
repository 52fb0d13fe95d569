import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One organisation's seat-days are those of the placements where it placed a student in the
 * period. They were summed from those placements' rows in `statistics_placement`, joined by id:
 * with tens of thousands of them (the national benchmark's school) that read every placement's
 * row (370 ms of a 400 ms report). Each internship's row now carries its placement's offer (seats
 * and dates; the consumer rewrites a placement's internships when it changes already), so the
 * organisation's placements come from its own rows alone (an index holds all a report needs of
 * them); the seats taken on them come from an index of internships by placement.
 *
 * The table is derived: it is emptied and its consumer's checkpoint removed, so the next run (or
 * report) fills it whole with the new columns, as when it was made.
 */
export class StatisticsOfferOfInternships1795659000000 implements MigrationInterface {
  name = 'StatisticsOfferOfInternships1795659000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "change_checkpoint" WHERE "consumer" = 'statistics'`);
    await queryRunner.query(`DELETE FROM "statistics_internship"`);
    await queryRunner.query(
      `ALTER TABLE "statistics_internship" ADD "seats" int NOT NULL, ADD "available_from" date NOT NULL, ADD "available_until" date`,
    );
    await queryRunner.query(`DROP INDEX "statistics_internship_organisation"`);
    await queryRunner.query(`CREATE INDEX "statistics_internship_organisation" ON "statistics_internship" ("organisation_id", "start_date")
      INCLUDE ("end_date", "status", "placement_id", "seats", "available_from", "available_until", "sector", "placement_type", "employer_kind")`);
    await queryRunner.query(`DROP INDEX "statistics_internship_placement"`);
    await queryRunner.query(
      `CREATE INDEX "statistics_internship_placement" ON "statistics_internship" ("placement_id") INCLUDE ("status", "start_date", "end_date")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "change_checkpoint" WHERE "consumer" = 'statistics'`);
    await queryRunner.query(`DELETE FROM "statistics_internship"`);
    await queryRunner.query(`DROP INDEX "statistics_internship_placement"`);
    await queryRunner.query(`CREATE INDEX "statistics_internship_placement" ON "statistics_internship" ("placement_id")`);
    await queryRunner.query(`DROP INDEX "statistics_internship_organisation"`);
    await queryRunner.query(`CREATE INDEX "statistics_internship_organisation" ON "statistics_internship" ("organisation_id", "start_date")`);
    await queryRunner.query(`ALTER TABLE "statistics_internship" DROP "seats", DROP "available_from", DROP "available_until"`);
  }
}
