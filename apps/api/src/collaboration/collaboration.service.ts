import { Injectable } from '@nestjs/common';
import { ApproachOutcome, addDays, addMonths, todayIso } from '@stagebank/domain';
import { ContactPersonEntity, EmployerApproachEntity, EmployerEntity, EmployerNoteEntity, ExperienceEntity } from '@stagebank/persistence';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { policy } from '../auth/policy';
import { Viewer } from '../auth/viewer';
import { ErrorCode, StagebankError } from '../common/stagebank.error';
import { CollaborationRepository } from './collaboration.repository';
import {
  ApproachOutcomeInput,
  ApproachSignals,
  ContactPersonInput,
  DOES_NOT_RESPOND_AFTER,
  EmployerApproachInput,
  ExperienceInput,
  UpdateContactPersonInput,
} from './collaboration.types';

/** ALREADY_IN_CONTACT: another coach's approach overlapping the new one. */
export interface ApproachWarning {
  code: string;
  message: string;
  approach: EmployerApproachEntity | null;
}

/** The longest a coach may announce an approach for; a longer one would block others for nothing. */
export const MAX_APPROACH_DAYS = 180;

const toE164 = (phone: string) => parsePhoneNumberWithError(phone, 'NL').number;

/**
 * Working together on the shared employers: contact persons, notes, schools' experiences and who is
 * approaching which employer. Everything here is readable by every member of the network; only the
 * link from an experience to an internship stays with the organisation that recorded it.
 */
@Injectable()
export class CollaborationService {
  constructor(private readonly repository: CollaborationRepository) {}

  async addContact(viewer: Viewer, employerId: string, input: ContactPersonInput): Promise<ContactPersonEntity> {
    policy.assertCanEditNetwork(viewer);
    return this.repository.transaction(async (tx) => {
      await this.employer(tx, employerId, 'employerId');
      const values = await this.contactValues(tx, employerId, input);
      if (!values.phone && !values.email) throw StagebankError.badInput('phone', 'give a phone number or an e-mail address');
      return tx.insertContact({ ...values, employerId, createdByOrganisationId: viewer.organisationId });
    });
  }

  async updateContact(viewer: Viewer, id: string, input: UpdateContactPersonInput): Promise<ContactPersonEntity> {
    policy.assertCanEditNetwork(viewer);
    return this.repository.transaction(async (tx) => {
      const contact = await tx.findContact(id);
      if (!contact) throw StagebankError.notFound('Contact person', id);
      const merged = Object.assign(contact, await this.contactValues(tx, contact.employerId, input));
      if (!merged.phone && !merged.email) throw StagebankError.badInput('phone', 'give a phone number or an e-mail address');
      return tx.saveContact(merged);
    });
  }

  async removeContact(viewer: Viewer, id: string): Promise<boolean> {
    policy.assertCanEditNetwork(viewer);
    if (!(await this.repository.deleteContact(id))) throw StagebankError.notFound('Contact person', id);
    return true;
  }

  async addNote(viewer: Viewer, employerId: string, text: string): Promise<EmployerNoteEntity> {
    policy.assertCanEditNetwork(viewer);
    const trimmed = text.trim();
    if (trimmed.length === 0 || trimmed.length > 4000) throw StagebankError.badInput('text', 'must be 1–4000 characters');
    return this.repository.transaction(async (tx) => {
      await this.employer(tx, employerId, 'employerId');
      return tx.insertNote({ employerId, text: trimmed, organisationId: viewer.organisationId, userId: viewer.userId });
    });
  }

  /** Notes are removed by their own organisation (or a network admin), never by another school. */
  async removeNote(viewer: Viewer, id: string): Promise<boolean> {
    policy.assertCanEditNetwork(viewer);
    const note = await this.repository.findNote(id);
    if (!note) throw StagebankError.notFound('Note', id);
    policy.assertOwnOrNetworkAdmin(viewer, note.organisationId, 'note');
    await this.repository.deleteNote(id);
    return true;
  }

  async recordExperience(viewer: Viewer, input: ExperienceInput): Promise<ExperienceEntity> {
    policy.assertCanEditNetwork(viewer);
    return this.repository.transaction(async (tx) => {
      await this.employer(tx, input.employerId, 'employerId');
      if (input.internshipId) {
        // Row-level security hides other organisations' internships: they are simply not found.
        const internship = await tx.findOwnInternship(input.internshipId, viewer.organisationId);
        if (!internship) throw StagebankError.notFound('Internship', input.internshipId, 'internshipId');
        const employerId = await tx.employerOfPlacement(internship.placementId);
        if (employerId !== input.employerId) throw StagebankError.badInput('internshipId', 'this internship is at another employer');
        if (await tx.experienceRecordedFor(input.internshipId)) {
          throw new StagebankError(ErrorCode.CONFLICT, 'internshipId: an experience with this internship is already recorded', 'internshipId');
        }
      }
      return tx.insertExperience({
        employerId: input.employerId,
        internshipId: input.internshipId ?? null,
        supervisionQuality: input.supervisionQuality,
        audienceFit: input.audienceFit,
        wouldPlaceAgain: input.wouldPlaceAgain,
        text: input.text?.trim() || null,
        organisationId: viewer.organisationId,
        userId: viewer.userId,
      });
    });
  }

