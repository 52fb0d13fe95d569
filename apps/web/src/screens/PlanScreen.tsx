import { FormEvent, useEffect, useState } from 'react';
import { addDays, todayIso } from '@stagebank/domain';
import { gql, messageOf } from '../api';
import { Field, FormProblem, Message, useSubmit } from '../components/Form';
import { useI18n } from '../i18n';
import { hrefOf } from '../route';

interface Student {
  id: string;
  code: string;
  homePlace: string;
  finalYear: boolean;
}
interface PlanStudent {
  studentId: string;
  code: string;
  outcome: 'PLACED' | 'PINNED' | 'EXISTING' | 'NOT_PLACED' | 'EXCLUDED';
  placementId: string | null;
  placement: { title: string; employer: { id: string; name: string }; site: { place: string } } | null;
  rank: number | null;
  score: number | null;
  distanceKm: number | null;
  explanationNl: string;
  explanationEn: string;
  internshipId: string | null;
}
interface SchoolFigures {
  organisationId: string;
  organisationName: string;
  placed: number;
  notPlaced: number;
  meanRank: number | null;
  meanScore: number | null;
  meanTravelMinutes: number | null;
}
interface Plan {
  id: string;
  objectiveNl: string;
  objectiveEn: string;
  optimal: boolean;
  placed: number;
  priorityPlaced: number;
  firstChoicesHonoured: number;
  totalScore: number;
  schools: SchoolFigures[];
  students: PlanStudent[];
}
interface Pair {
  studentId: string;
  placementId: string;
}

const STUDENTS = `query ($after: String) { studentProfiles(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { id code homePlace finalYear } } } }`;
/** planCohort takes at most this many students. */
const MAX_STUDENTS = 500;

/** The school's current students, page by page, up to what one plan takes. */
async function currentStudents(): Promise<Student[]> {
  const all: Student[] = [];
  let after: string | null = null;
  do {
    const page: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: Student }> } = (
      await gql<{ studentProfiles: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: Student }> } }>(STUDENTS, { after })
    ).studentProfiles;
    all.push(...page.edges.map((e) => e.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after && all.length < MAX_STUDENTS);
  return all.slice(0, MAX_STUDENTS);
}
const PLAN_FIELDS = `id objectiveNl objectiveEn optimal placed priorityPlaced firstChoicesHonoured totalScore
  schools { organisationId organisationName placed notPlaced meanRank meanScore meanTravelMinutes }
  students { studentId code outcome placementId rank score distanceKm explanationNl explanationEn internshipId
    placement { title employer { id name } site { place } } }`;
const GROUPS = `{ studentGroups { id name studentIds } }`;
const SAVE_GROUP = `mutation ($input: SaveStudentGroupInput!) { saveStudentGroup(input: $input) { id name studentIds } }`;
const PLAN = `mutation ($input: PlanCohortInput!) { planCohort(input: $input) { ${PLAN_FIELDS} } }`;
const ACCEPT = `mutation ($planId: ID!) { acceptCohortPlan(planId: $planId) {
  created { id } needsReplanning { studentId code reason } } }`;

const OUTCOME: Record<PlanStudent['outcome'], [string, string]> = {
  PLACED: ['Geplaatst', 'Placed'],
  PINNED: ['Vastgezet', 'Pinned'],
  EXISTING: ['Heeft al een stage', 'Already has an internship'],
  NOT_PLACED: ['Niet geplaatst', 'Not placed'],
  EXCLUDED: ['Buiten het plan', 'Left out'],
};

/**
 * Plan a group: pick students and a period, and the API proposes one placement per student at once
 * (planCohort: as many placed as possible, then the best total score, never past a hard limit).
 * The plan explains itself per student and per school; pins and forbidden pairs change the next
 * plan; accepting creates the proposed internships in one go. Nothing is written before accepting.
 */
