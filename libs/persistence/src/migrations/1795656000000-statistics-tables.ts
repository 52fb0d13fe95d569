import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Placement statistics' own tables (apps/api/src/statistics/statistics-tables.ts keeps them from
 * the change stream), so a report sums stored figures instead of joining every internship of the
 * period with its placement, site, employer, student, outcome, praktijkverklaringen and
 * certificates, and every placement with its site and employer, per report (2–3 s nationally):
 * - `statistics_internship`: one row per internship, with what the figures need of it. Whether it
 *   is unaccounted for depends on the day, so only whether an outcome was recorded is kept.
 * - `statistics_placement`: one row per placement, with what it offers (seats, dates) and its
 *   groups; the consumer reads it to take a placement's old offer back out of the next table.
 * - `statistics_seat_change`: by group and day, how many more (or fewer) seats are offered and
 *   taken from that day on (a placement adds its seats on its first day and takes them away the
 *   day after its last; an internship that took place takes one seat for its days likewise):
 *   seat-days in any period are summed from these without reading placements or internships. The
 *   region is '' for a site without one, so the groups can be a primary key.
 *
 * Only the owner reads them (the statistics read past row-level security, and let only counts
 * out). They start empty and their consumer without a checkpoint: its first run fills them.
 */
export class StatisticsTables1795656000000 implements MigrationInterface {
  name = 'StatisticsTables1795656000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "statistics_internship" (
      "id" uuid PRIMARY KEY, "organisation_id" uuid NOT NULL, "placement_id" uuid NOT NULL, "status" text NOT NULL,
      "start_date" date NOT NULL, "end_date" date NOT NULL, "outcome_recorded" boolean NOT NULL,
      "sector" text NOT NULL, "placement_type" text NOT NULL, "employer_kind" text NOT NULL, "region" text,
      "first_choice" text, "known_student" boolean NOT NULL, "travel_km" double precision,
      "destination" text, "early_end_reason" text, "praktijkverklaringen" int NOT NULL, "certificates" text[] NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "statistics_internship_start_date" ON "statistics_internship" ("start_date")`);
    await queryRunner.query(`CREATE INDEX "statistics_internship_organisation" ON "statistics_internship" ("organisation_id", "start_date")`);
    await queryRunner.query(`CREATE INDEX "statistics_internship_placement" ON "statistics_internship" ("placement_id")`);
    await queryRunner.query(`CREATE TABLE "statistics_placement" (
      "id" uuid PRIMARY KEY, "seats" int NOT NULL, "available_from" date NOT NULL, "available_until" date,
      "sector" text NOT NULL, "placement_type" text NOT NULL, "employer_kind" text NOT NULL, "region" text NOT NULL)`);
    await queryRunner.query(`CREATE TABLE "statistics_seat_change" (
      "sector" text NOT NULL, "placement_type" text NOT NULL, "employer_kind" text NOT NULL, "region" text NOT NULL,
      "day" date NOT NULL, "offered" bigint NOT NULL, "taken" bigint NOT NULL,
      PRIMARY KEY ("sector", "placement_type", "employer_kind", "region", "day"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "change_checkpoint" WHERE "consumer" = 'statistics'`);
    await queryRunner.query(`DROP TABLE "statistics_seat_change"`);
    await queryRunner.query(`DROP TABLE "statistics_placement"`);
    await queryRunner.query(`DROP TABLE "statistics_internship"`);
  }
}
