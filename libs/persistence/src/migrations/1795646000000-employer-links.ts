import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Employers keep their own listing current: signed, expiring links (the token is the row's id and
 * expiry, signed; the row says whether it was revoked and how the employer answered), the yearly
 * rounds per region, and the audit naming an employer who acted through its link.
 */
export class EmployerLinks1795646000000 implements MigrationInterface {
  name = 'EmployerLinks1795646000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "employer_link_round" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "region" text NOT NULL, "school_year" text NOT NULL, "started_by_user_id" uuid, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_ebafc80a4b9b845842535ea19ba" UNIQUE ("region", "school_year"), CONSTRAINT "CHK_f77f6a5ab7b0bb49df6fccdb68" CHECK ("region" IN ('ACHTERHOEK', 'AMERSFOORT', 'DRECHTSTEDEN', 'DRENTHE', 'FLEVOLAND', 'FOOD_VALLEY', 'FRIESLAND', 'GOOI_EN_VECHTSTREEK', 'GORINCHEM', 'GRONINGEN', 'GROOT_AMSTERDAM', 'HAAGLANDEN', 'HELMOND_DE_PEEL', 'HOLLAND_RIJNLAND', 'MIDDEN_BRABANT', 'MIDDEN_GELDERLAND', 'MIDDEN_HOLLAND', 'MIDDEN_LIMBURG', 'MIDDEN_UTRECHT', 'NOORD_HOLLAND_NOORD', 'NOORD_LIMBURG', 'NOORDOOST_BRABANT', 'RIJK_VAN_NIJMEGEN', 'RIJNMOND', 'RIVIERENLAND', 'STEDENDRIEHOEK_EN_NOORDWEST_VELUWE', 'TWENTE', 'WEST_BRABANT', 'ZAANSTREEK_WATERLAND', 'ZEELAND', 'ZUID_HOLLAND_CENTRAAL', 'ZUID_KENNEMERLAND_EN_IJMOND', 'ZUID_LIMBURG', 'ZUIDOOST_BRABANT', 'ZWOLLE')), CONSTRAINT "PK_30cc403e37fcfed612e48d69301" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "employer_link" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "employer_id" uuid NOT NULL, "round_id" uuid, "created_by_user_id" uuid, "created_by_organisation_id" uuid, "school_year" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "opened_at" TIMESTAMP WITH TIME ZONE, "answered_at" TIMESTAMP WITH TIME ZONE, "answer" text, CONSTRAINT "CHK_2b0c9ac5fe3c718eae683795eb" CHECK ("school_year" ~ '^[0-9]{4}-[0-9]{4}$'), CONSTRAINT "CHK_9a4c8a2b78d56ea7ba94675593" CHECK ("answer" IN ('CONFIRMED', 'CORRECTED', 'PAUSED')), CONSTRAINT "PK_1327da5d9ce277dbf0a4cfc88b8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_30cc403e37fcfed612e48d6930" ON "employer_link"("round_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_5ff5ee22ebbcbdb4549b196b24" ON "employer_link"("employer_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "employer_link" ADD CONSTRAINT "FK_5ff5ee22ebbcbdb4549b196b240" FOREIGN KEY ("employer_id") REFERENCES "employer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "employer_link" ADD CONSTRAINT "FK_30cc403e37fcfed612e48d69301" FOREIGN KEY ("round_id") REFERENCES "employer_link_round"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD "actor_employer_id" uuid`);
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD "actor_employer_link_id" uuid`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "actor_employer_link_id"`);
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "actor_employer_id"`);
    await queryRunner.query(`DROP TABLE "employer_link"`);
    await queryRunner.query(`DROP TABLE "employer_link_round"`);
  }
}
