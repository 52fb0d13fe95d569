import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const current = readFileSync(join(root, 'schema/schema.graphql'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'stagebank-schema-'));

/** Runs the CI check (npm run schema:check) with the committed schema as the release and `next` as the current one. */
function check(next: string, allow = ''): { status: number | null; output: string } {
  writeFileSync(join(dir, 'current.graphql'), next);
  writeFileSync(join(dir, 'allow.txt'), allow);
  const run = spawnSync(
    process.execPath,
    ['scripts/schema-check.mjs', '--released', 'schema/schema.graphql', '--current', join(dir, 'current.graphql'), '--allow', join(dir, 'allow.txt')],
    { cwd: root, encoding: 'utf8' },
  );
  return { status: run.status, output: run.stdout + run.stderr };
}

describe('schema policy check (scripts/schema-check.mjs)', () => {
  it('passes the committed schema against the last release (schema/released.graphql)', () => {
    const run = spawnSync(process.execPath, ['scripts/schema-check.mjs'], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('fails on a removed field unless the allow file lists it', () => {
    const removed = current.replace(`  """The organisation's API keys, newest first (admins)."""\n  apiKeys(organisationId: ID): [ApiKey!]!\n`, '');
    expect(removed).not.toBe(current);
    const refused = check(removed);
    expect(refused.status).toBe(1);
    expect(refused.output).toContain('FIELD_REMOVED Query.apiKeys');
    expect(check(removed, '# dropped in 2.0\nQuery.apiKeys # replaced by organisation.apiKeys\n').status).toBe(0);
  });

  it('passes an added field, and asks a deprecation for its date', () => {
    expect(check(current.replace('type Query {\n', 'type Query {\n  added: Int\n')).status).toBe(0);
    const undated = check(
      current.replace('  apiKeys(organisationId: ID): [ApiKey!]!', '  apiKeys(organisationId: ID): [ApiKey!]! @deprecated(reason: "use something else")'),
    );
    expect(undated.status).toBe(1);
    expect(undated.output).toContain('deprecation without a date: Query.apiKeys');
    const dated = check(
      current.replace(
        '  apiKeys(organisationId: ID): [ApiKey!]!',
        '  apiKeys(organisationId: ID): [ApiKey!]! @deprecated(reason: "Deprecated 2026-12-01: use organisation.apiKeys")',
      ),
    );
    expect(dated.status).toBe(0);
  });
});
