import { Audience, EmployerKind, ExitProfile, PaidJobChance, PlacementType, SupportLevel } from '@stagebank/domain';
import { MatchingIndex } from '../matching-index';
import { assess, rankCandidates } from '../rank';
import { Candidate, Criterion, HardLimit, MatchProfile } from '../types';
import { DEFAULT_WEIGHTS } from '../weights';
import { OSS, PERIOD, candidate, eastOf, profile, takenSeat } from './fixtures';

const options = { period: PERIOD, weights: DEFAULT_WEIGHTS };
const judged = (p: MatchProfile, c: Candidate) => assess(p, c, options);
const line = (p: MatchProfile, c: Candidate, criterion: Criterion) => {
  const a = judged(p, c);
  if (a.excluded) throw new Error(`excluded: ${a.exclusions.map((e) => e.nl).join(' ')}`);
  return a.breakdown.find((l) => l.criterion === criterion)!;
};
const limits = (p: MatchProfile, c: Candidate) => {
  const a = judged(p, c);
  return a.excluded ? a.exclusions.map((e) => e.limit) : [];
};
/** The fast index must agree with the reference on every example here. */
const sameOnIndex = (p: MatchProfile, cs: Candidate[]) =>
  expect(new MatchingIndex(cs).query(p, options, cs.length).matches.map((m) => [m.candidate.placementId, m.score])).toEqual(
    rankCandidates(p, cs, options).map((m) => [m.candidate.placementId, m.score]),
  );

describe('required qualifications', () => {
  const care = candidate({ title: 'Helpende zorg', requiredQualifications: [{ crebo: '25498', level: 2, name: null }] });
  const named = candidate({ requiredQualifications: [{ crebo: null, level: null, name: 'Diploma Helpende' }] });

  it('rules out a placement whose diploma the student lacks, with its own reason, and certificates do not stand in for it', () => {
    const a = judged(profile({ certificates: ['BHV' as never] }), care);
    expect(a.excluded && a.exclusions.map((e) => e.limit)).toEqual([HardLimit.QUALIFICATIONS]);
    expect(a.excluded && a.exclusions[0].nl).toBe('De plek vraagt het diploma crebo 25498 niveau 2; dat heeft de leerling niet.');
    sameOnIndex(profile(), [care, named]);
  });

  it('is met by the same crebo at the level asked or higher, or by the same name', () => {
    expect(limits(profile({ qualifications: [{ crebo: '25498', level: 1, name: null }] }), care)).toEqual([HardLimit.QUALIFICATIONS]);
    expect(limits(profile({ qualifications: [{ crebo: '25498', level: 3, name: null }] }), care)).toEqual([]);
    expect(limits(profile({ qualifications: [{ crebo: null, level: null, name: 'diploma helpende ' }] }), named)).toEqual([]);
    sameOnIndex(profile({ qualifications: [{ crebo: '25498', level: 2, name: null }] }), [care, named]);
  });
});

describe('supervision that exists', () => {
  it('caps a claimed level at what the site’s supervisors can give', () => {
    // Claims intensive, but the only supervisor gives light support.
    const claimsTooMuch = candidate({ supervisionLevel: SupportLevel.INTENSIVE, supervisorCapacity: [2, 0, 0], supervisionCapacity: 2 });
    expect(limits(profile({ supportNeed: SupportLevel.MODERATE }), claimsTooMuch)).toEqual([HardLimit.SUPERVISION]);
    const sentence = line(profile({ supportNeed: SupportLevel.LIGHT }), claimsTooMuch, Criterion.SUPERVISION).nl;
    expect(sentence).toContain('geven hooguit lichte begeleiding, niet de intensieve die de plek noemt');
  });

  it('counts students already at the site (any placement there) against the supervisors’ capacity', () => {
    const site = { supervisorCapacity: [2, 2, 0] as [number, number, number], supervisionCapacity: 2 };
    const busy = candidate({ ...site, seats: 3, siteClaims: [takenSeat(), takenSeat()] });
    const a = judged(profile(), busy);
    expect(a.excluded && a.exclusions.map((e) => e.limit)).toEqual([HardLimit.SUPERVISION]);
    expect(a.excluded && a.exclusions[0].nl).toContain('begeleiden in deze periode al zoveel leerlingen als ze kunnen');
    const half = candidate({ ...site, seats: 3, siteClaims: [takenSeat()] });
    const supervision = line(profile(), half, Criterion.SUPERVISION);
    expect(supervision.nl).toContain('ruimte voor nog 1 leerling');
    const free = line(profile(), candidate({ ...site, seats: 3 }), Criterion.SUPERVISION);
    expect(free.raw).toBeGreaterThan(supervision.raw);
    sameOnIndex(profile(), [busy, half, candidate({ ...site, seats: 3 })]);
  });

  it('lets a group placement with a school supervisor through, and says when a site records no supervisors', () => {
    const group = candidate({ schoolSupervisorRequired: true, supervisorCapacity: [1, 0, 0], siteClaims: [takenSeat()] });
    expect(limits(profile({ supportNeed: SupportLevel.INTENSIVE }), group)).toEqual([]);
    const unknown = candidate({ supervisorCapacity: [0, 0, 0], supervisionCapacity: 0 });
    expect(line(profile(), unknown, Criterion.SUPERVISION).nl).toContain('geen begeleiders vastgelegd voor deze locatie');
  });
});

