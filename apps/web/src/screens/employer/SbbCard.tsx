import { FormEvent, useState } from 'react';
import { todayIso } from '@stagebank/domain';
import { gql } from '../../api';
import { Field, FormProblem, useSubmit } from '../../components/Form';
import { useI18n } from '../../i18n';
import { may, useViewer } from '../../viewer';
import type { CardProps } from './employer.types';

/** SBB recognition (per crebo, with validity) and the Boris flag with its history; SBB advisers change them. */
export function SbbCard({ employer, reload }: CardProps) {
  const { t, date } = useI18n();
  const adviser = may.recognise(useViewer());
  const { problem, busy, submit } = useSubmit();
  const [form, setForm] = useState({ leerbedrijfId: '', crebos: '', validFrom: todayIso() });
  const run = (query: string, variables: Record<string, unknown>) => submit(async () => (await gql(query, variables), await reload()));
  const add = (event: FormEvent) => {
    event.preventDefault();
    void submit(async () => {
      await gql(`mutation ($id: ID!, $input: RecognitionInput!) { addRecognition(employerId: $id, input: $input) { id } }`, {
        id: employer.id,
        input: { leerbedrijfId: form.leerbedrijfId.trim(), creboCodes: form.crebos.split(/[\s,]+/).filter(Boolean), validFrom: form.validFrom },
      });
      setForm({ leerbedrijfId: '', crebos: '', validFrom: todayIso() });
      await reload();
    });
  };
  return (
    <section className="card" aria-labelledby="sbb-heading">
      <h2 id="sbb-heading">{t('recognitions')}</h2>
      {employer.recognitions.length === 0 && <p>{t('noRecognitions')}</p>}
      <ul className="plain stack" data-testid="recognitions">
        {employer.recognitions.map((r) => (
          <li key={r.id} className={r.current ? '' : 'past'}>
            {r.leerbedrijfId}: {r.creboCodes.join(', ')} ({date(r.validFrom)} – {r.validUntil ? date(r.validUntil) : '…'}){r.current ? '' : ' ✗'}{' '}
            {adviser && r.current && (
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  void run(`mutation ($id: ID!, $reason: String!) { withdrawRecognition(id: $id, reason: $reason) { id } }`, {
                    id: r.id,
                    reason: 'Ingetrokken door SBB',
                  })
                }
              >
                {t('withdraw')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {adviser && (
        <form className="inline" onSubmit={add} aria-label={t('addRecognition')}>
          <Field label={t('leerbedrijfId')} path="input.leerbedrijfId" problem={problem}>
            <input value={form.leerbedrijfId} onChange={(e) => setForm({ ...form, leerbedrijfId: e.target.value })} />
          </Field>
          <Field label={t('crebos')} path="input.creboCodes" problem={problem}>
            <input value={form.crebos} onChange={(e) => setForm({ ...form, crebos: e.target.value })} />
          </Field>
          <Field label={t('from')} path="input.validFrom" problem={problem}>
            <input type="date" value={form.validFrom} onChange={(e) => setForm({ ...form, validFrom: e.target.value })} />
          </Field>
          <button type="submit" disabled={busy}>
            {t('addRecognition')}
          </button>
        </form>
      )}
      <h3>{t('borisHistory')}</h3>
      <ul className="plain stack" data-testid="boris-history">
        {employer.borisFlagHistory.map((b) => (
          <li key={b.id}>
            {date(b.setAt)} – {b.clearedAt ? date(b.clearedAt) : '…'} ({b.setBy.displayName})
          </li>
        ))}
      </ul>
      {adviser && (
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void run(
              employer.borisFlag
                ? `mutation ($id: ID!) { clearBorisFlag(employerId: $id) { id } }`
                : `mutation ($id: ID!) { setBorisFlag(employerId: $id) { id } }`,
              { id: employer.id },
            )
          }
        >
          {employer.borisFlag ? t('clearBoris') : t('setBoris')}
        </button>
      )}
      <FormProblem problem={problem} paths={['input.leerbedrijfId', 'input.creboCodes', 'input.validFrom']} />
    </section>
  );
}
