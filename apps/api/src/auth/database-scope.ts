import { Injectable, OnModuleInit } from '@nestjs/common';
import { APP_ROLE } from '@stagebank/persistence';
import type { PoolClient } from 'pg';
import { BeforeQueryEvent, DataSource, EntitySubscriberInterface, TransactionRollbackEvent } from 'typeorm';
import { ANY_SCOPE, currentEmployerLink, requestViewer } from './request-context';
import { actingUserId } from './viewer';

/** The role and the caller a connection is set to (the audit trigger reads the caller too). */
interface Scope {
  role: string;
  organisationId: string;
  userId: string;
  apiKeyId: string;
  linkEmployerId: string;
  employerLinkId: string;
}

const same = (a: Scope | undefined, b: Scope) =>
  a !== undefined &&
  a.role === b.role &&
  a.organisationId === b.organisationId &&
  a.userId === b.userId &&
  a.apiKeyId === b.apiKeyId &&
  a.linkEmployerId === b.linkEmployerId &&
  a.employerLinkId === b.employerLinkId;

/** What each database connection was last set to; forgotten on a rollback, which may undo it. */
const scopes = new WeakMap<object, Scope>();
const clientOf = (event: { queryRunner: unknown }) => (event.queryRunner as { databaseConnection?: PoolClient }).databaseConnection;

/**
 * Before every query: a query made for a request runs as the application role with the request's
 * organisation set, so row-level security shows it only that organisation's students and
 * internships, and with its user and API key set, so the audit trigger names who acted; any other
 * query (migrations, the search worker, retention) runs as the owner, with no actor.
 * The connection is switched only when it is set otherwise, so the usual cost is nothing; work
 * marked `inAnyScope` (reads of tables without row-level security) runs as the connection is.
 */
class DatabaseScopeSubscriber implements EntitySubscriberInterface {
  async beforeQuery(event: BeforeQueryEvent): Promise<void> {
    const client = clientOf(event);
    if (!client) return;
    const viewer = requestViewer.getStore();
    if (viewer === ANY_SCOPE) return;
    const link = currentEmployerLink();
    const none = { linkEmployerId: '', employerLinkId: '' };
    const want: Scope = link
      ? { role: APP_ROLE, organisationId: '', userId: '', apiKeyId: '', linkEmployerId: link.employerId, employerLinkId: link.linkId }
      : viewer
        ? { role: APP_ROLE, organisationId: viewer.organisationId, userId: actingUserId(viewer) ?? '', apiKeyId: viewer.apiKey?.id ?? '', ...none }
        : { role: 'none', organisationId: '', userId: '', apiKeyId: '', ...none };
    if (same(scopes.get(client), want)) return;
    await client.query(
      `SELECT set_config('role', $1, false), set_config('stagebank.organisation_id', $2, false),
              set_config('stagebank.user_id', $3, false), set_config('stagebank.api_key_id', $4, false),
              set_config('stagebank.link_employer_id', $5, false), set_config('stagebank.employer_link_id', $6, false)`,
      [want.role, want.organisationId, want.userId, want.apiKeyId, want.linkEmployerId, want.employerLinkId],
    );
    scopes.set(client, want);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const client = clientOf(event);
    if (client) scopes.delete(client);
  }
}

@Injectable()
export class DatabaseScope implements OnModuleInit {
  constructor(private readonly db: DataSource) {}

  onModuleInit(): void {
    if (!this.db.subscribers.some((s) => s instanceof DatabaseScopeSubscriber)) this.db.subscribers.push(new DatabaseScopeSubscriber());
  }
}
