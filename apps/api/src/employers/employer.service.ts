import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EmployerStatus, normalisePostcode, regionOfPostcode, todayIso } from '@stagebank/domain';
import { EmployerEntity, PlacementEntity, SiteEntity, SupervisorEntity } from '@stagebank/persistence';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { policy } from '../auth/policy';
import type { Viewer } from '../auth/viewer';
import { toPoint } from '../common/geo.types';
import { Connection, paginate } from '../common/pagination';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { toEmployer, toSite, toSupervisor } from './employer.mapper';
import {
  CreateEmployerInput,
  Employer,
  EmployerStatusInput,
  EmployersArgs,
  Site,
  SiteInput,
  Supervisor,
  SupervisorInput,
  UpdateEmployerInput,
  UpdateSiteInput,
} from './employer.types';

function siteValues(input: Partial<Omit<SiteInput, 'supervisors'>>): Partial<SiteEntity> {
  const { location, postcode, ...rest } = input;
  return {
    ...rest,
    ...(postcode !== undefined && { postcode: normalisePostcode(postcode)!, region: input.region ?? regionOfPostcode(postcode) }),
    ...(location !== undefined && { location: toPoint(location) }),
  };
}

@Injectable()
export class EmployerService {
  constructor(
    private readonly db: DataSource,
    @InjectRepository(EmployerEntity) private readonly employers: Repository<EmployerEntity>,
    @InjectRepository(SiteEntity) private readonly sites: Repository<SiteEntity>,
    @InjectRepository(SupervisorEntity) private readonly supervisors: Repository<SupervisorEntity>,
  ) {}

  async get(id: string): Promise<Employer> {
    return toEmployer(await this.findEmployer(this.db.manager, id));
  }

  list({ filter, ...page }: EmployersArgs): Promise<Connection<Employer>> {
    const query = this.employers.createQueryBuilder('e');
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
    return paginate(query, page, 'e.name', (e) => e.name, toEmployer);
  }

  async create(viewer: Viewer, input: CreateEmployerInput): Promise<Employer> {
    policy.assertCanEditNetwork(viewer);
    return this.db.transaction(async (tx) => {
      await this.assertKvkFree(tx, input.kvkNumber);
      const { sites, ...fields } = input;
      const employer = await tx.save(
        tx.create(EmployerEntity, { ...fields, name: fields.name.trim(), createdByOrganisationId: viewer.organisationId, lastVerifiedAt: new Date() }),
      );
      for (const site of sites) await this.insertSite(tx, employer.id, site);
      return toEmployer(employer);
    });
  }

  async update(viewer: Viewer, id: string, input: UpdateEmployerInput): Promise<Employer> {
    policy.assertCanEditNetwork(viewer);
    return this.db.transaction(async (tx) => {
      const employer = await this.findEmployer(tx, id);
      if (input.kvkNumber && input.kvkNumber !== employer.kvkNumber) await this.assertKvkFree(tx, input.kvkNumber);
      return toEmployer(await tx.save(tx.merge(EmployerEntity, employer, { ...input, name: input.name?.trim() ?? employer.name })));
    });
  }

  /** Pause until a day with a reason, stop with a reason, or make active again. */
  async setStatus(viewer: Viewer, id: string, input: EmployerStatusInput): Promise<Employer> {
    policy.assertCanEditNetwork(viewer);
    const employer = await this.findEmployer(this.db.manager, id);
    const reason = input.reason?.trim() || null;
    if (input.status !== EmployerStatus.ACTIVE && !reason) throw StagebankError.badInput('input.reason', `a reason is required for ${input.status}`);
    if (input.status === EmployerStatus.PAUSED) {
      if (!input.pausedUntil) throw StagebankError.badInput('input.pausedUntil', 'a pause needs the day it ends');
      if (input.pausedUntil <= todayIso()) throw StagebankError.badInput('input.pausedUntil', 'must be a day in the future');
    } else if (input.pausedUntil) {
      throw StagebankError.badInput('input.pausedUntil', `only a PAUSED employer has a pause end, not ${input.status}`);
    }
    return toEmployer(
      await this.employers.save(
        this.employers.merge(employer, {
          status: input.status,
          statusReason: input.status === EmployerStatus.ACTIVE ? null : reason,
          pausedUntil: input.status === EmployerStatus.PAUSED ? input.pausedUntil! : null,
        }),
      ),
    );
  }