describe('exit profile', () => {
  const dayCentre = candidate({ title: 'Dagbesteding', employerKind: EmployerKind.DAY_ACTIVITY_CENTRE, type: PlacementType.DAY_ACTIVITY });
  const workshop = candidate({ title: 'Sw-bedrijf', employerKind: EmployerKind.SHELTERED_WORKSHOP });
  const regularJob = candidate({ title: 'Supermarkt', employerKind: EmployerKind.REGULAR, paidJobChance: PaidJobChance.LIKELY });
  const regular = candidate({ title: 'Winkel', employerKind: EmployerKind.REGULAR });
  const recognised = candidate({
    title: 'Erkend',
    employerKind: EmployerKind.REGULAR,
    recognitions: [{ crebos: ['25254'], validFrom: '2020-01-01', validUntil: null }],
  });
  const all = [dayCentre, workshop, regularJob, regular, recognised];
  const order = (exitProfile: ExitProfile) => rankCandidates(profile({ exitProfile }), all, options).map((m) => m.candidate.title);

  it('puts the kind of place each profile heads for first', () => {
    expect(order(ExitProfile.DAY_ACTIVITY)[0]).toBe('Dagbesteding');
    expect(order(ExitProfile.SHELTERED_WORK)[0]).toBe('Sw-bedrijf');
    expect(order(ExitProfile.LABOUR_MARKET)[0]).toBe('Supermarkt');
    expect(order(ExitProfile.FURTHER_EDUCATION)[0]).toBe('Erkend');
    for (const p of Object.values(ExitProfile)) sameOnIndex(profile({ exitProfile: p }), all);
  });

  it('explains the fit, and is neutral without a profile', () => {
    expect(line(profile({ exitProfile: ExitProfile.LABOUR_MARKET }), regularJob, Criterion.EXIT_PROFILE).nl).toBe(
      'Uitstroomprofiel arbeidsmarkt: een reguliere werkgever met kans op betaald werk past goed bij dit profiel.',
    );
    const none = line(profile(), regular, Criterion.EXIT_PROFILE);
    expect([none.raw, none.nl]).toEqual([0.5, 'Nog geen uitstroomprofiel vastgelegd.']);
  });

  it('changes other weights: no paid-job weight toward day activity, double toward the labour market', () => {
    expect(line(profile({ exitProfile: ExitProfile.DAY_ACTIVITY }), regular, Criterion.PAID_JOB).weight).toBe(0);
    expect(line(profile({ exitProfile: ExitProfile.LABOUR_MARKET }), regular, Criterion.PAID_JOB).weight).toBe(DEFAULT_WEIGHTS.PAID_JOB * 2);
    expect(line(profile({ exitProfile: ExitProfile.FURTHER_EDUCATION }), regular, Criterion.RECOGNITION).weight).toBe(DEFAULT_WEIGHTS.RECOGNITION * 2);
  });
});

describe('praktijkverklaring goal', () => {
  const recognition = [{ crebos: ['25254'], validFrom: '2020-01-01', validUntil: null }];
  const goal = profile({ targetCrebo: '25254', targetWerkprocessen: ['B1-K1-W1', 'B1-K1-W2', 'B1-K2-W1'] });
  const teachesTwo = candidate({ recognitions: recognition, crebo: '25254', werkprocessen: ['B1-K1-W1', 'B1-K2-W1', 'B1-K3-W1'] });
  const teachesOne = candidate({ recognitions: recognition, crebo: '25254', werkprocessen: ['B1-K1-W2'] });

  it('ranks the placement that teaches more of the target werkprocessen higher, and names them', () => {
    const [first] = rankCandidates(goal, [teachesOne, teachesTwo], options);
    expect(first.candidate.placementId).toBe(teachesTwo.placementId);
    expect(line(goal, teachesTwo, Criterion.RECOGNITION).nl).toBe(
      'Erkend leerbedrijf voor crebo 25254: praktijkverklaring mogelijk. Hier te leren: B1-K1-W1 en B1-K2-W1 (2 van 3 beoogde werkprocessen).',
    );
    sameOnIndex(goal, [teachesOne, teachesTwo]);
  });

  it('still counts the Boris flag once the target crebo is recognised', () => {
    const withBoris = { ...teachesTwo, placementId: 'boris', borisFlag: true };
    expect(line(goal, withBoris, Criterion.RECOGNITION).raw).toBeGreaterThan(line(goal, teachesTwo, Criterion.RECOGNITION).raw);
    expect(line(goal, withBoris, Criterion.RECOGNITION).nl).toContain('Met Boris-kenmerk');
  });
});

