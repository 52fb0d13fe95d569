import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { RESOLVERS } from './app.module';

export const SCHEMA_HEADER = '# Generated from the code by `npm run schema:emit`; do not edit by hand.\n\n';

/** The SDL as committed in schema/schema.graphql: sorted, so diffs show real changes only. */
export const printSdl = (schema: GraphQLSchema): string => SCHEMA_HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';

/** Builds the schema from the resolvers alone: no database or server needed. */
export async function buildSdl(): Promise<string> {
  const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
  await app.init();
  const schema = await app.get(GraphQLSchemaFactory).create(RESOLVERS);
  await app.close();
  return printSdl(schema);
}
