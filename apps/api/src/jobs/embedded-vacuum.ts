import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATABASE_TARGET, type DatabaseTarget } from '../common/config.provider';
import { JobRunner } from './job-runner';

const EVERY_MS = 10 * 60_000;

/**
 * Autovacuum's work, for the embedded database. PGlite runs PostgreSQL as one standalone backend,
 * which starts no autovacuum launcher (`autovacuum` reads `on`, and nothing comes): without this
 * job its tables would keep every dead row, nothing would ever run ANALYZE for the planner, no page
 * would be marked all-visible (so no index-only scan), and transaction ids would never be frozen,
 * after about two billion of which PostgreSQL refuses writes.
 *
 * Every ten minutes it picks the tables as autovacuum's default thresholds would, counted from live
 * rows (autovacuum counts from the planner's row estimate): vacuum at 20 % of the rows dead or
 * inserted since the last vacuum (plus 50 and 1,000), analyse at 10 % changed since the last
 * analysis (plus 50). Before them, the whole database once its oldest unfrozen transaction id is as
 * old as autovacuum would allow. Each statement holds the one connection while it runs; a school's
 * tables are small. On PostgreSQL it does nothing: autovacuum is there, and the operator's.
 */
@Injectable()
export class EmbeddedVacuum {
  private readonly logger = new Logger('EmbeddedVacuum');

  constructor(
    private readonly db: DataSource,
    @Inject(DATABASE_TARGET) private readonly database: DatabaseTarget,
    jobs: JobRunner,
  ) {
    // Registered on PostgreSQL too (doing nothing), so the job names and switches stay the same.
    jobs.register({ name: 'embedded-vacuum', kind: 'singleton', everyMs: EVERY_MS, firstAfterMs: 60_000, run: () => this.run() });
  }

  /** One round; returns the number of tables vacuumed or analysed. */
  async run(): Promise<number> {
    if (!this.database.singleConnection) return 0;
    const [{ old }] = await this.db.query(
      `SELECT age(datfrozenxid) >= current_setting('autovacuum_freeze_max_age')::int AS old FROM pg_database WHERE datname = current_database()`,
    );
    if (old) await this.db.query('VACUUM');
    const due: Array<{ name: string; vacuum: boolean }> = await this.db.query(
      `SELECT format('%I.%I', schemaname, relname) AS name,
              n_dead_tup > 50 + 0.2 * n_live_tup OR n_ins_since_vacuum > 1000 + 0.2 * n_live_tup AS vacuum
         FROM pg_stat_user_tables
        WHERE n_dead_tup > 50 + 0.2 * n_live_tup OR n_ins_since_vacuum > 1000 + 0.2 * n_live_tup
           OR n_mod_since_analyze > 50 + 0.1 * n_live_tup`,
    );
    let done = 0;
    for (const table of due) {
      // One table's failure (dropped since it was listed, say) leaves the others their turn.
      try {
        await this.db.query(table.vacuum ? `VACUUM (ANALYZE) ${table.name}` : `ANALYZE ${table.name}`);
        done++;
      } catch (error) {
        this.logger.warn(`could not vacuum or analyse ${table.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return done;
  }
}
