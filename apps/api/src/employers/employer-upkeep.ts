import { Injectable } from '@nestjs/common';
import { Args, ArgsType, Field, Float, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { LabourMarketRegion } from '@stagebank/domain';
import { IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import { policy } from '../auth/policy';
import { CurrentViewer, Viewer } from '../auth/viewer';
import { IdArg } from '../common/id-arg';
import { Connection, PageArgs, mapConnection } from '../common/pagination';
import { StagebankError } from '../common/stagebank.error';
import { toEmployer } from './employer.mapper';
import { EmployerRepository } from './employer.repository';
import { NearInput } from '../common/geo.types';
import { Employer, EmployerConnection } from './employer.types';

@ArgsType()
export class StaleEmployersArgs extends PageArgs {
  @Field(() => Int, { defaultValue: 365, description: 'Not confirmed current for this many days (or never), 1–3650.' })
  @IsInt()
  @Min(1)
  @Max(3650)
  olderThanDays: number = 365;

  @Field(() => LabourMarketRegion, { nullable: true, description: 'Only employers with a site in this labour-market region.' })
  @IsOptional()
  @IsEnum(LabourMarketRegion)
  region?: LabourMarketRegion;
}

@ObjectType({ description: 'Two employers that are probably the same: similar names at (nearly) the same place.' })
export class DuplicateCandidate {
  @Field(() => Employer)
  first: Employer;

  @Field(() => Employer)
  second: Employer;

  @Field(() => Float, { description: 'Trigram similarity of the names, 0–1 (accents and case ignored).' })
  nameSimilarity: number;

  @Field(() => Float, { description: 'Metres between their nearest sites.' })
  distanceMeters: number;
}

/**
 * Keeping the shared employer list current: confirming an employer's details, the to-do list of
 * employers nobody confirmed for a while, likely duplicates, and merging two records into one.
 */
/**
 * Everything that refers to an employer, and what a merge does with it: moved to the kept record,
 * or left to go with the merged one (its likely-duplicate pairs, which the site triggers work out
 * anew for the kept record). A test compares this with the foreign keys to `employer` in the
 * database, so a new table that refers to employers cannot be forgotten here.
 */
export const EMPLOYER_REFERENCES = {
  moved: [
    { table: 'site', column: 'employer_id' },
    { table: 'sbb_recognition', column: 'employer_id' },
    { table: 'boris_flag', column: 'employer_id' },
    { table: 'contact_person', column: 'employer_id' },
    { table: 'employer_note', column: 'employer_id' },
    { table: 'experience', column: 'employer_id' },
    { table: 'employer_approach', column: 'employer_id' },
    { table: 'watch', column: 'employer_id' },
    // Not a foreign key (a notification outlives its employer), but it names the employer all the same.
    { table: 'notification', column: 'employer_id' },
  ],
  goWithTheMerged: [
    // Each record's own answer per school year: the kept record keeps its own.
    { table: 'employer_hosting_interest', column: 'employer_id' },
    // A link names one employer record: after a merge the coordinator sends a new one for the kept record.
    { table: 'employer_link', column: 'employer_id' },
    { table: 'employer_duplicate', column: 'employer_a' },
    { table: 'employer_duplicate', column: 'employer_b' },
  ],
} as const;

@Injectable()
export class EmployerUpkeepService {
  constructor(private readonly repository: EmployerRepository) {}

  /** Confirms the employer and its placements are current as of now. */
  async confirmCurrent(viewer: Viewer, id: string): Promise<Employer> {
    policy.assertCanEditNetwork(viewer);
    return this.repository.transaction(async (tx) => {
      const employer = await tx.findEmployer(id);
      if (!employer) throw StagebankError.notFound('Employer', id);
      const now = new Date();
      await tx.verifyPlacementsOf(id, now);
      return toEmployer(await tx.updateEmployer(employer, { lastVerifiedAt: now }));
    });
  }

  async stale({ olderThanDays, region, ...page }: StaleEmployersArgs): Promise<Connection<Employer>> {
    return mapConnection(await this.repository.listStaleEmployers(olderThanDays, region, page), toEmployer);
  }

  /**
   * Most alike first; with `near`, only pairs with a site in that circle (a coordinator's own area).
   * The pairs are kept current by triggers on site and employer (migration EmployerDuplicates): names
   * alike (pg_trgm similarity ≥ 0.5, accents and case ignored) at sites within 500 m, or one address.
   */
  async duplicates(first: number, near: NearInput | null): Promise<DuplicateCandidate[]> {
    const rows = await this.repository.duplicatePairs(first, near);
    const employers = new Map((await this.repository.findEmployers(rows.flatMap((r) => [r.a, r.b]))).map((e) => [e.id, toEmployer(e)]));
    return rows.map((r) => ({
      first: employers.get(r.a)!,
      second: employers.get(r.b)!,
      nameSimilarity: Math.round(r.similarity * 100) / 100,
      distanceMeters: Math.round(r.distance),
    }));
  }

  /**
   * Moves everything of `mergeId` to `keepId` in one transaction: sites (and with them placements,
   * supervisors and internships), SBB recognitions, the Boris-flag history, contact persons, notes,
   * experiences and approaches; sectors and sub-sector tags are joined,
   * the later verification kept, and the merged record deleted. The audit log keeps it whole.
   */
  async merge(viewer: Viewer, keepId: string, mergeId: string): Promise<Employer> {
    policy.assertCanEditNetwork(viewer);
    if (keepId === mergeId) throw StagebankError.badInput('mergeId', 'an employer cannot be merged into itself');
    return this.repository.transaction(async (tx) => {
      const locked = await tx.lockEmployers([keepId, mergeId]);
      const keep = locked.find((e) => e.id === keepId);
      const merged = locked.find((e) => e.id === mergeId);
      if (!keep) throw StagebankError.notFound('Employer', keepId, 'keepId');
      if (!merged) throw StagebankError.notFound('Employer', mergeId, 'mergeId');

      // The notification dispatcher names a placement's employer as its statement's snapshot saw it; one that read the merged
      // record before this commits would name it after it is gone. Holding notification inserts for the merge's few milliseconds
      // waits for any such statement to commit (so the move below sees its rows) and makes later ones see the kept record.
      await tx.holdNotificationInserts();
      // One open Boris flag per employer: the merged record's open flag is cleared when the kept one has one.
      await tx.clearMergedOpenBorisFlag(keepId, mergeId, viewer.userId);
      await tx.moveReferences(EMPLOYER_REFERENCES.moved, keepId, mergeId);
      await tx.deleteEmployer(mergeId);
      const verified = [keep.lastVerifiedAt, merged.lastVerifiedAt].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
      const saved = await tx.updateEmployer(keep, {
        sectors: [...new Set([...keep.sectors, ...merged.sectors])],
        tags: [...new Set([...keep.tags, ...merged.tags])],
        kvkNumber: keep.kvkNumber ?? merged.kvkNumber,
        description: keep.description ?? merged.description,
        website: keep.website ?? merged.website,
        lastVerifiedAt: verified,
      });
      return toEmployer(saved);
    });
  }
}

@Resolver()
export class EmployerUpkeepResolver {
  constructor(private readonly upkeep: EmployerUpkeepService) {}

  @Mutation(() => Employer, { description: 'The employer and its placements are still current (sets lastVerifiedAt to now).' })
  confirmEmployerCurrent(@CurrentViewer() viewer: Viewer, @IdArg() id: string): Promise<Employer> {
    return this.upkeep.confirmCurrent(viewer, id);
  }

  @Query(() => EmployerConnection, {
    description: 'Active and paused employers nobody confirmed current for `olderThanDays` (or ever), by name; optionally in one region.',
  })
  staleEmployers(@CurrentViewer() _viewer: Viewer, @Args() args: StaleEmployersArgs) {
    return this.upkeep.stale(args);
  }

  @Query(() => [DuplicateCandidate], {
    description: 'Likely duplicates: names alike (similarity ≥ 0.5, accents and case ignored) within 500 m, or a shared address; most alike first.',
  })
  duplicateCandidates(
    @CurrentViewer() _viewer: Viewer,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('near', { type: () => NearInput, nullable: true }) near?: NearInput,
  ): Promise<DuplicateCandidate[]> {
    if (!Number.isInteger(first) || first < 1 || first > 100) throw StagebankError.badInput('first', 'must be 1–100');
    return this.upkeep.duplicates(first, near ?? null);
  }

  @Mutation(() => Employer, {
    description:
      'Moves sites, placements, internships, recognitions, flags, contacts, notes, experiences and approaches of `mergeId` to `keepId` and deletes `mergeId`, in one transaction.',
  })
  mergeEmployers(@CurrentViewer() viewer: Viewer, @IdArg('keepId') keepId: string, @IdArg('mergeId') mergeId: string): Promise<Employer> {
    return this.upkeep.merge(viewer, keepId, mergeId);
  }
}
