import { Injectable } from '@nestjs/common';
import { LabourMarketRegion } from '@stagebank/domain';
import { EmployerEntity, EmployerHostingInterestEntity, PlacementEntity, SiteEntity, SupervisorEntity } from '@stagebank/persistence';
import { DeepPartial, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { UNSEEN } from '../changes/change-stream';
import { NearInput } from '../common/geo.types';
import { Connection, PageArgs, paginate } from '../common/pagination';
import { AreaRepository } from '../common/repository';
import type { EmployerFilter } from './employer.types';

/** A likely duplicate pair as stored: the two employers, how alike their names, how far apart. */
export interface DuplicatePair {
  a: string;
  b: string;
  similarity: number;
  distance: number;
}

/**
 * The employers area's SQL: employers, their sites and supervisors, hosting interest, duplicates
 * and merging (see ARCHITECTURE.md, "Where SQL lives").
 */
@Injectable()
export class EmployerRepository extends AreaRepository {
  // Employers

  findEmployer(id: string): Promise<EmployerEntity | null> {
    return this.manager.findOneBy(EmployerEntity, { id });
  }

  findEmployerByKvk(kvkNumber: string): Promise<EmployerEntity | null> {
    return this.manager.findOneBy(EmployerEntity, { kvkNumber });
  }

  employerExists(id: string): Promise<boolean> {
    return this.manager.existsBy(EmployerEntity, { id });
  }

  findEmployers(ids: string[]): Promise<EmployerEntity[]> {
    return this.manager.getRepository(EmployerEntity).findBy({ id: In(ids) });
  }

  /** A page of employers by name. */
  listEmployers(filter: EmployerFilter | undefined, page: PageArgs): Promise<Connection<EmployerEntity>> {
    const query = this.manager.getRepository(EmployerEntity).createQueryBuilder('e');
    if (filter?.search) {
      query.andWhere(`unaccent(lower(e.name)) LIKE '%' || unaccent(lower(:search)) || '%'`, { search: filter.search.trim() });
    }
    if (filter?.kvkNumber) query.andWhere('e.kvk_number = :kvk', { kvk: filter.kvkNumber });
    if (filter?.kinds?.length) query.andWhere('e.kind IN (:...kinds)', { kinds: filter.kinds });
    if (filter?.sectors?.length) query.andWhere('e.sectors && :sectors::text[]', { sectors: filter.sectors });
    if (filter?.statuses?.length) query.andWhere('e.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter?.place) {
      query.andWhere('EXISTS (SELECT 1 FROM site s WHERE s.employer_id = e.id AND lower(s.place) = lower(:place))', { place: filter.place.trim() });
    }
    return paginate(
      query,
      page,
      'e.name',
      (e) => e.name,
      (e) => e,
    );
  }

  /** A page, by name, of employers not stopped that nobody confirmed current for `olderThanDays` (or ever); with a site in `region` if given. */
  listStaleEmployers(olderThanDays: number, region: LabourMarketRegion | undefined, page: PageArgs): Promise<Connection<EmployerEntity>> {
    const query = this.manager
      .getRepository(EmployerEntity)
      .createQueryBuilder('e')
      .where(`(e.last_verified_at IS NULL OR e.last_verified_at < now() - make_interval(days => :days))`, { days: olderThanDays })
      .andWhere(`e.status <> 'STOPPED'`);
    if (region) query.andWhere(`EXISTS (SELECT 1 FROM site s WHERE s.employer_id = e.id AND s.region = :region)`, { region });
    return paginate(
      query,
      page,
      'e.name',
      (e) => e.name,
      (e) => e,
    );
  }

  insertEmployer(values: DeepPartial<EmployerEntity>): Promise<EmployerEntity> {
    return this.manager.save(this.manager.create(EmployerEntity, values));
  }

  /** Saves the employer with the changes applied. */
  updateEmployer(employer: EmployerEntity, changes: DeepPartial<EmployerEntity>): Promise<EmployerEntity> {
    return this.manager.save(this.manager.merge(EmployerEntity, employer, changes));
  }

  /** Sets the employer's placements verified as of `at`. */
  async verifyPlacementsOf(employerId: string, at: Date): Promise<void> {
    await this.manager.query(`UPDATE placement SET last_verified_at = $2 WHERE site_id IN (SELECT id FROM site WHERE employer_id = $1)`, [employerId, at]);
  }

  // Sites and supervisors

  findSite(id: string): Promise<SiteEntity | null> {
    return this.manager.findOneBy(SiteEntity, { id });
  }

  findSiteOrFail(id: string): Promise<SiteEntity> {
    return this.manager.findOneByOrFail(SiteEntity, { id });
  }

  siteExists(id: string): Promise<boolean> {
    return this.manager.existsBy(SiteEntity, { id });
  }

  insertSite(values: DeepPartial<SiteEntity>): Promise<SiteEntity> {
    return this.manager.save(this.manager.create(SiteEntity, values));
  }

  updateSite(site: SiteEntity, changes: DeepPartial<SiteEntity>): Promise<SiteEntity> {
    return this.manager.save(this.manager.merge(SiteEntity, site, changes));
  }

  siteHasPlacements(siteId: string): Promise<boolean> {
    return this.manager.existsBy(PlacementEntity, { siteId });
  }

  countSitesOf(employerId: string): Promise<number> {
    return this.manager.countBy(SiteEntity, { employerId });
  }

  async deleteSite(id: string): Promise<void> {
    await this.manager.delete(SiteEntity, { id });
  }

  /** Sets whether the site is wheelchair accessible, verified at `at` by the user; whether the site was there. */
  async verifyWheelchairAccess(id: string, wheelchairAccessible: boolean, at: Date, byUserId: string): Promise<boolean> {
    const { affected } = await this.manager.update(
      SiteEntity,
      { id },
      { wheelchairAccessible, wheelchairVerifiedAt: at, wheelchairVerifiedByUserId: byUserId },
    );
    return !!affected;
  }

  findSupervisor(id: string): Promise<SupervisorEntity | null> {
    return this.manager.findOneBy(SupervisorEntity, { id });
  }

  findSupervisorOrFail(id: string): Promise<SupervisorEntity> {
    return this.manager.findOneByOrFail(SupervisorEntity, { id });
  }

  insertSupervisor(values: DeepPartial<SupervisorEntity>): Promise<SupervisorEntity> {
    return this.manager.save(this.manager.create(SupervisorEntity, values));
  }

  /** Inserts the site's supervisors in one statement. */
  async insertSupervisors(rows: Array<QueryDeepPartialEntity<SupervisorEntity>>): Promise<void> {
    await this.manager.insert(SupervisorEntity, rows);
  }

  updateSupervisor(supervisor: SupervisorEntity, changes: DeepPartial<SupervisorEntity>): Promise<SupervisorEntity> {
    return this.manager.save(this.manager.merge(SupervisorEntity, supervisor, changes));
  }

  /** Sets whether the supervisor is trained (and the training, if given), verified at `at` by the user; whether the supervisor was there. */
  async verifySupervisorTraining(id: string, trained: boolean, training: string | null | undefined, at: Date, byUserId: string): Promise<boolean> {
    const { affected } = await this.manager.update(
      SupervisorEntity,
      { id },
      {
        trained,
        ...(training !== undefined && { training }),
        trainingVerifiedAt: at,
        trainingVerifiedByUserId: byUserId,
      },
    );
    return !!affected;
  }

  /** Whether there was such a supervisor. */
  async deleteSupervisor(id: string): Promise<boolean> {
    const { affected } = await this.manager.delete(SupervisorEntity, { id });
    return !!affected;
  }

  // Hosting interest

  /** Records (or replaces) the employer's interest for the school year and returns it as stored. */
  async upsertHostingInterest(
    employerId: string,
    schoolYear: string,
    values: Omit<DeepPartial<EmployerHostingInterestEntity>, 'employerId' | 'schoolYear'>,
  ): Promise<EmployerHostingInterestEntity> {
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(EmployerHostingInterestEntity)
      .values({ employerId, schoolYear, ...values })
      .orUpdate([...Object.keys(values).map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)), 'recorded_at'], ['employer_id', 'school_year'])
      .execute();
    return this.manager.findOneByOrFail(EmployerHostingInterestEntity, { employerId, schoolYear });
  }

  // Duplicates and merging

  /**
   * The likely duplicate pairs, most alike first; with `near`, only pairs where either employer
   * has a site in that circle.
   */
  duplicatePairs(first: number, near: NearInput | null): Promise<DuplicatePair[]> {
    // With an area: pairs where either employer has a site in it.
    const area = near ? `WHERE d.employer_a IN (SELECT employer_id FROM here) OR d.employer_b IN (SELECT employer_id FROM here)` : '';
    const here = near
      ? `WITH here AS (SELECT DISTINCT employer_id FROM site WHERE ST_DWithin(location, ST_SetSRID(ST_MakePoint($3, $2), 4326)::geography, $4))`
      : '';
    return this.manager.query(
      `${here}
       SELECT d.employer_a AS a, d.employer_b AS b, d.name_similarity::float8 AS similarity, d.distance_m::float8 AS distance
         FROM employer_duplicate d ${area}
        ORDER BY d.name_similarity DESC, d.distance_m, d.employer_a, d.employer_b
        LIMIT $1`,
      [first, ...(near ? [near.latitude, near.longitude, near.radiusKm * 1000] : [])],
    );
  }

  /**
   * Compares again, with their neighbours as committed now, every employer that is new or renamed,
   * or whose site was added, removed, moved or given another address or employer, in the changes
   * committed since `since` (a change-stream checkpoint); returns those employers. Other changes
   * (a pause, a contact, a site's opening hours) can neither make nor end a pair: comparing on each
   * of them cost PostgreSQL about 10 ms per write at national scale, and running the comparison for
   * no employers at all about 18 ms.
   * Waits at most `lockTimeoutMs` for a pair another transaction holds (then fails with lock_not_available).
   */
  async refreshDuplicatesChangedSince(since: string, { lockTimeoutMs }: { lockTimeoutMs: number }): Promise<string[]> {
    await this.manager.query(`SELECT set_config('lock_timeout', $1, true)`, [`${lockTimeoutMs}ms`]);
    const placed = (row: string) => `(${row}->>'employer_id', ${row}->>'postcode', lower(${row}->>'house_number'), ${row}->'location')`;
    const [row] = await this.manager.query(
      `WITH sites AS (
         SELECT c.old, c.new FROM change_log c
          WHERE ${UNSEEN('$1')} AND c.entity = 'site' AND (c.op <> 'UPDATE' OR ${placed('c.old')} IS DISTINCT FROM ${placed('c.new')})
       ), changed AS (
         SELECT DISTINCT id FROM (
           SELECT (new->>'employer_id')::uuid AS id FROM sites
           UNION ALL
           SELECT (old->>'employer_id')::uuid FROM sites
           UNION ALL
           SELECT c.entity_id FROM change_log c
            WHERE ${UNSEEN('$1')} AND c.entity = 'employer' AND (c.op = 'INSERT' OR (c.op = 'UPDATE' AND c.old->>'name' IS DISTINCT FROM c.new->>'name'))
         ) ids WHERE id IS NOT NULL
       ), refreshed AS (
         -- Called only with employers to compare: planning its statements costs milliseconds even for none.
         SELECT employer_duplicates_refresh(ARRAY(SELECT id FROM changed)) WHERE EXISTS (SELECT 1 FROM changed)
       )
       SELECT ARRAY(SELECT id::text FROM changed) AS employers, (SELECT count(*) FROM refreshed)::int AS done`,
      [since],
    );
    return row.employers;
  }

  /** The employers, holding their rows until the transaction ends, locked in id order (so two merges cannot deadlock). */
  lockEmployers(ids: string[]): Promise<EmployerEntity[]> {
    return this.manager
      .getRepository(EmployerEntity)
      .createQueryBuilder('e')
      .where('e.id IN (:...ids)', { ids })
      .orderBy('e.id')
      .setLock('pessimistic_write')
      .getMany();
  }

  /** Holds notification inserts until the transaction ends. */
  async holdNotificationInserts(): Promise<void> {
    await this.manager.query(`LOCK TABLE notification IN SHARE ROW EXCLUSIVE MODE`);
  }

  /** Clears the merged employer's open Boris flag (by the user) when the kept one has an open flag too. */
  async clearMergedOpenBorisFlag(keepId: string, mergeId: string, byUserId: string): Promise<void> {
    await this.manager.query(
      `UPDATE boris_flag SET cleared_at = now(), cleared_by_user_id = $3
          WHERE employer_id = $2 AND cleared_at IS NULL AND EXISTS (SELECT 1 FROM boris_flag WHERE employer_id = $1 AND cleared_at IS NULL)`,
      [keepId, mergeId, byUserId],
    );
  }

  /** Points every reference (table and column, in turn) from the merged employer to the kept one. */
  async moveReferences(references: ReadonlyArray<{ table: string; column: string }>, keepId: string, mergeId: string): Promise<void> {
    for (const { table, column } of references) {
      await this.manager.query(`UPDATE ${table} SET ${column} = $1 WHERE ${column} = $2`, [keepId, mergeId]);
    }
  }

  async deleteEmployer(id: string): Promise<void> {
    await this.manager.delete(EmployerEntity, { id });
  }
}
