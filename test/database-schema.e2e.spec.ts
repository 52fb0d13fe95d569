import { APP_ROLE, SCHEMA, applySchema } from '@stagebank/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The schema folder (libs/persistence/src/schema) is the one current definition of what the
 * database does by itself. These tests hold the migrated database to it: nothing undeclared, and
 * nothing that differs from its declaration.
 */
async function catalogue(db: Pick<DataSource, 'query'>): Promise<Map<string, string>> {
  const rows: Array<{ key: string; definition: string }> = await db.query(`
    SELECT 'function ' || p.proname AS key, pg_get_functiondef(p.oid) AS definition
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public' AND p.prokind = 'f'
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    UNION ALL
    SELECT 'trigger ' || t.tgname, pg_get_triggerdef(t.oid)
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND NOT t.tgisinternal
    UNION ALL
    SELECT 'view ' || c.relname, pg_get_viewdef(c.oid, true) || ' grants: ' || coalesce(array_to_string(c.relacl, ','), '')
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'v'
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
    UNION ALL
    SELECT 'policy ' || tablename || '.' || policyname, concat_ws(' | ', cmd, roles::text, qual, with_check)
      FROM pg_policies WHERE schemaname = 'public'`);
  return new Map(rows.map((row) => [row.key, row.definition]));
}

/** Thrown to roll a transaction back after reading what it would change. */
class Rollback extends Error {}

describe('the schema folder', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Without background jobs: applying the folder takes its tables' strongest locks, and a job's
    // transaction holding one of them while it waits for another would deadlock with it.
    t = await startTestApp({ JOBS_IN_PROCESS: 'false' });
  });
  afterAll(() => t.close());

  it('declares every trigger, function, view and policy the migrated database holds, and nothing it lacks', async () => {
    const declared = SCHEMA.map((object) => `${object.kind} ${object.name}`).sort();
    expect([...(await catalogue(t.db)).keys()].sort()).toEqual(declared);
  });

  /**
   * What applying the folder would change in the database as it is (read inside one transaction
   * that is rolled back). `drift` runs first in the same transaction, to show the check can fail.
   */
  async function differences(drift?: (tx: EntityManager) => Promise<unknown>, attempt = 1): Promise<string[]> {
    let changed: string[] = [];
    let deadlocked = false;
    await t.db
      .transaction(async (tx) => {
        if (drift) await drift(tx);
        const before = await catalogue(tx);
        await applySchema(tx);
        const after = await catalogue(tx);
        changed = [...after.keys()].filter((key) => after.get(key) !== before.get(key));
        throw new Rollback();
      })
      .catch((error: unknown) => {
        // A local job's read may hold a lock the folder's DDL waits for, and the other way round:
        // PostgreSQL then aborts one side (40P01), and the usual remedy is to run again.
        if ((error as { driverError?: { code?: string } }).driverError?.code === '40P01' && attempt < 3) deadlocked = true;
        else if (!(error instanceof Rollback)) throw error;
      });
    if (deadlocked) return differences(drift, attempt + 1);
    return changed;
  }

  it('holds each with the definition the folder gives it: applying the folder again changes nothing', async () => {
    expect(await differences()).toEqual([]);
  });

  it('notices a definition that drifted from the folder (a migration that redefined a function, say)', async () => {
    const drifted = await differences((tx) =>
      tx.query(`CREATE OR REPLACE FUNCTION "change_carry"("row" jsonb, "keys" text[]) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$ SELECT "row" $$`),
    );
    expect(drifted).toEqual(['function change_carry']);
  });

  it('keeps school-private tables under row-level security for the application role', async () => {
    const rows: Array<{ table: string; on: boolean }> = await t.db.query(
      `SELECT c.relname AS table, c.relrowsecurity AS on FROM pg_class c JOIN pg_policies p ON p.tablename = c.relname WHERE $1 = ANY(p.roles)`,
      [APP_ROLE],
    );
    expect(rows.length).toBeGreaterThanOrEqual(7);
    expect(rows.filter((row) => !row.on)).toEqual([]);
  });
});
