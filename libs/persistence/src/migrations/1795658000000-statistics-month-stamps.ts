import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A stamp per month of internships' start dates, changed whenever the statistics consumer changes
 * what `statistics_internship` says of an internship that started in that month, so an API process
 * can keep a month's figures and sum them again until its stamp moves (statistics-figures.ts).
 * Writes that leave the figures as they were (an employer paused, a placement's seats) rewrite
 * rows without moving a stamp. The row for month `-infinity` is the fill's: a fill (a new or lapsed
 * consumer) sets it anew, so every figure kept before is read again. Derived data: it starts
 * empty, and no figure is kept yet when it is made.
 */
export class StatisticsMonthStamps1795658000000 implements MigrationInterface {
  name = 'StatisticsMonthStamps1795658000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "statistics_month_stamp" ("month" date PRIMARY KEY, "stamp" uuid NOT NULL)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "statistics_month_stamp"`);
  }
}
