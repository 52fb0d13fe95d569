import { Injectable } from '@nestjs/common';
import { AUDIENCE_OF_KIND, Audience, addDays, todayIso } from '@stagebank/domain';
import {
  Criterion,
  DEFAULT_WEIGHTS,
  Match,
  MatchCursor,
  MatchingIndex,
  MatchProfile,
  Period,
  ScoreLine,
  Weights,
  assess,
  sortKey,
  weightProblems,
} from '@stagebank/matching';
import { MatchingWeightsEntity, StudentProfileEntity } from '@stagebank/persistence';
import { policy } from '../auth/policy';
import { CollaborationService } from '../collaboration/collaboration.service';
import { DOES_NOT_RESPOND_AFTER } from '../collaboration/collaboration.types';
import type { Viewer } from '../auth/viewer';
import { GeoPointInput } from '../common/geo.types';
import { Connection } from '../common/pagination';
import { StagebankError } from '../common/stagebank.error';
import { Geocoder } from '../geo/geocoder';
import { toStudentProfile } from '../students/student.mapper';
import { StudentService } from '../students/student.service';
import { toQualification } from '../common/qualification.types';
import { StudentProfileInput } from '../students/student.types';
import { MatchingIndexHolder } from './matching-index.holder';
import { MatchingRepository } from './matching.repository';
import {
  MatchExplanation,
  MatchFilter,
  MatchPageArgs,
  MatchScoreLine,
  MatchingWeights,
  MatchingWeightsInput,
  PlacementMatch,
  StudentMatch,
  WEIGHT_FIELDS,
} from './matching.types';

/** How long a proposed internship runs when the caller names no period: about a school term. */
const DEFAULT_PERIOD_DAYS = 90;

const toLine = (line: ScoreLine): MatchScoreLine => ({
  criterion: line.criterion,
  weight: line.weight,
  raw: line.raw,
  points: line.points,
  explanationNl: line.nl,
  explanationEn: line.en,
});

/** What a coordinator should know when the employer did not answer approaches: beside the score, never in it. */
const doesNotRespondNote = (n: number) => ({
  explanationNl: `Deze werkgever reageerde niet op ${n} benaderingen in de afgelopen zes maanden (telt niet mee in de score).`,
  explanationEn: `This employer did not answer ${n} approaches in the last six months (not counted in the score).`,
});

const toPlacementMatch = (m: Match, unanswered = new Map<string, number>()): PlacementMatch => ({
  placementId: m.candidate.placementId,
  employerId: m.candidate.employerId,
  siteId: m.candidate.siteId,
  distanceKm: m.distanceKm,
  travelMinutes: m.travelMinutes,
  score: m.score,
  breakdown: m.breakdown.map(toLine),
  flagNotes: m.flagNotes.map((n) => ({ flag: n.flag, source: n.source, explanationNl: n.nl, explanationEn: n.en })),
  notes: [
    ...m.notes.map((n) => ({ explanationNl: n.nl, explanationEn: n.en })),
    ...(unanswered.has(m.candidate.employerId) ? [doesNotRespondNote(unanswered.get(m.candidate.employerId)!)] : []),
  ],
});

function encodeCursor(m: Match): string {
  const { score, distanceKm, placementId } = sortKey(m);
  return Buffer.from(JSON.stringify([score, distanceKm, placementId])).toString('base64url');
}

function decodeCursor(cursor: string): MatchCursor {
  try {
    const [score, distanceKm, placementId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof score === 'number' && typeof distanceKm === 'number' && typeof placementId === 'string') return { score, distanceKm, placementId };
  } catch {
    // fall through
  }
  throw StagebankError.badInput('after', 'not a cursor from this list');
}

function periodOf(filter: MatchFilter | undefined, availableFrom: string | null): Period {
  if (filter?.period) {
    if (filter.period.to < filter.period.from) throw StagebankError.badInput('filter.period.to', 'must not be before from');
    return filter.period;
  }
  const today = todayIso();
  const from = availableFrom && availableFrom > today ? availableFrom : today;
  return { from, to: addDays(from, DEFAULT_PERIOD_DAYS) };
}

