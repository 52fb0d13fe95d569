import { Sector, SubSector } from '@stagebank/domain';
import { SCENARIOS } from '../../scenarios/scenarios';
import { runScenario, summarise } from '../../scenarios/quality';
import { assess, rankCandidates } from '../rank';
import { Criterion } from '../types';
import { DEFAULT_WEIGHTS } from '../weights';
import { PERIOD, candidate, profile } from './fixtures';

const options = { period: PERIOD, weights: DEFAULT_WEIGHTS };

describe('close alternatives by sub-sector', () => {
  const gardener = profile({ sectorPreferences: [Sector.GREEN] });
  const supermarket = candidate({ title: 'Vakkenvuller supermarkt', sector: Sector.RETAIL, employerSectors: [Sector.RETAIL] });
  const gardenCentre = candidate({ title: 'Medewerker tuincentrum', sector: Sector.RETAIL, employerSectors: [Sector.RETAIL], tags: [SubSector.GARDEN_CENTRE] });

  it('gives a would-be gardener the garden centre before the supermarket, though both are retail', () => {
    // The supermarket is nearer (fixtures put both 2 km away; move the garden centre further).
    const further = { ...gardenCentre, location: { ...gardenCentre.location, longitude: gardenCentre.location.longitude + 0.03 } };
    expect(rankCandidates(gardener, [supermarket, further], options).map((m) => m.candidate.title)).toEqual([
      'Medewerker tuincentrum',
      'Vakkenvuller supermarkt',
    ]);
  });

  it('explains the alternative', () => {
    const a = assess(gardener, gardenCentre, options);
    if (a.excluded) throw new Error('excluded');
    const line = a.breakdown.find((l) => l.criterion === Criterion.SECTOR)!;
    expect(line.nl).toBe('Tuincentrum: verwant aan groen, dieren en natuur (keuze 1).');
    expect(line.en).toBe('Garden centre: close to green, animals and nature (choice 1).');
  });

  it('a tag counts only for the sectors it is an alternative for', () => {
    const a = assess(profile({ sectorPreferences: [Sector.LOGISTICS] }), gardenCentre, options);
    if (a.excluded) throw new Error('excluded');
    expect(a.breakdown.find((l) => l.criterion === Criterion.SECTOR)!.nl).toBe('Detailhandel ligt dicht bij transport en logistiek (keuze 1).');
  });
});

describe('coordinator scenarios', () => {
  it('holds at least 25 scored scenarios, each naming placements it has', () => {
    const scored = SCENARIOS.filter((s) => !s.pending);
    expect(scored.length).toBeGreaterThanOrEqual(25);
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    for (const s of SCENARIOS) {
      const keys = s.placements.map((p) => p.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const key of s.order) expect(keys).toContain(key);
      expect(s.why.length).toBeGreaterThan(10);
    }
  });

  it('keeps the ranking quality measured in BENCHMARKS.md (a regression guard, not a target)', () => {
    const summary = summarise(SCENARIOS.filter((s) => !s.pending).map(runScenario));
    expect(summary.top3).toBe(1);
    expect(summary.top1).toBeGreaterThanOrEqual(0.9);
    expect(summary.ndcg).toBeGreaterThanOrEqual(0.98);
  });
});
