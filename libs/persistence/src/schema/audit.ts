import type { SchemaObject } from './schema-object';

/**
 * Tables whose every insert, update and delete is written to the audit log, with who did it: a user,
 * an API key, or an employer through its own link (actor_employer_id, actor_employer_link_id).
 */
export const AUDITED_TABLES = [
  'employer',
  'placement',
  'internship',
  'sbb_recognition',
  'boris_flag',
  'contact_person',
  'employer_note',
  'employer_approach',
  'experience',
  'employer_hosting_interest',
  'site',
  'supervisor',
] as const;

export const AUDIT: SchemaObject[] = [
  {
    kind: 'function',
    name: 'audit_row',
    sql: `CREATE OR REPLACE FUNCTION "audit_row"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_row jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END;
        new_row jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END;
      BEGIN
        INSERT INTO audit_entry (actor_user_id, actor_organisation_id, actor_api_key_id, actor_employer_id, actor_employer_link_id,
                                 action, entity, entity_id, organisation_id, before, after)
        VALUES (NULLIF(current_setting('stagebank.user_id', true), '')::uuid,
                NULLIF(current_setting('stagebank.organisation_id', true), '')::uuid,
                NULLIF(current_setting('stagebank.api_key_id', true), '')::uuid,
                NULLIF(current_setting('stagebank.link_employer_id', true), '')::uuid,
                NULLIF(current_setting('stagebank.employer_link_id', true), '')::uuid,
                TG_OP, TG_TABLE_NAME, (COALESCE(new_row, old_row) ->> 'id')::uuid,
                CASE WHEN TG_TABLE_NAME = 'internship' THEN (COALESCE(new_row, old_row) ->> 'organisation_id')::uuid END,
                old_row, new_row);
        RETURN NULL;
      END $$`,
  },
  ...AUDITED_TABLES.map((table): SchemaObject => ({
    kind: 'trigger',
    name: `${table}_audit`,
    sql: `CREATE OR REPLACE TRIGGER "${table}_audit" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "audit_row"()`,
  })),
];
