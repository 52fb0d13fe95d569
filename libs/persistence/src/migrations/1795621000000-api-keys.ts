import { MigrationInterface, QueryRunner } from "typeorm";

/** API keys for other tools (hashed, scoped) and the OpenID Connect subject of each user. */
export class ApiKeys1795621000000 implements MigrationInterface {
    name = 'ApiKeys1795621000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "api_key" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "name" text NOT NULL, "scope" text NOT NULL, "secret_hash" text NOT NULL, "prefix" text NOT NULL, "created_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_abbf6ba3bf8db472d9014de88a" CHECK ("scope" IN ('READ', 'READ_WRITE')), CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_656bf45bf240ad0a5aced63ae5" ON "api_key"  ("organisation_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b227edd98d489363d65e908e60" ON "api_key"  ("secret_hash") `);
        await queryRunner.query(`ALTER TABLE "app_user" ADD "oidc_subject" text`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_31b8f7e918eba91c5531dfc5c5" ON "app_user"  ("oidc_subject") WHERE "oidc_subject" IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "api_key" ADD CONSTRAINT "FK_656bf45bf240ad0a5aced63ae53" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "api_key" ADD CONSTRAINT "FK_bc384f746acb69e6648c136803b" FOREIGN KEY ("created_by_user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "api_key" DROP CONSTRAINT "FK_bc384f746acb69e6648c136803b"`);
        await queryRunner.query(`ALTER TABLE "api_key" DROP CONSTRAINT "FK_656bf45bf240ad0a5aced63ae53"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_31b8f7e918eba91c5531dfc5c5"`);
        await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "oidc_subject"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_b227edd98d489363d65e908e60"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_656bf45bf240ad0a5aced63ae5"`);
        await queryRunner.query(`DROP TABLE "api_key"`);
    }

}
