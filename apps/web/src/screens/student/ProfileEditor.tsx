import { FormEvent, useState } from 'react';
import { gql } from '../../api';
import { CheckboxGroup, EnumSelect, Field, FormProblem, useSubmit } from '../../components/Form';
import { useI18n } from '../../i18n';
import { valuesOf } from '../../labels';

/** A student profile as the editor holds it (what the API returns of it). */
export interface Profile {
  code: string;
  homePostcode: string;
  homePlace: string;
  travelMode: string;
  maxTravelKm: number;
  maxTravelMinutes: number | null;
  sectorPreferences: string[];
  interests: string[];
  supportNeed: string;
  constraints: string[];
  certificates: string[];
  exitProfile: string | null;
  finalYear: boolean;
  targetCrebo: string | null;
  targetWerkprocessen: string[];
  availableDays: string[];
  availableFrom: string | null;
}

export const PROFILE_FIELDS = `code homePostcode homePlace travelMode maxTravelKm maxTravelMinutes sectorPreferences interests supportNeed constraints
  certificates exitProfile finalYear targetCrebo targetWerkprocessen availableDays availableFrom`;

const NEW: Profile = {
  code: '',
  homePostcode: '',
  homePlace: '',
  travelMode: 'BIKE',
  maxTravelKm: 10,
  maxTravelMinutes: null,
  sectorPreferences: [],
  interests: [],
  supportNeed: 'MODERATE',
  constraints: [],
  certificates: [],
  exitProfile: null,
  finalYear: false,
  targetCrebo: null,
  targetWerkprocessen: [],
  availableDays: [],
  availableFrom: null,
};

const RANKS = 3;
const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const text = (values: string[]) => values.join(', ');

/**
 * The whole profile: where the student lives and how far they travel (the home is placed at the
 * postcode's centre), ranked sectors, interests, support need, constraints, certificates, exit
 * profile, praktijkverklaring goal and availability. The API checks every field and its message
 * appears at that field.
 */
