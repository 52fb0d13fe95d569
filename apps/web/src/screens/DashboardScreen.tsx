import { FormEvent, useState } from 'react';
import { ApiError, gql } from '../api';
import type { TextKey } from '../i18n';
import { RegionSelect } from '../components/RegionSelect';

interface Row {
  group: { sector: string | null; employerKind: string | null; placementType: string | null; schoolKind: string | null; month: string | null };
  started: number | null;
  completed: number | null;
  endedEarly: number | null;
  stillGoing: number | null;
  unaccounted: number | null;
  certified: number | null;
  occupancyRate: number | null;
  destinations: Array<{ label: string; count: number | null }>;
}
interface Report {
  rows: Row[];
  totals: Row;
  followUp: Array<{ months: number; students: number | null; paidJob: number | null; unknown: number | null; paidJobRate: number | null }>;
}

const FIGURES = `started completed endedEarly stillGoing unaccounted certified occupancyRate destinations { label count }`;
const REPORT = `query ($scope: StatisticsScopeInput!, $period: PeriodInput!, $groupBy: [StatisticsGroupBy!]) {
  placementStatistics(scope: $scope, period: $period, groupBy: $groupBy) {
    rows { group { sector employerKind placementType schoolKind month } ${FIGURES} }
    totals { group { sector employerKind placementType schoolKind month } ${FIGURES} }
    followUp { months students paidJob unknown paidJobRate } } }`;
const CSV = `query ($scope: StatisticsScopeInput!, $period: PeriodInput!, $groupBy: [StatisticsGroupBy!]) { placementStatisticsCsv(scope: $scope, period: $period, groupBy: $groupBy) }`;

const today = () => new Date().toISOString().slice(0, 10);
const yearAgo = () => new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
const cell = (n: number | null) => (n === null ? '<5' : String(n));
const groupLabel = (g: Row['group']) => [g.sector, g.employerKind, g.placementType, g.schoolKind, g.month].filter(Boolean).join(' · ');

/** The outcome statistics: table, bars and follow-up, for the own organisation, a region or the network; CSV export. */
export function DashboardScreen({ t }: { t: (key: TextKey) => string }) {
  const [scope, setScope] = useState('ORGANISATION');
  const [region, setRegion] = useState('NOORDOOST_BRABANT');
  const [groupBy, setGroupBy] = useState('SECTOR');
  const [from, setFrom] = useState(yearAgo());
  const [to, setTo] = useState(today());
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  const variables = () => ({ scope: scope === 'REGION' ? { kind: scope, region } : { kind: scope }, period: { from, to }, groupBy: groupBy ? [groupBy] : [] });
  const load = async (event?: FormEvent) => {
    event?.preventDefault();
    try {
      setReport((await gql<{ placementStatistics: Report }>(REPORT, variables())).placementStatistics);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const download = async () => {
    const csv = (await gql<{ placementStatisticsCsv: string }>(CSV, variables())).placementStatisticsCsv;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    link.download = `stagebank-statistieken-${from}-${to}.csv`;
    link.click();
  };
  const max = Math.max(1, ...(report?.rows.map((r) => r.started ?? 0) ?? []));

  return (
    <section>
      <h1>{t('dashboard')}</h1>
      <form className="card inline" onSubmit={(e) => void load(e)}>
        <label>
          {t('scope')}{' '}
          <select value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="ORGANISATION">{t('scopeOwn')}</option>
            <option value="REGION">{t('scopeRegion')}</option>
            <option value="NETWORK">{t('scopeNetwork')}</option>
          </select>
        </label>
        {scope === 'REGION' && (
          <RegionSelect label={t('region')} value={region} onChange={setRegion} />
        )}
        <label>
          {t('from')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('to')} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          {t('groupBy')}{' '}
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value)}>
            <option value="">—</option>
            <option value="SECTOR">{t('sector')}</option>
            <option value="MONTH">{t('month')}</option>
            <option value="SCHOOL_KIND">{t('schoolKind')}</option>
          </select>
        </label>
        <button type="submit">{t('show')}</button>
        {report && (
          <button type="button" onClick={() => void download()}>
            CSV
          </button>
        )}
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {report && (
        <>
          <table className="figures" data-testid="statistics">
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col">{t('started')}</th>
                <th scope="col">{t('completed')}</th>
                <th scope="col">{t('endedEarly')}</th>
                <th scope="col">{t('stillGoing')}</th>
                <th scope="col">{t('unaccounted')}</th>
                <th scope="col">{t('certified')}</th>
                <th scope="col">{t('occupancy')}</th>
              </tr>
            </thead>
            <tbody>
              {[...report.rows, report.totals].map((r, i) => (
                <tr key={i} className={i === report.rows.length ? 'total' : undefined}>
                  <th scope="row">
                    {i === report.rows.length ? t('total') : groupLabel(r.group)}
                    {i < report.rows.length && <span className="bar" style={{ width: `${((r.started ?? 0) / max) * 8}rem` }} aria-hidden="true" />}
                  </th>
                  <td>{cell(r.started)}</td>
                  <td>{cell(r.completed)}</td>
                  <td>{cell(r.endedEarly)}</td>
                  <td>{cell(r.stillGoing)}</td>
                  <td>{cell(r.unaccounted)}</td>
                  <td>{cell(r.certified)}</td>
                  <td>{r.occupancyRate === null ? '–' : `${Math.round(r.occupancyRate * 100)}%`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('followUp')}</h2>
          <table className="figures">
            <tbody>
              {report.followUp.map((f) => (
                <tr key={f.months}>
                  <th scope="row">{f.months} mnd</th>
                  <td>{cell(f.students)}</td>
                  <td>
                    {t('paidJob')}: {cell(f.paidJob)}
                  </td>
                  <td>
                    {t('unknown')}: {cell(f.unknown)}
                  </td>
                  <td>{f.paidJobRate === null ? '–' : `${Math.round(f.paidJobRate * 100)}%`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
