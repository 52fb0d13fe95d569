import { CHANGE_CHANNEL, CHANGE_FEED_KEYS, CHANGE_FEEDS } from '../change-feeds';
import type { SchemaObject } from './schema-object';

/** The change stream's writer: one statement-level trigger per feeding table (change-feeds.ts says which, and what a change carries). */
export const CHANGE_STREAM: SchemaObject[] = [
  {
    kind: 'function',
    name: 'change_carry',
    sql: `CREATE OR REPLACE FUNCTION "change_carry"("row" jsonb, "keys" text[]) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE WHEN "row" IS NULL THEN NULL
                  ELSE coalesce((SELECT jsonb_object_agg(key, value) FROM jsonb_each("row") WHERE key = ANY("keys")), '{}'::jsonb) END $$`,
  },
  {
    kind: 'function',
    name: 'record_change',
    // One function for every table (its arguments: the columns to carry, and the key column when it is not "id");
    // statement-level, so a bulk write costs one call.
    sql: `CREATE OR REPLACE FUNCTION "record_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE carried text[] := string_to_array(TG_ARGV[0], ',');
              "key" text := coalesce(TG_ARGV[1], 'id');
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO change_log (entity, op, entity_id, new)
          SELECT TG_TABLE_NAME, TG_OP, (n.j->>"key")::uuid, change_carry(n.j, carried) FROM (SELECT to_jsonb(n) AS j FROM new_rows n) n;
        ELSIF TG_OP = 'UPDATE' THEN
          INSERT INTO change_log (entity, op, entity_id, old, new)
          SELECT TG_TABLE_NAME, TG_OP, coalesce(n.j->>"key", o.j->>"key")::uuid, change_carry(o.j, carried), change_carry(n.j, carried)
            FROM (SELECT to_jsonb(n) AS j FROM new_rows n) n FULL JOIN (SELECT to_jsonb(o) AS j FROM old_rows o) o ON o.j->>"key" = n.j->>"key"
           WHERE n.j IS DISTINCT FROM o.j;
        ELSE
          INSERT INTO change_log (entity, op, entity_id, old)
          SELECT TG_TABLE_NAME, TG_OP, (o.j->>"key")::uuid, change_carry(o.j, carried) FROM (SELECT to_jsonb(o) AS j FROM old_rows o) o;
        END IF;
        IF FOUND THEN PERFORM pg_notify('${CHANGE_CHANNEL}', ''); END IF;
        RETURN NULL;
      END $$`,
  },
  ...Object.entries(CHANGE_FEEDS).flatMap(([table, carried]): SchemaObject[] => {
    const key = CHANGE_FEED_KEYS[table];
    const call = `EXECUTE FUNCTION "record_change"('${carried.join(',')}'${key ? `, '${key}'` : ''})`;
    return [
      {
        kind: 'trigger',
        name: `${table}_change_insert`,
        sql: `CREATE OR REPLACE TRIGGER "${table}_change_insert" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT ${call}`,
      },
      {
        kind: 'trigger',
        name: `${table}_change_update`,
        sql: `CREATE OR REPLACE TRIGGER "${table}_change_update" AFTER UPDATE ON "${table}" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT ${call}`,
      },
      {
        kind: 'trigger',
        name: `${table}_change_delete`,
        sql: `CREATE OR REPLACE TRIGGER "${table}_change_delete" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT ${call}`,
      },
    ];
  }),
];
