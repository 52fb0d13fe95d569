import { FormEvent, useState } from 'react';
import { addDays, todayIso } from '@stagebank/domain';
import { gql } from '../../api';
import { Field, FormProblem, useSubmit } from '../../components/Form';
import { useI18n } from '../../i18n';
import { may, useViewer } from '../../viewer';
import type { CardProps } from './employer.types';

const SET_STATUS = `mutation ($id: ID!, $input: EmployerStatusInput!) { setEmployerStatus(id: $id, input: $input) { id } }`;

/** Status (active, paused until a date, stopped) with its reason, and freshness with one-click "still current". */
export function StatusCard({ employer, reload }: CardProps) {
  const { t, label, date } = useI18n();
  const viewer = useViewer();
  const { problem, busy, submit } = useSubmit();
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState(addDays(todayIso(), 60));
  const change = (input: Record<string, unknown>) => submit(async () => (await gql(SET_STATUS, { id: employer.id, input }), setReason(''), await reload()));
  const pause = (event: FormEvent) => {
    event.preventDefault();
    void change({ status: 'PAUSED', pausedUntil: until, reason });
  };
  const editable = may.editNetwork(viewer);
  return (
    <section className="card" aria-labelledby="status-heading">
      <h2 id="status-heading">{t('status')}</h2>
      <p>
        <strong data-testid="employer-status" data-status={employer.status} className={employer.status === 'ACTIVE' ? '' : 'tag warn'}>
          {label('employerStatus', employer.status)}
        </strong>
        {employer.pausedUntil && ` · ${t('pausedUntil')} ${date(employer.pausedUntil)}`}
        {employer.statusReason && ` · ${employer.statusReason}`}
      </p>
      <p>
        {t('lastVerified')}: <span data-testid="last-verified">{employer.lastVerifiedAt ? date(employer.lastVerifiedAt) : t('never')}</span>{' '}
        {editable && (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void submit(async () => (await gql(`mutation ($id: ID!) { confirmEmployerCurrent(id: $id) { id } }`, { id: employer.id }), await reload()))
            }
          >
            {t('stillCurrent')}
          </button>
        )}
      </p>
      {editable &&
        (employer.status === 'ACTIVE' ? (
          <form onSubmit={pause} className="inline">
            <Field label={t('pausedUntil')} path="input.pausedUntil" problem={problem}>
              <input type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
            </Field>
            <Field label={t('reason')} path="input.reason" problem={problem}>
              <input value={reason} onChange={(e) => setReason(e.target.value)} />
            </Field>
            <button type="submit" disabled={busy}>
              {t('pause')}
            </button>
            <button type="button" disabled={busy} onClick={() => void change({ status: 'STOPPED', reason })}>
              {t('stop')}
            </button>
          </form>
        ) : (
          <button type="button" disabled={busy} onClick={() => void change({ status: 'ACTIVE' })}>
            {t('resume')}
          </button>
        ))}
      <FormProblem problem={problem} paths={['input.pausedUntil', 'input.reason']} />
    </section>
  );
}
