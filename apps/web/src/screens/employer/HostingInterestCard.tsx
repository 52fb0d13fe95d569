import { comingSchoolYear, NOT_HOSTING, todayIso } from '@stagebank/domain';
import { FormEvent, useId, useState } from 'react';
import { gql } from '../../api';
import { CheckboxGroup, EnumSelect, Field, FormProblem, useSubmit } from '../../components/Form';
import { useI18n } from '../../i18n';
import { valuesOf } from '../../labels';
import { may, useViewer } from '../../viewer';
import type { CardProps } from './employer.types';

const SET_INTEREST = `mutation ($id: ID!, $input: HostingInterestInput!) { setEmployerHostingInterest(employerId: $id, input: $input) { schoolYear } }`;

/** Whether the employer means to host students per school year (and why not), as told by a coordinator or by the employer itself. */
export function HostingInterestCard({ employer, reload }: CardProps) {
  const { t, label, date } = useI18n();
  const viewer = useViewer();
  const ids = { year: useId() };
  const { problem, busy, submit } = useSubmit();
  const [schoolYear, setSchoolYear] = useState(comingSchoolYear(todayIso()));
  const [interest, setInterest] = useState('INTERESTED');
  const [reasons, setReasons] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const notHosting = (NOT_HOSTING as readonly string[]).includes(interest);
  const save = (event: FormEvent) => {
    event.preventDefault();
    void submit(async () => {
      await gql(SET_INTEREST, { id: employer.id, input: { schoolYear, interest, reasons: notHosting ? reasons : [], note: note || null } });
      setNote('');
      await reload();
    });
  };
  return (
    <section className="card" aria-labelledby="hosting-heading" data-testid="hosting-interest">
      <h2 id="hosting-heading">{t('hostingInterest')}</h2>
      {employer.hostingInterests.length === 0 && <p>{t('noHostingInterest')}</p>}
      <ul className="plain">
        {employer.hostingInterests.map((h) => (
          <li key={h.schoolYear} data-school-year={h.schoolYear}>
            <strong>{h.schoolYear}</strong>: <span data-testid="interest">{label('hostingInterest', h.interest)}</span>
            {h.reasons.length > 0 && ` (${h.reasons.map((r) => label('notHostingReason', r)).join(', ')})`}
            {h.note && ` · ${h.note}`}{' '}
            <small>
              {h.byEmployer ? t('byEmployer') : t('byCoordinator')}, {date(h.recordedAt)}
            </small>
          </li>
        ))}
      </ul>
      {may.editNetwork(viewer) && (
        <form onSubmit={save} className="inline">
          <div className="field">
            <label htmlFor={ids.year}>{t('schoolYear')}</label>
            <input id={ids.year} value={schoolYear} onChange={(e) => setSchoolYear(e.target.value)} size={9} />
          </div>
          <Field label={t('hostingInterest')} path="input.interest" problem={problem}>
            <EnumSelect kind="hostingInterest" value={interest} onChange={setInterest} />
          </Field>
          {notHosting && (
            <CheckboxGroup
              legend={t('whyNotHosting')}
              choices={valuesOf('notHostingReason').map((r) => ({ value: r, label: label('notHostingReason', r) }))}
              chosen={reasons}
              onChange={setReasons}
            />
          )}
          <Field label={t('hostingNote')} path="input.note" problem={problem}>
            <input value={note} onChange={(e) => setNote(e.target.value)} />
          </Field>
          <button type="submit" disabled={busy}>
            {t('save')}
          </button>
        </form>
      )}
      <FormProblem problem={problem} paths={['input.schoolYear', 'input.interest', 'input.reasons', 'input.note']} />
    </section>
  );
}
