import { Injectable } from '@nestjs/common';
import { ENROLLING_KINDS, addDays, placementContradictions, todayIso } from '@stagebank/domain';
import { PlacementEntity } from '@stagebank/persistence';
import { policy } from '../auth/policy';
import type { Viewer } from '../auth/viewer';
import { Connection, mapConnection } from '../common/pagination';
import { toQualification } from '../common/qualification.types';
import { StagebankError, assertNoContradictions } from '../common/stagebank.error';
import {
  CreatePlacementInput,
  Placement,
  PlacementsArgs,
  ReservePlacementInput,
  UpdatePlacementInput,
  VerifyAudienceSuitabilityInput,
} from './placement.types';
import { toPlacement } from './placement.mapper';
import { PlacementCapacity, SupervisionClaim } from './placement-capacity';
import { PlacementRepository } from './placement.repository';

/** How far ahead a reservation may run: a placement opens to all within a school year. */
const MAX_RESERVATION_DAYS = 366;

/** The organisation a placement is held for today, or null when it is not reserved or the reservation is over. */
export const heldBy = (p: Pick<PlacementEntity, 'reservedForOrganisationId' | 'reservedUntil'>, day = todayIso()): string | null =>
  p.reservedForOrganisationId && p.reservedUntil && p.reservedUntil >= day ? p.reservedForOrganisationId : null;

function assertWindow(from: string, until: string | null | undefined): void {
  if (until && until < from) throw StagebankError.badInput('input.availableUntil', 'must not be before availableFrom');
}

/**
 * A placement may not claim supervision that no supervisor on its site can give (the rule:
 * PlacementCapacity.supervisionShortfall).
 */
async function assertSupervisionExists(capacity: PlacementCapacity, tx: PlacementRepository, claim: SupervisionClaim): Promise<void> {
  const highest = await capacity.supervisionShortfall(tx, claim);
  if (highest) {
    throw StagebankError.badInput(
      'input.supervisionLevel',
      `${claim.supervisionLevel} supervision is more than any supervisor on the site can give (at most ${highest}); add a supervisor who can, or lower the level`,
    );
  }
}

@Injectable()
export class PlacementService {
  constructor(
    private readonly repository: PlacementRepository,
    private readonly capacity: PlacementCapacity,
  ) {}

  async get(id: string): Promise<Placement> {
    const placement = await this.repository.find(id);
    if (!placement) throw StagebankError.notFound('Placement', id);
    return toPlacement(placement);
  }

  async list({ filter, ...page }: PlacementsArgs): Promise<Connection<Placement>> {
    return mapConnection(await this.repository.list(filter, todayIso(), page), toPlacement);
  }

  async create(viewer: Viewer, input: CreatePlacementInput): Promise<Placement> {
    policy.assertCanEditNetwork(viewer);
    assertWindow(input.availableFrom, input.availableUntil);
    if (!(await this.repository.siteExists(input.siteId))) {
      throw StagebankError.notFound('Site', input.siteId, 'input.siteId');
    }
    assertNoContradictions(placementContradictions(input));
    await assertSupervisionExists(this.capacity, this.repository, input);
    const placement = await this.repository.insert({
      ...input,
      title: input.title.trim(),
      crebo: input.crebo ?? null,
      requiredQualifications: input.requiredQualifications.map(toQualification),
      lastVerifiedAt: new Date(),
    });
    return toPlacement(placement);
  }

  async update(viewer: Viewer, id: string, input: UpdatePlacementInput): Promise<Placement> {
    policy.assertCanEditNetwork(viewer);
    return this.repository.transaction(async (tx) => {
      // Locked so a concurrent internship cannot take a seat this update is removing.
      const placement = await tx.lock(id);
      if (!placement) throw StagebankError.notFound('Placement', id);
      const { requiredQualifications, ...rest } = input;
      const next = tx.merge(placement, rest);
      if (requiredQualifications) next.requiredQualifications = requiredQualifications.map(toQualification);
      assertWindow(next.availableFrom, next.availableUntil);
      // The whole placement after the change must hold together, so a change contradicting a stored field is refused too.
      assertNoContradictions(placementContradictions(next));
      if (input.supervisionLevel !== undefined || input.schoolSupervisorRequired !== undefined) {
        await assertSupervisionExists(this.capacity, tx, next);
      }
      if (input.seats !== undefined) await this.capacity.assertSeatsCover(tx, placement, input.seats, 'input.seats');
      await tx.save(next);
      // Read back: changed audiences made a verified flag declared again (schema/flag-verification.ts).
      return toPlacement(await tx.findOrFail(id));
    });
  }

  /** A coach who visited records which audiences the placement suits: verified, by them, now. */
  async verifyAudienceSuitability(viewer: Viewer, id: string, input: VerifyAudienceSuitabilityInput): Promise<Placement> {
    policy.assertCanVerifyFlags(viewer);
    const found = await this.repository.verifyAudiences(id, input.audiences, new Date(), viewer.userId);
    if (!found) throw StagebankError.notFound('Placement', id);
    return toPlacement(await this.repository.findOrFail(id));
  }

  /** Reserves the placement for a school or initiative up to and including a day (or moves the day of a reservation it holds). */
  async reserve(viewer: Viewer, id: string, input: ReservePlacementInput): Promise<Placement> {
    const today = todayIso();
    if (input.until < today) throw StagebankError.badInput('input.until', 'must be today or later');
    if (input.until > addDays(today, MAX_RESERVATION_DAYS)) throw StagebankError.badInput('input.until', `may be at most ${MAX_RESERVATION_DAYS} days ahead`);
    return this.repository.transaction(async (tx) => {
      const placement = await tx.lock(id);
      if (!placement) throw StagebankError.notFound('Placement', id);
      policy.assertCanReservePlacement(viewer, input.organisationId ?? null, heldBy(placement, today));
      const organisationId = input.organisationId ?? viewer.organisationId;
      const organisation = await tx.findOrganisation(organisationId);
      if (!organisation) throw StagebankError.notFound('Organisation', organisationId, 'input.organisationId');
      if (!ENROLLING_KINDS.has(organisation.kind)) throw StagebankError.badInput('input.organisationId', 'a placement is reserved for a school or initiative');
      if (!(await tx.recruited(organisationId, { placementId: id }))) {
        throw StagebankError.forbidden(
          'A placement is held only for the school or initiative that recruited its employer (added it to the network, or agreed a placement with it through an approach)',
        );
      }
      placement.reservedForOrganisationId = organisationId;
      placement.reservedUntil = input.until;
      return toPlacement(await tx.save(placement));
    });
  }

  /** Whether the viewer's school or initiative may hold this employer's placements for itself: it recruited the employer. */
  async mayReserveAt(viewer: Viewer, employerId: string): Promise<boolean> {
    if (!ENROLLING_KINDS.has(viewer.organisationKind) || !policy.canEditNetwork(viewer)) return false;
    return this.repository.recruited(viewer.organisationId, { employerId });
  }

  /** Opens the placement to all now; a placement that is not reserved stays as it is. */
  async release(viewer: Viewer, id: string): Promise<Placement> {
    return this.repository.transaction(async (tx) => {
      const placement = await tx.lock(id);
      if (!placement) throw StagebankError.notFound('Placement', id);
      policy.assertCanReservePlacement(viewer, null, heldBy(placement));
      if (placement.reservedForOrganisationId === null && placement.reservedUntil === null) return toPlacement(placement);
      placement.reservedForOrganisationId = null;
      placement.reservedUntil = null;
      return toPlacement(await tx.save(placement));
    });
  }
}
