import { FlagSource, StudentConstraint, VerifiableFlag } from '@stagebank/domain';
import { Candidate, MatchProfile, Sentence } from './types';
import { audienceGroup, count, date, NOUNS } from './wording';

/**
 * Whether the flags a match relies on were verified by a coach who visited or only declared (by
 * the employer or an import), in a sentence a coordinator reads beside the score.
 */
export interface FlagNote extends Sentence {
  flag: VerifiableFlag;
  source: FlagSource;
}

/** The flags a coach verified to hold for this placement: what a "verified only" filter asks for. */
export function verifiedFlags(c: Candidate): VerifiableFlag[] {
  const flags: VerifiableFlag[] = [];
  if (c.wheelchairAccessible && c.wheelchairVerifiedOn !== null) flags.push(VerifiableFlag.WHEELCHAIR_ACCESS);
  if (c.audiencesVerifiedOn !== null) flags.push(VerifiableFlag.AUDIENCE_SUITABILITY);
  if (c.verifiedTrainedSupervisors > 0) flags.push(VerifiableFlag.SUPERVISION_TRAINING);
  return flags;
}

const DECLARED = {
  nl: 'volgens opgave (werkgever of import), nog niet gecontroleerd bij een bezoek',
  en: 'as declared (by the employer or an import), not yet checked on a visit',
};

/**
 * A note for each flag this match relies on: the audience it is open to (always), wheelchair access
 * (for a student who needs it) and trained supervisors (when the site has any).
 */
export function flagNotes(profile: MatchProfile, c: Candidate): FlagNote[] {
  const notes: FlagNote[] = [];
  const group = (lang: 'nl' | 'en') => audienceGroup(profile.audience, lang);
  notes.push(
    c.audiencesVerifiedOn !== null
      ? {
          flag: VerifiableFlag.AUDIENCE_SUITABILITY,
          source: FlagSource.VERIFIED,
          nl: `Geschikt voor ${group('nl')}: gecontroleerd bij een bezoek op ${date(c.audiencesVerifiedOn, 'nl')}.`,
          en: `Suitable for ${group('en')}: checked on a visit on ${date(c.audiencesVerifiedOn, 'en')}.`,
        }
      : {
          flag: VerifiableFlag.AUDIENCE_SUITABILITY,
          source: FlagSource.DECLARED,
          nl: `Geschikt voor ${group('nl')} ${DECLARED.nl}.`,
          en: `Suitable for ${group('en')} ${DECLARED.en}.`,
        },
  );
  if (profile.constraints.includes(StudentConstraint.WHEELCHAIR) && c.wheelchairAccessible) {
    notes.push(
      c.wheelchairVerifiedOn !== null
        ? {
            flag: VerifiableFlag.WHEELCHAIR_ACCESS,
            source: FlagSource.VERIFIED,
            nl: `Rolstoeltoegankelijk: gecontroleerd bij een bezoek op ${date(c.wheelchairVerifiedOn, 'nl')}.`,
            en: `Wheelchair accessible: checked on a visit on ${date(c.wheelchairVerifiedOn, 'en')}.`,
          }
        : {
            flag: VerifiableFlag.WHEELCHAIR_ACCESS,
            source: FlagSource.DECLARED,
            nl: `Rolstoeltoegankelijk ${DECLARED.nl}.`,
            en: `Wheelchair accessible ${DECLARED.en}.`,
          },
    );
  }
  const trained = c.trainedSupervisors;
  if (trained > 0) {
    const verified = Math.min(c.verifiedTrainedSupervisors, trained);
    notes.push(
      verified === trained
        ? {
            flag: VerifiableFlag.SUPERVISION_TRAINING,
            source: FlagSource.VERIFIED,
            nl:
              trained === 1
                ? 'De opleiding van de begeleider is gecontroleerd bij een bezoek.'
                : 'De opleiding van de begeleiders is gecontroleerd bij een bezoek.',
            en: trained === 1 ? "The supervisor's training was checked on a visit." : "The supervisors' training was checked on a visit.",
          }
        : verified === 0
          ? {
              flag: VerifiableFlag.SUPERVISION_TRAINING,
              source: FlagSource.DECLARED,
              nl: `Opleiding van ${count(trained, NOUNS.supervisor, 'nl')} ${DECLARED.nl}.`,
              en: `Training of ${count(trained, NOUNS.supervisor, 'en')} ${DECLARED.en}.`,
            }
          : {
              flag: VerifiableFlag.SUPERVISION_TRAINING,
              source: FlagSource.DECLARED,
              nl: `Van de ${count(trained, NOUNS.supervisor, 'nl')} is de opleiding van ${verified} gecontroleerd bij een bezoek; de rest ${DECLARED.nl}.`,
              en: `Of the ${count(trained, NOUNS.supervisor, 'en')}, the training of ${verified} was checked on a visit; the rest ${DECLARED.en}.`,
            },
    );
  }
  return notes;
}
