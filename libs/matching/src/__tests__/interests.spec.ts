import { Sector } from '@stagebank/domain';
import fc from 'fast-check';
import { assess, rankCandidates } from '../rank';
import { interestTerms, placementTerms } from '../text';
import { Criterion } from '../types';
import { DEFAULT_WEIGHTS } from '../weights';
import { candidateArb, period, profileArb, weightsArb } from './arbitraries';
import { PERIOD, candidate, profile } from './fixtures';

const options = { period: PERIOD, weights: DEFAULT_WEIGHTS };
const meets = (interest: string, ...texts: string[]) => interestTerms(interest).some((t) => placementTerms(texts).has(t));
const tasksLine = (interests: string[], c: ReturnType<typeof candidate>) => {
  const a = assess(profile({ interests }), c, options);
  if (a.excluded) throw new Error('excluded');
  return a.breakdown.find((l) => l.criterion === Criterion.TASKS)!;
};

describe('interests and tasks (Dutch stemming, compounds, stop words, synonyms)', () => {
  it.each([
    ['dieren', 'dierverzorging'],
    ['dieren', 'Medewerker dierenpension'],
    ['schoonmaken', 'Medewerker schoonmaak'],
    ['koken', 'Hulp in de keuken'],
    ['koken', 'Keukenhulp'],
    ['timmeren', 'Medewerker timmerwerkplaats'],
    ['fietsen repareren', 'Fietsenmaker'],
    ['tuinieren', 'Medewerker tuincentrum'],
    ['orderpicken', 'Medewerker magazijn'],
    ['bakken', 'Medewerker bakkerij'],
  ])('"%s" meets "%s"', (interest, text) => {
    expect(meets(interest, text)).toBe(true);
  });

  it.each([
    ['werken met dieren', 'werken met de heftruck'],
    ['leuk werk', 'Medewerker kantoor'],
    ['dieren', 'Vakkenvuller'],
    ['koken', 'Medewerker kapsalon'],
    ['fietsen repareren', 'Medewerker autobedrijf'],
  ])('"%s" does not meet "%s" (no shared content word)', (interest, text) => {
    expect(meets(interest, text)).toBe(false);
  });

  it('names the real overlap in both languages', () => {
    const line = tasksLine(['werken met dieren', 'koken'], candidate({ title: 'Medewerker kinderboerderij', tasks: ['dierverzorging', 'stallen uitmesten'] }));
    expect(line.nl).toBe('Past bij de interesse werken met dieren (kinderboerderij, dierverzorging).');
    expect(line.en).toBe('Fits the interest werken met dieren (kinderboerderij, dierverzorging).');
    const two = tasksLine(['dieren', 'koken'], candidate({ title: 'Hulp in de keuken', tasks: ['dieren voeren'] }));
    expect(two.nl).toBe('Past bij de interesses dieren (dieren) en koken (keuken).');
  });

  it('a shared common word gives no hit and no explanation of one', () => {
    const line = tasksLine(['werken met dieren'], candidate({ title: 'Magazijnmedewerker', tasks: ['werken met de heftruck'] }));
    expect(line.raw).toBe(0.5);
    expect(line.nl).toBe('De taken sluiten niet aan bij de interesses.');
  });

  it('an interest of only stop words counts as no interest', () => {
    expect(tasksLine(['leuk werk'], candidate()).nl).toBe('Geen interesses opgegeven.');
  });

  it('ranks the animal placement first for a student who said "dieren"', () => {
    const student = profile({ sectorPreferences: [], interests: ['dieren'] });
    const list = [
      candidate({ title: 'Vakkenvuller', location: profile().home }),
      candidate({ title: 'Medewerker kinderboerderij', tasks: ['dierverzorging'], sector: Sector.GREEN }),
    ];
    expect(rankCandidates(student, list, options)[0].candidate.title).toBe('Medewerker kinderboerderij');
  });

  it('giving interests never makes a placement score lower than giving none', () => {
    const interestsArb = fc.array(fc.constantFrom('koken', 'dieren', 'werken met dieren', 'leuk werk', 'schoonmaken', 'auto', 'x', 'helpen in de winkel'), {
      maxLength: 4,
    });
    let compared = 0;
    fc.assert(
      fc.property(profileArb, candidateArb, weightsArb, interestsArb, (p, c, weights, interests) => {
        const without = assess({ ...p, interests: [] }, c, { period, weights });
        const withInterests = assess({ ...p, interests }, c, { period, weights });
        expect(withInterests.excluded).toBe(without.excluded);
        if (!without.excluded && !withInterests.excluded) {
          compared++;
          expect(withInterests.score).toBeGreaterThanOrEqual(without.score);
        }
      }),
      { numRuns: 1500 },
    );
    expect(compared).toBeGreaterThan(30);
  });
});
