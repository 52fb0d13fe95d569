import { Injectable } from '@nestjs/common';
import {
  AUDIENCE_OF_KIND,
  Audience,
  ENROLLING_KINDS,
  EmployerStatus,
  InternshipStatus,
  LabourMarketRegion,
  MembershipRole,
  OCCUPYING_STATUSES,
  addDays,
} from '@stagebank/domain';
import { MatchOptions, Period, Weights, wording } from '@stagebank/matching';
import { CohortPlanEntity, CohortPlanEntryEntity, InternshipEntity, PlacementEntity, StudentProfileEntity } from '@stagebank/persistence';
import {
  HigherReason,
  NotPlacedReason,
  Outcome,
  Pair,
  PlanCandidate,
  PlanResult,
  PlanSettings,
  WhyNotHigher,
  WorldStudent,
  buildWorld,
  planCohort,
} from '@stagebank/planning';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditService } from '../audit/audit.service';
import { policy } from '../auth/policy';
import { asSystem } from '../auth/request-context';
import type { Viewer } from '../auth/viewer';
import { StagebankError } from '../common/stagebank.error';
import { toInternship } from '../internships/internship.mapper';
import { MatchingIndexHolder } from '../matching/matching-index.holder';
import { MatchingService, profileOf } from '../matching/matching.service';
import {
  AcceptCohortPlanResult,
  CohortPlan,
  CohortPlanStudent,
  CohortReplanning,
  CohortSchoolFigures,
  MAX_COHORT_STUDENTS,
  MAX_PERIOD_DAYS,
  MAX_REGION_STUDENTS,
  PlanCohortInput,
  PlanRegionalRoundInput,
} from './planning.types';
import { PlanningRepository } from './planning.repository';
import { PlacementCapacity } from '../placements/placement-capacity';
import { StudentGroupsService } from './student-groups.service';

/**
 * Internships that keep a student where they are: the plan leaves them in place. Those that hold a
 * seat, a paused one included: a student whose internship is paused still has it (and its seat).
 */
const KEEPING = OCCUPYING_STATUSES;

/** What a plan keeps about the whole (no student): objective, totals, fairness, figures per school. */
interface Summary {
  objective: { nl: string; en: string };
  placed: number;
  priorityPlaced: number;
  firstChoicesHonoured: number;
  totalScore: number;
  optimal: boolean;
  fairness: PlanResult['fairness'];
  schools: Array<Omit<CohortSchoolFigures, 'organisationName'> & { organisationName: string }>;
}

/** A student's line as stored: other students only by id, and only those of the same school. */
interface EntryDetail {
  candidate: PlanCandidate | null;
  notPlacedReason: NotPlacedReason | null;
  whyNotHigher: WhyNotHigher | null;
  candidateCount: number;
}

interface Planned {
  student: StudentProfileEntity;
  audience: Audience;
  weights: Weights;
  priority: boolean;
}

function checkPeriod(period: Period): void {
  if (period.to < period.from) throw StagebankError.badInput('input.period.to', 'must not be before from');
  if (addDays(period.from, MAX_PERIOD_DAYS) < period.to) throw StagebankError.badInput('input.period.to', `a plan covers at most ${MAX_PERIOD_DAYS} days`);
}

/**
 * Cohort planning (issue 17): a group of students placed at once by libs/planning, from the same
 * hard limits and scores as matchPlacements. A plan is stored (with each student's line private to
 * their own organisation) and nothing else is written until it is accepted.
 */
@Injectable()
export class PlanningService {
  constructor(
    private readonly repository: PlanningRepository,
    private readonly index: MatchingIndexHolder,
    private readonly matching: MatchingService,
    private readonly audit: AuditService,
    private readonly groups: StudentGroupsService,
    private readonly capacity: PlacementCapacity,
  ) {}

