import { Certificate, PaidJobChance, PlacementType, Sector, StudentConstraint, SupportLevel } from '@stagebank/domain';
import { assess, rankCandidates } from '../rank';
import { DetourTravelTimeProvider } from '../travel-time';
import { Criterion, HardLimit } from '../types';
import { DEFAULT_WEIGHTS, weightProblems } from '../weights';
import { OSS, PERIOD, candidate, eastOf, profile, takenSeat } from './fixtures';

const options = { period: PERIOD, weights: DEFAULT_WEIGHTS };
const ranked = (p: ReturnType<typeof profile>, list: ReturnType<typeof candidate>[]) => rankCandidates(p, list, options).map((m) => m.candidate.title);

describe('matching scenarios from the field', () => {
  it('"wants care work without the diploma": the care home\'s restaurant ranks first', () => {
    const student = profile({ sectorPreferences: [Sector.CARE_WELFARE], interests: ['mensen helpen'] });
    const list = [
      candidate({ title: 'Helpende zorg', sector: Sector.CARE_WELFARE, employerSectors: [Sector.CARE_WELFARE], requiredCertificates: [Certificate.BHV] }),
      candidate({
        title: 'Medewerker restaurant zorgcentrum',
        sector: Sector.HOSPITALITY,
        employerSectors: [Sector.CARE_WELFARE, Sector.HOSPITALITY],
        tasks: ['tafels dekken', 'bewoners helpen'],
      }),
      candidate({ title: 'Medewerker bediening', sector: Sector.HOSPITALITY, employerSectors: [Sector.HOSPITALITY] }),
      candidate({ title: 'Magazijnmedewerker', sector: Sector.LOGISTICS, employerSectors: [Sector.LOGISTICS] }),
    ];
    expect(ranked(student, list)).toEqual(['Medewerker restaurant zorgcentrum', 'Medewerker bediening', 'Magazijnmedewerker']);
    const restaurant = assess(student, list[1], options);
    expect(restaurant.excluded).toBe(false);
    if (!restaurant.excluded) {
      const line = restaurant.breakdown.find((l) => l.criterion === Criterion.SECTOR)!;
      expect(line.nl).toContain('zorg en welzijn (keuze 1)');
      expect(line.en).toContain('feasible alternative');
    }
  });

  it('"wants to be a gardener": a garden centre in retail is a close alternative', () => {
    const student = profile({ sectorPreferences: [Sector.GREEN] });
    expect(
      ranked(student, [
        candidate({ title: 'Kassa', sector: Sector.ICT, employerSectors: [Sector.ICT] }),
        candidate({ title: 'Tuincentrum', sector: Sector.RETAIL }),
      ]),
    ).toEqual(['Tuincentrum', 'Kassa']);
  });

  it('never offers a wheelchair user an inaccessible site', () => {
    const student = profile({ constraints: [StudentConstraint.WHEELCHAIR] });
    const inaccessible = candidate({ wheelchairAccessible: false, title: 'Trap op' });
    expect(ranked(student, [inaccessible, candidate({ title: 'Gelijkvloers' })])).toEqual(['Gelijkvloers']);
    const why = assess(student, inaccessible, options);
    expect(why.excluded && why.exclusions.map((e) => e.limit)).toEqual([HardLimit.WHEELCHAIR]);
  });

  it('lets a full placement reappear for a period after its internship ends', () => {
    const full = candidate({ seats: 1, claims: [takenSeat('2027-01-01', '2027-03-31')], title: 'Vol' });
    expect(ranked(profile(), [full])).toEqual([]);
    expect(rankCandidates(profile(), [full], { ...options, period: { from: '2027-04-01', to: '2027-06-30' } }).map((m) => m.candidate.title)).toEqual(['Vol']);
  });

  it('weighs paid-job chances up for a final-year student', () => {
    const job = candidate({ title: 'Baan', paidJobChance: PaidJobChance.LIKELY, location: eastOf(OSS, 6) });
    const near = candidate({ title: 'Dichtbij', paidJobChance: PaidJobChance.NONE, location: eastOf(OSS, 3) });
    expect(ranked(profile({ finalYear: false }), [job, near])[0]).toBe('Dichtbij');
    expect(ranked(profile({ finalYear: true }), [job, near])[0]).toBe('Baan');
  });

  it('counts SBB recognition for the target crebo most when a praktijkverklaring is the goal', () => {
    const recognised = candidate({
      title: 'Erkend 25254',
      recognitions: [{ crebos: ['25254'], validFrom: '2020-01-01', validUntil: null }],
      location: eastOf(OSS, 5),
    });
    const near = candidate({ title: 'Dichtbij', location: eastOf(OSS, 3) });
    expect(ranked(profile({ targetCrebo: '25254' }), [recognised, near])[0]).toBe('Erkend 25254');
    expect(ranked(profile(), [recognised, near])[0]).toBe('Dichtbij');
  });

  it('excludes for every hard limit, with all reasons at once', () => {
    const student = profile({
      supportNeed: SupportLevel.INTENSIVE,
      constraints: [StudentConstraint.NO_WEEKENDS, StudentConstraint.NO_CUSTOMER_CONTACT, StudentConstraint.QUIET_WORKPLACE],
      maxTravelMinutes: 20,
    });
    const bad = candidate({
      supervisionLevel: SupportLevel.LIGHT,
      weekendWork: true,
      customerContact: true,
      quietWorkplace: false,
      requiredCertificates: [Certificate.VCA],
      audiences: [],
      seats: 0,
      availableFrom: '2027-03-01',
      location: eastOf(OSS, 25),
    });
    const result = assess(student, bad, options);
    expect(result.excluded).toBe(true);
    if (result.excluded) {
      expect(result.exclusions.map((e) => e.limit).sort()).toEqual(
        [
          HardLimit.AUDIENCE,
          HardLimit.NOT_AVAILABLE,
          HardLimit.NO_FREE_SEAT,
          HardLimit.TOO_FAR,
          HardLimit.TRAVEL_TOO_LONG,
          HardLimit.SUPERVISION,
          HardLimit.WEEKEND,
          HardLimit.CUSTOMER_CONTACT,
          HardLimit.QUIET_WORKPLACE,
          HardLimit.CERTIFICATES,
        ].sort(),
      );
      for (const e of result.exclusions) expect(e.nl.length * e.en.length).toBeGreaterThan(0);
    }
  });

  it('accepts lighter supervision for a group placement with a school supervisor', () => {
    const student = profile({ supportNeed: SupportLevel.INTENSIVE });
    const group = candidate({ type: PlacementType.GROUP_STAGE, supervisionLevel: SupportLevel.LIGHT, schoolSupervisorRequired: true });
    expect(assess(student, group, options).excluded).toBe(false);
    expect(assess(student, { ...group, schoolSupervisorRequired: false }, options).excluded).toBe(true);
  });

  it('excludes stopped employers, and paused ones while the pause lasts', () => {
    expect(assess(profile(), candidate({ employerStatus: 'STOPPED' as never }), options).excluded).toBe(true);
    expect(assess(profile(), candidate({ employerStatus: 'PAUSED' as never, pausedUntil: '2027-02-15' }), options).excluded).toBe(true);
    expect(assess(profile(), candidate({ employerStatus: 'PAUSED' as never, pausedUntil: '2027-01-15' }), options).excluded).toBe(false);
  });
});

