import { useEffect, useState } from 'react';
import { ApiError, gql } from '../api';
import type { Language, TextKey } from '../i18n';
import { hrefOf } from '../route';
import { EditableStudent, StudentEditor } from '../components/StudentEditor';
import { WhyNot } from '../components/WhyNot';

interface Student {
  id: string;
  code: string;
  homePlace: string;
  sectorPreferences: string[];
}

/** The own school's students (pseudonymous codes). */
export function StudentsScreen({ t }: { t: (key: TextKey) => string }) {
  const [students, setStudents] = useState<Student[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    gql<{ studentProfiles: { edges: Array<{ node: Student }> } }>(`{ studentProfiles(first: 100) { edges { node { id code homePlace sectorPreferences } } } }`)
      .then((data) => setStudents(data.studentProfiles.edges.map((e) => e.node)))
      .catch((e) => setError(e instanceof ApiError ? e.message : String(e)));
  }, []);
  return (
    <section>
      <h1>{t('students')}</h1>
      {error && <p role="alert" className="error">{error}</p>}
      <ul className="plain hits">
        {students?.map((s) => (
          <li key={s.id} className="card">
            <a href={hrefOf({ name: 'student', id: s.id })}>{s.code}</a> · {s.homePlace}
          </li>
        ))}
      </ul>
    </section>
  );
}

interface Line {
  criterion: string;
  points: number;
  weight: number;
  explanationNl: string;
  explanationEn: string;
}
interface Match {
  placementId: string;
  score: number;
  distanceKm: number;
  breakdown: Line[];
  placement: { title: string; freeSeats: number };
  employer: { id: string; name: string };
  site: { place: string };
}

const MATCHES = `query ($id: ID!) {
  studentProfile(id: $id) { id code homePlace homePostcode travelMode maxTravelKm }
  matchPlacements(studentId: $id, first: 10) { edges { node {
    placementId score distanceKm breakdown { criterion points weight explanationNl explanationEn }
    placement { title freeSeats } employer { id name } site { place } } } } }`;

const addDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** One student: ranked placements with a score bar and, per criterion, why; agree an internship from here. */
export function StudentScreen({ id, t, language }: { id: string; t: (key: TextKey) => string; language: Language }) {
  const [student, setStudent] = useState<({ code: string } & EditableStudent) | null>(null);
  const [matches, setMatches] = useState<Match[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    try {
      const data = await gql<{ studentProfile: { code: string } & EditableStudent; matchPlacements: { edges: Array<{ node: Match }> } }>(MATCHES, { id });
      setStudent(data.studentProfile);
      setMatches(data.matchPlacements.edges.map((e) => e.node));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  useEffect(() => void load(), [id]);

  const agree = async (match: Match) => {
    try {
      await gql(`mutation ($input: CreateInternshipInput!) { createInternship(input: $input) { id } }`, {
        input: { placementId: match.placementId, studentId: id, startDate: addDays(0), endDate: addDays(120), status: 'AGREED' },
      });
      setMessage(`${t('agreed')}: ${match.placement.title}`);
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <section>
      <h1>
        {student?.code} <small>{student?.homePlace}</small>
      </h1>
      {student && <StudentEditor key={`${student.homePostcode}-${student.maxTravelKm}`} id={id} student={student} t={t} onSaved={() => void load()} />}
      <h2>{t('findPlacements')}</h2>
      {error && <p role="alert" className="error">{error}</p>}
      {message && <p role="status">{message}</p>}
      <ol className="plain hits">
        {matches.map((m) => (
          <li key={m.placementId} className="card hit" data-placement={m.placementId}>
            <h3>
              {m.placement.title} — <a href={hrefOf({ name: 'employer', id: m.employer.id })}>{m.employer.name}</a>, {m.site.place}
            </h3>
            <div className="score" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(m.score)} aria-label={t('score')}>
              <span style={{ width: `${m.score}%` }} />
              <b>{Math.round(m.score)}</b>
            </div>
            <p>
              <span className="seats">
                {m.placement.freeSeats} {t('freeSeats')}
              </span>{' '}
              · {m.distanceKm.toFixed(1)} {t('km')}
            </p>
            <button type="button" aria-expanded={open === m.placementId} onClick={() => setOpen(open === m.placementId ? null : m.placementId)}>
              {t('why')}
            </button>{' '}
            <button type="button" onClick={() => void agree(m)} disabled={m.placement.freeSeats === 0}>
              {t('agree')}
            </button>
            {open === m.placementId && (
              <table className="breakdown">
                <tbody>
                  {m.breakdown.map((line) => (
                    <tr key={line.criterion}>
                      <th scope="row">{line.criterion}</th>
                      <td>{line.points.toFixed(1)}</td>
                      <td>{language === 'nl' ? line.explanationNl : line.explanationEn}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </li>
        ))}
      </ol>
      <WhyNot studentId={id} t={t} language={language} />
    </section>
  );
}