  /** A school's own group. */
  async planCohort(viewer: Viewer, input: PlanCohortInput): Promise<CohortPlan> {
    policy.assertCanPlanCohort(viewer);
    checkPeriod(input.period);
    const audience = AUDIENCE_OF_KIND[viewer.organisationKind];
    if (!audience) throw StagebankError.forbidden('Only schools and PLP initiatives plan a group');
    let students: StudentProfileEntity[];
    if (input.groupId) {
      if (input.studentIds?.length) throw StagebankError.badInput('input.groupId', 'give a group or students, not both');
      // A saved group: those of its students who are still at school (one who left stays in the group, unplanned).
      const ids = await this.groups.studentIdsOf(viewer, input.groupId);
      students = ids.length ? await this.repository.currentStudentsOf(viewer.organisationId, ids) : [];
    } else if (input.studentIds?.length) {
      const ids = [...new Set(input.studentIds)];
      students = await this.repository.currentStudentsOf(viewer.organisationId, ids);
      const missing = ids.find((id) => !students.some((s) => s.id === id));
      if (missing) throw StagebankError.notFound('Student', missing, 'input.studentIds');
    } else {
      students = await this.repository.currentStudentsOf(viewer.organisationId);
      if (students.length > MAX_COHORT_STUDENTS) throw StagebankError.badInput('input.studentIds', `name at most ${MAX_COHORT_STUDENTS} students`);
    }
    await this.audit.recordStudentReads(
      viewer,
      students.map((s) => s.id),
    );
    const inGroup = new Set(students.map((s) => s.id));
    const mustBeInGroup = (ids: string[] | undefined, field: string) => {
      const stray = ids?.find((id) => !inGroup.has(id));
      if (stray) throw StagebankError.badInput(field, `student ${stray} is not in the group being planned`);
    };
    mustBeInGroup(input.priorityStudentIds, 'input.priorityStudentIds');
    mustBeInGroup(input.excludedStudentIds, 'input.excludedStudentIds');
    mustBeInGroup(
      input.pins?.map((p) => p.studentId),
      'input.pins',
    );
    mustBeInGroup(
      input.forbidden?.map((p) => p.studentId),
      'input.forbidden',
    );
    const weights = await this.matching.weights(viewer.organisationId);
    const priority = new Set(input.priorityStudentIds ?? []);
    const planned = students.map((student) => ({ student, audience, weights, priority: priority.has(student.id) }));
    const existing = await this.existingInternships(
      this.repository,
      students.map((s) => s.id),
      input.period,
    );
    return this.planAndStore(viewer, planned, input.period, input.candidatesPerStudent, null, {
      locks: { existing, pins: input.pins ?? [], forbidden: input.forbidden ?? [], excluded: input.excludedStudentIds ?? [] },
      settings: { honourFirstChoices: input.honourFirstChoices },
    });
  }

  /**
   * A regional round for a network admin: every current student of the region's schools and
   * initiatives, each ranked with their own organisation's weights, planned together with a
   * fairness rule. The admin sees figures per school only; each school sees its own students' lines.
   */
  async planRegionalRound(viewer: Viewer, input: PlanRegionalRoundInput): Promise<CohortPlan> {
    policy.assertNetworkAdmin(viewer);
    checkPeriod(input.period);
    // Students of every school of the region: read as the system; no student leaves this service except to their own school.
    const planned = await asSystem(async () => {
      const organisations = (await this.repository.organisationsInRegion(input.region)).filter((o) => ENROLLING_KINDS.has(o.kind));
      const students = organisations.length ? await this.repository.currentStudentsOfOrganisations(organisations.map((o) => o.id)) : [];
      if (students.length > MAX_REGION_STUDENTS)
        throw StagebankError.badInput('input.region', `a regional round plans at most ${MAX_REGION_STUDENTS} students`);
      const byId = new Map(organisations.map((o) => [o.id, o]));
      const weights = new Map<string, Weights>();
      for (const o of organisations) weights.set(o.id, await this.matching.weights(o.id));
      return students
        .filter((s) => AUDIENCE_OF_KIND[byId.get(s.organisationId)!.kind])
        .map((student) => ({
          student,
          audience: AUDIENCE_OF_KIND[byId.get(student.organisationId)!.kind]!,
          weights: weights.get(student.organisationId)!,
          priority: input.finalYearFirst && student.finalYear,
        }));
    });
    const existing = await asSystem(() =>
      this.existingInternships(
        this.repository,
        planned.map((p) => p.student.id),
        input.period,
      ),
    );
    return this.planAndStore(viewer, planned, input.period, input.candidatesPerStudent, input.region, {
      locks: { existing },
      settings: { honourFirstChoices: input.honourFirstChoices, fairness: { rule: input.fairness, floor: input.scarceSeatFloor } },
    });
  }

