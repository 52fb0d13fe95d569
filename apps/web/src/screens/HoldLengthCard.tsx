import { FormEvent, useEffect, useState } from 'react';
import { gql, useQuery } from '../api';
import { Field, FormProblem, Message, useSubmit } from '../components/Form';
import { useI18n } from '../i18n';

const HOLD_LENGTH = `query ($id: ID!) { organisation(id: $id) { id holdExpiryDays } }`;
const SET_HOLD_LENGTH = `mutation ($id: ID!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, input: $input) { id holdExpiryDays } }`;

/** For the school's admin: how many days a proposed internship holds its seat before the hold expires (1–90, default 14). */
export function HoldLengthCard({ organisationId }: { organisationId: string }) {
  const { t } = useI18n();
  const { data, error, reload } = useQuery<{ organisation: { holdExpiryDays: number } }>(HOLD_LENGTH, { id: organisationId }, organisationId);
  const { problem, busy, submit } = useSubmit();
  const [days, setDays] = useState('');
  const [saved, setSaved] = useState(false);
  const current = data?.organisation.holdExpiryDays;
  useEffect(() => {
    if (current !== undefined) setDays(String(current));
  }, [current]);
  const save = (event: FormEvent) => {
    event.preventDefault();
    void submit(async () => {
      await gql(SET_HOLD_LENGTH, { id: organisationId, input: { holdExpiryDays: Number(days) } });
      await reload();
      setSaved(true);
    });
  };
  return (
    <section className="card" aria-labelledby="hold-length-heading" data-testid="hold-length">
      <h2 id="hold-length-heading">{t('holdLength')}</h2>
      <p className="help">{t('holdLengthHelp')}</p>
      <Message error={error} />
      {data && (
        <form className="inline" onSubmit={save}>
          <Field label={t('holdLengthDays')} path="input.holdExpiryDays" problem={problem}>
            <input type="number" min={1} max={90} step={1} required value={days} onChange={(e) => (setDays(e.target.value), setSaved(false))} />
          </Field>
          <button type="submit" disabled={busy}>
            {t('save')}
          </button>
        </form>
      )}
      <FormProblem problem={problem} paths={['input.holdExpiryDays']} />
      <Message status={saved ? t('saved') : null} />
    </section>
  );
}
