import { LinearModel, SparseRow, Stage, solveLexicographic } from './solver';
import {
  FairnessReport,
  FairnessRule,
  HigherReason,
  NotPlacedReason,
  Outcome,
  Pair,
  PlanCandidate,
  PlanInput,
  PlanResult,
  PlanSettings,
  SchoolFigures,
  StudentPlan,
  WhyNotHigher,
} from './types';

const key = (studentId: string, placementId: string) => `${studentId}\u0000${placementId}`;
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const round2 = (x: number) => Math.round(x * 100) / 100;
/** Scores go into the model in whole hundredths, so the score stage is solved on integers. */
const cents = (score: number) => Math.round(score * 100);
export const DEFAULT_TIME_LIMIT_SECONDS = 60;

/** The objective in plain words, for the answer and the screen. */
export function describeObjective(settings: PlanSettings = {}, hasPriority = true): { nl: string; en: string } {
  const rule = settings.fairness?.rule ?? FairnessRule.NONE;
  const nl: string[] = [];
  const en: string[] = [];
  if (rule === FairnessRule.SCARCE_SEAT_FLOOR) {
    const pct = Math.round((settings.fairness?.floor ?? 0) * 100);
    nl.push(`elke school krijgt minstens ${pct}% van haar evenredige deel van de schaarse plekken`);
    en.push(`every school gets at least ${pct}% of its proportional share of the scarce seats`);
  }
  if (hasPriority) {
    nl.push('eerst zoveel mogelijk leerlingen uit de voorranggroep plaatsen');
    en.push('first place as many students of the priority group as possible');
  }
  nl.push(`${hasPriority ? 'dan' : 'eerst'} zoveel mogelijk leerlingen plaatsen`);
  en.push(`${hasPriority ? 'then' : 'first'} place as many students as possible`);
  if (rule === FairnessRule.MAX_MIN_MEAN_SCORE) {
    nl.push('dan de gemiddelde score van de slechtst bediende school zo hoog mogelijk maken');
    en.push("then make the worst-off school's mean score as high as possible");
  }
  if (settings.honourFirstChoices) {
    nl.push('dan zoveel mogelijk eerste sectorkeuzes honoreren');
    en.push('then honour as many first sector choices as possible');
  }
  nl.push('dan de totale matchscore maximaliseren; geen enkele leerling krijgt een plek die een harde grens overschrijdt');
  en.push('then maximise the total match score; no student gets a placement that breaks a hard limit');
  const sentence = (parts: string[]) => parts.join(', ').replace(/^./, (c) => c.toUpperCase()) + '.';
  return { nl: sentence(nl), en: sentence(en) };
}

/**
 * Places a group at once. The model: one binary per student × placement candidate (every one
 * already passes the hard limits); each student at most once, each placement at most its free
 * seats, each site's supervisors at most their free capacity; pins fixed, forbidden pairs and
 * excluded students left out. Solved lexicographically with HiGHS: fairness floors (if asked),
 * the priority group placed, the number placed, the worst-off school's mean (if asked), first
 * choices (if asked), then the total score. Input order does not matter: everything is sorted by id.
 */
export async function planCohort(input: PlanInput): Promise<PlanResult> {
  const settings = input.settings ?? {};
  const result = await solve(input, settings);
  const rule = settings.fairness?.rule ?? FairnessRule.NONE;
  if (rule !== FairnessRule.NONE && result.fairness) {
    const without = await solve(input, { ...settings, fairness: { rule: FairnessRule.NONE } });
    result.fairness.totalScoreWithout = without.totalScore;
    result.fairness.placedWithout = without.placed;
    result.fairness.costInTotalScore = round2(without.totalScore - result.totalScore);
    result.fairness.costInPlaced = without.placed - result.placed;
  }
  return result;
}

