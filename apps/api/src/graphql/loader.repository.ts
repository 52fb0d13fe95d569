import { Injectable } from '@nestjs/common';
import { OCCUPYING_STATUSES, todayIso } from '@stagebank/domain';
import { BorisFlagEntity, EmployerApproachEntity, InternshipOutcomeEntity, SeatClaimEntity, StudentProfileEntity } from '@stagebank/persistence';
import { EntityTarget, FindOptionsOrder, FindOptionsWhere, In, IsNull, MoreThanOrEqual, ObjectLiteral } from 'typeorm';
import { AreaRepository } from '../common/repository';

export type Keyed = ObjectLiteral & { id: string };

/**
 * The per-request loaders' batch reads (graphql/loaders.ts): rows of many ids, or of many
 * parents, in one statement. They sit beside the loaders, in the platform, rather than in each
 * table's area: areas read each other's rows through the loaders (a placement's employer, an
 * employer's placements), and the loaders living outside every area is what keeps those areas
 * free of cycles; the platform may not import an area (test/architecture.spec.ts). An area's own
 * aggregates stay in its repository and reach the request through `Loaders.own`.
 */
@Injectable()
export class LoaderRepository extends AreaRepository {
  /** The rows with these ids (missing ones are absent). */
  byIds<E extends Keyed>(entity: EntityTarget<E>, ids: readonly string[]): Promise<E[]> {
    return this.manager.getRepository(entity).findBy({ id: In([...ids]) } as never);
  }

  /** The rows whose `key` is one of `keys`, in `order`; `where` adds conditions. */
  byParents<E extends Keyed>(
    entity: EntityTarget<E>,
    key: keyof E & string,
    keys: readonly string[],
    order: FindOptionsOrder<E>,
    where: FindOptionsWhere<E> = {},
  ): Promise<E[]> {
    return this.manager.getRepository(entity).find({ where: { ...where, [key]: In([...keys]) } as never, order });
  }

  /** The organisation's students with these ids; others' are absent. */
  studentsOf(organisationId: string, ids: readonly string[]): Promise<StudentProfileEntity[]> {
    return this.manager.getRepository(StudentProfileEntity).findBy({ id: In([...ids]), organisationId });
  }

  /** Approaches of these employers not ended and not past their last day. */
  currentApproaches(employerIds: readonly string[]): Promise<EmployerApproachEntity[]> {
    return this.byParents(
      EmployerApproachEntity,
      'employerId',
      employerIds,
      { since: 'ASC', id: 'ASC' },
      { endedAt: IsNull(), until: MoreThanOrEqual(todayIso()) },
    );
  }

  /** Seat claims of these placements holding a seat now or later (ended internships no longer take one). */
  currentSeatClaims(placementIds: readonly string[]): Promise<SeatClaimEntity[]> {
    return this.byParents(
      SeatClaimEntity,
      'placementId',
      placementIds,
      { startDate: 'ASC', id: 'ASC' },
      { status: In([...OCCUPYING_STATUSES]), endDate: MoreThanOrEqual(todayIso()) },
    );
  }

  /** The flags set now on these employers. */
  currentBorisFlags(employerIds: readonly string[]): Promise<BorisFlagEntity[]> {
    return this.manager.getRepository(BorisFlagEntity).findBy({ employerId: In([...employerIds]), clearedAt: IsNull() });
  }

  outcomesOf(internshipIds: readonly string[]): Promise<InternshipOutcomeEntity[]> {
    return this.manager.getRepository(InternshipOutcomeEntity).findBy({ internshipId: In([...internshipIds]) });
  }
}
