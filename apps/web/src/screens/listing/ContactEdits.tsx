import { ReactNode, useEffect, useState } from 'react';
import { useI18n } from '../../i18n';

/** A contact person as the employer's link shows it (LinkedContactPerson). */
export interface LinkedContact {
  id: string;
  name: string;
  role: string | null;
  phone: string | null;
  email: string | null;
}

type Draft = { name: string; role: string; phone: string; email: string };
const draftOf = (c: LinkedContact): Draft => ({ name: c.name, role: c.role ?? '', phone: c.phone ?? '', email: c.email ?? '' });
const EMPTY: Draft = { name: '', role: '', phone: '', email: '' };
const FIELDS: Array<[keyof Draft, 'name' | 'role' | 'phone' | 'email']> = [
  ['name', 'name'],
  ['role', 'role'],
  ['phone', 'phone'],
  ['email', 'email'],
];
const asInput = (d: Draft) => ({ name: d.name, role: d.role || null, phone: d.phone || null, email: d.email || null });

function DraftFields({ draft, onChange }: { draft: Draft; onChange: (draft: Draft) => void }) {
  const { t } = useI18n();
  return (
    <>
      {FIELDS.map(([key, text]) => (
        <label key={key}>
          {t(text)}
          <input name={key} type={key === 'email' ? 'email' : 'text'} value={draft[key]} onChange={(e) => onChange({ ...draft, [key]: e.target.value })} />
        </label>
      ))}
    </>
  );
}

/**
 * The employer's contact persons on its own page: each can be corrected where it stands (a new
 * phone number, another role), and a new one added. `input()` is what changed, as LinkedContactInput.
 */
export function useContactEdits(contacts: LinkedContact[] | undefined): { input: () => Array<Record<string, unknown>>; fields: () => ReactNode } {
  const { t } = useI18n();
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [added, setAdded] = useState<Draft>(EMPTY);
  useEffect(() => {
    setDrafts(Object.fromEntries((contacts ?? []).map((c) => [c.id, draftOf(c)])));
    setAdded(EMPTY);
  }, [contacts]);

  const input = () => [
    ...(contacts ?? []).flatMap((c) => {
      const before = draftOf(c);
      const after = drafts[c.id] ?? before;
      return FIELDS.some(([key]) => after[key].trim() !== before[key]) ? [{ id: c.id, ...asInput(after) }] : [];
    }),
    ...(added.name.trim() ? [asInput(added)] : []),
  ];
  const fields = () => (
    <>
      <ul className="plain">
        {contacts?.map((c) => (
          <li key={c.id}>
            <fieldset className="inline" data-contact={c.id}>
              <legend>{c.name}</legend>
              <DraftFields draft={drafts[c.id] ?? draftOf(c)} onChange={(d) => setDrafts({ ...drafts, [c.id]: d })} />
            </fieldset>
          </li>
        ))}
      </ul>
      <fieldset className="inline" data-new-contact="">
        <legend>{t('newContactHelp')}</legend>
        <DraftFields draft={added} onChange={setAdded} />
      </fieldset>
    </>
  );
  return { input, fields };
}
