import { Injectable } from '@nestjs/common';
import { SUPPORT_RANK, SupportLevel, freeSeatsDuring, peakOccupancyFrom } from '@stagebank/domain';
import { PlacementEntity } from '@stagebank/persistence';
import { Clock } from '../common/clock';
import { AreaRepository } from '../common/repository';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { PlacementRepository } from './placement.repository';

/** A period a student would be on a placement, both days included. */
export interface SeatPeriod {
  startDate: string;
  endDate: string;
}

/** What a placement promises of its site's supervision. */
export interface SupervisionClaim {
  siteId: string;
  supervisionLevel: SupportLevel;
  schoolSupervisorRequired: boolean;
}

/**
 * A placement's capacity, checked one way wherever it is decided: seats for a new or longer
 * internship (internships, and accepting a cohort plan), seats a placement may go down to (a
 * coordinator's edit, and the employer's own link), and the supervision its site can give (a
 * coordinator's placement, and the employer's own link). Every organisation's seats count: read
 * through seat_claim, as internships are private to their organisation.
 *
 * Each check runs in the caller's transaction (`tx`, any area's repository) and reads through this
 * area's repository bound to it; a check on seats runs under the placement's row lock, so two
 * decisions about one placement take turns.
 */
@Injectable()
export class PlacementCapacity {
  constructor(private readonly clock: Clock) {}

  /**
   * Seats each placement has free for one more student over the whole period, by placement id.
   * `excludeId`: an internship whose own claim does not count (it is the one changing). Lock the
   * placements first (`lock`) so the answer holds until the transaction ends.
   */
  async freeSeats(tx: AreaRepository, placements: readonly PlacementEntity[], period: SeatPeriod, excludeId?: string): Promise<Map<string, number>> {
    const ids = placements.map((p) => p.id);
    const claims = ids.length ? await tx.alongside(PlacementRepository).occupyingClaimsOf(ids, excludeId) : [];
    return new Map(
      placements.map((p) => [
        p.id,
        freeSeatsDuring(
          p.seats,
          claims.filter((c) => c.placementId === p.id),
          period.startDate,
          period.endDate,
        ),
      ]),
    );
  }

  /** The placement, holding its row until the transaction ends: every seat decision for it waits its turn. Null when it is gone. */
  lock(tx: AreaRepository, placementId: string): Promise<PlacementEntity | null> {
    return tx.alongside(PlacementRepository).lock(placementId);
  }

  /** Refuses (PLACEMENT_FULL) an internship over the period when no seat is free then; the placement must be locked (`lock`). */
  async assertSeatFree(tx: AreaRepository, placement: PlacementEntity, period: SeatPeriod, excludeId?: string): Promise<void> {
    const free = (await this.freeSeats(tx, [placement], period, excludeId)).get(placement.id) ?? 0;
    if (free <= 0) {
      throw new StagebankError(
        ErrorCode.PLACEMENT_FULL,
        `All ${placement.seats} seats of "${placement.title}" are taken between ${period.startDate} and ${period.endDate}`,
        'input.placementId',
      );
    }
  }

  /**
   * Refuses (CONFLICT, at `field`) seats below the most taken at once from today on. Locks the
   * placement, so no internship takes a seat this removes meanwhile.
   */
  async assertSeatsCover(tx: AreaRepository, placement: Pick<PlacementEntity, 'id' | 'title'>, seats: number, field: string): Promise<void> {
    const repository = tx.alongside(PlacementRepository);
    await repository.lock(placement.id);
    const peak = peakOccupancyFrom(await repository.occupyingClaimsOf([placement.id]), this.clock.now().toISOString().slice(0, 10));
    if (seats < peak) {
      throw new StagebankError(ErrorCode.CONFLICT, `${peak} seats of "${placement.title}" are taken at the same time; seats cannot go below that`, field);
    }
  }

  /**
   * Whether the site can give the supervision the placement promises: null when it can, else the
   * most any supervisor there gives. Only supervisors who take students (maxStudents > 0) count. A
   * site that records none is let through (matching then goes by the claim and says none are
   * recorded); a placement that brings a school supervisor does not lean on the site's.
   */
  async supervisionShortfall(tx: AreaRepository, placement: SupervisionClaim): Promise<SupportLevel | null> {
    if (placement.schoolSupervisorRequired) return null;
    const able = (await tx.alongside(PlacementRepository).supervisorsOfSite(placement.siteId)).filter((s) => s.maxStudents > 0);
    if (able.length === 0) return null;
    const best = Math.max(...able.map((s) => SUPPORT_RANK[s.intensity]));
    return best >= SUPPORT_RANK[placement.supervisionLevel] ? null : able.find((s) => SUPPORT_RANK[s.intensity] === best)!.intensity;
  }
}
