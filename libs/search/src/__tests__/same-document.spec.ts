import { sameDocument } from '../documents';

describe('sameDocument: what Meilisearch holds against what PostgreSQL gives', () => {
  const document = {
    id: 'a',
    title: 'Stage in de keuken',
    hasFreeSeat: true,
    reservedFor: null,
    sectors: ['HOSPITALITY', 'RETAIL'],
    _geo: { lat: 3.9034927536231883, lng: 52.1 },
    createdAt: 1_700_000_000_000,
    skipped: undefined,
  };

  it('holds for the same fields in another order, a coordinate a unit in the last place off and an undefined field never stored', () => {
    const held = {
      _geo: { lng: 52.1, lat: 3.903492753623188 },
      createdAt: 1_700_000_000_000,
      sectors: ['HOSPITALITY', 'RETAIL'],
      reservedFor: null,
      hasFreeSeat: true,
      title: 'Stage in de keuken',
      id: 'a',
    };
    expect(sameDocument(held, document)).toBe(true);
  });

  it.each([
    ['a value changed', { title: 'Stage in de bakkerij' }],
    ['a flag flipped', { hasFreeSeat: false }],
    ['null became a value', { reservedFor: 'org-1' }],
    ['an array reordered', { sectors: ['RETAIL', 'HOSPITALITY'] }],
    ['an array grew', { sectors: ['HOSPITALITY', 'RETAIL', 'CARE'] }],
    ['a coordinate moved a metre', { _geo: { lat: 3.90350175, lng: 52.1 } }],
    ['a field added', { description: 'nieuw' }],
    ['a number became a string', { createdAt: '1700000000000' }],
    ['a timestamp moved a millisecond', { createdAt: 1_700_000_000_001 }],
  ])('fails when %s', (_what, change) => {
    const held = JSON.parse(JSON.stringify(document));
    expect(sameDocument(held, { ...document, ...change })).toBe(false);
  });

  it('fails when Meilisearch holds a field the document no longer has, or nothing at all', () => {
    const held = { ...JSON.parse(JSON.stringify(document)), description: 'oud' };
    expect(sameDocument(held, document)).toBe(false);
    expect(sameDocument(undefined, document)).toBe(false);
  });
});
