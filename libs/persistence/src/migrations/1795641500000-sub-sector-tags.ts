import { MigrationInterface, QueryRunner } from 'typeorm';

const TAGS = `ARRAY['GARDEN_CENTRE', 'FLORIST', 'PET_SHOP', 'PETTING_FARM', 'PUBLIC_GREEN', 'IN_STORE_BAKERY', 'CARE_HOME_RESTAURANT', 'CARE_HOME_FACILITIES', 'CHILDCARE', 'SPORTS_CANTEEN', 'BIKE_SHOP', 'DIY_STORE', 'WEBSHOP_WAREHOUSE', 'SECOND_HAND_SHOP', 'HAIR_AND_BEAUTY_SHOP', 'CATERING']::text[]`;

/**
 * Sub-sector tags on placements and employers (a garden centre within retail), so matching can
 * offer the close alternative to a preferred sector: the garden centre before the supermarket.
 */
export class SubSectorTags1795641500000 implements MigrationInterface {
  name = 'SubSectorTags1795641500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "placement" ADD "tags" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "employer" ADD "tags" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "placement" ADD CONSTRAINT "CHK_24957e32b1eaaa967eadc12abb" CHECK ("tags" <@ ${TAGS})`);
    await queryRunner.query(`ALTER TABLE "employer" ADD CONSTRAINT "CHK_0a2663f9186ceffd5efa361c29" CHECK ("tags" <@ ${TAGS})`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "employer" DROP CONSTRAINT "CHK_0a2663f9186ceffd5efa361c29"`);
    await queryRunner.query(`ALTER TABLE "placement" DROP CONSTRAINT "CHK_24957e32b1eaaa967eadc12abb"`);
    await queryRunner.query(`ALTER TABLE "employer" DROP COLUMN "tags"`);
    await queryRunner.query(`ALTER TABLE "placement" DROP COLUMN "tags"`);
  }
}
