import { InternshipStatus as S } from '../enums';
import { INTERNSHIP_TRANSITIONS, canMoveInternship } from '../internship-lifecycle';

describe('internship lifecycle', () => {
  it('follows proposed → agreed → active → completed', () => {
    expect(canMoveInternship(S.PROPOSED, S.AGREED)).toBe(true);
    expect(canMoveInternship(S.AGREED, S.ACTIVE)).toBe(true);
    expect(canMoveInternship(S.ACTIVE, S.COMPLETED)).toBe(true);
  });

  it('cannot skip ahead, revive a finished internship or end a proposal early', () => {
    expect(canMoveInternship(S.PROPOSED, S.ACTIVE)).toBe(false);
    expect(canMoveInternship(S.COMPLETED, S.ACTIVE)).toBe(false);
    expect(canMoveInternship(S.CANCELLED, S.PROPOSED)).toBe(false);
    expect(canMoveInternship(S.PROPOSED, S.ENDED_EARLY)).toBe(false);
  });

  it('has an entry for every status, and final states lead nowhere', () => {
    expect(Object.keys(INTERNSHIP_TRANSITIONS).sort()).toEqual(Object.values(S).sort());
    for (const final of [S.COMPLETED, S.ENDED_EARLY, S.CANCELLED]) expect(INTERNSHIP_TRANSITIONS[final]).toEqual([]);
  });
});
