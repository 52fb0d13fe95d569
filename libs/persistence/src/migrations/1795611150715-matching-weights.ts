import { MigrationInterface, QueryRunner } from "typeorm";

export class MatchingWeights1795611150715 implements MigrationInterface {
    name = 'MatchingWeights1795611150715'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "matching_weights" ("organisation_id" uuid NOT NULL, "weights" jsonb NOT NULL, "updated_by_user_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6212c3185a6bc331c4218a39464" PRIMARY KEY ("organisation_id"))`);
        await queryRunner.query(`ALTER TABLE "matching_weights" ADD CONSTRAINT "FK_6212c3185a6bc331c4218a39464" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "matching_weights" ADD CONSTRAINT "FK_a53d04fe5748f33a0b810810069" FOREIGN KEY ("updated_by_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "matching_weights" DROP CONSTRAINT "FK_a53d04fe5748f33a0b810810069"`);
        await queryRunner.query(`ALTER TABLE "matching_weights" DROP CONSTRAINT "FK_6212c3185a6bc331c4218a39464"`);
        await queryRunner.query(`DROP TABLE "matching_weights"`);
    }

}
