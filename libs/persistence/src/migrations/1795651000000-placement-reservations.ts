import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reserved placements (issue 19): a placement may be held for the school or initiative that
 * recruited its employer, up to and including a day. A reservation names its day; an organisation
 * that is deleted frees its reservations (the day left behind then means nothing).
 */
export class PlacementReservations1795651000000 implements MigrationInterface {
  name = 'PlacementReservations1795651000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "placement" ADD "reserved_for_organisation_id" uuid`);
    await queryRunner.query(`ALTER TABLE "placement" ADD "reserved_until" date`);
    await queryRunner.query(
      `ALTER TABLE "placement" ADD CONSTRAINT "CHK_7873b05059bc2b6d0b6d8cd774" CHECK ("reserved_for_organisation_id" IS NULL OR "reserved_until" IS NOT NULL)`,
    );
    await queryRunner.query(
      `ALTER TABLE "placement" ADD CONSTRAINT "FK_8060a2508ea15b56dc53bdf1e45" FOREIGN KEY ("reserved_for_organisation_id") REFERENCES "organisation"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "placement" DROP CONSTRAINT "FK_8060a2508ea15b56dc53bdf1e45"`);
    await queryRunner.query(`ALTER TABLE "placement" DROP CONSTRAINT "CHK_7873b05059bc2b6d0b6d8cd774"`);
    await queryRunner.query(`ALTER TABLE "placement" DROP COLUMN "reserved_until"`);
    await queryRunner.query(`ALTER TABLE "placement" DROP COLUMN "reserved_for_organisation_id"`);
  }
}
