import { Injectable } from '@nestjs/common';
import { AUDIENCE_OF_KIND, EmployerStatus, INITIAL_INTERNSHIP_STATUSES, InternshipStatus, canMoveInternship, holdsSeat } from '@stagebank/domain';
import { InternshipEntity, PlacementEntity } from '@stagebank/persistence';
import { policy } from '../auth/policy';
import type { Viewer } from '../auth/viewer';
import { Clock } from '../common/clock';
import { Connection, mapConnection } from '../common/pagination';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { PlacementCapacity } from '../placements/placement-capacity';
import { StudentService } from '../students/student.service';
import { CreateInternshipInput, Internship, InternshipsArgs, UpdateInternshipInput } from './internship.types';
import { toInternship } from './internship.mapper';
import { InternshipRepository } from './internship.repository';

interface Period {
  startDate: string;
  endDate: string;
}

@Injectable()
export class InternshipService {
  constructor(
    private readonly repository: InternshipRepository,
    private readonly students: StudentService,
    private readonly clock: Clock,
    private readonly capacity: PlacementCapacity,
  ) {}

  async get(viewer: Viewer, id: string): Promise<Internship> {
    return toInternship(await this.findOwn(this.repository, viewer, id));
  }

  async list(viewer: Viewer, { filter, ...page }: InternshipsArgs): Promise<Connection<Internship>> {
    policy.assertCanReadStudents(viewer);
    const today = this.clock.now().toISOString().slice(0, 10);
    return mapConnection(await this.repository.list(viewer.organisationId, filter, today, page), toInternship);
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
    return this.repository.transaction(async (tx) => {
      const placement = await this.lockPlacement(tx, input.placementId);
      await this.assertPlacementTakes(tx, viewer, placement, input);
      await this.capacity.assertSeatFree(tx, placement, input);
      const internship = await tx.insert({
        placementId: placement.id,
        studentId: input.studentId,
        organisationId: viewer.organisationId,
        coachUserId,
        startDate: input.startDate,
        endDate: input.endDate,
        status: input.status,
        holdExpiresAt: input.status === InternshipStatus.PROPOSED ? await this.holdUntil(tx, viewer.organisationId) : null,
      });
      return toInternship(internship);
    });
  }

  async update(viewer: Viewer, id: string, input: UpdateInternshipInput): Promise<Internship> {
    policy.assertCanKeepStudents(viewer);
    if (input.coachUserId) await this.assertCoach(viewer, input.coachUserId);
    return this.repository.transaction(async (tx) => {
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
        await this.capacity.assertSeatFree(tx, placement, next, current.id);
      }
      // A hold belongs to the PROPOSED state: it starts anew on entering it and ends on leaving it.
      const hold =
        next.status !== InternshipStatus.PROPOSED
          ? { holdExpiresAt: null, holdRemindedAt: null }
          : current.status !== InternshipStatus.PROPOSED
            ? { holdExpiresAt: await this.holdUntil(tx, current.organisationId), holdRemindedAt: null }
            : {};
      return toInternship(await tx.update(current, input, hold));
    });
  }

  /** Starts a PROPOSED internship's hold anew (the organisation's holdExpiryDays from now), e.g. after the reminder. */
  async renewHold(viewer: Viewer, id: string): Promise<Internship> {
    policy.assertCanKeepStudents(viewer);
    return this.repository.transaction(async (tx) => {
      const current = await this.findOwn(tx, viewer, id);
      if (current.status !== InternshipStatus.PROPOSED) {
        throw new StagebankError(ErrorCode.CONFLICT, `Only a PROPOSED internship holds a seat on hold; this one is ${current.status}`, 'id');
      }
      const holdExpiresAt = await this.holdUntil(tx, current.organisationId);
      return toInternship(await tx.update(current, { holdExpiresAt, holdRemindedAt: null }));
    });
  }

  private async holdUntil(tx: InternshipRepository, organisationId: string): Promise<Date> {
    const holdExpiryDays = await tx.holdExpiryDays(organisationId);
    return new Date(this.clock.now().getTime() + holdExpiryDays * 86_400_000);
  }

  private async findOwn(repository: InternshipRepository, viewer: Viewer, id: string): Promise<InternshipEntity> {
    policy.assertCanReadStudents(viewer);
    const internship = await repository.findOwn(id, viewer.organisationId);
    if (!internship) throw StagebankError.notFound('Internship', id);
    return internship;
  }

  /** Taking the placement's row lock serialises every seat decision for that placement. */
  private async lockPlacement(tx: InternshipRepository, placementId: string): Promise<PlacementEntity> {
    const placement = await this.capacity.lock(tx, placementId);
    if (!placement) throw StagebankError.notFound('Placement', placementId, 'input.placementId');
    return placement;
  }

  private async assertPlacementTakes(tx: InternshipRepository, viewer: Viewer, placement: PlacementEntity, period: Period): Promise<void> {
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
    const site = await tx.findSiteOrFail(placement.siteId);
    const employer = await tx.findEmployerOrFail(site.employerId);
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
    const member = await this.repository.isMember(userId, viewer.organisationId);
    if (!member) throw StagebankError.badInput('input.coachUserId', 'the coach must be a member of your organisation');
  }
}

function assertPeriod({ startDate, endDate }: Period): void {
  if (endDate < startDate) throw StagebankError.badInput('input.endDate', 'must not be before startDate');
}
