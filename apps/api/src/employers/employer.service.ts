import { Injectable } from '@nestjs/common';
import { EmployerStatus, normalisePostcode, regionOfPostcode, todayIso } from '@stagebank/domain';
import { EmployerEntity, SiteEntity } from '@stagebank/persistence';
import { policy } from '../auth/policy';
import type { Viewer } from '../auth/viewer';
import { toPoint } from '../common/geo.types';
import { Connection, mapConnection } from '../common/pagination';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { toEmployer, toSite, toSupervisor } from './employer.mapper';
import { EmployerRepository } from './employer.repository';
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
  VerifySupervisorTrainingInput,
  VerifyWheelchairAccessInput,
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
  constructor(private readonly repository: EmployerRepository) {}

  async get(id: string): Promise<Employer> {
    return toEmployer(await this.findEmployer(this.repository, id));
  }

  async list({ filter, ...page }: EmployersArgs): Promise<Connection<Employer>> {
    return mapConnection(await this.repository.listEmployers(filter, page), toEmployer);
  }

  async create(viewer: Viewer, input: CreateEmployerInput): Promise<Employer> {
    policy.assertCanEditNetwork(viewer);
    return this.repository.transaction(async (tx) => {
      await this.assertKvkFree(tx, input.kvkNumber);
      const { sites, ...fields } = input;
      const employer = await tx.insertEmployer({
        ...fields,
        name: fields.name.trim(),
        createdByOrganisationId: viewer.organisationId,
        lastVerifiedAt: new Date(),
      });
      for (const site of sites) await this.insertSite(tx, employer.id, site);
      return toEmployer(employer);
    });
  }

  async update(viewer: Viewer, id: string, input: UpdateEmployerInput): Promise<Employer> {
    policy.assertCanEditNetwork(viewer);
    return this.repository.transaction(async (tx) => {
      const employer = await this.findEmployer(tx, id);
      if (input.kvkNumber && input.kvkNumber !== employer.kvkNumber) await this.assertKvkFree(tx, input.kvkNumber);
      return toEmployer(await tx.updateEmployer(employer, { ...input, name: input.name?.trim() ?? employer.name }));
    });
  }

  /** Pause until a day with a reason, stop with a reason, or make active again. */
  async setStatus(viewer: Viewer, id: string, input: EmployerStatusInput): Promise<Employer> {
    policy.assertCanEditNetwork(viewer);
    const employer = await this.findEmployer(this.repository, id);
    const reason = input.reason?.trim() || null;
    if (input.status !== EmployerStatus.ACTIVE && !reason) throw StagebankError.badInput('input.reason', `a reason is required for ${input.status}`);
    if (input.status === EmployerStatus.PAUSED) {
      if (!input.pausedUntil) throw StagebankError.badInput('input.pausedUntil', 'a pause needs the day it ends');
      if (input.pausedUntil <= todayIso()) throw StagebankError.badInput('input.pausedUntil', 'must be a day in the future');
    } else if (input.pausedUntil) {
      throw StagebankError.badInput('input.pausedUntil', `only a PAUSED employer has a pause end, not ${input.status}`);
    }
    return toEmployer(
      await this.repository.updateEmployer(employer, {
        status: input.status,
        statusReason: input.status === EmployerStatus.ACTIVE ? null : reason,
        pausedUntil: input.status === EmployerStatus.PAUSED ? input.pausedUntil! : null,
      }),
    );
  }

  async addSite(viewer: Viewer, employerId: string, input: SiteInput): Promise<Site> {
    policy.assertCanEditNetwork(viewer);
    return this.repository.transaction(async (tx) => {
      await this.findEmployer(tx, employerId);
      return toSite(await this.insertSite(tx, employerId, input));
    });
  }

  async updateSite(viewer: Viewer, id: string, input: UpdateSiteInput): Promise<Site> {
    policy.assertCanEditNetwork(viewer);
    const site = await this.repository.findSite(id);
    if (!site) throw StagebankError.notFound('Site', id);
    await this.repository.updateSite(site, siteValues(input));
    // Read back: a changed wheelchairAccessible made a verified flag declared again (schema/flag-verification.ts).
    return toSite(await this.repository.findSiteOrFail(id));
  }

  /** A site can go once it has no placements; its supervisors go with it. */
  async removeSite(viewer: Viewer, id: string): Promise<boolean> {
    policy.assertCanEditNetwork(viewer);
    return this.repository.transaction(async (tx) => {
      const site = await tx.findSite(id);
      if (!site) throw StagebankError.notFound('Site', id);
      if (await tx.siteHasPlacements(id)) {
        throw new StagebankError(ErrorCode.CONFLICT, 'This site still has placements: move or remove them first', 'id');
      }
      if ((await tx.countSitesOf(site.employerId)) === 1) {
        throw new StagebankError(ErrorCode.CONFLICT, 'An employer keeps at least one site', 'id');
      }
      await tx.deleteSite(id);
      return true;
    });
  }

  async addSupervisor(viewer: Viewer, siteId: string, input: SupervisorInput): Promise<Supervisor> {
    policy.assertCanEditNetwork(viewer);
    if (!(await this.repository.siteExists(siteId))) throw StagebankError.notFound('Site', siteId, 'siteId');
    return toSupervisor(await this.repository.insertSupervisor({ ...input, siteId }));
  }

  async updateSupervisor(viewer: Viewer, id: string, input: SupervisorInput): Promise<Supervisor> {
    policy.assertCanEditNetwork(viewer);
    const supervisor = await this.repository.findSupervisor(id);
    if (!supervisor) throw StagebankError.notFound('Supervisor', id);
    await this.repository.updateSupervisor(supervisor, { name: null, training: null, ...input });
    // Read back: a changed training made a verified flag declared again (schema/flag-verification.ts).
    return toSupervisor(await this.repository.findSupervisorOrFail(id));
  }

  /** A coach who visited records whether the site is wheelchair accessible: verified, by them, now. */
  async verifyWheelchairAccess(viewer: Viewer, id: string, input: VerifyWheelchairAccessInput): Promise<Site> {
    policy.assertCanVerifyFlags(viewer);
    const found = await this.repository.verifyWheelchairAccess(id, input.wheelchairAccessible, new Date(), viewer.userId);
    if (!found) throw StagebankError.notFound('Site', id);
    return toSite(await this.repository.findSiteOrFail(id));
  }

  /** A coach who visited records whether the supervisor is trained: verified, by them, now. */
  async verifySupervisorTraining(viewer: Viewer, id: string, input: VerifySupervisorTrainingInput): Promise<Supervisor> {
    policy.assertCanVerifyFlags(viewer);
    const found = await this.repository.verifySupervisorTraining(id, input.trained, input.training, new Date(), viewer.userId);
    if (!found) throw StagebankError.notFound('Supervisor', id);
    return toSupervisor(await this.repository.findSupervisorOrFail(id));
  }

  async removeSupervisor(viewer: Viewer, id: string): Promise<boolean> {
    policy.assertCanEditNetwork(viewer);
    const found = await this.repository.deleteSupervisor(id);
    if (!found) throw StagebankError.notFound('Supervisor', id);
    return true;
  }

  private async insertSite(tx: EmployerRepository, employerId: string, input: SiteInput): Promise<SiteEntity> {
    const { supervisors, ...fields } = input;
    const site = await tx.insertSite({ ...siteValues(fields), employerId });
    if (supervisors.length) await tx.insertSupervisors(supervisors.map((s) => ({ ...s, siteId: site.id })));
    return site;
  }

  private async findEmployer(repository: EmployerRepository, id: string): Promise<EmployerEntity> {
    const employer = await repository.findEmployer(id);
    if (!employer) throw StagebankError.notFound('Employer', id);
    return employer;
  }

  private async assertKvkFree(repository: EmployerRepository, kvkNumber: string | undefined): Promise<void> {
    if (!kvkNumber) return;
    const existing = await repository.findEmployerByKvk(kvkNumber);
    if (existing) {
      throw new StagebankError(
        ErrorCode.CONFLICT,
        `KvK number ${kvkNumber} already belongs to employer "${existing.name}" (${existing.id})`,
        'input.kvkNumber',
      );
    }
  }
}