export function ProfileEditor({ id, profile = NEW, onSaved }: { id?: string; profile?: Profile; onSaved: (id: string) => void }) {
  const { t, label } = useI18n();
  const { problem, busy, submit } = useSubmit();
  const [form, setForm] = useState(() => ({
    // Only the profile's own fields: they are what the API takes back.
    ...(Object.fromEntries(Object.keys(NEW).map((key) => [key, profile[key as keyof Profile]])) as unknown as Profile),
    maxTravelKm: String(profile.maxTravelKm),
    maxTravelMinutes: profile.maxTravelMinutes === null ? '' : String(profile.maxTravelMinutes),
    interests: text(profile.interests),
    targetWerkprocessen: text(profile.targetWerkprocessen),
    targetCrebo: profile.targetCrebo ?? '',
    availableFrom: profile.availableFrom ?? '',
    exitProfile: profile.exitProfile ?? '',
  }));
  const [saved, setSaved] = useState(false);
  const set = (changes: Partial<typeof form>) => (setForm({ ...form, ...changes }), setSaved(false));

  const save = (event: FormEvent) => {
    event.preventDefault();
    const input = {
      ...form,
      maxTravelKm: form.maxTravelKm.trim() === '' ? null : Number(form.maxTravelKm.replace(',', '.')),
      maxTravelMinutes: form.maxTravelMinutes.trim() === '' ? null : Number(form.maxTravelMinutes),
      interests: list(form.interests),
      targetWerkprocessen: list(form.targetWerkprocessen),
      targetCrebo: form.targetCrebo.trim() || null,
      availableFrom: form.availableFrom || null,
      exitProfile: form.exitProfile || null,
    };
    void submit(async () => {
      const result = id
        ? await gql<{ updateStudentProfile: { id: string } }>(
            `mutation ($id: ID!, $input: UpdateStudentProfileInput!) { updateStudentProfile(id: $id, input: $input) { id } }`,
            { id, input },
          ).then((d) => d.updateStudentProfile)
        : await gql<{ createStudentProfile: { id: string } }>(`mutation ($input: StudentProfileInput!) { createStudentProfile(input: $input) { id } }`, {
            input,
          }).then((d) => d.createStudentProfile);
      setSaved(true);
      onSaved(result.id);
    });
  };
  const rank = (i: number, value: string) => {
    const ranked = [...form.sectorPreferences];
    ranked[i] = value;
    set({ sectorPreferences: ranked.filter(Boolean).filter((s, at, all) => all.indexOf(s) === at) });
  };
  const paths = Object.keys(NEW).map((k) => `input.${k}`);

  return (
    <form className="card editor" onSubmit={save} aria-label={t('profile')} noValidate>
      <fieldset>
        <legend>{t('profile')}</legend>
        <Field label={t('code')} path="input.code" problem={problem} help={t('codeHelp')}>
          <input value={form.code} onChange={(e) => set({ code: e.target.value })} />
        </Field>
        <Field label={t('postcode')} path="input.homePostcode" problem={problem}>
          <input value={form.homePostcode} autoComplete="off" onChange={(e) => set({ homePostcode: e.target.value })} />
        </Field>
        <Field label={t('place')} path="input.homePlace" problem={problem}>
          <input value={form.homePlace} onChange={(e) => set({ homePlace: e.target.value })} />
        </Field>
        <Field label={t('travelMode')} path="input.travelMode" problem={problem}>
          <EnumSelect kind="travelMode" value={form.travelMode} onChange={(travelMode) => set({ travelMode })} />
        </Field>
        <Field label={t('maxTravelKm')} path="input.maxTravelKm" problem={problem}>
          <input inputMode="decimal" value={form.maxTravelKm} onChange={(e) => set({ maxTravelKm: e.target.value })} />
        </Field>
        <Field label={t('maxTravelMinutes')} path="input.maxTravelMinutes" problem={problem}>
          <input inputMode="numeric" value={form.maxTravelMinutes} onChange={(e) => set({ maxTravelMinutes: e.target.value })} />
        </Field>
        <Field label={t('supportNeed')} path="input.supportNeed" problem={problem}>
          <EnumSelect kind="supportLevel" value={form.supportNeed} onChange={(supportNeed) => set({ supportNeed })} />
        </Field>
        <Field label={t('exitProfile')} path="input.exitProfile" problem={problem}>
          <EnumSelect kind="exitProfile" empty={t('noChoice')} value={form.exitProfile} onChange={(exitProfile) => set({ exitProfile })} />
        </Field>
      </fieldset>
      <fieldset>
        <legend>{t('sector')}</legend>
        {Array.from({ length: RANKS }, (_, i) => (
          <Field key={i} label={`${t('sectorChoice')} ${i + 1}`} path={i === 0 ? 'input.sectorPreferences' : `input.sectorPreferences[${i}]`} problem={problem}>
            <EnumSelect
              kind="sector"
              empty={t('noChoice')}
              value={form.sectorPreferences[i] ?? ''}
              disabled={i > form.sectorPreferences.length}
              onChange={(sector) => rank(i, sector)}
            />
          </Field>
        ))}
        <Field label={t('interests')} path="input.interests" problem={problem} help={t('commaSeparated')}>
          <input value={form.interests} onChange={(e) => set({ interests: e.target.value })} />
        </Field>
      </fieldset>
      <CheckboxGroup
        legend={t('constraints')}
        choices={valuesOf('constraint').map((c) => ({ value: c, label: label('constraint', c) }))}
        chosen={form.constraints}
        onChange={(constraints) => set({ constraints })}
      />
      <CheckboxGroup
        legend={t('certificates')}
        choices={valuesOf('certificate').map((c) => ({ value: c, label: label('certificate', c) }))}
        chosen={form.certificates}
        onChange={(certificates) => set({ certificates })}
      />
      <CheckboxGroup
        legend={t('availableDays')}
        choices={valuesOf('weekday').map((d) => ({ value: d, label: label('weekday', d) }))}
        chosen={form.availableDays}
        onChange={(availableDays) => set({ availableDays })}
      />
      <fieldset>
        <legend>{t('availabilityAndGoal')}</legend>
        <Field label={t('availableFrom')} path="input.availableFrom" problem={problem}>
          <input type="date" value={form.availableFrom} onChange={(e) => set({ availableFrom: e.target.value })} />
        </Field>
        <label className="choice">
          <input type="checkbox" checked={form.finalYear} onChange={(e) => set({ finalYear: e.target.checked })} /> {t('finalYear')}
        </label>
        <Field label={t('targetCrebo')} path="input.targetCrebo" problem={problem}>
          <input inputMode="numeric" value={form.targetCrebo} onChange={(e) => set({ targetCrebo: e.target.value })} />
        </Field>
        <Field label={t('targetWerkprocessen')} path="input.targetWerkprocessen" problem={problem} help={t('commaSeparated')}>
          <input value={form.targetWerkprocessen} onChange={(e) => set({ targetWerkprocessen: e.target.value })} />
        </Field>
      </fieldset>
      <FormProblem problem={problem} paths={paths} />
      <p>
        <button type="submit" className="primary" disabled={busy}>
          {id ? t('save') : t('create')}
        </button>{' '}
        {saved && <span role="status">{t('saved')}</span>}
      </p>
    </form>
  );
}
