import { FormEvent, useState } from 'react';
import { addDays, todayIso } from '@stagebank/domain';
import { gql } from '../../api';
import { Field, FormProblem, useSubmit } from '../../components/Form';
import { useI18n } from '../../i18n';
import { ApproachSignalsView, EndApproachForm } from './ApproachSignals';
import type { CardProps } from './employer.types';

/** Contact persons, shared by every school: add one with the API's checks on phone and e-mail. */
export function ContactsCard({ employer, reload }: CardProps) {
  const { t } = useI18n();
  const { problem, busy, submit } = useSubmit();
  const empty = { name: '', role: '', phone: '', email: '' };
  const [form, setForm] = useState(empty);
  const add = (event: FormEvent) => {
    event.preventDefault();
    const input = Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== ''));
    void submit(async () => {
      await gql(`mutation ($id: ID!, $input: ContactPersonInput!) { addContactPerson(employerId: $id, input: $input) { id } }`, { id: employer.id, input });
      setForm(empty);
      await reload();
    });
  };
  const fields = [
    ['name', t('name')],
    ['role', t('role')],
    ['phone', t('phone')],
    ['email', t('email')],
  ] as const;
  return (
    <section className="card" aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">{t('contacts')}</h2>
      <ul className="plain stack" data-testid="contacts">
        {employer.contactPersons.map((c) => (
          <li key={c.id}>
            <strong>{c.name}</strong>
            {c.role && ` (${c.role})`} {c.phone && <a href={`tel:${c.phone}`}>{c.phone}</a>} {c.email && <a href={`mailto:${c.email}`}>{c.email}</a>}
          </li>
        ))}
      </ul>
      <form className="inline" onSubmit={add} aria-label={t('addContact')}>
        {fields.map(([key, text]) => (
          <Field key={key} label={text} path={`input.${key}`} problem={problem}>
            <input value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
          </Field>
        ))}
        <button type="submit" disabled={busy}>
          {t('addContact')}
        </button>
      </form>
      <FormProblem problem={problem} paths={fields.map(([key]) => `input.${key}`)} />
    </section>
  );
}

/** Notes: free text, shared, with who wrote them. */
export function NotesCard({ employer, reload }: CardProps) {
  const { t, date } = useI18n();
  const { problem, busy, submit } = useSubmit();
  const [note, setNote] = useState('');
  const add = (event: FormEvent) => {
    event.preventDefault();
    void submit(async () => {
      await gql(`mutation ($id: ID!, $text: String!) { addEmployerNote(employerId: $id, text: $text) { id } }`, { id: employer.id, text: note });
      setNote('');
      await reload();
    });
  };
  return (
    <section className="card" aria-labelledby="notes-heading">
      <h2 id="notes-heading">{t('notes')}</h2>
      <form onSubmit={add}>
        <Field label={t('addNote')} path="text" problem={problem}>
          <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <button type="submit" disabled={busy || !note.trim()}>
          {t('addNote')}
        </button>
      </form>
      <FormProblem problem={problem} paths={['text']} />
      <ul className="plain stack">
        {employer.notes.map((n) => (
          <li key={n.id}>
            {n.text}{' '}
            <small>
              — {n.author.userName}, {n.author.organisationName}, {date(n.createdAt)}
            </small>
          </li>
        ))}
      </ul>
    </section>
  );
}

const SCORES = ['supervisionQuality', 'audienceFit', 'wouldPlaceAgain'] as const;

