import { Injectable } from '@nestjs/common';
import {
  BorisFlagEntity,
  CertificateAwardEntity,
  ContactPersonEntity,
  EmployerNoteEntity,
  ExperienceEntity,
  EmployerEntity,
  EmployerHostingInterestEntity,
  FollowUpEntity,
  InternshipEvaluationEntity,
  InternshipOutcomeEntity,
  OrganisationEntity,
  PlacementEntity,
  PraktijkverklaringEntity,
  RecognitionEntity,
  SiteEntity,
  StudentProfileEntity,
  SupervisorEntity,
  UserEntity,
} from '@stagebank/persistence';
import DataLoader from 'dataloader';
import { policy } from '../auth/policy';
import type { RequestWithViewer } from '../auth/viewer';
import { AuditService } from '../audit/audit.service';
import { EntityTarget, FindOptionsOrder } from 'typeorm';
import type { AreaRepository } from '../common/repository';
import { Keyed, LoaderRepository } from './loader.repository';

/**
 * Per-request batch loaders, so a list of N parents costs one query per relation, never N.
 * Made fresh for every request: nothing is cached across requests or viewers. The loaders here
 * read entities by id or by parent (their statements are LoaderRepository's); an area's own
 * aggregates come through `own`.
 */
export class Loaders {
  constructor(
    private readonly repository: LoaderRepository,
    private readonly req: RequestWithViewer,
    private readonly audit: AuditService,
  ) {}

