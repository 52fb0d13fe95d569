import { Audience, Sector } from '@stagebank/domain';
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { Parsed, audienceOf, listOf, sectorOf } from '../columns';

/**
 * The definition of a list cell, written the obvious way: from each part, every run up to the end
 * of the cell is tried, longest first. listOf must give exactly its answers, in one pass.
 */
function listByDefinition<T>(text: string, one: (item: string) => T | undefined, what: string): Parsed<T[]> {
  const parts = text
    .split(/[,|/;+]/)
    .map((part) => part.trim())
    .filter(Boolean);
  const values: T[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < parts.length;) {
    let j = parts.length;
    while (j > i && one(parts.slice(i, j).join(', ')) === undefined) j--;
    if (j === i) unknown.push(parts[i++]);
    else {
      values.push(one(parts.slice(i, j).join(', '))!);
      i = j;
    }
  }
  if (unknown.length > 0) return { problem: `unknown ${what}: ${unknown.map((u) => `"${u}"`).join(', ')}` };
  return { value: [...new Set(values)] };
}

describe('list cells (sectors, audiences)', () => {
  it('reads names with commas in them, codes, Dutch and English names, and reports what it does not know', () => {
    expect(listOf('Horeca, Groen, dieren en natuur / RETAIL', sectorOf, 'sector')).toEqual({ value: [Sector.HOSPITALITY, Sector.GREEN, Sector.RETAIL] });
    expect(listOf('Bouw, afbouw, hout en onderhoud;zorg', sectorOf, 'sector')).toEqual({
      value: [Sector.CONSTRUCTION_MAINTENANCE, Sector.CARE_WELFARE],
    });
    expect(listOf('Horeca, -, Groen, ruimtevaart', sectorOf, 'sector')).toEqual({ problem: 'unknown sector: "ruimtevaart"' });
    expect(listOf('Groen, onbekend, dieren en natuur', sectorOf, 'sector')).toEqual({
      problem: 'unknown sector: "onbekend", "dieren en natuur"',
    });
    expect(listOf(Object.values(Audience).join('|'), audienceOf, 'audience')).toEqual({ value: Object.values(Audience) });
  });

  it('gives the same answer as trying every run of parts, for any cell', () => {
    const words = [
      'Horeca',
      'Groen',
      'dieren en natuur',
      'Green',
      'animals and nature',
      'Bouw',
      'afbouw',
      'hout en onderhoud',
      'RETAIL',
      'zorg',
      'Zorg en welzijn',
      'ICT',
      'Care and welfare',
      'Cafe\u0301',
      '-',
      '&',
      ' ',
      'x1',
      'ruimtevaart',
      'PRO',
      'VSO',
      'Groendierenennatuur',
    ];
    const cell = fc
      .array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(',', ', ', '|', '/', ';', '+', ' , ')), { maxLength: 14 })
      .map((items) => items.map(([word, separator]) => word + separator).join(''));
    fc.assert(
      fc.property(cell, (text) => {
        expect(listOf(text, sectorOf, 'sector')).toEqual(listByDefinition(text, sectorOf, 'sector'));
        expect(listOf(text, audienceOf, 'audience')).toEqual(listByDefinition(text, audienceOf, 'audience'));
      }),
      { numRuns: 1000 },
    );
  });

  it('checks a long cell in a few milliseconds, not seconds: one pass, not every run of parts', () => {
    // 400 unknown names, 1.9 KB: trying every run of parts (cubic) took seconds for this cell.
    const unknown = Array.from({ length: 400 }, (_, i) => `x${i}`).join(',');
    let started = performance.now();
    expect(listOf(unknown, sectorOf, 'sector')).toEqual({
      problem: `unknown sector: ${unknown
        .split(',')
        .map((u) => `"${u}"`)
        .join(', ')}`,
    });
    expect(performance.now() - started).toBeLessThan(250);
    // Known names, with stretches of parts without letters or digits between them, 20 KB.
    const known = Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? 'Groen, dieren en natuur' : i % 3 === 1 ? '-, &' : 'Horeca')).join(', ');
    started = performance.now();
    expect(listOf(known, sectorOf, 'sector')).toEqual({ value: [Sector.GREEN, Sector.HOSPITALITY] });
    expect(performance.now() - started).toBeLessThan(250);
  });
});
