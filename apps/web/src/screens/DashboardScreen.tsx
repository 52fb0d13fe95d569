import { addDays, todayIso } from '@stagebank/domain';
import { FormEvent, useId, useState } from 'react';
import { gql, messageOf, useQuery } from '../api';
import { BarList, StackedBars } from '../components/Charts';
import { Message } from '../components/Form';
import { RegionSelect } from '../components/RegionSelect';
import { TextKey, useI18n } from '../i18n';
import type { LabelKind } from '../labels';
import { hrefOf } from '../route';
import { may, useRegion, useViewer } from '../viewer';
import { HoldLengthCard } from './HoldLengthCard';

interface Counted {
  label: string;
  count: number | null;
}
interface Row {
  group: { sector: string | null; employerKind: string | null; placementType: string | null; schoolKind: string | null; month: string | null };
  started: number | null;
  completed: number | null;
  endedEarly: number | null;
  stillGoing: number | null;
  unaccounted: number | null;
  certified: number | null;
  praktijkverklaringen: number | null;
  occupancyRate: number | null;
  firstChoiceSectorHonouredRate: number | null;
  medianTravelKm: number | null;
  destinations: Counted[];
  endedEarlyReasons: Counted[];
  certificates: Counted[];
}
interface Report {
  rows: Row[];
  totals: Row;
  followUp: Array<{ months: number; students: number | null; paidJob: number | null; unknown: number | null; paidJobRate: number | null }>;
  suppressionThreshold: number;
  approachOutcomes: Counted[];
}

const FIGURES = `started completed endedEarly stillGoing unaccounted certified praktijkverklaringen occupancyRate firstChoiceSectorHonouredRate medianTravelKm
  destinations { label count } endedEarlyReasons { label count } certificates { label count }`;
const GROUP = 'group { sector employerKind placementType schoolKind month }';
const REPORT = `query ($scope: StatisticsScopeInput!, $period: PeriodInput!, $groupBy: [StatisticsGroupBy!]) {
  placementStatistics(scope: $scope, period: $period, groupBy: $groupBy) {
    suppressionThreshold rows { ${GROUP} ${FIGURES} } totals { ${GROUP} ${FIGURES} }
    followUp { months students paidJob unknown paidJobRate } approachOutcomes { label count } } }`;
const CSV = `query ($scope: StatisticsScopeInput!, $period: PeriodInput!, $groupBy: [StatisticsGroupBy!]) { placementStatisticsCsv(scope: $scope, period: $period, groupBy: $groupBy) }`;

/** Each way to group, the label kind of its values, and its name. */
const GROUPS: Array<{ value: string; field: keyof Row['group']; kind: LabelKind | null; text: TextKey }> = [
  { value: 'SECTOR', field: 'sector', kind: 'sector', text: 'sector' },
  { value: 'PLACEMENT_TYPE', field: 'placementType', kind: 'placementType', text: 'placementType' },
  { value: 'EMPLOYER_KIND', field: 'employerKind', kind: 'employerKind', text: 'employerKind' },
  { value: 'SCHOOL_KIND', field: 'schoolKind', kind: 'organisationKind', text: 'schoolKind' },
  { value: 'MONTH', field: 'month', kind: null, text: 'month' },
];

const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);
const cell = (n: number | null) => (n === null ? '<5' : String(n));

const UNACCOUNTED = `query { internships(filter: { unaccountedFor: true }, first: 100) { totalCount edges { node {
  id status endDate student { id code } placement { title employer { id name } } coach { displayName } evaluations { id } } } } }`;

interface Unaccounted {
  id: string;
  status: string;
  endDate: string;
  student: { id: string; code: string };
  placement: { title: string; employer: { id: string; name: string } };
  coach: { displayName: string } | null;
  evaluations: Array<{ id: string }>;
}