/** `organisationId`: who asks (the student's school); a placement reserved for it is offered to it. */
export const profileOf = (
  s: (StudentProfileInput & { homeLocation: GeoPointInput }) | StudentProfileEntity,
  audience: Audience,
  organisationId: string | null = 'organisationId' in s ? s.organisationId : null,
): MatchProfile => ({
  audience,
  organisationId,
  home: 'coordinates' in s.homeLocation ? { latitude: s.homeLocation.coordinates[1], longitude: s.homeLocation.coordinates[0] } : s.homeLocation,
  travelMode: s.travelMode,
  maxTravelKm: s.maxTravelKm,
  maxTravelMinutes: s.maxTravelMinutes ?? null,
  sectorPreferences: s.sectorPreferences,
  interests: s.interests,
  supportNeed: s.supportNeed,
  constraints: s.constraints,
  certificates: s.certificates,
  finalYear: s.finalYear,
  targetCrebo: s.targetCrebo ?? null,
  targetWerkprocessen: s.targetWerkprocessen ?? [],
  availableDays: s.availableDays,
  // An unsaved profile's qualifications come as input (fields may be absent); a stored one's as stored.
  qualifications: (s.qualifications ?? []).map(toQualification),
  exitProfile: s.exitProfile ?? null,
});

@Injectable()
export class MatchingService {
  constructor(
    private readonly index: MatchingIndexHolder,
    private readonly students: StudentService,
    private readonly geocoder: Geocoder,
    private readonly repository: MatchingRepository,
    private readonly collaboration: CollaborationService,
  ) {}

  /**
   * Ranked placements for a student of the viewer's organisation. `withNotes`: whether the caller
   * reads the matches' notes (the employer's unanswered approaches take a query).
   */
  async matchPlacements(viewer: Viewer, studentId: string, args: MatchPageArgs, withNotes = true): Promise<Connection<PlacementMatch>> {
    // The student, the weights and the index's catching up on the stream, at once rather than one
    // after another; their refusals still come in that order (the student first).
    const weights = settleLater(this.weights(viewer.organisationId));
    const index = settleLater(this.index.current());
    const student = await this.students.findOwn(viewer, studentId, 'studentId');
    const profile = profileOf(student, this.audienceOf(viewer));
    return this.rankPage(profile, { period: periodOf(args.filter, student.availableFrom), weights: await weights }, args, index, withNotes);
  }

  /** Ranked placements for a profile that is not saved: nothing about the student is stored. */
  async matchPlacementsForProfile(viewer: Viewer, input: StudentProfileInput, args: MatchPageArgs, withNotes = true): Promise<Connection<PlacementMatch>> {
    const audience = args.filter?.audience ?? this.audienceOf(viewer);
    const homeLocation = input.homeLocation ?? (await this.geocoder.requirePostcode(input.homePostcode, 'profile.homePostcode'));
    const profile = profileOf({ ...input, homeLocation }, audience, viewer.organisationId);
    const options = { period: periodOf(args.filter, input.availableFrom ?? null), weights: await this.weights(viewer.organisationId) };
    return this.rankPage(profile, options, args, this.index.current(), withNotes);
  }

  /** Why a placement is excluded for a student, or where and why it ranks. */
  async explainMatch(viewer: Viewer, studentId: string, placementId: string, filter?: MatchFilter): Promise<MatchExplanation> {
    const student = await this.students.findOwn(viewer, studentId, 'studentId');
    const profile = profileOf(student, this.audienceOf(viewer));
    const options = { period: periodOf(filter, student.availableFrom), weights: await this.weights(viewer.organisationId) };
    const index = await this.index.current();
    const candidate = index.candidate(placementId);
    if (!candidate) throw StagebankError.notFound('Placement', placementId, 'placementId');
    const assessment = assess(profile, candidate, options);
    if (assessment.excluded) {
      return {
        placementId,
        excluded: true,
        exclusions: assessment.exclusions.map((e) => ({ limit: e.limit, explanationNl: e.nl, explanationEn: e.en })),
        match: null,
        rank: null,
        totalMatches: index.query(profile, options, 1).total,
      };
    }
    const { rank, total } = index.standing(profile, options, sortKey(assessment));
    const unanswered = await this.unanswered([assessment.candidate.employerId]);
    return { placementId, excluded: false, exclusions: [], match: toPlacementMatch(assessment, unanswered), rank, totalMatches: total };
  }

