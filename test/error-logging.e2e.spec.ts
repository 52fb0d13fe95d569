import { MembershipRole } from '@stagebank/domain';
import { randomUUID } from 'node:crypto';
import { Factory } from './support/factories';
import { newEmployer } from './support/inputs';
import { TestApp, onlyError, startTestApp } from './support/test-app';

/**
 * A client mistake the database catches (a duplicate, a broken check) is the client's, not a
 * fault: it is answered with a code and logged once, at warn. A real fault is still logged at
 * error, once. The rules below are laid on the employer table for this file only, so the requests
 * are ordinary createEmployer calls that get past validation into the database.
 */

/** pino's levels. */
const WARN = 40;
const ERROR = 50;

interface LogLine {
  level: number;
  msg?: string;
  context?: string;
  [key: string]: unknown;
}

const UNIQUE_PREFIX = 'Logtest uniek';
const CHECKED = 'Logtest geweigerd door een check';
const FAULTY = 'Logtest fout aan onze kant';

describe('how errors are logged', () => {
  let t: TestApp;
  let token: string;
  const lines: LogLine[] = [];

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'warn' }, { stream: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) } });
    token = (await new Factory(t).member(MembershipRole.COORDINATOR)).token;
    await t.db.query(`CREATE UNIQUE INDEX logtest_unique_name ON employer (name) WHERE name LIKE '${UNIQUE_PREFIX}%'`);
    await t.db.query(`ALTER TABLE employer ADD CONSTRAINT logtest_checked_name CHECK (name <> '${CHECKED}') NOT VALID`);
    // A fault of ours, not the client's: an internal error (XX000) raised while writing.
    await t.db.query(`CREATE FUNCTION logtest_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.name = '${FAULTY}' THEN RAISE EXCEPTION 'logtest: a broken invariant' USING ERRCODE = 'XX000'; END IF; RETURN NEW; END $$`);
    await t.db.query(`CREATE TRIGGER logtest_fault BEFORE INSERT ON employer FOR EACH ROW EXECUTE FUNCTION logtest_fault()`);
  });

  afterAll(async () => {
    if (!t) return;
    await t.db.query(`DROP TRIGGER IF EXISTS logtest_fault ON employer`);
    await t.db.query(`DROP FUNCTION IF EXISTS logtest_fault()`);
    await t.db.query(`ALTER TABLE employer DROP CONSTRAINT IF EXISTS logtest_checked_name`);
    await t.db.query(`DROP INDEX IF EXISTS logtest_unique_name`);
    await t.close();
  });

  const createEmployer = (name: string) =>
    t.gql(`mutation ($i: CreateEmployerInput!) { createEmployer(input: $i) { id } }`, { i: newEmployer({ name, kvkNumber: null }) }, token);

  /** The lines logged while `work` runs. */
  async function logged(work: () => Promise<void>): Promise<LogLine[]> {
    const from = lines.length;
    await work();
    // pino writes synchronously to the destination; one turn lets any late logger finish.
    await new Promise((resolve) => setImmediate(resolve));
    return lines.slice(from);
  }

  it('logs a duplicate from a client once, at warn, and answers CONFLICT', async () => {
    const name = `${UNIQUE_PREFIX} ${randomUUID()}`;
    expect((await createEmployer(name)).errors).toBeUndefined();
    let code: string | undefined;
    const during = await logged(async () => {
      code = onlyError(await createEmployer(name)).extensions.code;
    });
    expect(code).toBe('CONFLICT');
    expect(during.filter((l) => l.level >= ERROR)).toEqual([]);
    const warnings = during.filter((l) => l.level === WARN);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toMatch(/23505.*logtest_unique_name/);
  });

  it('logs a broken check from a client once, at warn, and answers BAD_USER_INPUT', async () => {
    let code: string | undefined;
    const during = await logged(async () => {
      code = onlyError(await createEmployer(CHECKED)).extensions.code;
    });
    expect(code).toBe('BAD_USER_INPUT');
    expect(during.filter((l) => l.level >= ERROR)).toEqual([]);
    const warnings = during.filter((l) => l.level === WARN);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toMatch(/23514.*logtest_checked_name/);
  });

  it('still logs a fault of ours at error, once, and answers INTERNAL_SERVER_ERROR without its text', async () => {
    let error: ReturnType<typeof onlyError> | undefined;
    const during = await logged(async () => {
      error = onlyError(await createEmployer(FAULTY));
    });
    expect(error!.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error!.message).not.toMatch(/logtest/);
    const errors = during.filter((l) => l.level >= ERROR);
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toMatch(/logtest: a broken invariant/);
  });
});