describe('track record for students like this one', () => {
  const cell = (completed: number, endedEarly: number, paidJobs = 0, supportNeed = SupportLevel.MODERATE) => ({
    audience: 'PRO' as never,
    supportNeed,
    completed,
    endedEarly,
    paidJobs,
  });

  it('moves nothing below the minimum number of similar cases, and says so', () => {
    const few = candidate({ trackRecord: [cell(1, 3), cell(9, 0, 0, SupportLevel.LIGHT)] });
    const l = line(profile(), few, Criterion.TRACK_RECORD);
    expect(l.raw).toBe(0.5);
    expect(l.nl).toBe('Nog te weinig stages van PrO-leerlingen met gemiddelde begeleiding hier: 4 afgeronde stages, minstens 5 nodig; telt neutraal.');
    // The 9 students needing light support do count for a student like them.
    expect(line(profile({ supportNeed: SupportLevel.LIGHT }), few, Criterion.TRACK_RECORD).raw).toBe(0.8);
  });

  it('counts the share completed and paid jobs once there are enough, naming who they were', () => {
    const good = candidate({ trackRecord: [cell(5, 1, 2)] });
    const bad = candidate({ trackRecord: [cell(1, 5)] });
    expect(line(profile(), good, Criterion.TRACK_RECORD).nl).toBe(
      'Van de 6 PrO-leerlingen met gemiddelde begeleiding maakten er 5 hier hun stage af; 2 vonden daarna betaald werk.',
    );
    expect(line(profile(), bad, Criterion.TRACK_RECORD).nl).toBe(
      'Van de 6 PrO-leerlingen met gemiddelde begeleiding maakte er 1 hier de stage af; niemand vond daarna betaald werk.',
    );
    expect(line(profile(), good, Criterion.TRACK_RECORD).raw).toBeGreaterThan(0.5);
    expect(line(profile(), bad, Criterion.TRACK_RECORD).raw).toBeLessThan(0.5);
    // Another audience's record says nothing about this student.
    expect(line(profile({ audience: Audience.VSO }), bad, Criterion.TRACK_RECORD).raw).toBe(0.5);
    sameOnIndex(profile(), [good, bad]);
  });
});

describe("schools' experiences for students like this one", () => {
  const exp = (audience: Audience, supportNeed: SupportLevel | null, count: number, mean: number) => ({ audience, supportNeed, count, sum: count * mean });

  it('counts experiences of schools of the same audience, general or about the same support need, from 3 on', () => {
    const praised = candidate({
      placementId: 'praised',
      experiences: [exp(Audience.PRO, null, 2, 5), exp(Audience.PRO, SupportLevel.MODERATE, 1, 4), exp(Audience.VSO, null, 4, 1)],
    });
    const l = line(profile(), praised, Criterion.EXPERIENCE);
    expect(l.raw).toBe(0.92); // ((5 + 5 + 4) / 3 - 1) / 4, to cents
    expect(l.nl).toBe(
      'Gemiddeld 4,7 van 5 uit 3 ervaringen van scholen over PrO-leerlingen met gemiddelde begeleiding. 4 ervaringen met andere leerlingen tellen niet mee.',
    );
    // For a student needing intensive support only the 2 general PrO experiences count: too few.
    const intensive = line(profile({ supportNeed: SupportLevel.INTENSIVE }), { ...praised, schoolSupervisorRequired: true }, Criterion.EXPERIENCE);
    expect(intensive.raw).toBe(0.5);
    expect(intensive.nl).toBe(
      'Nog te weinig ervaringen van scholen over PrO-leerlingen met intensieve begeleiding: 2 ervaringen, minstens 3 nodig; telt neutraal. 5 ervaringen met andere leerlingen tellen niet mee.',
    );
    // For a VSO student the 4 poor VSO experiences count, and pull the score down.
    expect(line(profile({ audience: Audience.VSO }), praised, Criterion.EXPERIENCE).raw).toBe(0);
  });

  it('keeps the index equal to the reference: the bound holds for whichever student asks', () => {
    const list = [
      candidate({ placementId: 'a', experiences: [exp(Audience.VSO, SupportLevel.LIGHT, 5, 5)] }),
      candidate({ placementId: 'b', experiences: [exp(Audience.PRO, null, 3, 4)], location: eastOf(OSS, 3) }),
      candidate({ placementId: 'c', location: eastOf(OSS, 2) }),
    ];
    for (const p of [profile(), profile({ audience: Audience.VSO, supportNeed: SupportLevel.LIGHT }), profile({ supportNeed: SupportLevel.LIGHT })])
      sameOnIndex(p, list);
  });
});
