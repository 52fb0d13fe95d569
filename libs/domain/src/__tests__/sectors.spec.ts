import { SECTORS, Sector, areRelatedSectors } from '../sectors';

describe('sector taxonomy', () => {
  it('describes every sector, in Dutch and English', () => {
    expect([...SECTORS.keys()].sort()).toEqual(Object.values(Sector).sort());
    for (const info of SECTORS.values()) {
      expect(info.nameNl).not.toHaveLength(0);
      expect(info.nameEn).not.toHaveLength(0);
      expect(info.related).not.toContain(info.code);
    }
  });

  it('offers the close alternatives coordinators use ("omdenken")', () => {
    expect(areRelatedSectors(Sector.CARE_WELFARE, Sector.HOSPITALITY)).toBe(true);
    expect(areRelatedSectors(Sector.GREEN, Sector.RETAIL)).toBe(true);
    expect(areRelatedSectors(Sector.HOSPITALITY, Sector.CARE_WELFARE)).toBe(true);
    expect(areRelatedSectors(Sector.ICT, Sector.CARE_WELFARE)).toBe(false);
    expect(areRelatedSectors(Sector.RETAIL, Sector.RETAIL)).toBe(false);
  });
});