  async get(viewer: Viewer, id: string): Promise<CohortPlan> {
    const plan = await this.repository.findPlan(id);
    const entries = plan ? await this.repository.ownEntries(id, viewer.organisationId) : [];
    const mayRead = plan && (plan.organisationId === viewer.organisationId || viewer.role === MembershipRole.NETWORK_ADMIN || entries.length > 0);
    if (!plan || !mayRead) throw StagebankError.notFound('CohortPlan', id);
    if (entries.length) policy.assertCanReadStudents(viewer);
    return this.view(viewer, plan, entries);
  }

  /**
   * Creates the proposed internships of the plan for the viewer's own students (all, or those
   * named) in one transaction, with the usual seat checks under the placement's row lock. A
   * student whose seat went meanwhile gets nothing and is named for replanning.
   */
  async accept(viewer: Viewer, planId: string, studentIds?: string[]): Promise<AcceptCohortPlanResult> {
    policy.assertCanPlanCohort(viewer);
    const plan = await this.repository.findPlan(planId);
    if (!plan) throw StagebankError.notFound('CohortPlan', planId, 'planId');
    return this.repository.transaction(async (tx) => {
      const entries = await tx.ownEntries(planId, viewer.organisationId);
      if (!entries.length) throw StagebankError.notFound('CohortPlan', planId, 'planId');
      const wanted = studentIds ? new Set(studentIds) : null;
      const stray = studentIds?.find((id) => !entries.some((e) => e.studentId === id));
      if (stray) throw StagebankError.badInput('studentIds', `student ${stray} is not one of yours in this plan`);
      const toCreate = entries
        .filter(
          (e) =>
            (e.outcome === Outcome.PLACED || e.outcome === Outcome.PINNED) && e.internshipId === null && e.placementId && (!wanted || wanted.has(e.studentId)),
        )
        .sort((a, b) => (a.placementId! < b.placementId! ? -1 : a.placementId! > b.placementId! ? 1 : a.studentId < b.studentId ? -1 : 1));
      const codes = await this.codes(
        tx,
        viewer,
        toCreate.map((e) => e.studentId),
      );
      const period = { startDate: plan.periodFrom, endDate: plan.periodTo };
      const created: InternshipEntity[] = [];
      const needsReplanning: CohortReplanning[] = [];
      // Placements are locked in id order, so two accepts touching the same placements cannot deadlock.
      const placementIds = [...new Set(toCreate.map((e) => e.placementId!))];
      const placements = new Map<string, PlacementEntity>();
      for (const id of placementIds) {
        const p = await this.capacity.lock(tx, id);
        if (p) placements.set(id, p);
      }
      const free = await this.capacity.freeSeats(tx, [...placements.values()], period);
      // The student may have been given an internship since the plan was made.
      const busy = new Set(
        (
          await this.existingInternships(
            tx,
            toCreate.map((e) => e.studentId),
            { from: period.startDate, to: period.endDate },
          )
        ).map((p) => p.studentId),
      );
      for (const entry of toCreate) {
        const placement = placements.get(entry.placementId!);
        const reason = await this.whyNot(tx, placement, free.get(entry.placementId!) ?? 0, period, viewer, busy.has(entry.studentId));
        if (reason) {
          needsReplanning.push({ studentId: entry.studentId, code: codes.get(entry.studentId) ?? '', placementId: entry.placementId!, reason });
          continue;
        }
        free.set(placement!.id, free.get(placement!.id)! - 1);
        const internship = await tx.insertInternship({
          placementId: placement!.id,
          studentId: entry.studentId,
          organisationId: viewer.organisationId,
          coachUserId: viewer.userId,
          startDate: period.startDate,
          endDate: period.endDate,
          status: InternshipStatus.PROPOSED,
        });
        await tx.linkEntry(planId, entry.studentId, internship.id);
        created.push(internship);
      }
      return { created: created.map(toInternship), needsReplanning };
    });
  }

