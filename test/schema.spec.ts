import { GraphQLSchemaHost } from '@nestjs/graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSdl, printSdl } from '../apps/api/src/schema-sdl';
import { startTestApp, TestApp } from './support/test-app';

const committed = readFileSync(join(__dirname, '../schema/schema.graphql'), 'utf8');

describe('schema/schema.graphql', () => {
  it('is what the code generates (run `npm run schema:emit` after changing the API)', async () => {
    expect(await buildSdl()).toBe(committed);
  });

  it('is the schema the running service serves', async () => {
    const t: TestApp = await startTestApp();
    try {
      expect(printSdl(t.app.get(GraphQLSchemaHost).schema)).toBe(committed);
    } finally {
      await t.close();
    }
  });
});
