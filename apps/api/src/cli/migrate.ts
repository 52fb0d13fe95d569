import { migrateDatabase } from '@stagebank/persistence';
import { withDatabase } from './with-database';

const USAGE = 'usage: npm run migrate -- [up | down | status]';

/** `up` applies pending migrations, `down` reverts the latest one, `status` lists them. */
void withDatabase(async (dataSource) => {
  const command = process.argv[2] ?? 'up';
  if (command === 'up') {
    const applied = await migrateDatabase(dataSource);
    console.log(applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'nothing to apply');
  } else if (command === 'down') {
    await dataSource.undoLastMigration({ transaction: 'each' });
    console.log('reverted the latest migration');
  } else if (command === 'status') {
    const executed = new Set((await dataSource.query('SELECT name FROM typeorm_migration').catch(() => [])).map((r: { name: string }) => r.name));
    for (const migration of dataSource.migrations) console.log(`${executed.has(migration.name!) ? '[x]' : '[ ]'} ${migration.name}`);
  } else {
    console.error(USAGE);
    process.exitCode = 2;
  }
});
