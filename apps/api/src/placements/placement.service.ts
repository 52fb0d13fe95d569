import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { OCCUPYING_STATUSES, SUPPORT_RANK, SupportLevel, peakOccupancyFrom, placementContradictions, todayIso } from '@stagebank/domain';
import { PlacementEntity, SeatClaimEntity, SiteEntity, SupervisorEntity } from '@stagebank/persistence';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { policy } from '../auth/policy';
import type { Viewer } from '../auth/viewer';
import { Connection, paginate } from '../common/pagination';
import { toQualification } from '../common/qualification.types';
import { ErrorCode, StagebankError, assertNoContradictions } from '../common/stagebank.error';
import { CreatePlacementInput, Placement, PlacementsArgs, UpdatePlacementInput } from './placement.types';
import { toPlacement } from './placement.mapper';

function assertWindow(from: string, until: string | null | undefined): void {
  if (until && until < from) throw StagebankError.badInput('input.availableUntil', 'must not be before availableFrom');
}

/**
 * A placement may not claim supervision that no supervisor on its site can give. A site that records
 * no supervisors yet is let through (matching then goes by the claim and says none are recorded);
 * a group placement brings a school supervisor, so its claim is not the site's to meet.
 */
async function assertSupervisionExists(tx: EntityManager, siteId: string, level: SupportLevel, schoolSupervisor: boolean): Promise<void> {
  if (schoolSupervisor) return;
  const supervisors = await tx.findBy(SupervisorEntity, { siteId });
  const able = supervisors.filter((s) => s.maxStudents > 0);
  if (able.length === 0) return;
  const best = Math.max(...able.map((s) => SUPPORT_RANK[s.intensity]));
  if (best < SUPPORT_RANK[level]) {
    const highest = able.find((s) => SUPPORT_RANK[s.intensity] === best)!.intensity;
    throw StagebankError.badInput(
      'input.supervisionLevel',
      `${level} supervision is more than any supervisor on the site can give (at most ${highest}); add a supervisor who can, or lower the level`,
    );
  }
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
    assertNoContradictions(placementContradictions(input));
    await assertSupervisionExists(this.db.manager, input.siteId, input.supervisionLevel, input.schoolSupervisorRequired);
    const placement = this.placements.create({
      ...input,
      title: input.title.trim(),
      crebo: input.crebo ?? null,
      requiredQualifications: input.requiredQualifications.map(toQualification),
      lastVerifiedAt: new Date(),
    });
    return toPlacement(await this.placements.save(placement));
  }

  async update(viewer: Viewer, id: string, input: UpdatePlacementInput): Promise<Placement> {
    policy.assertCanEditNetwork(viewer);
    return this.db.transaction(async (tx) => {
      // Locked so a concurrent internship cannot take a seat this update is removing.
      const placement = await tx.findOne(PlacementEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!placement) throw StagebankError.notFound('Placement', id);
      const { requiredQualifications, ...rest } = input;
      const next = tx.merge(PlacementEntity, placement, rest);
      if (requiredQualifications) next.requiredQualifications = requiredQualifications.map(toQualification);
      assertWindow(next.availableFrom, next.availableUntil);
      // The whole placement after the change must hold together, so a change contradicting a stored field is refused too.
      assertNoContradictions(placementContradictions(next));
      if (input.supervisionLevel !== undefined || input.schoolSupervisorRequired !== undefined) {
        await assertSupervisionExists(tx, next.siteId, next.supervisionLevel, next.schoolSupervisorRequired);
      }
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
