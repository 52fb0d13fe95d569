import { MigrationInterface, QueryRunner } from "typeorm";
import { APP_ROLE } from '../app-role';

/**
 * Saved groups of a school's students (issue 17), to plan together again. Both tables are
 * school-private: their row-level-security policies come from the schema folder
 * (SCHOOL_PRIVATE_TABLES), applied after the migrations.
 */

export class StudentGroups1795650000000 implements MigrationInterface {
    name = 'StudentGroups1795650000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "student_group" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1bd5a468c54488b86d50a117f15" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_5915dce3c04a42de4b275d9880" ON "student_group"  ("organisation_id", "name") `);
        await queryRunner.query(`CREATE TABLE "student_group_member" ("group_id" uuid NOT NULL, "student_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, CONSTRAINT "PK_e642e0f727304bb55d758366257" PRIMARY KEY ("group_id", "student_id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_a54be9ebb5ff93a53347b1ec8e" ON "student_group_member"  ("organisation_id") `);
        await queryRunner.query(`ALTER TABLE "student_group" ADD CONSTRAINT "FK_505d397075a4f953c5e5e1d754b" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "student_group_member" ADD CONSTRAINT "FK_ab8476812193119f0aabd81ffc0" FOREIGN KEY ("group_id") REFERENCES "student_group"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "student_group_member" ADD CONSTRAINT "FK_7381e4c39ef72716e84da059b38" FOREIGN KEY ("student_id") REFERENCES "student_profile"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "student_group", "student_group_member" TO ${APP_ROLE}`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "student_group_member" DROP CONSTRAINT "FK_7381e4c39ef72716e84da059b38"`);
        await queryRunner.query(`ALTER TABLE "student_group_member" DROP CONSTRAINT "FK_ab8476812193119f0aabd81ffc0"`);
        await queryRunner.query(`ALTER TABLE "student_group" DROP CONSTRAINT "FK_505d397075a4f953c5e5e1d754b"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_a54be9ebb5ff93a53347b1ec8e"`);
        await queryRunner.query(`DROP TABLE "student_group_member"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_5915dce3c04a42de4b275d9880"`);
        await queryRunner.query(`DROP TABLE "student_group"`);
    }

}
