import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { OCCUPYING_STATUSES, peakOccupancyFrom, todayIso } from '@stagebank/domain';
import { PlacementEntity, SeatClaimEntity, SiteEntity } from '@stagebank/persistence';
import { DataSource, In, Repository } from 'typeorm';
import { policy } from '../auth/policy';
import type { Viewer } from '../auth/viewer';
import { Connection, paginate } from '../common/pagination';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { CreatePlacementInput, Placement, PlacementsArgs, UpdatePlacementInput } from './placement.types';

export const toPlacement = (p: PlacementEntity): Placement => ({
  id: p.id,
  siteId: p.siteId,
  title: p.title,
  description: p.description,
  tasks: p.tasks,
  sector: p.sector,
  tags: p.tags,
  type: p.type,
  seats: p.seats,
  days: p.days,
  hoursPerWeek: p.hoursPerWeek,
  weekendWork: p.weekendWork,
  holidayWork: p.holidayWork,
  physicalDemand: p.physicalDemand,
  mentalDemand: p.mentalDemand,
  customerContact: p.customerContact,
  quietWorkplace: p.quietWorkplace,
  requiredCertificates: p.requiredCertificates,
  allowancePaid: p.allowancePaid,
  paidJobChance: p.paidJobChance,
  audiences: p.audiences,
  supervisionLevel: p.supervisionLevel,
  schoolSupervisorRequired: p.schoolSupervisorRequired,
  crebo: p.crebo,
  werkprocessen: p.werkprocessen,
  availableFrom: p.availableFrom,
  availableUntil: p.availableUntil,
  lastVerifiedAt: p.lastVerifiedAt,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

function assertWindow(from: string, until: string | null | undefined): void {
  if (until && until < from) throw StagebankError.badInput('input.availableUntil', 'must not be before availableFrom');
}

@Injectable()
export class PlacementService {
  constructor(
    private readonly db: DataSource,
    @InjectRepository(PlacementEntity) private readonly placements: Repository<PlacementEntity>,
  ) {}

  async get(id: string): Promise<Placement> {
    const placement = await this.placements.findOneBy({ id });
    if (!placement) throw StagebankError.notFound('Placement', id);
    return toPlacement(placement);
  }

  list({ filter, ...page }: PlacementsArgs): Promise<Connection<Placement>> {
    const query = this.placements.createQueryBuilder('p');
    if (filter?.sectors?.length) query.andWhere('p.sector IN (:...sectors)', { sectors: filter.sectors });
    if (filter?.types?.length) query.andWhere('p.type IN (:...types)', { types: filter.types });
    if (filter?.audiences?.length) query.andWhere('p.audiences && :audiences::text[]', { audiences: filter.audiences });
    if (filter?.siteId) query.andWhere('p.site_id = :siteId', { siteId: filter.siteId });
    if (filter?.employerId) {
      query.andWhere('p.site_id IN (SELECT s.id FROM site s WHERE s.employer_id = :employerId)', { employerId: filter.employerId });
    }
    if (filter?.search) {
      query.andWhere(`unaccent(lower(p.title)) LIKE '%' || unaccent(lower(:search)) || '%'`, { search: filter.search.trim() });
    }
    if (filter?.hasFreeSeat !== undefined) {
      query.andWhere(
        `(p.seats > (SELECT count(*) FROM seat_claim i WHERE i.placement_id = p.id AND i.status IN (:...occupying)
           AND i.start_date <= :today AND i.end_date >= :today)) = :hasFreeSeat`,
        { occupying: OCCUPYING_STATUSES, today: todayIso(), hasFreeSeat: filter.hasFreeSeat },
      );
    }
    return paginate(query, page, 'p.title', (p) => p.title, toPlacement);
  }

  async create(viewer: Viewer, input: CreatePlacementInput): Promise<Placement> {
    policy.assertCanEditNetwork(viewer);
    assertWindow(input.availableFrom, input.availableUntil);
    if (!(await this.db.getRepository(SiteEntity).existsBy({ id: input.siteId }))) {
      throw StagebankError.notFound('Site', input.siteId, 'input.siteId');
    }
    const placement = this.placements.create({ ...input, title: input.title.trim(), crebo: input.crebo ?? null, lastVerifiedAt: new Date() });
    return toPlacement(await this.placements.save(placement));
  }

  async update(viewer: Viewer, id: string, input: UpdatePlacementInput): Promise<Placement> {
    policy.assertCanEditNetwork(viewer);
    return this.db.transaction(async (tx) => {
      // Locked so a concurrent internship cannot take a seat this update is removing.
      const placement = await tx.findOne(PlacementEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!placement) throw StagebankError.notFound('Placement', id);
      const next = tx.merge(PlacementEntity, placement, input);
      assertWindow(next.availableFrom, next.availableUntil);
      if (input.seats !== undefined) {
        const claims = await tx.findBy(SeatClaimEntity, { placementId: id, status: In([...OCCUPYING_STATUSES]) });
        const peak = peakOccupancyFrom(claims, todayIso());
        if (input.seats < peak) {
          throw new StagebankError(ErrorCode.CONFLICT, `${peak} seats are taken at the same time; seats cannot go below that`, 'input.seats');
        }
      }
      return toPlacement(await tx.save(next));
    });
  }
}