/** The school's own internships past their planned end with no outcome recorded: the coach's to-do list. */
function UnaccountedInternships() {
  const { t, label, date } = useI18n();
  const { data, error } = useQuery<{ internships: { totalCount: number; edges: Array<{ node: Unaccounted }> } }>(UNACCOUNTED, {}, 'unaccounted');
  const rows = data?.internships.edges.map((e) => e.node) ?? [];
  return (
    <section className="card" data-testid="unaccounted">
      <h2>
        {t('unaccountedList')} {data && <span>({data.internships.totalCount})</span>}
      </h2>
      <p className="help">{t('unaccountedListHelp')}</p>
      <Message error={error} />
      {data && rows.length === 0 && <p>{t('nothingUnaccounted')}</p>}
      {rows.length > 0 && (
        <table className="figures">
          <thead>
            <tr>
              <th scope="col">{t('student')}</th>
              <th scope="col">{t('placement')}</th>
              <th scope="col">{t('plannedEnd')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('coach')}</th>
              <th scope="col">{t('evaluated')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <a href={hrefOf({ name: 'student', id: r.student.id })}>{r.student.code}</a>
                </th>
                <td>
                  {r.placement.title}, <a href={hrefOf({ name: 'employer', id: r.placement.employer.id })}>{r.placement.employer.name}</a>
                </td>
                <td>{date(r.endDate)}</td>
                <td>{label('internshipStatus', r.status)}</td>
                <td>{r.coach?.displayName ?? '—'}</td>
                <td>{r.evaluations.length > 0 ? t('yes') : t('no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The outcome statistics for the own organisation, a region or the network: figures, charts and a table; CSV export. */
export function DashboardScreen() {
  const { t, label, km } = useI18n();
  const viewer = useViewer();
  const ids = { scope: useId(), from: useId(), to: useId(), group: useId() };
  const [scope, setScope] = useState('ORGANISATION');
  const [region, setRegion] = useRegion();
  const [groupBy, setGroupBy] = useState('SECTOR');
  const [from, setFrom] = useState(addDays(todayIso(), -365));
  const [to, setTo] = useState(todayIso());
  const [report, setReport] = useState<Report | null>(null);
  const [shownGroup, setShownGroup] = useState(GROUPS[0]);
  const [error, setError] = useState<string | null>(null);

  const variables = () => ({ scope: scope === 'REGION' ? { kind: scope, region } : { kind: scope }, period: { from, to }, groupBy: groupBy ? [groupBy] : [] });
  const load = async (event?: FormEvent) => {
    event?.preventDefault();
    try {
      setReport((await gql<{ placementStatistics: Report }>(REPORT, variables())).placementStatistics);
      setShownGroup(GROUPS.find((g) => g.value === groupBy) ?? GROUPS[0]);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const download = async () => {
    try {
      const csv = (await gql<{ placementStatisticsCsv: string }>(CSV, variables())).placementStatisticsCsv;
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      link.download = `stagebank-statistieken-${from}-${to}.csv`;
      link.click();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const groupName = (r: Row) => {
    const value = r.group[shownGroup.field];
    return value === null ? '—' : shownGroup.kind ? label(shownGroup.kind, value) : value;
  };
  const totals = report?.totals;

  return (
    <section>
      <h1>{t('dashboard')}</h1>
      {may.keepStudents(viewer) && <UnaccountedInternships />}
      {may.manageOrganisation(viewer) && <HoldLengthCard organisationId={viewer!.organisation.id} />}
      <form className="card inline" onSubmit={(e) => void load(e)}>
        <div className="field">
          <label htmlFor={ids.scope}>{t('scope')}</label>
          <select id={ids.scope} value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="ORGANISATION">{t('scopeOwn')}</option>
            <option value="REGION">{t('scopeRegion')}</option>
            <option value="NETWORK">{t('scopeNetwork')}</option>
          </select>
        </div>
        {scope === 'REGION' && <RegionSelect label={t('region')} value={region} onChange={setRegion} />}
        <div className="field">
          <label htmlFor={ids.from}>{t('from')}</label>
          <input id={ids.from} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>{t('to')}</label>
          <input id={ids.to} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.group}>{t('groupBy')}</label>
          <select id={ids.group} value={groupBy} onChange={(e) => setGroupBy(e.target.value)}>
            <option value="">—</option>
            {GROUPS.map((g) => (
              <option key={g.value} value={g.value}>
                {t(g.text)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary">
          {t('show')}
        </button>
        {report && (
          <button type="button" onClick={() => void download()}>
            {t('downloadCsv')}
          </button>
        )}
      </form>
      <Message error={error} />
      {report && totals && (
        <>
          {scope !== 'ORGANISATION' && (
            <p className="help">
              &lt;{report.suppressionThreshold}: {t('withheld')}
            </p>
          )}
          <dl className="figures-summary" data-testid="totals">
            {(
              [
                ['started', cell(totals.started)],
                ['completed', cell(totals.completed)],
                ['endedEarly', cell(totals.endedEarly)],
                ['stillGoing', cell(totals.stillGoing)],
                ['unaccounted', cell(totals.unaccounted)],
                ['certified', cell(totals.certified)],
                ['occupancy', percent(totals.occupancyRate)],
                ['firstChoice', percent(totals.firstChoiceSectorHonouredRate)],
                ['medianTravel', totals.medianTravelKm === null ? '–' : km(totals.medianTravelKm)],
              ] as Array<[TextKey, string]>
            ).map(([key, value]) => (
              <div key={key} data-figure={key}>
                <dt>{t(key)}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <div className="charts">
            {report.rows.length > 0 && (
              <StackedBars
                title={`${t('started')}: ${t(shownGroup.text).toLowerCase()}`}
                testId="chart-groups"
                rows={report.rows.map((r) => ({
                  label: groupName(r),
                  segments: (['completed', 'endedEarly', 'stillGoing', 'unaccounted'] as const).map((key) => ({ key, label: t(key), value: r[key] })),
                }))}
              />
            )}
            <BarList
              title={t('destinations')}
              testId="chart-destinations"
              empty={t('nothingRecorded')}
              bars={totals.destinations.map((d) => ({ label: label('destination', d.label), value: d.count }))}
            />
            <BarList
              title={t('earlyEndReasons')}
              empty={t('nothingRecorded')}
              bars={totals.endedEarlyReasons.map((d) => ({ label: label('earlyEndReason', d.label), value: d.count }))}
            />
            <BarList
              title={t('followUp')}
              testId="chart-follow-up"
              bars={report.followUp.map((f) => ({
                label: `${f.months} ${t('monthsAfter')}`,
                value: f.paidJobRate === null ? null : Math.round(f.paidJobRate * 100),
                display: `${percent(f.paidJobRate)} (${cell(f.paidJob)} ${t('paidJob')}, ${cell(f.unknown)} ${t('unknown')})`,
              }))}
              withheld="–"
            />
            <BarList
              title={t('approachOutcomes')}
              testId="chart-approach-outcomes"
              empty={t('nothingRecorded')}
              bars={report.approachOutcomes.map((o) => ({ label: o.label === 'UNKNOWN' ? t('unknown') : label('approachOutcome', o.label), value: o.count }))}
            />
          </div>
          <div className="table-scroll" role="region" aria-label={t('dashboard')} tabIndex={0}>
            <table className="figures" data-testid="statistics">
              <thead>
                <tr>
                  <th scope="col">{groupBy ? t(shownGroup.text) : ''}</th>
                  <th scope="col">{t('started')}</th>
                  <th scope="col">{t('completed')}</th>
                  <th scope="col">{t('endedEarly')}</th>
                  <th scope="col">{t('stillGoing')}</th>
                  <th scope="col" title={t('unaccountedHelp')}>
                    {t('unaccounted')}
                  </th>
                  <th scope="col">{t('certified')}</th>
                  <th scope="col">{t('praktijkverklaringen')}</th>
                  <th scope="col">{t('occupancy')}</th>
                  <th scope="col">{t('firstChoice')}</th>
                  <th scope="col">{t('medianTravel')}</th>
                </tr>
              </thead>
              <tbody>
                {[...report.rows, totals].map((r, i) => (
                  <tr key={i} className={i === report.rows.length ? 'total' : undefined}>
                    <th scope="row">{i === report.rows.length ? t('total') : groupName(r)}</th>
                    <td>{cell(r.started)}</td>
                    <td>{cell(r.completed)}</td>
                    <td>{cell(r.endedEarly)}</td>
                    <td>{cell(r.stillGoing)}</td>
                    <td>{cell(r.unaccounted)}</td>
                    <td>{cell(r.certified)}</td>
                    <td>{cell(r.praktijkverklaringen)}</td>
                    <td>{percent(r.occupancyRate)}</td>
                    <td>{percent(r.firstChoiceSectorHonouredRate)}</td>
                    <td>{r.medianTravelKm === null ? '–' : r.medianTravelKm}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
