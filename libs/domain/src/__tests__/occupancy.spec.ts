import fc from 'fast-check';
import { addDays } from '../dates';
import { InternshipStatus, OCCUPYING_STATUSES } from '../enums';
import { SeatClaim, freeSeatsDuring, nextOpeningAfter, overlappingClaims, peakOccupancyFrom } from '../occupancy';

const claim = (startDate: string, endDate: string, status = InternshipStatus.AGREED): SeatClaim => ({ startDate, endDate, status });

const day = fc.integer({ min: 0, max: 60 }).map((n) => addDays('2027-01-01', n));
const claims = fc.array(
  fc
    .tuple(day, fc.integer({ min: 0, max: 30 }), fc.constantFrom(...Object.values(InternshipStatus)))
    .map(([start, length, status]) => claim(start, addDays(start, length), status)),
  { maxLength: 12 },
);

describe('occupancy', () => {
  it('counts only seat-holding claims that overlap the period, ends inclusive', () => {
    const all = [
      claim('2027-01-01', '2027-01-31'),
      claim('2027-02-01', '2027-02-28'),
      claim('2027-01-15', '2027-03-01', InternshipStatus.CANCELLED),
      claim('2027-01-10', '2027-01-20', InternshipStatus.COMPLETED),
    ];
    expect(overlappingClaims(all, '2027-01-31', '2027-02-01')).toHaveLength(2);
    expect(overlappingClaims(all, '2027-03-01', '2027-03-31')).toHaveLength(0);
    expect(freeSeatsDuring(2, all, '2027-01-20', '2027-01-20')).toBe(1);
    expect(freeSeatsDuring(1, all, '2027-01-31', '2027-02-01')).toBe(0);
  });

  it('gives the day after the earliest end as the next opening when all seats are taken', () => {
    const all = [claim('2027-01-01', '2027-03-31'), claim('2027-01-01', '2027-02-14')];
    expect(nextOpeningAfter(2, all, '2027-01-10')).toBe('2027-02-15');
    expect(nextOpeningAfter(3, all, '2027-01-10')).toBe('2027-01-10');
    expect(nextOpeningAfter(0, [], '2027-01-10')).toBeNull();
  });

  it('peak occupancy equals the day-by-day maximum (brute force)', () => {
    fc.assert(
      fc.property(claims, (list) => {
        let brute = 0;
        for (let n = 0; n <= 120; n++) {
          const d = addDays('2027-01-01', n);
          brute = Math.max(brute, list.filter((c) => OCCUPYING_STATUSES.includes(c.status) && c.startDate <= d && c.endDate >= d).length);
        }
        expect(peakOccupancyFrom(list, '2027-01-01')).toBe(brute);
      }),
    );
  });
});
