import { comingSchoolYear, todayIso } from '@stagebank/domain';
import { useCallback, useEffect, useId, useState } from 'react';
import { ApiError, gql, useLatest } from '../api';
import { FormProblem, Message, useSubmit } from '../components/Form';
import { RegionSelect } from '../components/RegionSelect';
import { useI18n } from '../i18n';
import { hrefOf } from '../route';
import { may, useRegion, useViewer } from '../viewer';

const ROUND_FIELDS = `id region schoolYear startedAt reportReadyAt links answered confirmed corrected paused unanswered
  entries { employer { id name } link { id status answer answeredAt expiresAt path } }`;
const REPORT = `query ($region: LabourMarketRegion!, $year: String) { employerLinkRound(region: $region, schoolYear: $year) { ${ROUND_FIELDS} } }`;
const START = `mutation ($region: LabourMarketRegion!) { startEmployerLinkRound(region: $region) { ${ROUND_FIELDS} } }`;

interface Round {
  id: string;
  region: string;
  schoolYear: string;
  startedAt: string;
  reportReadyAt: string | null;
  links: number;
  answered: number;
  confirmed: number;
  corrected: number;
  paused: number;
  unanswered: number;
  entries: Array<{
    employer: { id: string; name: string };
    link: { id: string; status: string; answer: string | null; answeredAt: string | null; expiresAt: string; path: string | null };
  }>;
}

/** A link to send, with a button that puts it on the clipboard (the field selects itself as a fallback). */
function CopyableLink({ url, label }: { url: string; label: string }) {
  const { t } = useI18n();
  const id = useId();
  const [copied, setCopied] = useState(false);
  return (
    <span className="inline">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input id={id} readOnly value={url} size={40} data-testid="round-link-url" onFocus={(e) => e.target.select()} />
      <button
        type="button"
        onClick={() =>
          void navigator.clipboard?.writeText(url).then(
            () => setCopied(true),
            () => undefined,
          )
        }
      >
        {copied ? t('copied') : t('copy')}
      </button>
    </span>
  );
}

/**
 * A region's yearly round of employer links: start it now, and its report — who confirmed,
 * corrected or paused, who did not answer, and the links still to send (stagebank sends no e-mail).
 */
export function LinkRoundScreen({ region: routeRegion, schoolYear: routeYear }: { region?: string; schoolYear?: string }) {
  const { t, label, date } = useI18n();
  const viewer = useViewer();
  const yearId = useId();
  const [ownRegion] = useRegion();
  const [chosenRegion, setRegion] = useState<string | null>(routeRegion ?? null);
  const region = chosenRegion ?? ownRegion;
  const coming = comingSchoolYear(todayIso());
  const [schoolYear, setSchoolYear] = useState(routeYear ?? coming);
  const [round, setRound] = useState<Round | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { problem, busy, submit } = useSubmit();

  const begin = useLatest();
  const load = useCallback(async () => {
    const latest = begin();
    try {
      const { employerLinkRound } = await gql<{ employerLinkRound: Round }>(REPORT, { region, year: schoolYear });
      if (!latest()) return;
      setRound(employerLinkRound);
      setMissing(false);
      setError(null);
    } catch (e) {
      if (!latest()) return;
      setRound(null);
      const notFound = e instanceof ApiError && e.code === 'NOT_FOUND';
      setMissing(notFound);
      setError(notFound ? null : (e as Error).message);
    }
  }, [region, schoolYear, begin]);
  useEffect(() => void load(), [load]);

  if (!may.editNetwork(viewer)) return null;
  const start = () =>
    void submit(async () => {
      const { startEmployerLinkRound } = await gql<{ startEmployerLinkRound: Round }>(START, { region });
      setSchoolYear(startEmployerLinkRound.schoolYear);
      setRound(startEmployerLinkRound);
      setMissing(false);
    });
  const waiting = round?.entries.filter((e) => !e.link.answeredAt) ?? [];
  const answered = round?.entries.filter((e) => e.link.answeredAt) ?? [];
  return (
    <section className="link-round" aria-labelledby="round-heading">
      <h1 id="round-heading">{t('linkRounds')}</h1>
      <p className="help">{t('linkRoundHelp')}</p>
      <div className="card inline">
        <RegionSelect label={t('region')} value={region} onChange={setRegion} />
        <label htmlFor={yearId}>{t('schoolYear')}</label>
        <input id={yearId} value={schoolYear} size={9} onChange={(e) => setSchoolYear(e.target.value)} />
        {schoolYear === coming && (
          <button type="button" disabled={busy} onClick={start}>
            {t('startLinkRound')}
          </button>
        )}
      </div>
      <FormProblem problem={problem} paths={[]} />
      <Message error={error} />
      {missing && <p data-testid="no-round">{t('noLinkRound')}</p>}
      {round && (
        <div data-testid="round-report" data-round={round.id}>
          <p data-testid="round-state" data-ready={round.reportReadyAt ? 'true' : 'false'}>
            {label('region', round.region)} {round.schoolYear} · {t('startedOn')} {date(round.startedAt)} ·{' '}
            {round.reportReadyAt ? `${t('linkRoundFinal')} ${date(round.reportReadyAt)}` : t('linkRoundRunning')}
          </p>
          <dl className="figures-summary" data-testid="round-counts">
            {(
              [
                [t('linksSent'), round.links, 'links'],
                [label('linkAnswer', 'CONFIRMED'), round.confirmed, 'confirmed'],
                [label('linkAnswer', 'CORRECTED'), round.corrected, 'corrected'],
                [label('linkAnswer', 'PAUSED'), round.paused, 'paused'],
                [t('notAnswered'), round.unanswered, 'unanswered'],
              ] as const
            ).map(([name, n, key]) => (
              <div key={key} data-count={key}>
                <dt>{name}</dt>
                <dd>{n}</dd>
              </div>
            ))}
          </dl>
          <h2>{t('notAnswered')}</h2>
          <ul className="plain stack" data-testid="round-unanswered">
            {waiting.map(({ employer, link }) => (
              <li key={link.id} data-employer={employer.id} data-status={link.status}>
                <a href={hrefOf({ name: 'employer', id: employer.id })}>{employer.name}</a> · {label('linkStatus', link.status)}{' '}
                {link.path ? (
                  <CopyableLink url={`${location.origin}${link.path}`} label={`${t('linksToSend')}: ${employer.name}`} />
                ) : (
                  <small>({t('linkStopped')})</small>
                )}
              </li>
            ))}
          </ul>
          <h2>{label('linkStatus', 'ANSWERED')}</h2>
          <ul className="plain stack" data-testid="round-answered">
            {answered.map(({ employer, link }) => (
              <li key={link.id} data-employer={employer.id} data-answer={link.answer ?? ''}>
                <a href={hrefOf({ name: 'employer', id: employer.id })}>{employer.name}</a> · {link.answer ? label('linkAnswer', link.answer) : ''},{' '}
                {date(link.answeredAt!)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