  private async whyNot(
    tx: PlanningRepository,
    placement: PlacementEntity | undefined,
    freeSeats: number,
    period: { startDate: string; endDate: string },
    viewer: Viewer,
    busy: boolean,
  ): Promise<string | null> {
    if (busy) return 'the student has been given another internship in this period meanwhile';
    if (!placement) return 'the placement has been removed';
    if (freeSeats <= 0) return `all ${placement.seats} seats of "${placement.title}" were taken meanwhile`;
    if (period.startDate < placement.availableFrom || (placement.availableUntil && period.endDate > placement.availableUntil))
      return 'the placement is no longer available in this period';
    const audience = AUDIENCE_OF_KIND[viewer.organisationKind];
    if (audience && !placement.audiences.includes(audience)) return `the placement is no longer open to ${audience} students`;
    const site = await tx.findSite(placement.siteId);
    const employer = site ? await tx.findEmployer(site.employerId) : null;
    if (!employer || employer.status === EmployerStatus.STOPPED) return 'the employer no longer takes students';
    if (employer.status === EmployerStatus.PAUSED && employer.pausedUntil! >= period.startDate)
      return `the employer takes no new students until ${employer.pausedUntil}`;
    return null;
  }

  private async planAndStore(
    viewer: Viewer,
    planned: Planned[],
    period: Period,
    perStudent: number,
    region: LabourMarketRegion | null,
    { locks, settings }: { locks: { existing: Pair[]; pins?: Pair[]; forbidden?: Pair[]; excluded?: string[] }; settings: PlanSettings },
  ): Promise<CohortPlan> {
    const index = await this.index.current();
    const byStudent = new Map(planned.map((p) => [p.student.id, p]));
    const existingStudents = new Set(locks.existing.map((e) => e.studentId));
    const excluded = new Set(locks.excluded ?? []);
    // Students already placed or left out need no candidates; the rest are ranked as matchPlacements ranks them.
    const worldStudents: WorldStudent[] = planned
      .filter((p) => !existingStudents.has(p.student.id) && !excluded.has(p.student.id))
      .map((p) => ({ id: p.student.id, schoolId: p.student.organisationId, priority: p.priority, profile: profileOf(p.student, p.audience) }));
    const world = buildWorld(
      worldStudents,
      (profile, options, first) => index.query(profile, options, first).matches,
      (s): MatchOptions => ({ period, weights: byStudent.get(s.id)!.weights }),
      perStudent,
    );
    // A site's supervisors are shared by all its placements, including those no student here ranks: count their load in the database.
    const siteIds = world.sites.map((s) => s.id);
    if (siteIds.length) {
      const load = await this.repository.seatsTakenAtSites(siteIds, period);
      const capacityOf = new Map<string, number>();
      for (const p of world.placements) capacityOf.set(p.siteId, index.candidate(p.id)?.supervisionCapacity ?? 0);
      for (const site of world.sites) {
        const capacity = capacityOf.get(site.id) ?? 0;
        site.freeCapacity = capacity > 0 ? Math.max(0, capacity - (load.get(site.id) ?? 0)) : null;
      }
    }
    const result = await planCohort({
      students: planned.map((p) => ({ id: p.student.id, schoolId: p.student.organisationId, priority: p.priority })),
      placements: world.placements,
      sites: world.sites,
      candidates: world.candidates,
      locks,
      settings,
    });
    const names = new Map((await asSystem(() => this.repository.organisations(result.schools.map((s) => s.schoolId)))).map((o) => [o.id, o.name]));
    const summary: Summary = {
      objective: result.objective,
      placed: result.placed,
      priorityPlaced: result.priorityPlaced,
      firstChoicesHonoured: result.firstChoicesHonoured,
      totalScore: result.totalScore,
      optimal: result.optimal,
      fairness: result.fairness,
      schools: result.schools.map(({ schoolId, ...figures }) => ({ organisationId: schoolId, organisationName: names.get(schoolId) ?? '', ...figures })),
    };
    const plan = await this.repository.insertPlan({
      organisationId: viewer.organisationId,
      createdByUserId: viewer.apiKey ? null : viewer.userId,
      region,
      periodFrom: period.from,
      periodTo: period.to,
      summary: summary as unknown as Record<string, unknown>,
    });
    const entries = result.students.map((s): Omit<CohortPlanEntryEntity, 'plan' | 'student' | 'organisation'> => ({
      planId: plan.id,
      studentId: s.studentId,
      organisationId: s.schoolId,
      outcome: s.outcome,
      placementId:
        s.candidate?.placementId ?? (s.outcome === Outcome.EXISTING ? (locks.existing.find((e) => e.studentId === s.studentId)?.placementId ?? null) : null),
      detail: {
        candidate: s.candidate,
        notPlacedReason: s.notPlacedReason,
        whyNotHigher: s.whyNotHigher,
        candidateCount: s.candidateCount,
      } satisfies EntryDetail as unknown as Record<string, unknown>,
      internshipId: null,
    }));
    // A regional round writes every school's lines, which row-level security keeps from the admin's own role.
    const write = () => this.repository.insertEntries(entries as QueryDeepPartialEntity<CohortPlanEntryEntity>[]);
    if (region) await asSystem(write);
    else await write();
    return this.view(viewer, plan, await this.repository.ownEntries(plan.id, viewer.organisationId));
  }

