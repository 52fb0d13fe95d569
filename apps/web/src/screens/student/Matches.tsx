import { FormEvent, useCallback, useEffect, useState } from 'react';
import { addDays, todayIso } from '@stagebank/domain';
import { gql, messageOf, useLatest } from '../../api';
import { CheckboxGroup, EnumSelect, Field, FormProblem, Message, useSubmit } from '../../components/Form';
import { useI18n } from '../../i18n';
import { valuesOf } from '../../labels';
import { hrefOf } from '../../route';

interface Line {
  criterion: string;
  points: number;
  raw: number;
  weight: number;
  explanationNl: string;
  explanationEn: string;
}
/** Whether a flag was verified by a coach who visited (who, when) or only declared. */
interface Verification {
  source: 'DECLARED' | 'VERIFIED';
  verifiedAt: string | null;
  verifiedBy: { displayName: string } | null;
}
interface FlagNote {
  flag: 'WHEELCHAIR_ACCESS' | 'AUDIENCE_SUITABILITY' | 'SUPERVISION_TRAINING';
  source: 'DECLARED' | 'VERIFIED';
  explanationNl: string;
  explanationEn: string;
}
interface Match {
  placementId: string;
  score: number;
  distanceKm: number;
  travelMinutes: number;
  breakdown: Line[];
  /** Beside the score: e.g. reserved for your school until a day. */
  notes: Array<{ explanationNl: string; explanationEn: string }>;
  /** Per flag the match relies on: checked on a visit, or only as the employer or an import declared it. */
  flagNotes: FlagNote[];
  placement: { title: string; type: string; sector: string; freeSeats: number; audienceSuitability: Verification };
  employer: { id: string; name: string };
  site: { place: string; wheelchairAccess: Verification; supervisors: Array<{ trained: boolean; trainingVerification: Verification }> };
}
interface Page {
  totalCount: number;
  edges: Array<{ node: Match }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const VERIFICATION = 'source verifiedAt verifiedBy { displayName }';
const MATCHES = `query ($id: ID!, $filter: MatchFilter, $after: String) {
  matchPlacements(studentId: $id, filter: $filter, first: 10, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { placementId score distanceKm travelMinutes
      breakdown { criterion points raw weight explanationNl explanationEn } notes { explanationNl explanationEn }
      flagNotes { flag source explanationNl explanationEn }
      placement { title type sector freeSeats audienceSuitability { ${VERIFICATION} } } employer { id name }
      site { place wheelchairAccess { ${VERIFICATION} } supervisors { trained trainingVerification { ${VERIFICATION} } } } } } } }`;

/** Who checked a verified flag on a visit (the coaches, for supervisors' training); the note itself says when. */
function checkedBy(match: Match, note: FlagNote): string[] {
  const verifications =
    note.flag === 'WHEELCHAIR_ACCESS'
      ? [match.site.wheelchairAccess]
      : note.flag === 'AUDIENCE_SUITABILITY'
        ? [match.placement.audienceSuitability]
        : match.site.supervisors.filter((s) => s.trained).map((s) => s.trainingVerification);
  const names = verifications.flatMap((v) => (v.source === 'VERIFIED' && v.verifiedBy ? [v.verifiedBy.displayName] : []));
  return [...new Set(names)];
}

/** The flags a match relies on, each marked checked on a visit (by whom, when) or declared only. */
function FlagNotes({ match }: { match: Match }) {
  const { t, language } = useI18n();
  if (match.flagNotes.length === 0) return null;
  return (
    <ul className="plain flag-notes" aria-label={t('flagsHeading')}>
      {match.flagNotes.map((note) => {
        const verified = note.source === 'VERIFIED';
        const by = verified ? checkedBy(match, note) : [];
        return (
          <li key={note.flag} data-testid="flag-note" data-flag={note.flag} data-source={note.source}>
            <span className={verified ? 'tag verified' : 'tag declared'}>{verified ? t('flagVerified') : t('flagDeclared')}</span>{' '}
            {language === 'nl' ? note.explanationNl : note.explanationEn}
            {by.length > 0 && ` (${t('checkedBy')} ${by.join(', ')})`}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Placements ranked for the student, filtered by sector, kind and period: a score bar, and per
 * criterion how well it is met and why, in the chosen language; agree an internship from here.
 */
export function Matches({ studentId, availableFrom, onAgreed }: { studentId: string; availableFrom: string | null; onAgreed: () => void }) {
  const { t, label, count, language, km, decimal } = useI18n();
  // As the API defaults: from the student's availability (or today), 90 days.
  const start = availableFrom && availableFrom > todayIso() ? availableFrom : todayIso();
  const [filter, setFilter] = useState({ sector: '', type: '', from: start, to: addDays(start, 90), verified: [] as string[] });
  const [page, setPage] = useState<Page | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [agreeing, setAgreeing] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const begin = useLatest();
  const load = useCallback(
    async (after?: string) => {
      const latest = begin();
      const variables = {
        id: studentId,
        after,
        filter: {
          period: { from: filter.from, to: filter.to },
          ...(filter.sector && { sectors: [filter.sector] }),
          ...(filter.type && { types: [filter.type] }),
          ...(filter.verified.length > 0 && { verified: filter.verified }),
        },
      };
      try {
        const next = (await gql<{ matchPlacements: Page }>(MATCHES, variables)).matchPlacements;
        if (!latest()) return;
        setPage((previous) => (after && previous ? { ...next, edges: [...previous.edges, ...next.edges] } : next));
        setError(null);
      } catch (e) {
        if (latest()) setError(messageOf(e));
      }
    },
    [studentId, filter, begin],
  );
  useEffect(() => void load(), [load]);

  return (
    <section aria-labelledby="matches-heading">
      <h2 id="matches-heading">{t('findPlacements')}</h2>
      <form className="card inline" onSubmit={(e) => e.preventDefault()} aria-label={t('matchFilters')}>
        <Field label={t('sector')} path="filter.sectors" problem={null}>
          <EnumSelect kind="sector" empty={t('allSectors')} value={filter.sector} onChange={(sector) => setFilter({ ...filter, sector })} />
        </Field>
        <Field label={t('placementType')} path="filter.types" problem={null}>
          <EnumSelect kind="placementType" empty={t('allTypes')} value={filter.type} onChange={(type) => setFilter({ ...filter, type })} />
        </Field>
        <Field label={t('from')} path="filter.period.from" problem={null}>
          <input type="date" value={filter.from} onChange={(e) => e.target.value && setFilter({ ...filter, from: e.target.value })} />
        </Field>
        <Field label={t('to')} path="filter.period.to" problem={null}>
          <input type="date" value={filter.to} onChange={(e) => e.target.value && setFilter({ ...filter, to: e.target.value })} />
        </Field>
        <CheckboxGroup
          name="verified"
          legend={t('verifiedOnly')}
          choices={valuesOf('verifiableFlag').map((flag) => ({ value: flag, label: label('verifiableFlag', flag) }))}
          chosen={filter.verified}
          onChange={(verified) => setFilter({ ...filter, verified })}
        />
      </form>
      <Message error={error} status={message} />
      {page && <p data-testid="match-count">{count(page.totalCount, 'placements')}</p>}
      <ol className="plain hits">
        {page?.edges.map(({ node: m }) => (
          <li key={m.placementId} className="card hit" data-placement={m.placementId}>
            <h3>
              {m.placement.title} — <a href={hrefOf({ name: 'employer', id: m.employer.id })}>{m.employer.name}</a>, {m.site.place}
            </h3>
            <div className="score" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(m.score)} aria-label={t('score')}>
              <span style={{ width: `${m.score}%` }} />
              <b>{Math.round(m.score)}</b>
            </div>
            <p>
              <span className="seats">{count(m.placement.freeSeats, 'freeSeats')}</span> · <span data-testid="distance">{km(m.distanceKm)}</span> ·{' '}
              {m.travelMinutes} {t('minutes')} · {label('sector', m.placement.sector)} · {label('placementType', m.placement.type)}
            </p>
            {m.notes.map((note) => (
              <p key={note.explanationEn} className="tag reserved own" data-testid="match-note">
                {language === 'nl' ? note.explanationNl : note.explanationEn}
              </p>
            ))}
            <FlagNotes match={m} />
            <button type="button" aria-expanded={open === m.placementId} onClick={() => setOpen(open === m.placementId ? null : m.placementId)}>
              {t('why')}
            </button>{' '}
            <button
              type="button"
              onClick={() => setAgreeing(agreeing === m.placementId ? null : m.placementId)}
              disabled={m.placement.freeSeats === 0}
              aria-expanded={agreeing === m.placementId}
            >
              {t('agree')}
            </button>
            {open === m.placementId && (
              <table className="breakdown">
                <caption className="visually-hidden">{t('why')}</caption>
                <tbody>
                  {m.breakdown.map((line) => (
                    <tr key={line.criterion} data-criterion={line.criterion}>
                      <th scope="row">{label('criterion', line.criterion)}</th>
                      <td className="criterion-bar">
                        <span className="bar-track" aria-hidden="true">
                          <span className="bar-fill" style={{ width: `${line.raw * 100}%` }} />
                        </span>
                      </td>
                      <td className="number">
                        {decimal(line.points)} {t('points')}
                      </td>
                      <td>{language === 'nl' ? line.explanationNl : line.explanationEn}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {agreeing === m.placementId && (
              <AgreeForm
                studentId={studentId}
                match={m}
                from={filter.from}
                onDone={async (text) => {
                  setAgreeing(null);
                  setMessage(text);
                  onAgreed();
                  await load();
                }}
              />
            )}
          </li>
        ))}
      </ol>
      {page?.pageInfo.hasNextPage && (
        <button type="button" onClick={() => void load(page.pageInfo.endCursor ?? undefined)}>
          {t('moreResults')}
        </button>
      )}
    </section>
  );
}

/** Claims a seat: the period, agreed; PLACEMENT_FULL and bad dates come back at their fields. */
function AgreeForm({ studentId, match, from, onDone }: { studentId: string; match: Match; from: string; onDone: (message: string) => Promise<void> }) {
  const { t } = useI18n();
  const { problem, busy, submit } = useSubmit();
  const [period, setPeriod] = useState({ startDate: from, endDate: addDays(from, 120) });
  const agree = (event: FormEvent) => {
    event.preventDefault();
    void submit(async () => {
      await gql(`mutation ($input: CreateInternshipInput!) { createInternship(input: $input) { id } }`, {
        input: { placementId: match.placementId, studentId, ...period, status: 'AGREED' },
      });
      await onDone(`${t('agreed')}: ${match.placement.title}`);
    });
  };
  return (
    <form className="inline agree" onSubmit={agree} aria-label={`${t('agreeFor')} ${match.employer.name}`}>
      <Field label={t('from')} path="input.startDate" problem={problem}>
        <input type="date" value={period.startDate} onChange={(e) => setPeriod({ ...period, startDate: e.target.value })} />
      </Field>
      <Field label={t('to')} path="input.endDate" problem={problem}>
        <input type="date" value={period.endDate} onChange={(e) => setPeriod({ ...period, endDate: e.target.value })} />
      </Field>
      <button type="submit" className="primary" disabled={busy}>
        {t('agree')}
      </button>
      <FormProblem problem={problem} paths={['input.startDate', 'input.endDate']} />
    </form>
  );
}