  /** Records the approach, and warns (without refusing) when another coach is already in contact in that period. */
  async startApproach(viewer: Viewer, input: EmployerApproachInput): Promise<{ approach: EmployerApproachEntity; warnings: ApproachWarning[] }> {
    policy.assertCanEditNetwork(viewer);
    const since = input.since ?? todayIso();
    if (input.until < since) throw StagebankError.badInput('until', 'must be on or after since');
    if (input.until > addDays(since, MAX_APPROACH_DAYS)) throw StagebankError.badInput('until', `must be at most ${MAX_APPROACH_DAYS} days after since`);
    return this.repository.transaction(async (tx) => {
      const employer = await this.employer(tx, input.employerId, 'employerId');
      const others = await tx.othersOverlappingApproaches(input.employerId, since, input.until, viewer);
      const approach = await tx.insertApproach({
        employerId: input.employerId,
        purpose: input.purpose.trim(),
        since,
        until: input.until,
        organisationId: viewer.organisationId,
        userId: viewer.userId,
      });
      const warnings: ApproachWarning[] = others.map((other) => ({
        code: 'ALREADY_IN_CONTACT',
        message: `${other.user?.displayName ?? 'A coach'} (${other.organisation.name}) is already in contact with this employer from ${other.since} until ${other.until}: ${other.purpose}`,
        approach: other,
      }));
      if (employer.maxApproachesPerMonth !== null) {
        // The new approach counts: beyond the cap is the (cap + 1)th in the month of `since`.
        const n = await tx.approachesInMonthOf(input.employerId, since);
        if (n > employer.maxApproachesPerMonth) {
          warnings.push({
            code: 'APPROACH_CAP_EXCEEDED',
            message: `${employer.name} asked for at most ${employer.maxApproachesPerMonth} approach${employer.maxApproachesPerMonth === 1 ? '' : 'es'} a month; this is number ${n} in ${since.slice(0, 7)}`,
            approach: null,
          });
        }
      }
      return { approach, warnings };
    });
  }

  async endApproach(viewer: Viewer, id: string, result?: ApproachOutcomeInput): Promise<EmployerApproachEntity> {
    policy.assertCanEditNetwork(viewer);
    if (result) {
      if (result.outcome === ApproachOutcome.BUSY_UNTIL && (!result.busyUntil || result.busyUntil <= todayIso())) {
        throw StagebankError.badInput('outcome.busyUntil', 'say until which later day the employer is busy');
      }
      if (result.outcome !== ApproachOutcome.BUSY_UNTIL && result.busyUntil) throw StagebankError.badInput('outcome.busyUntil', 'only with BUSY_UNTIL');
      if (result.outcome === ApproachOutcome.OTHER && !result.note?.trim()) throw StagebankError.badInput('outcome.note', 'say what the outcome was');
    }
    const approach = await this.repository.findApproach(id);
    if (!approach) throw StagebankError.notFound('Approach', id);
    policy.assertOwnOrNetworkAdmin(viewer, approach.organisationId, 'approach');
    // Ending twice keeps the first end; an outcome may still be added or corrected.
    return this.repository.updateApproach(approach, {
      endedAt: approach.endedAt ?? new Date(),
      ...(result && { outcome: result.outcome, busyUntil: result.busyUntil ?? null, outcomeNote: result.note?.trim() ?? null }),
    });
  }

  /** The employer's own cap on approaches a month, as a coordinator heard it (null: no cap). */
  async setApproachCap(viewer: Viewer, employerId: string, perMonth: number | null): Promise<EmployerEntity> {
    policy.assertCanEditNetwork(viewer);
    return this.repository.transaction(async (tx) => {
      const employer = await this.employer(tx, employerId, 'employerId');
      return tx.updateEmployer(employer, { maxApproachesPerMonth: perMonth });
    });
  }

  async approachSignals(employerId: string): Promise<ApproachSignals> {
    const today = todayIso();
    const [row, unanswered] = await Promise.all([this.repository.approachSignals(employerId, today), this.unansweredApproaches([employerId], today)]);
    const busy = row?.busy ?? null;
    const alreadyPaused = busy && row?.status === 'PAUSED' && row.paused_until !== null && row.paused_until >= busy.until;
    const count = unanswered.get(employerId) ?? 0;
    return {
      unansweredInSixMonths: count,
      doesNotRespond: count >= DOES_NOT_RESPOND_AFTER,
      pauseSuggestion:
        busy && !alreadyPaused
          ? {
              until: busy.until,
              reason: `Busy until ${busy.until}, told to ${busy.organisation} (approach of ${busy.since})${busy.note ? `: ${busy.note}` : ''}`,
            }
          : null,
      maxApproachesPerMonth: row?.cap ?? null,
      approachesThisMonth: row?.this_month ?? 0,
    };
  }

  /**
   * Per employer, the approaches that ended NO_ANSWER among those started in the last six months
   * (employers with none are left out): the one count behind approachSignals' "does not respond"
   * and matching's note of it.
   */
  async unansweredApproaches(employerIds: string[], today = todayIso()): Promise<Map<string, number>> {
    if (employerIds.length === 0) return new Map();
    const rows = await this.repository.unansweredSince([...new Set(employerIds)], addMonths(today, -6));
    return new Map(rows.map((r) => [r.employer_id, r.unanswered]));
  }

  private async contactValues(tx: CollaborationRepository, employerId: string, input: UpdateContactPersonInput): Promise<Partial<ContactPersonEntity>> {
    if (input.siteId && !(await tx.isSiteOf(input.siteId, employerId))) {
      throw StagebankError.badInput('siteId', 'is not a site of this employer');
    }
    return {
      ...(input.siteId !== undefined && { siteId: input.siteId }),
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.role !== undefined && { role: input.role?.trim() || null }),
      ...(input.phone !== undefined && { phone: input.phone ? toE164(input.phone) : null }),
      ...(input.email !== undefined && { email: input.email ? input.email.trim().toLowerCase() : null }),
    };
  }

  private async employer(tx: CollaborationRepository, id: string, field: string): Promise<EmployerEntity> {
    const employer = await tx.findEmployer(id);
    if (!employer) throw StagebankError.notFound('Employer', id, field);
    return employer;
  }
}
