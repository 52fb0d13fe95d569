import { ReactNode, useEffect, useState } from 'react';
import { EnumSelect } from '../../components/Form';
import { useI18n } from '../../i18n';

/** A supervisor as the employer's link shows it (LinkedSupervisor). */
export interface LinkedSupervisor {
  id: string;
  name: string | null;
  role: string;
  trained: boolean;
  training: string | null;
  maxStudents: number;
  intensity: string;
}
export const SUPERVISOR_FIELDS = 'id name role trained training maxStudents intensity';

interface Draft {
  name: string;
  role: string;
  trained: boolean;
  training: string;
  maxStudents: number;
  intensity: string;
}
const draftOf = (v: LinkedSupervisor): Draft => ({
  name: v.name ?? '',
  role: v.role,
  trained: v.trained,
  training: v.training ?? '',
  maxStudents: v.maxStudents,
  intensity: v.intensity,
});
const NEW: Draft = { name: '', role: 'WORK_SUPERVISOR', trained: false, training: '', maxStudents: 1, intensity: 'MODERATE' };
const KEYS = Object.keys(NEW) as Array<keyof Draft>;

/** The fields of one supervisor's draft: name, role, training, how many students at once and how much support. */
function DraftFields({ draft, onChange }: { draft: Draft; onChange: (draft: Draft) => void }) {
  const { t } = useI18n();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => onChange({ ...draft, [key]: value });
  return (
    <>
      <label>
        {t('name')}
        <input name="name" value={draft.name} onChange={(e) => set('name', e.target.value)} />
      </label>
      <label>
        {t('role')}
        <EnumSelect name="role" kind="supervisorRole" value={draft.role} onChange={(role) => set('role', role)} />
      </label>
      <label className="choice">
        <input type="checkbox" name="trained" checked={draft.trained} onChange={(e) => set('trained', e.target.checked)} /> {t('supervisorTrained')}
      </label>
      <label>
        {t('supervisorTraining')}
        <input name="training" value={draft.training} onChange={(e) => set('training', e.target.value)} />
      </label>
      <label>
        {t('maxStudents')}
        <input type="number" name="maxStudents" min={1} max={20} value={draft.maxStudents} onChange={(e) => set('maxStudents', Number(e.target.value))} />
      </label>
      <label>
        {t('supervisorIntensity')}
        <EnumSelect name="intensity" kind="supportLevel" value={draft.intensity} onChange={(intensity) => set('intensity', intensity)} />
      </label>
    </>
  );
}

/**
 * The employer's supervisors on its own page: each can be corrected in full or marked as left, and
 * one can be added per site. `input()` is what changed, as LinkedSupervisorInput; the drafts start
 * again from each listing loaded.
 */
export function useSupervisorEdits(sites: Array<{ id: string; supervisors: LinkedSupervisor[] }> | undefined): {
  input: () => Array<Record<string, unknown>>;
  fields: (siteId: string) => ReactNode;
} {
  const { t } = useI18n();
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [left, setLeft] = useState<Record<string, boolean>>({});
  const [added, setAdded] = useState<Record<string, Draft>>({});
  useEffect(() => {
    setDrafts(Object.fromEntries((sites ?? []).flatMap((s) => s.supervisors.map((v) => [v.id, draftOf(v)]))));
    setLeft({});
    setAdded({});
  }, [sites]);

  const input = () => [
    ...(sites ?? []).flatMap((s) =>
      s.supervisors.flatMap((v) => {
        if (left[v.id]) return [{ id: v.id, remove: true }];
        const before = draftOf(v);
        const after = drafts[v.id] ?? before;
        const changed = KEYS.filter((key) => after[key] !== before[key]);
        return changed.length ? [{ id: v.id, ...Object.fromEntries(changed.map((key) => [key, after[key]])) }] : [];
      }),
    ),
    ...Object.entries(added)
      .filter(([, d]) => d.name.trim())
      .map(([siteId, d]) => ({ siteId, ...d })),
  ];

  const fields = (siteId: string) => {
    const site = sites?.find((s) => s.id === siteId);
    return (
      <>
        <ul className="plain">
          {site?.supervisors.map((v) => (
            <li key={v.id}>
              <fieldset className="inline" data-supervisor={v.id} disabled={left[v.id]}>
                <legend>{v.name ?? '—'}</legend>
                <DraftFields draft={drafts[v.id] ?? draftOf(v)} onChange={(d) => setDrafts({ ...drafts, [v.id]: d })} />
              </fieldset>
              <label className="choice">
                <input
                  type="checkbox"
                  data-supervisor-left={v.id}
                  checked={left[v.id] ?? false}
                  onChange={(e) => setLeft({ ...left, [v.id]: e.target.checked })}
                />{' '}
                {t('supervisorLeft')}
              </label>
            </li>
          ))}
        </ul>
        <fieldset className="inline new-supervisor" data-new-supervisor={siteId}>
          <legend>{t('newSupervisor')}</legend>
          <DraftFields draft={added[siteId] ?? NEW} onChange={(d) => setAdded({ ...added, [siteId]: d })} />
        </fieldset>
      </>
    );
  };
  return { input, fields };
}
