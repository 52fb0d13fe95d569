import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSdl } from '../schema-sdl';

const target = join(__dirname, '../../../../../schema/schema.graphql');

buildSdl()
  .then((sdl) => {
    writeFileSync(target, sdl);
    console.log(`wrote ${target}`);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
