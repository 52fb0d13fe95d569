import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import type { DatabaseTarget } from '../common/config.provider';
import { DATABASE_TARGET } from '../common/config.provider';

/**
 * This process's one LISTEN connection: it announces NOTIFYs (a committed change, a new
 * notification) to whoever in the process follows a channel, so workers wake at once instead of
 * at their next poll. The embedded database serves one session, so there nothing listens and the
 * followers' polls do the work; on PostgreSQL a lost connection is re-made, and `reconnected`
 * fires so followers can catch up on what they may have missed meanwhile.
 */
@Injectable()
export class DatabaseListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DatabaseListener');
  private readonly events = new EventEmitter().setMaxListeners(0);
  private readonly channels = new Set<string>();
  private client: Client | null = null;
  private closing = false;

  constructor(@Inject(DATABASE_TARGET) private readonly database: DatabaseTarget) {}

  /** Calls `listener` on every NOTIFY on `channel` (and after a reconnect); returns the function that stops it. */
  follow(channel: string, listener: () => void): () => void {
    this.channels.add(channel);
    this.events.on(channel, listener);
    return () => this.events.off(channel, listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.database.singleConnection) await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.database.url });
    client.on('notification', (message) => this.events.emit(message.channel));
    client.on('error', (error) => {
      this.logger.warn(`LISTEN connection lost (${error.message}); polling until it is back`);
      this.client = null;
      client.end().catch(() => undefined);
      if (!this.closing) setTimeout(() => void this.connect(), 1000).unref();
    });
    try {
      await client.connect();
      for (const channel of this.channels) await client.query(`LISTEN ${channel}`);
      this.client = client;
      // Anything that happened while not listening.
      for (const channel of this.channels) this.events.emit(channel);
    } catch (error) {
      this.logger.warn(`cannot LISTEN (${(error as Error).message}); polling`);
      await client.end().catch(() => undefined);
      if (!this.closing) setTimeout(() => void this.connect(), 1000).unref();
    }
  }
}
