import 'reflect-metadata';
import { MIGRATIONS, buildDataSourceOptions } from '@stagebank/persistence';
import { DataSource } from 'typeorm';
import { scratchDatabase, TestDatabase } from './support/test-database';

const tables = async (db: DataSource): Promise<string[]> =>
  (await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`)).map(
    (r: { table_name: string }) => r.table_name,
  );

describe('migrations', () => {
  let database: TestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await scratchDatabase();
    db = new DataSource(buildDataSourceOptions({ url: database.url, poolSize: 1 }));
    await db.initialize();
  });

  afterAll(async () => {
    await db.destroy();
    await database.stop();
  });

  it('go up on an empty database and leave a schema exactly matching the entities', async () => {
    const applied = await db.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await tables(db)).toEqual(
      expect.arrayContaining([
        'employer',
        'site',
        'supervisor',
        'placement',
        'sbb_recognition',
        'boris_flag',
        'student_profile',
        'internship',
        'organisation',
        'membership',
        'app_user',
      ]),
    );
    const pending = await db.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('use a spatial (GiST) index for site locations', async () => {
    const [index] = await db.query(`SELECT indexdef FROM pg_indexes WHERE tablename = 'site' AND indexdef LIKE '%gist%'`);
    expect(index.indexdef).toContain('(location)');
  });

  it('go all the way down and up again', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await db.undoLastMigration({ transaction: 'each' });
    expect((await tables(db)).filter((t) => t !== 'typeorm_migration' && t !== 'spatial_ref_sys')).toEqual([]);
    expect(await db.query(`SELECT extname FROM pg_extension WHERE extname IN ('postgis', 'pg_trgm', 'unaccent')`)).toEqual([]);
    const again = await db.runMigrations({ transaction: 'each' });
    expect(again).toHaveLength(MIGRATIONS.length);
  });
});