async function solve(input: PlanInput, settings: PlanSettings): Promise<PlanResult> {
  const locks = input.locks ?? {};
  const students = [...input.students].sort((a, b) => byId(a.id, b.id));
  const studentById = new Map(students.map((s) => [s.id, s]));
  const placementById = new Map(input.placements.map((p) => [p.id, p]));
  const siteById = new Map(input.sites.map((s) => [s.id, s]));
  const excluded = new Set(locks.excluded ?? []);
  const forbidden = new Set((locks.forbidden ?? []).map((p) => key(p.studentId, p.placementId)));
  const existing = new Map<string, string>();
  for (const pair of locks.existing ?? []) if (!existing.has(pair.studentId)) existing.set(pair.studentId, pair.placementId);

  // The candidates, deduplicated and in a fixed order: by student, then by their own rank.
  const candidatesOf = new Map<string, PlanCandidate[]>();
  const seen = new Set<string>();
  for (const c of input.candidates) {
    const k = key(c.studentId, c.placementId);
    if (seen.has(k) || !studentById.has(c.studentId) || !placementById.has(c.placementId)) continue;
    seen.add(k);
    let list = candidatesOf.get(c.studentId);
    if (!list) candidatesOf.set(c.studentId, (list = []));
    list.push(c);
  }
  for (const list of candidatesOf.values()) list.sort((a, b) => a.rank - b.rank || byId(a.placementId, b.placementId));

  const inModel = students.filter((s) => !excluded.has(s.id) && !existing.has(s.id));
  const usable = (c: PlanCandidate) => {
    if (forbidden.has(key(c.studentId, c.placementId))) return false;
    const p = placementById.get(c.placementId)!;
    if (p.freeSeats <= 0) return false;
    const cap = siteById.get(p.siteId)?.freeCapacity ?? null;
    return !(c.usesSiteSupervision && cap !== null && cap <= 0);
  };

  // Pins, in student order: each must be a usable candidate and fit the seats and supervision left by earlier pins.
  const pinOf = new Map<string, string>();
  for (const pin of [...(locks.pins ?? [])].sort((a, b) => byId(a.studentId, b.studentId) || byId(a.placementId, b.placementId))) {
    if (!pinOf.has(pin.studentId)) pinOf.set(pin.studentId, pin.placementId);
  }
  const pinFailed = new Set<string>();
  const pinnedSeats = new Map<string, number>();
  const pinnedSupervision = new Map<string, number>();
  const pinned = new Set<string>();
  for (const s of inModel) {
    const placementId = pinOf.get(s.id);
    if (placementId === undefined) continue;
    const c = candidatesOf.get(s.id)?.find((x) => x.placementId === placementId);
    const p = placementById.get(placementId);
    const cap = p ? (siteById.get(p.siteId)?.freeCapacity ?? null) : null;
    const fits =
      c !== undefined &&
      usable(c) &&
      (pinnedSeats.get(placementId) ?? 0) < p!.freeSeats &&
      (!c.usesSiteSupervision || cap === null || (pinnedSupervision.get(p!.siteId) ?? 0) < cap);
    if (!fits) {
      pinFailed.add(s.id);
      continue;
    }
    pinned.add(key(s.id, placementId));
    pinnedSeats.set(placementId, (pinnedSeats.get(placementId) ?? 0) + 1);
    if (c!.usesSiteSupervision) pinnedSupervision.set(p!.siteId, (pinnedSupervision.get(p!.siteId) ?? 0) + 1);
  }

  // Columns: the usable candidates of students in the model.
  const cols: PlanCandidate[] = [];
  for (const s of inModel) {
    if (pinFailed.has(s.id)) continue;
    const pin = pinOf.get(s.id);
    for (const c of candidatesOf.get(s.id) ?? []) if (usable(c) && (pin === undefined || c.placementId === pin)) cols.push(c);
  }
  const n = cols.length;
  const colLower = cols.map((c) => (pinned.has(key(c.studentId, c.placementId)) ? 1 : 0));
  const colUpper = cols.map(() => 1);
  const integer = cols.map(() => true);
  const rows: SparseRow[] = [];
  const group = <K>(keyOf: (c: PlanCandidate, j: number) => K | undefined) => {
    const m = new Map<K, number[]>();
    cols.forEach((c, j) => {
      const k = keyOf(c, j);
      if (k === undefined) return;
      const list = m.get(k);
      if (list) list.push(j);
      else m.set(k, [j]);
    });
    return m;
  };
  const ones = (indices: number[]) => indices.map(() => 1);
  for (const js of group((c) => c.studentId).values()) rows.push({ indices: js, values: ones(js), lower: 0, upper: 1 });
  const byPlacement = group((c) => c.placementId);
  for (const [placementId, js] of [...byPlacement].sort(([a], [b]) => byId(a, b))) {
    const free = placementById.get(placementId)!.freeSeats;
    if (js.length > free) rows.push({ indices: js, values: ones(js), lower: 0, upper: free });
  }
  const bySite = group((c) => (c.usesSiteSupervision ? placementById.get(c.placementId)!.siteId : undefined));
  for (const [siteId, js] of [...bySite].sort(([a], [b]) => byId(a, b))) {
    const cap = siteById.get(siteId)?.freeCapacity ?? null;
    if (cap !== null && js.length > cap) rows.push({ indices: js, values: ones(js), lower: 0, upper: cap });
  }

  // Scarce placements: more students could take them than they have seats.
  const scarce = new Set<string>();
  for (const [placementId, js] of byPlacement)
    if (new Set(js.map((j) => cols[j].studentId)).size > placementById.get(placementId)!.freeSeats) scarce.add(placementId);

  const schoolIds = [...new Set(inModel.map((s) => s.schoolId))].sort(byId);
  const rule = settings.fairness?.rule ?? FairnessRule.NONE;
  const floor = rule === FairnessRule.SCARCE_SEAT_FLOOR ? Math.min(1, Math.max(0, settings.fairness?.floor ?? 0)) : null;
  const extra: Array<{ kind: 'short' | 'z'; schoolId?: string }> = [];
  const floors = new Map<string, number>();
  if (floor !== null && scarce.size > 0) {
    const scarceSeats = [...scarce].reduce((sum, id) => sum + placementById.get(id)!.freeSeats, 0);
    const competing = new Map<string, number>();
    const counted = new Set<string>();
    for (const c of cols) {
      if (!scarce.has(c.placementId) || counted.has(c.studentId)) continue;
      counted.add(c.studentId);
      const school = studentById.get(c.studentId)!.schoolId;
      competing.set(school, (competing.get(school) ?? 0) + 1);
    }
    const total = [...competing.values()].reduce((a, b) => a + b, 0);
    for (const schoolId of schoolIds) {
      const d = competing.get(schoolId) ?? 0;
      // Rounded to the nearest seat: rounding down would owe a small school nothing; what the seats cannot give shows as shortfall.
      const target = Math.min(d, Math.round((floor * scarceSeats * d) / total));
      floors.set(schoolId, target);
      if (target === 0) continue;
      const js = cols.flatMap((c, j) => (scarce.has(c.placementId) && studentById.get(c.studentId)!.schoolId === schoolId ? [j] : []));
      const shortCol = n + extra.length;
      extra.push({ kind: 'short', schoolId });
      rows.push({ indices: [...js, shortCol], values: [...ones(js), 1], lower: target, upper: Infinity });
    }
  }
  let zCol = -1;
  if (rule === FairnessRule.MAX_MIN_MEAN_SCORE && schoolIds.length > 1) {
    zCol = n + extra.length;
    extra.push({ kind: 'z' });
    for (const schoolId of schoolIds) {
      const size = inModel.filter((s) => s.schoolId === schoolId).length;
      const js = cols.flatMap((c, j) => (studentById.get(c.studentId)!.schoolId === schoolId ? [j] : []));
      rows.push({ indices: [...js, zCol], values: [...js.map((j) => cols[j].score), -size], lower: 0, upper: Infinity });
    }
  }
  const numCols = n + extra.length;
  const model: LinearModel = {
    numCols,
    colLower: [...colLower, ...extra.map(() => 0)],
    colUpper: [...colUpper, ...extra.map((e) => (e.kind === 'z' ? 100 : (floors.get(e.schoolId!) ?? 0)))],
    integer: [...integer, ...extra.map(() => false)],
    rows: rows.map((r) => ({ ...r, upper: r.upper === Infinity ? Number.POSITIVE_INFINITY : r.upper })),
  };

  const costs = (f: (c: PlanCandidate) => number, extraCost: (e: (typeof extra)[number]) => number = () => 0) =>
    Float64Array.from([...cols.map(f), ...extra.map(extraCost)]);
  const stages: Stage[] = [];
  if (extra.some((e) => e.kind === 'short')) {
    stages.push({
      name: 'fairness floor',
      sense: 'min',
      costs: costs(
        () => 0,
        (e) => (e.kind === 'short' ? 1 : 0),
      ),
      tolerance: 1e-6,
      integral: false,
    });
  }
  const hasPriority = inModel.some((s) => s.priority);
  if (hasPriority)
    stages.push({ name: 'priority placed', sense: 'max', costs: costs((c) => (studentById.get(c.studentId)!.priority ? 1 : 0)), tolerance: 0, integral: true });
  stages.push({ name: 'placed', sense: 'max', costs: costs(() => 1), tolerance: 0, integral: true });
  if (zCol >= 0)
    stages.push({
      name: 'worst-off school',
      sense: 'max',
      costs: costs(
        () => 0,
        (e) => (e.kind === 'z' ? 1 : 0),
      ),
      tolerance: 1e-6,
      integral: false,
    });
  if (settings.honourFirstChoices)
    stages.push({ name: 'first choices', sense: 'max', costs: costs((c) => (c.firstChoice ? 1 : 0)), tolerance: 0, integral: true });
  stages.push({ name: 'total score', sense: 'max', costs: costs((c) => cents(c.score)), tolerance: 0, integral: true });

  const solved = await solveLexicographic(model, stages, settings.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS);
  const assigned = new Map<string, PlanCandidate>();
  cols.forEach((c, j) => {
    if (solved.values[j] > 0.5) assigned.set(c.studentId, c);
  });

  return explain({
    input,
    settings,
    students,
    studentById,
    placementById,
    siteById,
    candidatesOf,
    excluded,
    existing,
    forbidden,
    pinned,
    pinFailed,
    assigned,
    scarce,
    floors,
    floor,
    rule,
    shortfall: stages[0]?.name === 'fairness floor' ? solved.optima[0] : 0,
    worstMean: zCol >= 0 ? round2(solved.values[zCol]) : null,
    optimal: solved.optimal,
    hasPriority,
  });
}

