import { loadConfig } from '@stagebank/config';
import { parseArgs } from 'node:util';
import { AuthRepository } from '../auth/auth.repository';
import { TokenService } from '../auth/token.service';
import { UsageError, withDatabase } from './with-database';

/**
 * `npm run token -- --user <id or e-mail> --org <id or name> [--hours 12]`: a bearer token for a
 * member, signed with AUTH_TOKEN_SECRET (which the service must share; without it each run of the
 * service makes up its own secret and `npm start` prints its own tokens).
 */
void withDatabase(async (db) => {
  const { values } = parseArgs({ options: { user: { type: 'string' }, org: { type: 'string' }, hours: { type: 'string', default: '12' } } });
  const config = loadConfig();
  if (!process.env.AUTH_TOKEN_SECRET)
    throw new UsageError('Set AUTH_TOKEN_SECRET (the same as the service uses): a token signed with another secret would not be accepted');
  if (!values.user || !values.org) throw new UsageError('Usage: npm run token -- --user <id or e-mail> --org <id or name> [--hours 12]');
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) throw new UsageError('--hours must be between 0 and 720');
  const uuid = /^[0-9a-f-]{36}$/i;
  const users = new AuthRepository(db);
  const user = await (uuid.test(values.user) ? users.findUser(values.user) : users.findUserByEmail(values.user.toLowerCase()));
  if (!user) throw new UsageError(`No user ${values.user}`);
  const memberships = await users.membershipsOf(user.id);
  const membership = memberships.find((m) => m.organisationId === values.org || m.organisation.name === values.org);
  if (!membership)
    throw new UsageError(
      `${user.displayName} is not a member of ${values.org}; member of: ${memberships.map((m) => m.organisation.name).join(', ') || 'nothing'}`,
    );
  console.log(new TokenService(config).sign({ sub: user.id, org: membership.organisationId }, hours * 3600));
});
