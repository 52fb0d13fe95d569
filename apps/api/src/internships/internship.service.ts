import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  AUDIENCE_OF_KIND,
  EmployerStatus,
  INITIAL_INTERNSHIP_STATUSES,
  InternshipStatus,
  OCCUPYING_STATUSES,
  canMoveInternship,
  holdsSeat,
  overlappingClaims,
} from '@stagebank/domain';
import { EmployerEntity, InternshipEntity, MembershipEntity, OrganisationEntity, PlacementEntity, SeatClaimEntity, SiteEntity } from '@stagebank/persistence';
import { DataSource, EntityManager, In, Not, Repository } from 'typeorm';
import { policy } from '../auth/policy';
import type { Viewer } from '../auth/viewer';
import { Clock } from '../common/clock';
import { Connection, paginate } from '../common/pagination';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { StudentService } from '../students/student.service';
import { unaccountedFor } from './end-sweep';
import { CreateInternshipInput, Internship, InternshipsArgs, UpdateInternshipInput } from './internship.types';
import { toInternship } from './internship.mapper';

interface Period {
  startDate: string;
  endDate: string;
}

@Injectable()
export class InternshipService {
  constructor(
    private readonly db: DataSource,
    private readonly students: StudentService,
    private readonly clock: Clock,
    @InjectRepository(InternshipEntity) private readonly internships: Repository<InternshipEntity>,
  ) {}

  async get(viewer: Viewer, id: string): Promise<Internship> {
    return toInternship(await this.findOwn(this.db.manager, viewer, id));
  }