interface ExplainContext {
  input: PlanInput;
  settings: PlanSettings;
  students: PlanInput['students'];
  studentById: Map<string, PlanInput['students'][number]>;
  placementById: Map<string, PlanInput['placements'][number]>;
  siteById: Map<string, PlanInput['sites'][number]>;
  candidatesOf: Map<string, PlanCandidate[]>;
  excluded: Set<string>;
  existing: Map<string, string>;
  forbidden: Set<string>;
  pinned: Set<string>;
  pinFailed: Set<string>;
  assigned: Map<string, PlanCandidate>;
  scarce: Set<string>;
  floors: Map<string, number>;
  floor: number | null;
  rule: FairnessRule;
  shortfall: number;
  worstMean: number | null;
  optimal: boolean;
  hasPriority: boolean;
}

function explain(x: ExplainContext): PlanResult {
  const holders = new Map<string, string[]>();
  const siteHolders = new Map<string, string[]>();
  for (const [studentId, c] of x.assigned) {
    push(holders, c.placementId, studentId);
    if (c.usesSiteSupervision) push(siteHolders, x.placementById.get(c.placementId)!.siteId, studentId);
  }
  const whyNot = (studentId: string, c: PlanCandidate): WhyNotHigher => {
    const school = x.studentById.get(studentId)!.schoolId;
    const p = x.placementById.get(c.placementId)!;
    const cap = x.siteById.get(p.siteId)?.freeCapacity ?? null;
    let reason: HigherReason;
    let held: string[] = [];
    if (x.forbidden.has(key(studentId, c.placementId))) reason = HigherReason.FORBIDDEN;
    else if ((holders.get(p.id)?.length ?? 0) >= p.freeSeats) {
      reason = HigherReason.SEATS_TAKEN;
      held = holders.get(p.id) ?? [];
    } else if (c.usesSiteSupervision && cap !== null && (siteHolders.get(p.siteId)?.length ?? 0) >= cap) {
      reason = HigherReason.SUPERVISION_FULL;
      held = siteHolders.get(p.siteId) ?? [];
    } else reason = HigherReason.TRADE_OFF;
    const sameSchool = held.filter((id) => x.studentById.get(id)!.schoolId === school).sort(byId);
    const otherSchools = [...new Set(held.map((id) => x.studentById.get(id)!.schoolId).filter((s) => s !== school))].sort(byId);
    return { placementId: c.placementId, rank: c.rank, reason, heldBySameSchool: sameSchool, heldByOtherSchools: otherSchools };
  };

  const plans: StudentPlan[] = x.students.map((s) => {
    const candidates = x.candidatesOf.get(s.id) ?? [];
    const base = { studentId: s.id, schoolId: s.schoolId, candidateCount: candidates.length, whyNotHigher: null, notPlacedReason: null };
    if (x.excluded.has(s.id)) return { ...base, outcome: Outcome.EXCLUDED, candidate: null };
    const existing = x.existing.get(s.id);
    if (existing !== undefined) return { ...base, outcome: Outcome.EXISTING, candidate: candidates.find((c) => c.placementId === existing) ?? null };
    if (x.pinFailed.has(s.id)) return { ...base, outcome: Outcome.NOT_PLACED, candidate: null, notPlacedReason: NotPlacedReason.PIN_NOT_POSSIBLE };
    const got = x.assigned.get(s.id);
    if (got) {
      const isPinned = x.pinned.has(key(s.id, got.placementId));
      const better = isPinned ? undefined : candidates.find((c) => c.rank < got.rank);
      return { ...base, outcome: isPinned ? Outcome.PINNED : Outcome.PLACED, candidate: got, whyNotHigher: better ? whyNot(s.id, better) : null };
    }
    if (candidates.length === 0) return { ...base, outcome: Outcome.NOT_PLACED, candidate: null, notPlacedReason: NotPlacedReason.NO_CANDIDATE };
    return { ...base, outcome: Outcome.NOT_PLACED, candidate: null, notPlacedReason: NotPlacedReason.ALL_TAKEN, whyNotHigher: whyNot(s.id, candidates[0]) };
  });

  const schools: SchoolFigures[] = [...new Set(x.students.map((s) => s.schoolId))].sort(byId).map((schoolId) => {
    const mine = plans.filter((p) => p.schoolId === schoolId && p.outcome !== Outcome.EXCLUDED);
    const placed = mine.filter((p) => p.outcome !== Outcome.NOT_PLACED);
    const scored = placed.map((p) => p.candidate).filter((c): c is PlanCandidate => c !== null);
    const mean = (f: (c: PlanCandidate) => number) => (scored.length ? round2(scored.reduce((sum, c) => sum + f(c), 0) / scored.length) : null);
    return {
      schoolId,
      students: mine.length,
      placed: placed.length,
      sharePlaced: mine.length ? round2(placed.length / mine.length) : 0,
      meanRank: mean((c) => c.rank),
      meanScore: mean((c) => c.score),
      meanTravelMinutes: mean((c) => c.travelMinutes),
      notPlaced: mine.length - placed.length,
      scarceSeats: mine.filter((p) => p.candidate && p.outcome !== Outcome.EXISTING && x.scarce.has(p.candidate.placementId)).length,
      scarceSeatFloor: x.floor !== null ? (x.floors.get(schoolId) ?? 0) : null,
    };
  });

  const newlyPlaced = [...x.assigned.values()];
  const fairness: FairnessReport | null =
    x.rule === FairnessRule.NONE
      ? null
      : {
          rule: x.rule,
          floor: x.floor,
          shortfall: round2(x.shortfall),
          worstSchoolMeanScore: x.worstMean,
          totalScoreWithout: 0,
          placedWithout: 0,
          costInTotalScore: 0,
          costInPlaced: 0,
        };
  return {
    students: plans,
    schools,
    placed: newlyPlaced.length,
    priorityPlaced: newlyPlaced.filter((c) => x.studentById.get(c.studentId)!.priority).length,
    firstChoicesHonoured: newlyPlaced.filter((c) => c.firstChoice).length,
    totalScore: round2(newlyPlaced.reduce((sum, c) => sum + c.score, 0)),
    scarcePlacementIds: [...x.scarce].sort(byId),
    fairness,
    optimal: x.optimal,
    objective: describeObjective(x.settings, x.hasPriority),
  };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export type { Pair };