  async addSite(viewer: Viewer, employerId: string, input: SiteInput): Promise<Site> {
    policy.assertCanEditNetwork(viewer);
    return this.db.transaction(async (tx) => {
      await this.findEmployer(tx, employerId);
      return toSite(await this.insertSite(tx, employerId, input));
    });
  }

  async updateSite(viewer: Viewer, id: string, input: UpdateSiteInput): Promise<Site> {
    policy.assertCanEditNetwork(viewer);
    const site = await this.sites.findOneBy({ id });
    if (!site) throw StagebankError.notFound('Site', id);
    return toSite(await this.sites.save(this.sites.merge(site, siteValues(input))));
  }

  /** A site can go once it has no placements; its supervisors go with it. */
  async removeSite(viewer: Viewer, id: string): Promise<boolean> {
    policy.assertCanEditNetwork(viewer);
    return this.db.transaction(async (tx) => {
      const site = await tx.findOneBy(SiteEntity, { id });
      if (!site) throw StagebankError.notFound('Site', id);
      if (await tx.existsBy(PlacementEntity, { siteId: id })) {
        throw new StagebankError(ErrorCode.CONFLICT, 'This site still has placements: move or remove them first', 'id');
      }
      if ((await tx.countBy(SiteEntity, { employerId: site.employerId })) === 1) {
        throw new StagebankError(ErrorCode.CONFLICT, 'An employer keeps at least one site', 'id');
      }
      await tx.delete(SiteEntity, { id });
      return true;
    });
  }

  async addSupervisor(viewer: Viewer, siteId: string, input: SupervisorInput): Promise<Supervisor> {
    policy.assertCanEditNetwork(viewer);
    if (!(await this.sites.existsBy({ id: siteId }))) throw StagebankError.notFound('Site', siteId, 'siteId');
    return toSupervisor(await this.supervisors.save(this.supervisors.create({ ...input, siteId })));
  }

  async updateSupervisor(viewer: Viewer, id: string, input: SupervisorInput): Promise<Supervisor> {
    policy.assertCanEditNetwork(viewer);
    const supervisor = await this.supervisors.findOneBy({ id });
    if (!supervisor) throw StagebankError.notFound('Supervisor', id);
    return toSupervisor(await this.supervisors.save(this.supervisors.merge(supervisor, { name: null, training: null, ...input })));
  }

  async removeSupervisor(viewer: Viewer, id: string): Promise<boolean> {
    policy.assertCanEditNetwork(viewer);
    const { affected } = await this.supervisors.delete({ id });
    if (!affected) throw StagebankError.notFound('Supervisor', id);
    return true;
  }

  private async insertSite(tx: EntityManager, employerId: string, input: SiteInput): Promise<SiteEntity> {
    const { supervisors, ...fields } = input;
    const site = await tx.save(tx.create(SiteEntity, { ...siteValues(fields), employerId }));
    if (supervisors.length)
      await tx.insert(
        SupervisorEntity,
        supervisors.map((s) => ({ ...s, siteId: site.id })),
      );
    return site;
  }

  private async findEmployer(manager: EntityManager, id: string): Promise<EmployerEntity> {
    const employer = await manager.findOneBy(EmployerEntity, { id });
    if (!employer) throw StagebankError.notFound('Employer', id);
    return employer;
  }

  private async assertKvkFree(manager: EntityManager, kvkNumber: string | undefined): Promise<void> {
    if (!kvkNumber) return;
    const existing = await manager.findOneBy(EmployerEntity, { kvkNumber });
    if (existing) {
      throw new StagebankError(
        ErrorCode.CONFLICT,
        `KvK number ${kvkNumber} already belongs to employer "${existing.name}" (${existing.id})`,
        'input.kvkNumber',
      );
    }
  }
}
