import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hosting interest per school year: whether an employer means to host students (actively looking,
 * interested, not this year, has students through another route), with reasons for not hosting.
 */
export class HostingInterest1795645000000 implements MigrationInterface {
  name = 'HostingInterest1795645000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "employer_hosting_interest" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "employer_id" uuid NOT NULL, "school_year" text NOT NULL, "interest" text NOT NULL, "reasons" text array NOT NULL DEFAULT '{}', "note" text, "recorded_by_user_id" uuid, "recorded_by_organisation_id" uuid, "recorded_by_employer_link_id" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_a98cdf6dcf089d83f890665b012" UNIQUE ("employer_id", "school_year"), CONSTRAINT "CHK_f57c87561a58be3e9703958602" CHECK ("school_year" ~ '^[0-9]{4}-[0-9]{4}$'), CONSTRAINT "CHK_9e71512ef5e3a3035b9a8eb128" CHECK ("reasons" <@ ARRAY['NO_SUPERVISOR', 'TOO_BUSY', 'NO_SUITABLE_WORK', 'REORGANISATION', 'BAD_EXPERIENCE', 'ENOUGH_STUDENTS', 'OTHER']::text[]), CONSTRAINT "CHK_8c50805ae8002202f37255bd4e" CHECK ("interest" IN ('ACTIVELY_LOOKING', 'INTERESTED', 'NOT_THIS_YEAR', 'HAS_STUDENTS_ELSEWHERE')), CONSTRAINT "PK_f442e26d1f4822b0c8239cf1385" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "employer_hosting_interest" ADD CONSTRAINT "FK_9ee2890fb797855e0fceec3dc15" FOREIGN KEY ("employer_id") REFERENCES "employer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "employer_hosting_interest"`);
  }
}
