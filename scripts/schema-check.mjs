#!/usr/bin/env node
// The schema policy's CI check (npm run schema:check, .ci/run): compares the current schema
// (schema/schema.graphql) with the last released one (schema/released.graphql) using
// @graphql-inspector/core, and fails on any breaking change that schema/breaking-allowed.txt does
// not list. It also fails on a @deprecated reason without the date convention (see
// schema/CHANGELOG.md), since "deprecate before removing" needs a date to remove after.
//
// Options (for tests and one-off checks): --released FILE --current FILE --allow FILE.
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : join(root, fallback);
};
const releasedFile = option('released', 'schema/released.graphql');
const currentFile = option('current', 'schema/schema.graphql');
const allowFile = option('allow', 'schema/breaking-allowed.txt');

// "Deprecated 2026-12-01: use `x` instead." — the date it was deprecated; removal no earlier than
// two releases and 90 days after it.
const DEPRECATION = /^Deprecated \d{4}-\d{2}-\d{2}: \S/;

const released = buildSchema(readFileSync(releasedFile, 'utf8'));
const current = buildSchema(readFileSync(currentFile, 'utf8'));
// One change a line: its path (e.g. `Query.oldField`, `PlacementKind.LEGACY`) or its type and path
// (`FIELD_REMOVED Query.oldField`); `#` starts a comment, which should say why and when.
const allowed = existsSync(allowFile)
  ? readFileSync(allowFile, 'utf8')
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim())
      .filter(Boolean)
  : [];
const isAllowed = (change) => allowed.some((entry) => entry === change.path || entry === `${change.type} ${change.path}`);

const problems = [];
for (const change of await diff(released, current)) {
  if (change.criticality.level !== CriticalityLevel.Breaking) continue;
  if (!isAllowed(change)) problems.push(`breaking: ${change.type} ${change.path ?? ''}: ${change.message}`);
}

// Every deprecation in the current schema states its date (fields, arguments, input fields, enum values).
for (const type of Object.values(current.getTypeMap())) {
  if (type.name.startsWith('__')) continue;
  const members = [...('getFields' in type ? Object.values(type.getFields()) : []), ...('getValues' in type ? type.getValues() : [])];
  for (const member of members) {
    const where = `${type.name}.${member.name}`;
    if (member.deprecationReason != null && !DEPRECATION.test(member.deprecationReason))
      problems.push(`deprecation without a date: ${where}: "${member.deprecationReason}" (write "Deprecated YYYY-MM-DD: why and what to use instead")`);
    for (const arg of member.args ?? [])
      if (arg.deprecationReason != null && !DEPRECATION.test(arg.deprecationReason))
        problems.push(`deprecation without a date: ${where}(${arg.name}): "${arg.deprecationReason}"`);
  }
}

if (problems.length) {
  console.error(`schema check failed against ${releasedFile}:\n  ${problems.join('\n  ')}`);
  console.error('Deprecate first; list a deliberate breaking change in schema/breaking-allowed.txt and schema/CHANGELOG.md.');
  process.exit(1);
}
console.log(`schema check: no unlisted breaking change against ${releasedFile}`);
