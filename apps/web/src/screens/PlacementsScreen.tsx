import { FormEvent, lazy, Suspense, useCallback, useEffect, useId, useMemo, useState } from 'react';
import { gql, messageOf, useLatest } from '../api';
import { CheckboxGroup, Message } from '../components/Form';
import { ReservationText, type ReservationView } from '../components/Reservation';
import type { MapPoint } from '../components/PlacementMap';
import { useI18n } from '../i18n';
import { type LabelKind, valuesOf } from '../labels';
import { hrefOf } from '../route';

const PlacementMap = lazy(() => import('../components/PlacementMap').then((m) => ({ default: m.PlacementMap })));

interface Placement {
  id: string;
  title: string;
  sector: string;
  tags: string[];
  type: string;
  hoursPerWeek: number;
  allowancePaid: boolean;
  freeSeats: number;
  nextOpening: string | null;
  employer: { id: string; name: string; borisFlag: { id: string } | null; sbbRecognised: boolean };
  site: { place: string; location: { latitude: number; longitude: number } };
  reservation: ReservationView | null;
}
interface Result {
  totalCount: number;
  engine: string;
  notice: string | null;
  facets: Array<{ facet: string; values: Array<{ value: string; count: number }> }>;
  edges: Array<{ node: { placement: Placement } }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** The list facets: each a group of checkboxes (any of the chosen), with the filter it sets. */
const LISTS: Array<{ facet: string; filter: string; kind: LabelKind; legend: 'sector' | 'subSector' | 'placementType' | 'audience' | 'employerKind' }> = [
  { facet: 'SECTOR', filter: 'sectors', kind: 'sector', legend: 'sector' },
  { facet: 'TAG', filter: 'tags', kind: 'subSector', legend: 'subSector' },
  { facet: 'PLACEMENT_TYPE', filter: 'types', kind: 'placementType', legend: 'placementType' },
  { facet: 'AUDIENCE', filter: 'audiences', kind: 'audience', legend: 'audience' },
  { facet: 'EMPLOYER_KIND', filter: 'employerKinds', kind: 'employerKind', legend: 'employerKind' },
];
/** The yes/no facets: a checkbox each, with how many placements have it. */
const FLAGS: Array<{ facet: string; filter: string; text: 'freeSeatToday' | 'borisFlag' | 'sbbRecognised' | 'allowancePaid' }> = [
  { facet: 'HAS_FREE_SEAT', filter: 'hasFreeSeat', text: 'freeSeatToday' },
  { facet: 'BORIS_FLAG', filter: 'borisFlag', text: 'borisFlag' },
  { facet: 'SBB_RECOGNISED', filter: 'sbbRecognised', text: 'sbbRecognised' },
  { facet: 'ALLOWANCE_PAID', filter: 'allowancePaid', text: 'allowancePaid' },
];

// Facets are counted for the first page only (the API counts none unless `facets` is selected):
// further pages keep the counts already shown, which the same search gave.
const SEARCH = `query ($query: String, $filter: SearchFilterInput, $sort: SearchSort, $after: String, $withFacets: Boolean!) {
  searchPlacements(query: $query, filter: $filter, sort: $sort, first: 30, after: $after,
                   facets: [SECTOR, PLACEMENT_TYPE, AUDIENCE, EMPLOYER_KIND, HAS_FREE_SEAT, BORIS_FLAG, SBB_RECOGNISED, ALLOWANCE_PAID]) {
    totalCount engine notice
    facets @include(if: $withFacets) { facet values { value count } }
    pageInfo { hasNextPage endCursor }
    edges { node { placement { id title sector tags type hoursPerWeek allowancePaid freeSeats nextOpening reservation { organisationName until forViewer }
      employer { id name borisFlag { id } sbbRecognised } site { place location { latitude longitude } } } } }
  } }`;

type Filter = Record<string, string[] | boolean>;

/** Placements: search with facets and filters, the results with free seats and next opening at a glance, and a map beside them. */
export function PlacementsScreen() {
  const { t, label, count, date } = useI18n();
  const sortId = useId();
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<Filter>({});
  const [sort, setSort] = useState('RELEVANCE');
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [watching, setWatching] = useState(false);

  const begin = useLatest();
  const search = useCallback(
    async (text: string, chosen: Filter, order: string, after?: string) => {
      const latest = begin();
      try {
        const data = await gql<{ searchPlacements: Result }>(SEARCH, { query: text, filter: chosen, sort: order, after, withFacets: !after });
        if (!latest()) return;
        setResult((previous) =>
          after && previous
            ? { ...data.searchPlacements, facets: previous.facets, edges: [...previous.edges, ...data.searchPlacements.edges] }
            : data.searchPlacements,
        );
        setError(null);
      } catch (e) {
        if (latest()) setError(messageOf(e));
      }
    },
    [begin],
  );
  useEffect(() => void search('', {}, 'RELEVANCE'), [search]);

  const refine = (next: Filter) => {
    setFilter(next);
    setWatching(false);
    void search(query, next, sort);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setWatching(false);
    void search(query, filter, sort);
  };
  const facet = (name: string) => result?.facets.find((f) => f.facet === name)?.values ?? [];
  const chosenSector = (filter.sectors as string[] | undefined)?.[0];
  const watchSearch = async () => {
    try {
      await gql(`mutation ($input: WatchInput!) { watch(input: $input) { id } }`, {
        input: { search: { ...(query && { query }), ...(chosenSector && { sector: chosenSector }) } },
      });
      setWatching(true);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const points: MapPoint[] = useMemo(
    () =>
      (result?.edges ?? []).map(({ node: { placement } }) => ({
        id: placement.id,
        latitude: placement.site.location.latitude,
        longitude: placement.site.location.longitude,
        label: `${placement.title} — ${placement.employer.name}`,
        free: placement.freeSeats > 0,
      })),
    [result],
  );
  const filtered = Object.keys(filter).length > 0;

  return (
    <div className="layout">
      <form className="search" role="search" onSubmit={submit}>
        <label htmlFor="query" className="visually-hidden">
          {t('search')}
        </label>
        <input id="query" type="search" value={query} placeholder={t('searchPlaceholder')} onChange={(e) => setQuery(e.target.value)} />
        <button type="submit">{t('search')}</button>
        <label htmlFor={sortId} className="visually-hidden">
          {t('sort')}
        </label>
        <select id={sortId} value={sort} onChange={(e) => (setSort(e.target.value), void search(query, filter, e.target.value))}>
          <option value="RELEVANCE">{t('sortRelevance')}</option>
          <option value="NEWEST">{t('sortNewest')}</option>
        </select>
        <button type="button" aria-pressed={watching} disabled={watching || (!query && !chosenSector)} onClick={() => void watchSearch()}>
          {watching ? t('watching') : t('watchSearch')}
        </button>
      </form>
      <aside aria-label={t('filters')} className="facets">
        {filtered && (
          <button type="button" className="link" onClick={() => refine({})}>
            {t('clearFilters')}
          </button>
        )}
        <fieldset className="choices">
          <legend>{t('filters')}</legend>
          {FLAGS.map((f) => (
            <label key={f.facet} className="choice" data-facet={f.facet}>
              <input
                type="checkbox"
                checked={filter[f.filter] === true}
                onChange={(e) => {
                  const { [f.filter]: _dropped, ...rest } = filter;
                  refine(e.target.checked ? { ...rest, [f.filter]: true } : rest);
                }}
              />
              {t(f.text)} ({facet(f.facet).find((v) => v.value === 'true')?.count ?? 0})
            </label>
          ))}
          <label className="choice" data-filter="hideReservedForOthers">
            <input
              type="checkbox"
              checked={filter.hideReservedForOthers === true}
              onChange={(e) => {
                const { hideReservedForOthers: _dropped, ...rest } = filter;
                refine(e.target.checked ? { ...rest, hideReservedForOthers: true } : rest);
              }}
            />
            {t('hideReservedForOthers')}
          </label>
        </fieldset>
        <CheckboxGroup
          name="verified"
          legend={t('verifiedOnly')}
          choices={valuesOf('verifiableFlag').map((flag) => ({ value: flag, label: label('verifiableFlag', flag) }))}
          chosen={(filter.verified as string[] | undefined) ?? []}
          onChange={(chosen) => {
            const { verified: _dropped, ...rest } = filter;
            refine(chosen.length ? { ...rest, verified: chosen } : rest);
          }}
        />
        {LISTS.map((list) => (
          <CheckboxGroup
            key={list.facet}
            name={list.facet}
            legend={t(list.legend)}
            choices={facet(list.facet).map((v) => ({ value: v.value, label: label(list.kind, v.value), count: v.count }))}
            chosen={(filter[list.filter] as string[] | undefined) ?? []}
            onChange={(chosen) => {
              const { [list.filter]: _dropped, ...rest } = filter;
              refine(chosen.length ? { ...rest, [list.filter]: chosen } : rest);
            }}
          />
        ))}
      </aside>
      <div className="results">
        <Message error={error} />
        {result?.notice && (
          <p className="warning">
            {t('searchNotice')}: {result.notice}
          </p>
        )}
        {result && (
          <p aria-live="polite" data-testid="result-count">
            {count(result.totalCount, 'results')}
          </p>
        )}
        {result?.edges.length === 0 && <p>{t('noResults')}</p>}
        <ol className="plain hits">
          {result?.edges.map(({ node: { placement: p } }) => (
            <li key={p.id} className="card hit" data-sector={p.sector}>
              <h3>{p.title}</h3>
              <p>
                <a href={hrefOf({ name: 'employer', id: p.employer.id })}>{p.employer.name}</a>, {p.site.place}
              </p>
              <p className="tags">
                <span className="tag">{label('sector', p.sector)}</span>
                {p.tags.map((s) => (
                  <span key={s} className="tag subsector" data-subsector={s}>
                    {label('subSector', s)}
                  </span>
                ))}
                <span className="tag">{label('placementType', p.type)}</span>
                <span className="tag">{p.hoursPerWeek} u/w</span>
                {p.employer.borisFlag && <span className="tag boris">Boris</span>}
                {p.employer.sbbRecognised && <span className="tag">SBB</span>}
                {p.allowancePaid && <span className="tag">{t('allowancePaid')}</span>}
                <ReservationText reservation={p.reservation} />
              </p>
              <p>
                <span className={p.freeSeats > 0 ? 'seats free' : 'seats'}>{count(p.freeSeats, 'freeSeats')}</span>
                {p.freeSeats === 0 && p.nextOpening && (
                  <span>
                    {' '}
                    · {t('nextOpening')} {date(p.nextOpening)}
                  </span>
                )}
              </p>
            </li>
          ))}
        </ol>
        {result?.pageInfo.hasNextPage && (
          <button type="button" onClick={() => void search(query, filter, sort, result.pageInfo.endCursor ?? undefined)}>
            {t('moreResults')}
          </button>
        )}
      </div>
      <Suspense fallback={<div className="map" role="region" aria-label={t('map')} />}>
        <PlacementMap points={points} label={t('map')} />
      </Suspense>
    </div>
  );
}