export function PlanScreen() {
  const { t, count, language } = useI18n();
  const [all, setAll] = useState<Student[]>([]);
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [groups, setGroups] = useState<Array<{ id: string; name: string; studentIds: string[] }>>([]);
  const [groupName, setGroupName] = useState('');
  const [period, setPeriod] = useState(() => ({ from: addDays(todayIso(), 14), to: addDays(todayIso(), 134) }));
  const [finalYearFirst, setFinalYearFirst] = useState(true);
  const [firstChoices, setFirstChoices] = useState(false);
  const [pins, setPins] = useState<Pair[]>([]);
  const [forbidden, setForbidden] = useState<Pair[]>([]);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { problem, busy, submit } = useSubmit();

  // Everyone current is in the group until the coordinator takes someone out.
  useEffect(() => {
    currentStudents().then(
      (students) => {
        setAll(students);
        setChosen(new Set(students.map((s) => s.id)));
      },
      (e: unknown) => setLoadError(messageOf(e)),
    );
    gql<{ studentGroups: typeof groups }>(GROUPS).then(
      (d) => setGroups(d.studentGroups),
      (e: unknown) => setLoadError(messageOf(e)),
    );
  }, []);
  const chooseGroup = (id: string) => {
    const group = groups.find((g) => g.id === id);
    if (group) setChosen(new Set(group.studentIds));
  };
  const saveGroup = () =>
    submit(async () => {
      const existing = groups.find((g) => g.name === groupName.trim());
      const input = { ...(existing && { id: existing.id }), name: groupName, studentIds: [...selected] };
      const saved = (await gql<{ saveStudentGroup: (typeof groups)[number] }>(SAVE_GROUP, { input })).saveStudentGroup;
      setGroups([...groups.filter((g) => g.id !== saved.id), saved].sort((a, b) => a.name.localeCompare(b.name)));
      setStatus(`${t('groupSaved')}: ${saved.name}`);
    });
  const selected = chosen ?? new Set<string>();
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  };

  const makePlan = (withPins = pins, withForbidden = forbidden) =>
    submit(async () => {
      setStatus(null);
      const ids = all.filter((s) => selected.has(s.id));
      const input = {
        studentIds: ids.map((s) => s.id),
        period,
        honourFirstChoices: firstChoices,
        ...(finalYearFirst && { priorityStudentIds: ids.filter((s) => s.finalYear).map((s) => s.id) }),
        ...(withPins.length && { pins: withPins }),
        ...(withForbidden.length && { forbidden: withForbidden }),
      };
      setPlan((await gql<{ planCohort: Plan }>(PLAN, { input })).planCohort);
    });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void makePlan();
  };
  const pin = (s: PlanStudent) => {
    const next = [...pins.filter((p) => p.studentId !== s.studentId), { studentId: s.studentId, placementId: s.placementId! }];
    setPins(next);
    void makePlan(next);
  };
  const unpin = (studentId: string) => {
    const next = pins.filter((p) => p.studentId !== studentId);
    setPins(next);
    void makePlan(next);
  };
  const forbid = (s: PlanStudent) => {
    const next = [...forbidden, { studentId: s.studentId, placementId: s.placementId! }];
    setForbidden(next);
    const withoutPin = pins.filter((p) => p.studentId !== s.studentId);
    setPins(withoutPin);
    void makePlan(withoutPin, next);
  };
  const accept = async () => {
    if (!plan) return;
    try {
      const { acceptCohortPlan: result } = await gql<{
        acceptCohortPlan: { created: Array<{ id: string }>; needsReplanning: Array<{ code: string; reason: string }> };
      }>(ACCEPT, { planId: plan.id });
      const again = result.needsReplanning.map((r) => `${r.code}: ${r.reason}`).join('; ');
      setStatus(`${t('planAccepted')}: ${count(result.created.length, 'internships')}${again ? `. ${t('planAgain')}: ${again}` : ''}`);
      setPlan(null);
      setPins([]);
      setForbidden([]);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const outcomeOf = (s: PlanStudent) => OUTCOME[s.outcome][language === 'nl' ? 0 : 1];
  // One decimal, with a decimal comma in Dutch.
  const decimal = (x: number | null) => (x === null ? '–' : x.toLocaleString(language === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1 }));
  const pinned = new Set(pins.map((p) => p.studentId));

  return (
    <section>
      <h1>{t('planGroup')}</h1>
      <p>{t('planIntro')}</p>
      <form className="card" onSubmit={onSubmit} aria-label={t('planGroup')}>
        <div className="inline">
          <Field label={t('from')} path="input.period.from" problem={problem}>
            <input type="date" value={period.from} onChange={(e) => e.target.value && setPeriod({ ...period, from: e.target.value })} />
          </Field>
          <Field label={t('to')} path="input.period.to" problem={problem}>
            <input type="date" value={period.to} onChange={(e) => e.target.value && setPeriod({ ...period, to: e.target.value })} />
          </Field>
          <label className="choice">
            <input type="checkbox" checked={finalYearFirst} onChange={(e) => setFinalYearFirst(e.target.checked)} /> {t('finalYearFirst')}
          </label>
          <label className="choice">
            <input type="checkbox" checked={firstChoices} onChange={(e) => setFirstChoices(e.target.checked)} /> {t('honourFirstChoices')}
          </label>
        </div>
        <div className="inline">
          {groups.length > 0 && (
            <Field label={t('savedGroup')} path="input.groupId" problem={null}>
              <select defaultValue="" onChange={(e) => chooseGroup(e.target.value)}>
                <option value="">—</option>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Field label={t('groupName')} path="input.name" problem={problem}>
            <input value={groupName} onChange={(e) => setGroupName(e.target.value)} />
          </Field>
          <button type="button" onClick={() => void saveGroup()} disabled={busy || selected.size === 0 || !groupName.trim()}>
            {t('saveGroup')}
          </button>
        </div>
        <fieldset>
          <legend>
            {t('students')}: {count(selected.size, 'students')}
          </legend>
          <Message error={loadError} />
          <ul className="plain columns" data-testid="plan-students">
            {all.map((s) => (
              <li key={s.id}>
                <label className="choice">
                  <input type="checkbox" checked={selected.has(s.id)} onChange={() => toggle(s.id)} /> {s.code}
                  {s.finalYear ? ` (${t('finalYear').toLowerCase()})` : ''}, {s.homePlace}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <button type="submit" className="primary" disabled={busy || selected.size === 0}>
          {busy ? t('planning') : t('makePlan')}
        </button>
        <FormProblem problem={problem} paths={['input.period.from', 'input.period.to', 'input.name']} />
      </form>
      <Message error={error} status={status} />
      {plan && (
        <section aria-labelledby="plan-heading" data-testid="plan">
          <h2 id="plan-heading">{t('proposal')}</h2>
          <p className="card">{language === 'nl' ? plan.objectiveNl : plan.objectiveEn}</p>
          <p data-testid="plan-figures">
            {count(plan.placed, 'students')} {t('placedOf')} {plan.students.length} · {t('priorityPlaced')}: {plan.priorityPlaced} · {t('firstChoices')}:{' '}
            {plan.firstChoicesHonoured} · {t('totalScore')}: {decimal(plan.totalScore)}
            {!plan.optimal && ` · ${t('notProvenOptimal')}`}
          </p>
          <table className="list">
            <caption>{t('perSchool')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('organisation')}</th>
                <th scope="col">{t('placed')}</th>
                <th scope="col">{t('notPlaced')}</th>
                <th scope="col">{t('meanRank')}</th>
                <th scope="col">{t('meanScore')}</th>
                <th scope="col">{t('meanTravel')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.schools.map((s) => (
                <tr key={s.organisationId}>
                  <th scope="row">{s.organisationName}</th>
                  <td className="number">{s.placed}</td>
                  <td className="number">{s.notPlaced}</td>
                  <td className="number">{decimal(s.meanRank)}</td>
                  <td className="number">{decimal(s.meanScore)}</td>
                  <td className="number">{s.meanTravelMinutes === null ? '–' : `${Math.round(s.meanTravelMinutes)} ${t('minutes')}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="list" data-testid="plan-students-table">
            <caption>{t('perStudent')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('code')}</th>
                <th scope="col">{t('outcome')}</th>
                <th scope="col">{t('placement')}</th>
                <th scope="col">{t('rankInOwnList')}</th>
                <th scope="col">{t('why')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {plan.students.map((s) => (
                <tr key={s.studentId} data-student={s.code} data-outcome={s.outcome}>
                  <th scope="row">
                    <a href={hrefOf({ name: 'student', id: s.studentId })}>{s.code}</a>
                  </th>
                  <td>{outcomeOf(s)}</td>
                  <td>
                    {s.placement ? (
                      <>
                        {s.placement.title} — <a href={hrefOf({ name: 'employer', id: s.placement.employer.id })}>{s.placement.employer.name}</a>,{' '}
                        {s.placement.site.place}
                      </>
                    ) : (
                      '–'
                    )}
                  </td>
                  <td className="number">{s.rank ?? '–'}</td>
                  <td>{language === 'nl' ? s.explanationNl : s.explanationEn}</td>
                  <td>
                    {pinned.has(s.studentId) ? (
                      <button type="button" onClick={() => unpin(s.studentId)} disabled={busy}>
                        {t('unpin')}
                      </button>
                    ) : (
                      s.placementId &&
                      s.outcome === 'PLACED' && (
                        <>
                          <button type="button" onClick={() => pin(s)} disabled={busy}>
                            {t('pin')}
                          </button>{' '}
                          <button type="button" onClick={() => forbid(s)} disabled={busy}>
                            {t('forbid')}
                          </button>
                        </>
                      )
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="primary" onClick={() => void accept()} disabled={busy || plan.placed === 0}>
            {t('acceptPlan')}
          </button>
        </section>
      )}
    </section>
  );
}