describe('travel time', () => {
  const provider = new DetourTravelTimeProvider();
  it('is slower on foot than by bike, and public transport has a fixed overhead', () => {
    expect(provider.minutes('WALK' as never, 3)).toBeGreaterThan(provider.minutes('BIKE' as never, 3));
    expect(provider.minutes('BIKE' as never, 5)).toBe(27); // 5 km × 1.25 at 15 km/h + 2 min
    expect(provider.minutes('PUBLIC_TRANSPORT' as never, 0)).toBe(10);
    expect(provider.minutes('E_BIKE' as never, 10)).toBeLessThan(provider.minutes('BIKE' as never, 10));
  });
});

describe('weights', () => {
  it('accepts the defaults and refuses negative, oversized or all-zero weights', () => {
    expect(weightProblems(DEFAULT_WEIGHTS)).toEqual([]);
    expect(weightProblems({ ...DEFAULT_WEIGHTS, [Criterion.TRAVEL]: -1 })[0].criterion).toBe(Criterion.TRAVEL);
    expect(weightProblems({ ...DEFAULT_WEIGHTS, [Criterion.SECTOR]: 101 })[0].criterion).toBe(Criterion.SECTOR);
    const zero = Object.fromEntries(Object.keys(DEFAULT_WEIGHTS).map((k) => [k, 0])) as typeof DEFAULT_WEIGHTS;
    expect(weightProblems(zero)).toEqual([{ criterion: null, message: 'at least one weight must be above 0' }]);
  });
});
