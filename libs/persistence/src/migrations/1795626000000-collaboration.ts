import { REGION_OF_POSTCODE_SQL } from '@stagebank/domain';
import { MigrationInterface, QueryRunner } from 'typeorm';

const SHARED_TABLES = ['contact_person', 'employer_note', 'experience', 'employer_approach'];

/**
 * Working together on employers: contact persons, notes, schools' experiences and who is
 * approaching an employer; and the labour-market region of each site, derived from its postcode
 * by the database unless set explicitly (also for rows written outside the service).
 */
export class Collaboration1795626000000 implements MigrationInterface {
  name = 'Collaboration1795626000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "contact_person" ("created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "id" uuid NOT NULL DEFAULT gen_random_uuid(), "employer_id" uuid NOT NULL, "site_id" uuid, "name" text NOT NULL, "role" text, "phone" text, "email" text, "created_by_organisation_id" uuid, CONSTRAINT "CHK_2fdfa47fc791cbc14828993c04" CHECK ("phone" IS NOT NULL OR "email" IS NOT NULL), CONSTRAINT "PK_12d9c34f76290c4e2ad2aa5e33f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_9a77736fe8ed1d173f8a109fdf" ON "contact_person"  ("employer_id") `);
    await queryRunner.query(`CREATE TABLE "employer_note" ("employer_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "user_id" uuid, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "text" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ec58046fc55c9a855f221ba8415" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_ce5ab2ecece9f20f19c45520da" ON "employer_note"  ("employer_id") `);
    await queryRunner.query(`CREATE TABLE "experience" ("employer_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "user_id" uuid, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "internship_id" uuid, "supervision_quality" smallint NOT NULL, "audience_fit" smallint NOT NULL, "would_place_again" smallint NOT NULL, "text" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_f8105b291b784c5c18fc20e625" CHECK ("supervision_quality" BETWEEN 1 AND 5 AND "audience_fit" BETWEEN 1 AND 5 AND "would_place_again" BETWEEN 1 AND 5), CONSTRAINT "PK_5e8d5a534100e1b17ee2efa429a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_36571042efd92b54817870e5d4" ON "experience"  ("employer_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_07dcf1bb9b32e37bf182de9761" ON "experience"  ("internship_id") WHERE "internship_id" IS NOT NULL`);
    await queryRunner.query(`CREATE TABLE "employer_approach" ("employer_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "user_id" uuid, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "purpose" text NOT NULL, "since" date NOT NULL, "until" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_a0b6ef183e28abab491653dd7e" CHECK ("until" >= "since"), CONSTRAINT "PK_b052d315617f925366df8a48e80" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_aada9eedf4cbc3ff91938ff320" ON "employer_approach"  ("employer_id") `);
    await queryRunner.query(`ALTER TABLE "site" ADD "region" text`);
    await queryRunner.query(`CREATE INDEX "IDX_691659db05821fd4c4b7cc0530" ON "site"  ("region") `);
    await queryRunner.query(`ALTER TABLE "site" ADD CONSTRAINT "CHK_f7f920e487b0f5d93eae331722" CHECK ("region" IN ('ACHTERHOEK', 'AMERSFOORT', 'DRECHTSTEDEN', 'DRENTHE', 'FLEVOLAND', 'FOOD_VALLEY', 'FRIESLAND', 'GOOI_EN_VECHTSTREEK', 'GORINCHEM', 'GRONINGEN', 'GROOT_AMSTERDAM', 'HAAGLANDEN', 'HELMOND_DE_PEEL', 'HOLLAND_RIJNLAND', 'MIDDEN_BRABANT', 'MIDDEN_GELDERLAND', 'MIDDEN_HOLLAND', 'MIDDEN_LIMBURG', 'MIDDEN_UTRECHT', 'NOORD_HOLLAND_NOORD', 'NOORD_LIMBURG', 'NOORDOOST_BRABANT', 'RIJK_VAN_NIJMEGEN', 'RIJNMOND', 'RIVIERENLAND', 'STEDENDRIEHOEK_EN_NOORDWEST_VELUWE', 'TWENTE', 'WEST_BRABANT', 'ZAANSTREEK_WATERLAND', 'ZEELAND', 'ZUID_HOLLAND_CENTRAAL', 'ZUID_KENNEMERLAND_EN_IJMOND', 'ZUID_LIMBURG', 'ZUIDOOST_BRABANT', 'ZWOLLE'))`);
    await queryRunner.query(`ALTER TABLE "contact_person" ADD CONSTRAINT "FK_9a77736fe8ed1d173f8a109fdf8" FOREIGN KEY ("employer_id") REFERENCES "employer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "contact_person" ADD CONSTRAINT "FK_51a12e691d6ebf82d97e288f8f2" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "employer_note" ADD CONSTRAINT "FK_ce5ab2ecece9f20f19c45520da3" FOREIGN KEY ("employer_id") REFERENCES "employer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "employer_note" ADD CONSTRAINT "FK_033721da3fe526820786189da34" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "employer_note" ADD CONSTRAINT "FK_ce3c37c54271cc33f079929936d" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "experience" ADD CONSTRAINT "FK_36571042efd92b54817870e5d49" FOREIGN KEY ("employer_id") REFERENCES "employer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "experience" ADD CONSTRAINT "FK_1758db494729317aaf6d5a28e89" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "experience" ADD CONSTRAINT "FK_62c0623650986849f3fc1d148e7" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "experience" ADD CONSTRAINT "FK_0087546da67959f58aa7817c98a" FOREIGN KEY ("internship_id") REFERENCES "internship"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "employer_approach" ADD CONSTRAINT "FK_aada9eedf4cbc3ff91938ff3204" FOREIGN KEY ("employer_id") REFERENCES "employer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "employer_approach" ADD CONSTRAINT "FK_4334ff735ddfb63596fc555deff" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "employer_approach" ADD CONSTRAINT "FK_67d29b0e34a1b2f3dfcf80a92f4" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);

    // A site's region follows its postcode unless the same write sets the region itself.
    await queryRunner.query(`CREATE FUNCTION "site_region_from_postcode"() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
      IF NEW.region IS NULL OR (TG_OP = 'UPDATE' AND NEW.postcode IS DISTINCT FROM OLD.postcode AND NEW.region IS NOT DISTINCT FROM OLD.region) THEN
       NEW.region := ${REGION_OF_POSTCODE_SQL('NEW.postcode')};
      END IF;
      RETURN NEW;
     END $$`);
    await queryRunner.query(`CREATE TRIGGER "site_region" BEFORE INSERT OR UPDATE ON "site" FOR EACH ROW EXECUTE FUNCTION "site_region_from_postcode"()`);
    await queryRunner.query(`UPDATE "site" SET "region" = ${REGION_OF_POSTCODE_SQL('"postcode"')}`);
    // Experiences weigh in matching; the shared tables are audited like employers.
    await queryRunner.query(`CREATE TRIGGER "experience_bumps_matching_version" AFTER INSERT OR UPDATE OR DELETE ON "experience" FOR EACH STATEMENT EXECUTE FUNCTION "bump_matching_version"()`);
    for (const table of SHARED_TABLES) {
      await queryRunner.query(`CREATE TRIGGER "${table}_audit" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "audit_row"()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of SHARED_TABLES) await queryRunner.query(`DROP TRIGGER "${table}_audit" ON "${table}"`);
    await queryRunner.query(`DROP TRIGGER "experience_bumps_matching_version" ON "experience"`);
    await queryRunner.query(`DROP TRIGGER "site_region" ON "site"`);
    await queryRunner.query(`DROP FUNCTION "site_region_from_postcode"()`);
    await queryRunner.query(`ALTER TABLE "employer_approach" DROP CONSTRAINT "FK_67d29b0e34a1b2f3dfcf80a92f4"`);
    await queryRunner.query(`ALTER TABLE "employer_approach" DROP CONSTRAINT "FK_4334ff735ddfb63596fc555deff"`);
    await queryRunner.query(`ALTER TABLE "employer_approach" DROP CONSTRAINT "FK_aada9eedf4cbc3ff91938ff3204"`);
    await queryRunner.query(`ALTER TABLE "experience" DROP CONSTRAINT "FK_0087546da67959f58aa7817c98a"`);
    await queryRunner.query(`ALTER TABLE "experience" DROP CONSTRAINT "FK_62c0623650986849f3fc1d148e7"`);
    await queryRunner.query(`ALTER TABLE "experience" DROP CONSTRAINT "FK_1758db494729317aaf6d5a28e89"`);
    await queryRunner.query(`ALTER TABLE "experience" DROP CONSTRAINT "FK_36571042efd92b54817870e5d49"`);
    await queryRunner.query(`ALTER TABLE "employer_note" DROP CONSTRAINT "FK_ce3c37c54271cc33f079929936d"`);
    await queryRunner.query(`ALTER TABLE "employer_note" DROP CONSTRAINT "FK_033721da3fe526820786189da34"`);
    await queryRunner.query(`ALTER TABLE "employer_note" DROP CONSTRAINT "FK_ce5ab2ecece9f20f19c45520da3"`);
    await queryRunner.query(`ALTER TABLE "contact_person" DROP CONSTRAINT "FK_51a12e691d6ebf82d97e288f8f2"`);
    await queryRunner.query(`ALTER TABLE "contact_person" DROP CONSTRAINT "FK_9a77736fe8ed1d173f8a109fdf8"`);
    await queryRunner.query(`ALTER TABLE "site" DROP CONSTRAINT "CHK_f7f920e487b0f5d93eae331722"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_691659db05821fd4c4b7cc0530"`);
    await queryRunner.query(`ALTER TABLE "site" DROP COLUMN "region"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_aada9eedf4cbc3ff91938ff320"`);
    await queryRunner.query(`DROP TABLE "employer_approach"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_07dcf1bb9b32e37bf182de9761"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_36571042efd92b54817870e5d4"`);
    await queryRunner.query(`DROP TABLE "experience"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ce5ab2ecece9f20f19c45520da"`);
    await queryRunner.query(`DROP TABLE "employer_note"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9a77736fe8ed1d173f8a109fdf"`);
    await queryRunner.query(`DROP TABLE "contact_person"`);
  }

}