  /** The viewer's own students who could take this placement, best first. */
  async matchStudents(viewer: Viewer, placementId: string, first: number, filter?: MatchFilter): Promise<StudentMatch[]> {
    // A read of the organisation's students: a key granted student access may do it too.
    policy.assertEnrolling(viewer);
    policy.assertCanReadStudents(viewer);
    const audience = this.audienceOf(viewer);
    const candidate = (await this.index.current()).candidate(placementId);
    if (!candidate) throw StagebankError.notFound('Placement', placementId, 'placementId');
    const weights = await this.weights(viewer.organisationId);
    const results: Array<StudentMatch & { code: string }> = [];
    for (const student of await this.students.listAllCurrent(viewer)) {
      const assessment = assess(profileOf(student, audience), candidate, { period: periodOf(filter, student.availableFrom), weights });
      if (assessment.excluded) continue;
      results.push({
        code: student.code,
        student: toStudentProfile(student),
        distanceKm: assessment.distanceKm,
        travelMinutes: assessment.travelMinutes,
        score: assessment.score,
        breakdown: assessment.breakdown.map(toLine),
      });
    }
    return results
      .sort((a, b) => b.score - a.score || a.distanceKm - b.distanceKm || (a.code < b.code ? -1 : 1))
      .slice(0, first)
      .map(({ code: _code, ...match }) => match);
  }

  async weightsView(viewer: Viewer): Promise<MatchingWeights> {
    const stored = await this.repository.weightsOf(viewer.organisationId);
    return toWeightsView(withDefaults(stored), !stored);
  }

  async updateWeights(viewer: Viewer, input: MatchingWeightsInput): Promise<MatchingWeights> {
    policy.assertCanTuneMatching(viewer);
    const next: Weights = { ...(await this.weights(viewer.organisationId)) };
    for (const [field, criterion] of Object.entries(WEIGHT_FIELDS)) {
      const value = input[field as keyof MatchingWeightsInput];
      if (value !== undefined && value !== null) next[criterion] = value;
    }
    const [problem] = weightProblems(next);
    if (problem) {
      const field = Object.entries(WEIGHT_FIELDS).find(([, c]) => c === problem.criterion)?.[0];
      throw StagebankError.badInput(field ? `input.${field}` : 'input', problem.message);
    }
    await this.repository.saveWeights(viewer.organisationId, next, viewer.userId);
    return toWeightsView(next, false);
  }

  /**
   * Of these employers, those that "do not respond" (approachSignals' rule), with how many unanswered
   * approaches: matching may weigh it, so the match says it, without a score change.
   */
  private async unanswered(employerIds: string[]): Promise<Map<string, number>> {
    const counts = await this.collaboration.unansweredApproaches(employerIds);
    return new Map([...counts].filter(([, n]) => n >= DOES_NOT_RESPOND_AFTER));
  }

  private async rankPage(
    profile: MatchProfile,
    options: { period: Period; weights: Weights },
    args: MatchPageArgs,
    index: Promise<MatchingIndex>,
    withNotes: boolean,
  ): Promise<Connection<PlacementMatch>> {
    const after = args.after ? decodeCursor(args.after) : undefined;
    const filter = { sectors: args.filter?.sectors, types: args.filter?.types, verified: args.filter?.verified };
    // One more than asked for tells whether there is a next page.
    const { matches, total } = (await index).query(profile, options, args.first + 1, after, filter);
    const page = matches.slice(0, args.first);
    const unanswered = withNotes ? await this.unanswered(page.map((m) => m.candidate.employerId)) : undefined;
    return {
      edges: page.map((m) => ({ cursor: encodeCursor(m), node: toPlacementMatch(m, unanswered) })),
      pageInfo: { hasNextPage: matches.length > args.first, endCursor: page.length ? encodeCursor(page[page.length - 1]) : null },
      totalCount: total,
    };
  }

  /** An organisation's weights, or the defaults (cohort planning ranks every school's students with its own). */
  async weights(organisationId: string): Promise<Weights> {
    return withDefaults(await this.repository.weightsOf(organisationId));
  }

  private audienceOf(viewer: Viewer): Audience {
    const audience = AUDIENCE_OF_KIND[viewer.organisationKind];
    if (!audience) throw StagebankError.badInput('filter.audience', 'say which audience (PRO, VSO or PLP) to match for');
    return audience;
  }
}

/** A promise awaited later: until then its rejection is not reported as unhandled. */
function settleLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

const withDefaults = (stored: MatchingWeightsEntity | null): Weights => ({ ...DEFAULT_WEIGHTS, ...(stored?.weights as Partial<Weights> | undefined) });

function toWeightsView(weights: Weights, isDefault: boolean): MatchingWeights {
  const view = Object.fromEntries(Object.entries(WEIGHT_FIELDS).map(([field, criterion]) => [field, weights[criterion as Criterion]]));
  return { ...(view as Omit<MatchingWeights, 'isDefault'>), isDefault };
}
