import { HigherReason, NotPlacedReason, Outcome, PlanCandidate } from '@stagebank/planning';
import { broken } from '../../../../../libs/matching/src/__tests__/sentence-rules';
import { explain } from '../planning.service';

const candidate: PlanCandidate = {
  studentId: 's',
  placementId: 'p',
  score: 52.36,
  distanceKm: 3.25,
  travelMinutes: 12,
  rank: 2,
  firstChoice: true,
  usesSiteSupervision: true,
};

describe("a cohort plan's sentence per student", () => {
  it('keeps the rules of every sentence shown to a coordinator, in every outcome and reason, with one holder or several', () => {
    const holders = [[], ['A-12'], ['A-12', 'B-7']];
    const schools = [[], ['Praktijkschool Maasland'], ['Praktijkschool Maasland', 'VSO De Brabantse Poort']];
    const whys = [null];
    for (const reason of Object.values(HigherReason))
      for (const own of holders) for (const other of schools) whys.push({ rank: 1, reason, heldByYourStudents: own, heldByOtherSchools: other } as never);
    const sentences: Array<[string, string, 'nl' | 'en']> = [];
    for (const outcome of Object.values(Outcome))
      for (const notPlacedReason of [null, ...Object.values(NotPlacedReason)])
        for (const why of whys) {
          const placed = outcome === Outcome.PLACED || outcome === Outcome.PINNED;
          const line = explain(outcome, { candidate: placed ? candidate : null, notPlacedReason, whyNotHigher: null, candidateCount: 3 }, why);
          sentences.push([line.nl, outcome, 'nl'], [line.en, outcome, 'en']);
        }
    const problems = sentences.flatMap(([s, outcome, lang]) => broken(s, lang).map((p) => `${outcome} ${lang}: ${p}: ${s}`));
    expect([...new Set(problems)]).toEqual([]);
  });

  it('names one holder in the singular and several in the plural', () => {
    const line = (own: string[]) =>
      explain(
        Outcome.PLACED,
        { candidate, notPlacedReason: null, whyNotHigher: null, candidateCount: 3 },
        {
          rank: 1,
          reason: HigherReason.SEATS_TAKEN,
          heldByYourStudents: own,
          heldByOtherSchools: [],
        },
      );
    expect(line(['A-12']).nl).toBe(
      'Nummer 2 in de eigen lijst (score 52,4). Bij hun nummer 1 gingen de plekken naar uw leerling A-12 (samen een hogere score).',
    );
    expect(line(['A-12', 'B-7']).en).toBe(
      'Number 2 in their own list (score 52.4). At their number 1, the seats went to your students A-12 and B-7 (a higher combined score).',
    );
  });
});