/** Schools' experiences (1–5 on supervision, fit for the audience, would place again), averaged; matching weighs them. */
export function ExperiencesCard({ employer, reload }: CardProps) {
  const { t, count, date, decimal } = useI18n();
  const { problem, busy, submit } = useSubmit();
  const [form, setForm] = useState({ supervisionQuality: '4', audienceFit: '4', wouldPlaceAgain: '4', text: '' });
  const summary = employer.experienceSummary;
  const record = (event: FormEvent) => {
    event.preventDefault();
    void submit(async () => {
      const input = { employerId: employer.id, ...Object.fromEntries(SCORES.map((k) => [k, Number(form[k])])), ...(form.text.trim() && { text: form.text }) };
      await gql(`mutation ($input: ExperienceInput!) { recordExperience(input: $input) { id } }`, { input });
      setForm({ ...form, text: '' });
      await reload();
    });
  };
  return (
    <section className="card" aria-labelledby="experiences-heading">
      <h2 id="experiences-heading">{t('experiences')}</h2>
      {summary.count > 0 && (
        <p data-testid="experience-summary">
          {summary.overall !== null && decimal(summary.overall)} / 5 ({count(summary.count, 'experiences')}): {t('supervisionQuality')}{' '}
          {summary.supervisionQuality !== null && decimal(summary.supervisionQuality)}, {t('audienceFit')}{' '}
          {summary.audienceFit !== null && decimal(summary.audienceFit)}, {t('wouldPlaceAgain')}{' '}
          {summary.wouldPlaceAgain !== null && decimal(summary.wouldPlaceAgain)}
        </p>
      )}
      <ul className="plain stack">
        {employer.experiences.map((x) => (
          <li key={x.id}>
            {x.supervisionQuality} / {x.audienceFit} / {x.wouldPlaceAgain}
            {x.text && ` — ${x.text}`}{' '}
            <small>
              ({x.author.organisationName}, {date(x.createdAt)})
            </small>
          </li>
        ))}
      </ul>
      <form className="inline" onSubmit={record} aria-label={t('recordExperience')}>
        {SCORES.map((key) => (
          <Field key={key} label={t(key)} path={`input.${key}`} problem={problem} help={t('outOfFive')}>
            <select value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })}>
              {[1, 2, 3, 4, 5].map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </Field>
        ))}
        <Field label={t('text')} path="input.text" problem={problem}>
          <input value={form.text} onChange={(e) => setForm({ ...form, text: e.target.value })} />
        </Field>
        <button type="submit" disabled={busy}>
          {t('recordExperience')}
        </button>
      </form>
      <FormProblem problem={problem} paths={[...SCORES.map((k) => `input.${k}`), 'input.text']} />
    </section>
  );
}

/**
 * Who is in contact with the employer now, ended by its coach with an outcome; what the approaches
 * say (unanswered ones, a pause proposal, the employer's monthly cap). Starting an approach warns
 * when another coach already is in contact, or when it goes beyond the employer's cap.
 */
export function ApproachCard({ employer, reload }: CardProps) {
  const { t, date } = useI18n();
  const { problem, busy, submit } = useSubmit();
  const [purpose, setPurpose] = useState('');
  const [warnings, setWarnings] = useState<Array<{ code: string; message: string }>>([]);
  const signals = employer.approachSignals;
  const approach = (event: FormEvent) => {
    event.preventDefault();
    void submit(async () => {
      const data = await gql<{ startEmployerApproach: { warnings: Array<{ code: string; message: string }> } }>(
        `mutation ($input: EmployerApproachInput!) { startEmployerApproach(input: $input) { warnings { code message } } }`,
        { input: { employerId: employer.id, purpose, until: addDays(todayIso(), 30) } },
      );
      setWarnings(data.startEmployerApproach.warnings);
      setPurpose('');
      await reload();
    });
  };
  return (
    <section className="card" aria-labelledby="contact-heading">
      <h2 id="contact-heading">{t('inContact')}</h2>
      <ApproachSignalsView employer={employer} reload={reload} />
      <ul className="plain stack">
        {employer.currentApproaches.map((a) => (
          <li key={a.id} data-approach={a.id}>
            {a.author.userName} ({a.author.organisationName}), {date(a.since)} – {date(a.until)}: {a.purpose}
            <EndApproachForm approach={a} reload={reload} />
          </li>
        ))}
      </ul>
      <form className="inline" onSubmit={approach}>
        <Field label={t('approachPurpose')} path="input.purpose" problem={problem}>
          <input value={purpose} onChange={(e) => setPurpose(e.target.value)} />
        </Field>
        <button type="submit" disabled={busy}>
          {t('approach')}
        </button>
      </form>
      <FormProblem problem={problem} paths={['input.purpose']} />
      {warnings.map((w, i) => (
        <p key={i} role="alert" className="warning" data-warning={w.code}>
          {w.code === 'APPROACH_CAP_EXCEEDED'
            ? `${t('approachCapExceeded')} ${signals.maxApproachesPerMonth ?? '?'} (${signals.approachesThisMonth} ${t('approachesThisMonth')}).`
            : w.message}
        </p>
      ))}
    </section>
  );
}