  private async existingInternships(repository: PlanningRepository, studentIds: string[], period: Period): Promise<Pair[]> {
    if (!studentIds.length) return [];
    const rows = await repository.overlappingInternships(studentIds, KEEPING, period);
    return rows.flatMap((i) => (i.studentId ? [{ studentId: i.studentId, placementId: i.placementId }] : []));
  }

  private async codes(repository: PlanningRepository, viewer: Viewer, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    return repository.studentCodes(viewer.organisationId, ids);
  }

  private async view(viewer: Viewer, plan: CohortPlanEntity, entries: CohortPlanEntryEntity[]): Promise<CohortPlan> {
    const summary = plan.summary as unknown as Summary;
    const schoolName = new Map(summary.schools.map((s) => [s.organisationId, s.organisationName]));
    const details = entries.map((e) => e.detail as unknown as EntryDetail);
    const ids = new Set(entries.map((e) => e.studentId));
    for (const d of details) for (const id of d.whyNotHigher?.heldBySameSchool ?? []) ids.add(id);
    const codes = await this.codes(this.repository, viewer, [...ids]);
    const students = entries
      .map((e, i): CohortPlanStudent => {
        const d = details[i];
        const why = d.whyNotHigher
          ? {
              placementId: d.whyNotHigher.placementId,
              rank: d.whyNotHigher.rank,
              reason: d.whyNotHigher.reason,
              heldByYourStudents: d.whyNotHigher.heldBySameSchool.map((id) => codes.get(id) ?? '').filter(Boolean),
              heldByOtherSchools: d.whyNotHigher.heldByOtherSchools.map((id) => schoolName.get(id) ?? 'another school'),
            }
          : null;
        const { nl, en } = explain(e.outcome as Outcome, d, why);
        return {
          studentId: e.studentId,
          code: codes.get(e.studentId) ?? '',
          outcome: e.outcome as Outcome,
          placementId: e.placementId,
          rank: d.candidate?.rank ?? null,
          score: d.candidate?.score ?? null,
          distanceKm: d.candidate?.distanceKm ?? null,
          travelMinutes: d.candidate?.travelMinutes ?? null,
          firstChoice: d.candidate?.firstChoice ?? null,
          candidateCount: d.candidateCount,
          notPlacedReason: d.notPlacedReason,
          whyNotHigher: why,
          explanationNl: nl,
          explanationEn: en,
          internshipId: e.internshipId,
        };
      })
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    return {
      id: plan.id,
      region: plan.region as LabourMarketRegion | null,
      periodFrom: plan.periodFrom,
      periodTo: plan.periodTo,
      createdAt: plan.createdAt,
      objectiveNl: summary.objective.nl,
      objectiveEn: summary.objective.en,
      placed: summary.placed,
      priorityPlaced: summary.priorityPlaced,
      firstChoicesHonoured: summary.firstChoicesHonoured,
      totalScore: summary.totalScore,
      optimal: summary.optimal,
      fairness: summary.fairness,
      schools: summary.schools,
      students,
    };
  }
}

type WhyView = { rank: number; reason: HigherReason; heldByYourStudents: string[]; heldByOtherSchools: string[] };

