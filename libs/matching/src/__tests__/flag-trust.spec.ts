import { Audience, FlagSource, StudentConstraint, VerifiableFlag } from '@stagebank/domain';
import { flagNotes, verifiedFlags } from '../flag-trust';
import { candidate, profile } from './fixtures';

describe('verified or declared flags', () => {
  it('says of each flag a match relies on whether a coach checked it on a visit, and when', () => {
    const wheelchairUser = profile({ audience: Audience.VSO, constraints: [StudentConstraint.WHEELCHAIR] });
    const checked = candidate({ audiencesVerifiedOn: '2026-11-03', wheelchairVerifiedOn: '2026-10-01', trainedSupervisors: 2, verifiedTrainedSupervisors: 2 });
    expect(flagNotes(wheelchairUser, checked)).toEqual([
      {
        flag: VerifiableFlag.AUDIENCE_SUITABILITY,
        source: FlagSource.VERIFIED,
        nl: 'Geschikt voor VSO-leerlingen: gecontroleerd bij een bezoek op 3 november 2026.',
        en: 'Suitable for VSO students: checked on a visit on 3 November 2026.',
      },
      {
        flag: VerifiableFlag.WHEELCHAIR_ACCESS,
        source: FlagSource.VERIFIED,
        nl: 'Rolstoeltoegankelijk: gecontroleerd bij een bezoek op 1 oktober 2026.',
        en: 'Wheelchair accessible: checked on a visit on 1 October 2026.',
      },
      {
        flag: VerifiableFlag.SUPERVISION_TRAINING,
        source: FlagSource.VERIFIED,
        nl: 'De opleiding van de begeleiders is gecontroleerd bij een bezoek.',
        en: "The supervisors' training was checked on a visit.",
      },
    ]);
    const declared = flagNotes(wheelchairUser, candidate({ trainedSupervisors: 2, verifiedTrainedSupervisors: 1 }));
    expect(declared.map((n) => n.source)).toEqual([FlagSource.DECLARED, FlagSource.DECLARED, FlagSource.DECLARED]);
    expect(declared[1].nl).toBe('Rolstoeltoegankelijk volgens opgave (werkgever of import), nog niet gecontroleerd bij een bezoek.');
    expect(declared[2].nl).toBe(
      'Van de 2 opgeleide begeleiders is de opleiding van 1 gecontroleerd bij een bezoek; de rest volgens opgave (werkgever of import), nog niet gecontroleerd bij een bezoek.',
    );
  });

  it('leaves out wheelchair access for a student who does not need it, and training where nobody is trained', () => {
    const notes = flagNotes(profile(), candidate({ wheelchairVerifiedOn: '2026-10-01', trainedSupervisors: 0 }));
    expect(notes.map((n) => n.flag)).toEqual([VerifiableFlag.AUDIENCE_SUITABILITY]);
  });

  it('counts wheelchair access as verified only where the verified value is "accessible"', () => {
    expect(verifiedFlags(candidate({ wheelchairAccessible: false, wheelchairVerifiedOn: '2026-10-01' }))).toEqual([]);
    expect(verifiedFlags(candidate({ wheelchairVerifiedOn: '2026-10-01', audiencesVerifiedOn: '2026-10-01', verifiedTrainedSupervisors: 1 }))).toEqual([
      VerifiableFlag.WHEELCHAIR_ACCESS,
      VerifiableFlag.AUDIENCE_SUITABILITY,
      VerifiableFlag.SUPERVISION_TRAINING,
    ]);
  });
});
