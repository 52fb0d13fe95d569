import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../app-role';

/** School-private like internships: each organisation sees only its own rows (row-level security). */
const PRIVATE_TABLES = ['internship_evaluation', 'internship_outcome', 'praktijkverklaring', 'certificate_award', 'follow_up'];
const MINE = `organisation_id = NULLIF(current_setting('stagebank.organisation_id', true), '')::uuid`;

/** Outcomes: evaluations, how an internship ended (destination, praktijkverklaringen, certificates), follow-up check-ins. */
export class Outcomes1795628000000 implements MigrationInterface {
  name = 'Outcomes1795628000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "internship_evaluation" ("internship_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "evaluated_on" date NOT NULL, "evaluator_user_id" uuid, "werkprocessen" jsonb NOT NULL DEFAULT '[]', "text" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3d7062d3456faca807fab87d011" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_ca8ff174d02cce103eecf92854" ON "internship_evaluation"  ("internship_id") `);
    await queryRunner.query(`CREATE TABLE "internship_outcome" ("internship_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "destination" text NOT NULL, "early_end_reason" text, "recorded_by_user_id" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_789448feb674938201cc59a04c" CHECK ("early_end_reason" IN ('SUPERVISION', 'STUDENT_FIT', 'MOTIVATION', 'HEALTH', 'TRAVEL', 'EMPLOYER_STOPPED', 'OTHER')), CONSTRAINT "CHK_bc59bcaed7e715b61f9626a665" CHECK ("destination" IN ('PAID_JOB_AT_EMPLOYER', 'PAID_JOB_ELSEWHERE', 'NEXT_PLACEMENT', 'DAY_ACTIVITY', 'SHELTERED_WORK', 'MBO_ENTREE_BBL', 'NONE_YET', 'UNKNOWN')), CONSTRAINT "PK_0eba6013488a2f9d0cba8e832a2" PRIMARY KEY ("internship_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_c57ba2c7b4624517364db69d3b" ON "internship_outcome"  ("organisation_id") `);
    await queryRunner.query(`CREATE TABLE "praktijkverklaring" ("internship_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "crebo" text NOT NULL, "werkprocessen" text array NOT NULL DEFAULT '{}', "issued_on" date NOT NULL, "issuing_school" text NOT NULL, CONSTRAINT "CHK_a448a61756144f1dcd95f14777" CHECK ("crebo" ~ '^[0-9]{5}$'), CONSTRAINT "PK_cd2c2248ac722f39e3c790628d1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_58b04fe267485fe137817758f1" ON "praktijkverklaring"  ("internship_id") `);
    await queryRunner.query(`CREATE TABLE "certificate_award" ("internship_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "name" text, "issued_on" date NOT NULL, CONSTRAINT "CHK_8e7622d533f577fc2bb823a785" CHECK ("kind" <> 'OTHER' OR "name" IS NOT NULL), CONSTRAINT "CHK_1b3f61f2072901ee4f0726d317" CHECK ("kind" IN ('VCA', 'BHV', 'EHBO', 'BASIC_CLEANING', 'OTHER')), CONSTRAINT "PK_8050418967765cb1242e2292bdf" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_6e6366c367a1d28c4932814d22" ON "certificate_award"  ("internship_id") `);
    await queryRunner.query(`CREATE TABLE "follow_up" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "student_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "checked_on" date NOT NULL, "situation" text NOT NULL, "note" text, "recorded_by_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_e9bd47b8697164b747a907655f" CHECK ("situation" IN ('PAID_JOB_AT_EMPLOYER', 'PAID_JOB_ELSEWHERE', 'NEXT_PLACEMENT', 'DAY_ACTIVITY', 'SHELTERED_WORK', 'MBO_ENTREE_BBL', 'NONE_YET', 'UNKNOWN')), CONSTRAINT "PK_5c0a5f5b32937e47e0ab09d596c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_6b21248ce797e198fa10b2750e" ON "follow_up"  ("student_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_97de42c6e49bd4382209db81ac" ON "follow_up"  ("organisation_id") `);
    await queryRunner.query(`ALTER TABLE "internship_evaluation" ADD CONSTRAINT "FK_ca8ff174d02cce103eecf928548" FOREIGN KEY ("internship_id") REFERENCES "internship"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "internship_evaluation" ADD CONSTRAINT "FK_f82b1bc6951907b662b5c7a162f" FOREIGN KEY ("evaluator_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "internship_outcome" ADD CONSTRAINT "FK_0eba6013488a2f9d0cba8e832a2" FOREIGN KEY ("internship_id") REFERENCES "internship"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "praktijkverklaring" ADD CONSTRAINT "FK_58b04fe267485fe137817758f17" FOREIGN KEY ("internship_id") REFERENCES "internship"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "certificate_award" ADD CONSTRAINT "FK_6e6366c367a1d28c4932814d221" FOREIGN KEY ("internship_id") REFERENCES "internship"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "follow_up" ADD CONSTRAINT "FK_6b21248ce797e198fa10b2750ee" FOREIGN KEY ("student_id") REFERENCES "student_profile"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    for (const table of PRIVATE_TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`CREATE POLICY "own_organisation" ON "${table}" TO ${APP_ROLE} USING (${MINE}) WITH CHECK (${MINE})`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of PRIVATE_TABLES) {
      await queryRunner.query(`DROP POLICY "own_organisation" ON "${table}"`);
    }
    await queryRunner.query(`ALTER TABLE "follow_up" DROP CONSTRAINT "FK_6b21248ce797e198fa10b2750ee"`);
    await queryRunner.query(`ALTER TABLE "certificate_award" DROP CONSTRAINT "FK_6e6366c367a1d28c4932814d221"`);
    await queryRunner.query(`ALTER TABLE "praktijkverklaring" DROP CONSTRAINT "FK_58b04fe267485fe137817758f17"`);
    await queryRunner.query(`ALTER TABLE "internship_outcome" DROP CONSTRAINT "FK_0eba6013488a2f9d0cba8e832a2"`);
    await queryRunner.query(`ALTER TABLE "internship_evaluation" DROP CONSTRAINT "FK_f82b1bc6951907b662b5c7a162f"`);
    await queryRunner.query(`ALTER TABLE "internship_evaluation" DROP CONSTRAINT "FK_ca8ff174d02cce103eecf928548"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_97de42c6e49bd4382209db81ac"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6b21248ce797e198fa10b2750e"`);
    await queryRunner.query(`DROP TABLE "follow_up"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6e6366c367a1d28c4932814d22"`);
    await queryRunner.query(`DROP TABLE "certificate_award"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_58b04fe267485fe137817758f1"`);
    await queryRunner.query(`DROP TABLE "praktijkverklaring"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c57ba2c7b4624517364db69d3b"`);
    await queryRunner.query(`DROP TABLE "internship_outcome"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ca8ff174d02cce103eecf92854"`);
    await queryRunner.query(`DROP TABLE "internship_evaluation"`);
  }
}