  readonly organisation = this.byId(OrganisationEntity);
  readonly user = this.byId(UserEntity);
  readonly employer = this.byId(EmployerEntity);
  readonly site = this.byId(SiteEntity);
  readonly placement = this.byId(PlacementEntity);
  /** Students of the viewer's own organisation only; any other id loads as null. */
  readonly student = new DataLoader<string, StudentProfileEntity | null>(async (ids) => {
    policy.assertCanReadStudents(this.req.viewer);
    const organisationId = this.req.viewer?.organisationId;
    if (!organisationId) return ids.map(() => null);
    const rows = await this.repository.studentsOf(organisationId, ids);
    await this.audit.recordStudentReads(
      this.req.viewer!,
      rows.map((row) => row.id),
    );
    const map = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => map.get(id) ?? null);
  });
  readonly sitesOfEmployer = this.groupedBy(SiteEntity, 'employerId', { name: 'ASC', id: 'ASC' });
  readonly supervisorsOfSite = this.groupedBy(SupervisorEntity, 'siteId', { createdAt: 'ASC', id: 'ASC' });
  readonly placementsOfSite = this.groupedBy(PlacementEntity, 'siteId', { title: 'ASC', id: 'ASC' });
  readonly recognitionsOfEmployer = this.groupedBy(RecognitionEntity, 'employerId', { setAt: 'DESC', id: 'ASC' });
  readonly borisHistoryOfEmployer = this.groupedBy(BorisFlagEntity, 'employerId', { setAt: 'DESC', id: 'ASC' });
  readonly hostingInterestsOfEmployer = this.groupedBy(EmployerHostingInterestEntity, 'employerId', { schoolYear: 'DESC', id: 'ASC' });

  readonly contactsOfEmployer = this.groupedBy(ContactPersonEntity, 'employerId', { name: 'ASC', id: 'ASC' });
  readonly notesOfEmployer = this.groupedBy(EmployerNoteEntity, 'employerId', { createdAt: 'DESC', id: 'ASC' });
  readonly experiencesOfEmployer = this.groupedBy(ExperienceEntity, 'employerId', { createdAt: 'DESC', id: 'ASC' });
  /** Approaches not ended and not past their last day. */
  readonly currentApproachesOfEmployer = this.grouped('employerId', (employerIds) => this.repository.currentApproaches(employerIds));

  readonly currentBorisFlag = new DataLoader<string, BorisFlagEntity | null>(async (employerIds) => {
    const rows = await this.repository.currentBorisFlags(employerIds);
    const byEmployer = new Map(rows.map((row) => [row.employerId, row]));
    return employerIds.map((id) => byEmployer.get(id) ?? null);
  });

  /** Internships holding a seat of the placement now or later (ended ones no longer take a seat). */
  readonly currentOccupancy = this.grouped('placementId', (placementIds) => this.repository.currentSeatClaims(placementIds));

  // Results: school-private, so row-level security keeps these to the viewer's organisation as well.
  readonly evaluationsOfInternship = this.studentData(
    this.groupedBy(InternshipEvaluationEntity, 'internshipId', { evaluatedOn: 'ASC', createdAt: 'ASC', id: 'ASC' }),
  );
  readonly praktijkverklaringenOfInternship = this.studentData(
    this.groupedBy(PraktijkverklaringEntity, 'internshipId', { issuedOn: 'ASC', crebo: 'ASC', id: 'ASC' }),
  );
  readonly certificatesOfInternship = this.studentData(this.groupedBy(CertificateAwardEntity, 'internshipId', { issuedOn: 'ASC', kind: 'ASC', id: 'ASC' }));
  readonly followUpsOfStudent = this.studentData(this.groupedBy(FollowUpEntity, 'studentId', { checkedOn: 'ASC', createdAt: 'ASC', id: 'ASC' }));
  readonly outcomeOfInternship = new DataLoader<string, InternshipOutcomeEntity | null>(async (internshipIds) => {
    policy.assertCanReadStudents(this.req.viewer);
    const rows = await this.repository.outcomesOf(internshipIds);
    const byInternship = new Map(rows.map((row) => [row.internshipId, row]));
    return internshipIds.map((id) => byInternship.get(id) ?? null);
  });

  private readonly owned = new Map<unknown, unknown>();

  /**
   * A per-request loader an area defines for itself (its key is the area's own function), so
   * this file need not know every area: `loaders.own(summaries, (base) => new DataLoader(...))`.
   * `base` is a repository on the loaders' connection: the area binds its own repository to it
   * with `base.alongside(OwnRepository)`, and no data source leaves the platform.
   */
  own<T>(key: unknown, make: (base: AreaRepository) => T): T {
    if (!this.owned.has(key)) this.owned.set(key, make(this.repository));
    return this.owned.get(key) as T;
  }

  /** A loader of student data: refused (policy) to a caller who may not read students. */
  private studentData<V>(loader: DataLoader<string, V>): DataLoader<string, V> {
    return new DataLoader(async (keys) => {
      policy.assertCanReadStudents(this.req.viewer);
      return loader.loadMany(keys);
    });
  }

  private byId<E extends Keyed>(entity: EntityTarget<E>): DataLoader<string, E | null> {
    return new DataLoader(async (ids) => {
      const rows = await this.repository.byIds(entity, ids);
      const map = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => map.get(id) ?? null);
    });
  }

  /** Rows of `entity` grouped by `key`. */
  private groupedBy<E extends Keyed>(entity: EntityTarget<E>, key: keyof E & string, order: FindOptionsOrder<E>): DataLoader<string, E[]> {
    return this.grouped(key, (keys) => this.repository.byParents(entity, key, keys, order));
  }

  /** Rows that `load` reads for a batch of keys, grouped by their `key`. */
  private grouped<E extends Keyed>(key: keyof E & string, load: (keys: readonly string[]) => Promise<E[]>): DataLoader<string, E[]> {
    return new DataLoader(async (keys) => {
      const rows = await load(keys);
      const groups = new Map<string, E[]>(keys.map((k) => [k, []]));
      for (const row of rows) groups.get(row[key] as string)?.push(row);
      return keys.map((k) => groups.get(k)!);
    });
  }
}

@Injectable()
export class LoadersFactory {
  constructor(
    private readonly repository: LoaderRepository,
    private readonly audit: AuditService,
  ) {}

  create(req: RequestWithViewer): Loaders {
    return new Loaders(this.repository, req, this.audit);
  }
}
