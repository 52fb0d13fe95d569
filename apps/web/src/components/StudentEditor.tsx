import { FormEvent, ReactElement, cloneElement, useState } from 'react';
import { ApiError, gql } from '../api';
import type { TextKey } from '../i18n';

export interface EditableStudent {
  homePostcode: string;
  homePlace: string;
  travelMode: string;
  maxTravelKm: number;
}

const MODES = ['WALK', 'BIKE', 'E_BIKE', 'PUBLIC_TRANSPORT', 'TAXI', 'CAR'];

/** The travel part of a student's profile, with the API's validation messages next to their fields. */
export function StudentEditor({ id, student, t, onSaved }: { id: string; student: EditableStudent; t: (key: TextKey) => string; onSaved: () => void }) {
  const [form, setForm] = useState({ ...student, maxTravelKm: String(student.maxTravelKm) });
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const [saved, setSaved] = useState(false);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    try {
      await gql(`mutation ($id: ID!, $input: UpdateStudentProfileInput!) { updateStudentProfile(id: $id, input: $input) { id } }`, {
        id,
        input: { homePostcode: form.homePostcode, homePlace: form.homePlace, travelMode: form.travelMode, maxTravelKm: Number(form.maxTravelKm) },
      });
      setProblem(null);
      setSaved(true);
      onSaved();
    } catch (e) {
      setProblem(e instanceof ApiError ? { field: e.field ?? '', message: e.message } : { field: '', message: String(e) });
    }
  };
  const field = (name: keyof typeof form, label: string, input: ReactElement<Record<string, unknown>>) => {
    const invalid = problem?.field === `input.${name}`;
    return (
      <label className="field">
        {label}
        {cloneElement(input, { 'aria-invalid': invalid, 'aria-describedby': invalid ? `${name}-error` : undefined })}
        {invalid && (
          <span id={`${name}-error`} className="error" role="alert">
            {problem!.message}
          </span>
        )}
      </label>
    );
  };
  return (
    <form className="card editor" onSubmit={(e) => void save(e)} aria-label={t('profile')}>
      {field('homePostcode', t('postcode'), <input value={form.homePostcode} onChange={(e) => setForm({ ...form, homePostcode: e.target.value })} />)}
      {field('homePlace', t('place'), <input value={form.homePlace} onChange={(e) => setForm({ ...form, homePlace: e.target.value })} />)}
      {field(
        'travelMode',
        t('travelMode'),
        <select value={form.travelMode} onChange={(e) => setForm({ ...form, travelMode: e.target.value })}>
          {MODES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>,
      )}
      {field('maxTravelKm', t('maxTravelKm'), <input inputMode="decimal" value={form.maxTravelKm} onChange={(e) => setForm({ ...form, maxTravelKm: e.target.value })} />)}
      {problem && !problem.field.startsWith('input.') && (
        <p role="alert" className="error">
          {problem.message}
        </p>
      )}
      <button type="submit">{t('save')}</button> {saved && <span role="status">{t('saved')}</span>}
    </form>
  );
}
