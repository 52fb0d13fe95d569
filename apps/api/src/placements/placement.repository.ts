import { Injectable } from '@nestjs/common';
import { OCCUPYING_STATUSES } from '@stagebank/domain';
import { OrganisationEntity, PlacementEntity, SeatClaimEntity, SiteEntity, SupervisorEntity } from '@stagebank/persistence';
import { DeepPartial, In, Not } from 'typeorm';
import { Connection, PageArgs, paginate } from '../common/pagination';
import { AreaRepository } from '../common/repository';
import type { PlacementFilter } from './placement.types';

/**
 * The placements area's SQL: placements, and what their rules read of sites, supervisors,
 * seat claims and organisations (see ARCHITECTURE.md, "Where SQL lives").
 */
@Injectable()
export class PlacementRepository extends AreaRepository {
  find(id: string): Promise<PlacementEntity | null> {
    return this.manager.findOneBy(PlacementEntity, { id });
  }

  findOrFail(id: string): Promise<PlacementEntity> {
    return this.manager.findOneByOrFail(PlacementEntity, { id });
  }

  /** The placement, holding its row until the transaction ends: seat decisions for it wait their turn. */
  lock(id: string): Promise<PlacementEntity | null> {
    return this.manager.findOne(PlacementEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** A page of placements by title; `today` is the day a free seat is judged on. */
  list(filter: PlacementFilter | undefined, today: string, page: PageArgs): Promise<Connection<PlacementEntity>> {
    const query = this.manager.getRepository(PlacementEntity).createQueryBuilder('p');
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
        { occupying: OCCUPYING_STATUSES, today, hasFreeSeat: filter.hasFreeSeat },
      );
    }
    return paginate(
      query,
      page,
      'p.title',
      (p) => p.title,
      (p) => p,
    );
  }

  insert(values: DeepPartial<PlacementEntity>): Promise<PlacementEntity> {
    return this.manager.save(this.manager.create(PlacementEntity, values));
  }

  /** The placement with the changes applied (in memory; `save` writes it). */
  merge(placement: PlacementEntity, changes: DeepPartial<PlacementEntity>): PlacementEntity {
    return this.manager.merge(PlacementEntity, placement, changes);
  }

  save(placement: PlacementEntity): Promise<PlacementEntity> {
    return this.manager.save(placement);
  }

  /** Sets the audiences as verified; whether the placement was there. */
  async verifyAudiences(id: string, audiences: PlacementEntity['audiences'], at: Date, byUserId: string): Promise<boolean> {
    const { affected } = await this.manager
      .getRepository(PlacementEntity)
      .update({ id }, { audiences, audiencesVerifiedAt: at, audiencesVerifiedByUserId: byUserId });
    return !!affected;
  }

  siteExists(id: string): Promise<boolean> {
    return this.manager.getRepository(SiteEntity).existsBy({ id });
  }

  supervisorsOfSite(siteId: string): Promise<SupervisorEntity[]> {
    return this.manager.findBy(SupervisorEntity, { siteId });
  }

  /** Every organisation's claims on the placements that hold a seat (but the one excluded): seat_claim, as internships are private. */
  occupyingClaimsOf(placementIds: string[], excludeId?: string): Promise<SeatClaimEntity[]> {
    return this.manager.findBy(SeatClaimEntity, {
      placementId: In(placementIds),
      status: In([...OCCUPYING_STATUSES]),
      ...(excludeId && { id: Not(excludeId) }),
    });
  }

  findOrganisation(id: string): Promise<OrganisationEntity | null> {
    return this.manager.findOneBy(OrganisationEntity, { id });
  }

  /**
   * Whether `organisationId` recruited the employer (of the placement, or the employer itself): it
   * added the employer to the network, or agreed a placement with it through an approach. Only the
   * recruiting school or initiative may hold the employer's placements for itself (issue 19).
   */
  async recruited(organisationId: string, of: { placementId: string } | { employerId: string }): Promise<boolean> {
    const [row] = await this.manager.query(
      `SELECT EXISTS (
         SELECT 1 FROM employer e
          WHERE e.id = coalesce($2::uuid, (SELECT s.employer_id FROM placement p JOIN site s ON s.id = p.site_id WHERE p.id = $3::uuid))
            AND (e.created_by_organisation_id = $1
                 OR EXISTS (SELECT 1 FROM employer_approach a WHERE a.employer_id = e.id AND a.organisation_id = $1 AND a.outcome = 'PLACEMENT_AGREED'))
       ) AS recruited`,
      [organisationId, 'employerId' in of ? of.employerId : null, 'placementId' in of ? of.placementId : null],
    );
    return row.recruited;
  }
}
