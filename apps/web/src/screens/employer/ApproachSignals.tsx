import { FormEvent, useState } from 'react';
import { addDays, MembershipRole, todayIso } from '@stagebank/domain';
import { gql } from '../../api';
import { EnumSelect, Field, FormProblem, useSubmit } from '../../components/Form';
import { useI18n } from '../../i18n';
import { may, useViewer } from '../../viewer';
import type { CardProps, EmployerView } from './employer.types';

const END = `mutation ($id: ID!, $outcome: ApproachOutcomeInput) { endEmployerApproach(id: $id, outcome: $outcome) { id } }`;
const SET_CAP = `mutation ($id: ID!, $perMonth: Int) { setEmployerApproachCap(employerId: $id, perMonth: $perMonth) { maxApproachesPerMonth } }`;
const SET_STATUS = `mutation ($id: ID!, $input: EmployerStatusInput!) { setEmployerStatus(id: $id, input: $input) { id } }`;

type Approach = EmployerView['currentApproaches'][number];

/** Ends one's own approach with how it went: the outcome feeds the employer's signals and the statistics. */
export function EndApproachForm({ approach, reload }: { approach: Approach; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const viewer = useViewer();
  const { problem, busy, submit } = useSubmit();
  const [outcome, setOutcome] = useState('NO_ANSWER');
  const [busyUntil, setBusyUntil] = useState(addDays(todayIso(), 90));
  const [note, setNote] = useState('');
  if (!viewer || (approach.author.organisationId !== viewer.organisation.id && viewer.role !== MembershipRole.NETWORK_ADMIN)) return null;
  const end = (event: FormEvent) => {
    event.preventDefault();
    const input = { outcome, ...(outcome === 'BUSY_UNTIL' && { busyUntil }), ...(note.trim() && { note: note.trim() }) };
    void submit(async () => (await gql(END, { id: approach.id, outcome: input }), await reload()));
  };
  return (
    <form className="inline" onSubmit={end} aria-label={`${t('endApproachOf')}: ${approach.purpose}`} data-end-approach={approach.id}>
      <Field label={t('outcome')} path="outcome.outcome" problem={problem}>
        <EnumSelect kind="approachOutcome" value={outcome} onChange={setOutcome} />
      </Field>
      {outcome === 'BUSY_UNTIL' && (
        <Field label={t('busyUntil')} path="outcome.busyUntil" problem={problem}>
          <input type="date" value={busyUntil} onChange={(e) => setBusyUntil(e.target.value)} />
        </Field>
      )}
      <Field label={t('text')} path="outcome.note" problem={problem}>
        <input value={note} required={outcome === 'OTHER'} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <button type="submit" disabled={busy}>
        {t('endApproach')}
      </button>
      <FormProblem problem={problem} paths={['outcome.outcome', 'outcome.busyUntil', 'outcome.note']} />
    </form>
  );
}

/**
 * What coaches' approaches say about the employer: "does not respond" after unanswered approaches,
 * a pause proposed from a "busy until", and the employer's own monthly cap (set here by a coordinator).
 */
export function ApproachSignalsView({ employer, reload }: CardProps) {
  const { t, date } = useI18n();
  const viewer = useViewer();
  const { problem, busy, submit } = useSubmit();
  const signals = employer.approachSignals;
  const [cap, setCap] = useState(signals.maxApproachesPerMonth === null ? '' : String(signals.maxApproachesPerMonth));
  const editable = may.editNetwork(viewer);
  const saveCap = (perMonth: number | null) => submit(async () => (await gql(SET_CAP, { id: employer.id, perMonth }), await reload()));
  const applyPause = (until: string, reason: string) =>
    submit(async () => (await gql(SET_STATUS, { id: employer.id, input: { status: 'PAUSED', pausedUntil: until, reason } }), await reload()));
  const suggestion = signals.pauseSuggestion;
  return (
    <div className="stack" data-testid="approach-signals">
      {signals.doesNotRespond ? (
        <p role="alert" className="warning" data-testid="does-not-respond">
          <strong>{t('doesNotRespond')}</strong>: {signals.unansweredInSixMonths} {t('unansweredInSixMonths')}
        </p>
      ) : (
        signals.unansweredInSixMonths > 0 && (
          <p className="help" data-testid="unanswered">
            {signals.unansweredInSixMonths} {t('unansweredInSixMonths')}
          </p>
        )
      )}
      {suggestion && (
        <p data-testid="pause-suggestion">
          {t('pauseSuggestion')} <strong>{date(suggestion.until)}</strong> <small>({suggestion.reason})</small>{' '}
          {editable && (
            <button type="button" disabled={busy} onClick={() => void applyPause(suggestion.until, suggestion.reason)}>
              {t('applyPause')}
            </button>
          )}
        </p>
      )}
      <p data-testid="approach-cap">
        {t('approachCap')}: <strong>{signals.maxApproachesPerMonth ?? t('noApproachCap')}</strong> · {signals.approachesThisMonth} {t('approachesThisMonth')}
      </p>
      {editable && (
        <form
          className="inline"
          aria-label={t('approachCap')}
          onSubmit={(event) => {
            event.preventDefault();
            void saveCap(cap.trim() === '' ? null : Number(cap));
          }}
        >
          <Field label={t('approachCap')} path="perMonth" problem={problem}>
            <input type="number" min={1} max={100} value={cap} onChange={(e) => setCap(e.target.value)} />
          </Field>
          <button type="submit" disabled={busy}>
            {t('save')}
          </button>
          {signals.maxApproachesPerMonth !== null && (
            <button type="button" disabled={busy} onClick={() => (setCap(''), void saveCap(null))}>
              {t('removeApproachCap')}
            </button>
          )}
        </form>
      )}
      <FormProblem problem={problem} paths={['perMonth']} />
    </div>
  );
}
