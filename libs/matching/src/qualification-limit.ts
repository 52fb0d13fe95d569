import { missingQualifications, qualificationLabel } from '@stagebank/domain';
import { Candidate, HardLimit, MatchProfile, Sentence } from './types';

const listed = (items: string[], lang: 'nl' | 'en') =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${lang === 'nl' ? 'en' : 'and'} ${items[items.length - 1]}`;

/**
 * Required qualifications (diplomas), a hard limit of their own: a care placement that needs a
 * level-2 care diploma is out for a student without it, whatever certificates they hold.
 */
export const QUALIFICATION_RULE = {
  limit: HardLimit.QUALIFICATIONS,
  broken: (x: { profile: MatchProfile }, c: Candidate): boolean =>
    c.requiredQualifications.length > 0 && missingQualifications(x.profile.qualifications, c.requiredQualifications).length > 0,
  say: (x: { profile: MatchProfile }, c: Candidate): Sentence => {
    const missing = missingQualifications(x.profile.qualifications, c.requiredQualifications);
    const names = (lang: 'nl' | 'en') =>
      listed(
        missing.map((q) => qualificationLabel(q, lang)),
        lang,
      );
    return missing.length === 1
      ? {
          nl: `De plek vraagt het diploma ${names('nl')}; dat heeft de leerling niet.`,
          en: `The placement requires the diploma ${names('en')}, which the student does not hold.`,
        }
      : {
          nl: `De plek vraagt de diploma's ${names('nl')}; die heeft de leerling niet.`,
          en: `The placement requires the diplomas ${names('en')}, which the student does not hold.`,
        };
  },
};
