import { Injectable } from '@nestjs/common';
import { addDays, todayIso } from '@stagebank/domain';
import { MatchingIndex } from '@stagebank/matching';
import { DataSource, EntityManager } from 'typeorm';
import { CandidateSource } from './candidate.source';

interface Built {
  version: bigint;
  day: string;
  index: MatchingIndex;
}

/** Internships and recognitions that ended up to this many days ago still count for periods that start in the past. */
const CLAIM_HISTORY_DAYS = 365;

/**
 * Keeps one MatchingIndex per process, current with the database: every query reads the
 * matching version (one row) and rebuilds when a write has moved it on, or when the day changes
 * (recognitions are read as of today). Concurrent queries share one rebuild.
 */
@Injectable()
export class MatchingIndexHolder {
  private built: Built | null = null;
  private building: Promise<void> | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly source: CandidateSource,
  ) {}

  async current(): Promise<MatchingIndex> {
    const wanted = await readVersion(this.db.manager);
    while (!this.built || this.built.version < wanted || this.built.day !== todayIso()) {
      this.building ??= this.rebuild().finally(() => (this.building = null));
      await this.building;
    }
    return this.built.index;
  }

  private async rebuild(): Promise<void> {
    const day = todayIso();
    // The version and the data come from one snapshot, so the index is exactly as of that version.
    this.built = await this.db.transaction('REPEATABLE READ', async (tx) => {
      const version = await readVersion(tx);
      const candidates = await this.source.find({ since: addDays(day, -CLAIM_HISTORY_DAYS) }, tx);
      return { version, day, index: new MatchingIndex(candidates) };
    });
  }
}

async function readVersion(manager: EntityManager): Promise<bigint> {
  const [row] = await manager.query('SELECT version FROM matching_version');
  return BigInt(row.version);
}
