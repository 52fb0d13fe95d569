import { Injectable, OnModuleInit } from '@nestjs/common';
import { APP_ROLE } from '@stagebank/persistence';
import type { PoolClient } from 'pg';
import { BeforeQueryEvent, DataSource, EntitySubscriberInterface, TransactionRollbackEvent } from 'typeorm';
import { requestViewer } from '../audit/request-context';

interface Scope {
  role: string;
  organisationId: string;
}

/** What each database connection was last set to; forgotten on a rollback, which may undo it. */
const scopes = new WeakMap<object, Scope>();
const clientOf = (event: { queryRunner: unknown }) => (event.queryRunner as { databaseConnection?: PoolClient }).databaseConnection;

/**
 * Before every query: a query made for a request runs as the application role with the request's
 * organisation set, so row-level security shows it only that organisation's students and
 * internships; any other query (migrations, the search worker, retention) runs as the owner.
 * The connection is switched only when it is set otherwise, so the usual cost is nothing.
 */
class DatabaseScopeSubscriber implements EntitySubscriberInterface {
  async beforeQuery(event: BeforeQueryEvent): Promise<void> {
    const client = clientOf(event);
    if (!client) return;
    const viewer = requestViewer.getStore();
    const want: Scope = viewer ? { role: APP_ROLE, organisationId: viewer.organisationId } : { role: 'none', organisationId: '' };
    const have = scopes.get(client);
    if (have?.role === want.role && have.organisationId === want.organisationId) return;
    await client.query(`SELECT set_config('role', $1, false), set_config('stagebank.organisation_id', $2, false)`, [want.role, want.organisationId]);
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
