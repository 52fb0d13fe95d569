import { migrateDatabase } from '@stagebank/persistence';
import { seedDemoIfEmpty } from '../../../../seeds/demo-seed';
import { withDatabase } from './with-database';

/** Loads the demo network into an empty, migrated database. */
void withDatabase(async (dataSource) => {
  await migrateDatabase(dataSource);
  const summary = await seedDemoIfEmpty(dataSource);
  console.log(summary ? `demo data loaded: ${summary}` : 'the database already holds data; nothing loaded');
});