/** One student's line in plain words. */
export function explain(outcome: Outcome, d: EntryDetail, why: WhyView | null): { nl: string; en: string } {
  const higher = (w: WhyView): { nl: string; en: string } => {
    const own = w.heldByYourStudents.join(', ');
    const other = w.heldByOtherSchools.join(', ');
    switch (w.reason) {
      case HigherReason.FORBIDDEN:
        return { nl: `Hun nummer ${w.rank} heeft u uitgesloten.`, en: `You forbade their number ${w.rank}.` };
      case HigherReason.TRADE_OFF:
        return {
          nl: `Hun nummer ${w.rank} had nog plek, maar die nemen zou minder leerlingen plaatsen of de totale score verlagen.`,
          en: `Their number ${w.rank} had room, but taking it would place fewer students or lower the total score.`,
        };
      default: {
        const what =
          w.reason === HigherReason.SUPERVISION_FULL
            ? { nl: 'de begeleiding op die locatie', en: "the site's supervision" }
            : { nl: 'de plekken', en: 'the seats' };
        const parts = { nl: [] as string[], en: [] as string[] };
        if (own) {
          const n = w.heldByYourStudents.length;
          parts.nl.push(`${n === 1 ? 'uw leerling' : 'uw leerlingen'} ${wording.list(w.heldByYourStudents, 'nl')} (samen een hogere score)`);
          parts.en.push(`${n === 1 ? 'your student' : 'your students'} ${wording.list(w.heldByYourStudents, 'en')} (a higher combined score)`);
        }
        if (other) {
          parts.nl.push(`een leerling van ${wording.list(w.heldByOtherSchools, 'nl')}`);
          parts.en.push(`a student of ${wording.list(w.heldByOtherSchools, 'en')}`);
        }
        return {
          nl: `Bij hun nummer ${w.rank} gingen ${what.nl} naar ${parts.nl.join(' en ') || 'andere leerlingen'}.`,
          en: `At their number ${w.rank}, ${what.en} went to ${parts.en.join(' and ') || 'other students'}.`,
        };
      }
    }
  };
  switch (outcome) {
    case Outcome.EXCLUDED:
      return { nl: 'Door de coördinator buiten het plan gelaten.', en: 'Left out of the plan by the coordinator.' };
    case Outcome.EXISTING:
      return {
        nl: 'Heeft al een voorgestelde, afgesproken of lopende stage in deze periode; die blijft staan.',
        en: 'Already has a proposed, agreed or active internship in this period; it stays.',
      };
    case Outcome.PINNED:
      return {
        nl: `Vastgezet door de coördinator (nummer ${d.candidate?.rank} in de eigen lijst).`,
        en: `Pinned by the coordinator (number ${d.candidate?.rank} in their own list).`,
      };
    case Outcome.PLACED: {
      const head = {
        nl: `Nummer ${d.candidate!.rank} in de eigen lijst (score ${wording.decimal(d.candidate!.score, 'nl')}).`,
        en: `Number ${d.candidate!.rank} in their own list (score ${wording.decimal(d.candidate!.score, 'en')}).`,
      };
      if (!why) return head;
      const h = higher(why);
      return { nl: `${head.nl} ${h.nl}`, en: `${head.en} ${h.en}` };
    }
    default: {
      if (d.notPlacedReason === NotPlacedReason.PIN_NOT_POSSIBLE) {
        return {
          nl: 'Niet geplaatst: de vastgezette plek kan niet (harde grens, uitgesloten of geen plek vrij).',
          en: 'Not placed: the pinned placement is not possible (a hard limit, forbidden, or no seat free).',
        };
      }
      if (d.notPlacedReason === NotPlacedReason.NO_CANDIDATE) {
        return {
          nl: 'Niet geplaatst: geen enkele plek past binnen de harde grenzen in deze periode (zie explainMatch).',
          en: 'Not placed: no placement passes their hard limits in this period (see explainMatch).',
        };
      }
      const h = why ? higher(why) : { nl: '', en: '' };
      return {
        nl: `Niet geplaatst: elke passende plek ging naar andere leerlingen. ${h.nl}`.trim(),
        en: `Not placed: every placement that fits went to other students. ${h.en}`.trim(),
      };
    }
  }
}