  list(viewer: Viewer, { filter, ...page }: InternshipsArgs): Promise<Connection<Internship>> {
    policy.assertCanReadStudents(viewer);
    const query = this.internships.createQueryBuilder('i').where('i.organisation_id = :org', { org: viewer.organisationId });
    if (filter?.placementId) query.andWhere('i.placement_id = :placementId', { placementId: filter.placementId });
    if (filter?.studentId) query.andWhere('i.student_id = :studentId', { studentId: filter.studentId });
    if (filter?.statuses?.length) query.andWhere('i.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter?.unaccountedFor) query.andWhere(unaccountedFor('i', ':today'), { today: this.clock.now().toISOString().slice(0, 10) });
    return paginate(query, page, 'i.start_date', (i) => i.startDate, toInternship);
  }

  async create(viewer: Viewer, input: CreateInternshipInput): Promise<Internship> {
    policy.assertCanKeepStudents(viewer);
    if (!INITIAL_INTERNSHIP_STATUSES.includes(input.status)) {
      throw StagebankError.badInput('input.status', `a new internship starts as ${INITIAL_INTERNSHIP_STATUSES.join(', ')}`);
    }
    assertPeriod(input);
    await this.students.findOwn(viewer, input.studentId, 'input.studentId');
    const coachUserId = input.coachUserId ?? viewer.userId;
    await this.assertCoach(viewer, coachUserId);
    return this.db.transaction(async (tx) => {
      const placement = await this.lockPlacement(tx, input.placementId);
      await this.assertPlacementTakes(tx, viewer, placement, input);
      await this.assertSeatFree(tx, placement, input);
      const internship = tx.create(InternshipEntity, {
        placementId: placement.id,
        studentId: input.studentId,
        organisationId: viewer.organisationId,
        coachUserId,
        startDate: input.startDate,
        endDate: input.endDate,
        status: input.status,
        holdExpiresAt: input.status === InternshipStatus.PROPOSED ? await this.holdUntil(tx, viewer.organisationId) : null,
      });
      return toInternship(await tx.save(internship));
    });
  }

  async update(viewer: Viewer, id: string, input: UpdateInternshipInput): Promise<Internship> {
    policy.assertCanKeepStudents(viewer);
    if (input.coachUserId) await this.assertCoach(viewer, input.coachUserId);
    return this.db.transaction(async (tx) => {
      const current = await this.findOwn(tx, viewer, id);
      const next = { ...current, ...input };
      if (input.status === InternshipStatus.EXPIRED && current.status !== InternshipStatus.EXPIRED) {
        throw StagebankError.badInput('input.status', 'a hold expires by itself; cancel the internship to release the seat now');
      }
      if (!canMoveInternship(current.status, next.status)) {
        throw StagebankError.badInput('input.status', `an internship cannot go from ${current.status} to ${next.status}`);
      }
      if (next.status === InternshipStatus.ENDED_EARLY && !next.endReason) {
        throw StagebankError.badInput('input.endReason', 'say why the internship ended early');
      }
      assertPeriod(next);
      const claimsMore = holdsSeat(next) && (!holdsSeat(current) || next.startDate < current.startDate || next.endDate > current.endDate);
      if (claimsMore) {
        const placement = await this.lockPlacement(tx, current.placementId);
        await this.assertSeatFree(tx, placement, next, current.id);
      }
      // A hold belongs to the PROPOSED state: it starts anew on entering it and ends on leaving it.
      const hold =
        next.status !== InternshipStatus.PROPOSED
          ? { holdExpiresAt: null, holdRemindedAt: null }
          : current.status !== InternshipStatus.PROPOSED
            ? { holdExpiresAt: await this.holdUntil(tx, current.organisationId), holdRemindedAt: null }
            : {};
      return toInternship(await tx.save(tx.merge(InternshipEntity, current, input, hold)));
    });
  }

  /** Starts a PROPOSED internship's hold anew (the organisation's holdExpiryDays from now), e.g. after the reminder. */
  async renewHold(viewer: Viewer, id: string): Promise<Internship> {
    policy.assertCanKeepStudents(viewer);
    return this.db.transaction(async (tx) => {
      const current = await this.findOwn(tx, viewer, id);
      if (current.status !== InternshipStatus.PROPOSED) {
        throw new StagebankError(ErrorCode.CONFLICT, `Only a PROPOSED internship holds a seat on hold; this one is ${current.status}`, 'id');
      }
      const holdExpiresAt = await this.holdUntil(tx, current.organisationId);
      return toInternship(await tx.save(tx.merge(InternshipEntity, current, { holdExpiresAt, holdRemindedAt: null })));
    });
  }

  private async holdUntil(tx: EntityManager, organisationId: string): Promise<Date> {
    const { holdExpiryDays } = await tx.findOneByOrFail(OrganisationEntity, { id: organisationId });
    return new Date(this.clock.now().getTime() + holdExpiryDays * 86_400_000);
  }

  private async findOwn(manager: EntityManager, viewer: Viewer, id: string): Promise<InternshipEntity> {
    policy.assertCanReadStudents(viewer);
    const internship = await manager.findOneBy(InternshipEntity, { id, organisationId: viewer.organisationId });
    if (!internship) throw StagebankError.notFound('Internship', id);
    return internship;
  }

  /** Taking the placement's row lock serialises every seat decision for that placement. */
  private async lockPlacement(tx: EntityManager, placementId: string): Promise<PlacementEntity> {
    const placement = await tx.findOne(PlacementEntity, { where: { id: placementId }, lock: { mode: 'pessimistic_write' } });
    if (!placement) throw StagebankError.notFound('Placement', placementId, 'input.placementId');
    return placement;
  }

  private async assertSeatFree(tx: EntityManager, placement: PlacementEntity, period: Period, excludeId?: string): Promise<void> {
    // Every organisation's seats count: read through seat_claim (internships are private to their organisation).
    const claims = await tx.findBy(SeatClaimEntity, {
      placementId: placement.id,
      status: In([...OCCUPYING_STATUSES]),
      ...(excludeId && { id: Not(excludeId) }),
    });
    const taken = overlappingClaims(claims, period.startDate, period.endDate).length;
    if (taken >= placement.seats) {
      throw new StagebankError(
        ErrorCode.PLACEMENT_FULL,
        `All ${placement.seats} seats of "${placement.title}" are taken between ${period.startDate} and ${period.endDate}`,
        'input.placementId',
      );
    }
  }

  private async assertPlacementTakes(tx: EntityManager, viewer: Viewer, placement: PlacementEntity, period: Period): Promise<void> {
    if (period.startDate < placement.availableFrom || (placement.availableUntil && period.endDate > placement.availableUntil)) {
      throw StagebankError.badInput(
        'input.startDate',
        `the placement is available from ${placement.availableFrom}${placement.availableUntil ? ` until ${placement.availableUntil}` : ''}`,
      );
    }
    const audience = AUDIENCE_OF_KIND[viewer.organisationKind];
    if (audience && !placement.audiences.includes(audience)) {
      throw new StagebankError(ErrorCode.CONFLICT, `This placement is not open to ${audience} students`, 'input.placementId');
    }
    const site = await tx.findOneByOrFail(SiteEntity, { id: placement.siteId });
    const employer = await tx.findOneByOrFail(EmployerEntity, { id: site.employerId });
    if (employer.status === EmployerStatus.STOPPED) {
      throw new StagebankError(ErrorCode.CONFLICT, `${employer.name} no longer takes students: ${employer.statusReason}`, 'input.placementId');
    }
    if (employer.status === EmployerStatus.PAUSED && employer.pausedUntil! >= period.startDate) {
      throw new StagebankError(
        ErrorCode.CONFLICT,
        `${employer.name} takes no new students until ${employer.pausedUntil}: ${employer.statusReason}`,
        'input.startDate',
      );
    }
  }

  private async assertCoach(viewer: Viewer, userId: string): Promise<void> {
    const member = await this.db.getRepository(MembershipEntity).existsBy({ userId, organisationId: viewer.organisationId });
    if (!member) throw StagebankError.badInput('input.coachUserId', 'the coach must be a member of your organisation');
  }
}

function assertPeriod({ startDate, endDate }: Period): void {
  if (endDate < startDate) throw StagebankError.badInput('input.endDate', 'must not be before startDate');
}
