import { useState } from 'react';
import { useQuery } from '../../api';
import { Message } from '../../components/Form';
import { useI18n } from '../../i18n';
import { hrefOf } from '../../route';
import { ProfileEditor } from './ProfileEditor';

interface Student {
  id: string;
  code: string;
  homePlace: string;
  sectorPreferences: string[];
  supportNeed: string;
  finalYear: boolean;
  leftAt: string | null;
}

const STUDENTS = `query ($filter: StudentProfileFilter) { studentProfiles(first: 100, filter: $filter) {
  totalCount edges { node { id code homePlace sectorPreferences supportNeed finalYear leftAt } } } }`;

/** The own school's students (pseudonymous codes): find one, or add a new one. */
export function StudentsScreen() {
  const { t, label, count } = useI18n();
  const [code, setCode] = useState('');
  const [finalYear, setFinalYear] = useState(false);
  const [includeLeft, setIncludeLeft] = useState(false);
  const [adding, setAdding] = useState(false);
  const filter = { ...(code && { code }), ...(finalYear && { finalYear }), includeLeft };
  const { data, error } = useQuery<{ studentProfiles: { totalCount: number; edges: Array<{ node: Student }> } }>(STUDENTS, { filter }, JSON.stringify(filter));
  return (
    <section>
      <h1>{t('students')}</h1>
      <form className="card inline" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="student-code">{t('code')}</label>
          <input id="student-code" type="search" value={code} onChange={(e) => setCode(e.target.value)} />
        </div>
        <label className="choice">
          <input type="checkbox" checked={finalYear} onChange={(e) => setFinalYear(e.target.checked)} /> {t('finalYear')}
        </label>
        <label className="choice">
          <input type="checkbox" checked={includeLeft} onChange={(e) => setIncludeLeft(e.target.checked)} /> {t('includeLeft')}
        </label>
        <button type="button" aria-expanded={adding} onClick={() => setAdding(!adding)}>
          {t('newStudent')}
        </button>
      </form>
      {adding && <ProfileEditor onSaved={(id) => (location.hash = hrefOf({ name: 'student', id }))} />}
      <Message error={error} />
      {data && <p aria-live="polite">{count(data.studentProfiles.totalCount, 'students')}</p>}
      <table className="list">
        <thead>
          <tr>
            <th scope="col">{t('code')}</th>
            <th scope="col">{t('place')}</th>
            <th scope="col">{t('sector')}</th>
            <th scope="col">{t('supportNeed')}</th>
            <th scope="col">{t('finalYear')}</th>
          </tr>
        </thead>
        <tbody>
          {data?.studentProfiles.edges.map(({ node: s }) => (
            <tr key={s.id}>
              <td>
                <a href={hrefOf({ name: 'student', id: s.id })}>{s.code}</a>
              </td>
              <td>{s.homePlace}</td>
              <td>{s.sectorPreferences.map((p) => label('sector', p)).join(', ')}</td>
              <td>{label('supportLevel', s.supportNeed)}</td>
              <td>{s.finalYear ? '✓' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
