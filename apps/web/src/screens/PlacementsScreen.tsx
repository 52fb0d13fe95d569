import { FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, gql } from '../api';
import type { Language, TextKey } from '../i18n';
import { hrefOf } from '../route';
import { MapPoint, PlacementMap } from '../components/PlacementMap';

interface Hit {
  placement: { id: string; title: string; sector: string; freeSeats: number; nextOpening: string | null; employer: { id: string; name: string }; site: { place: string; location: { latitude: number; longitude: number } } };
}
interface Result {
  totalCount: number;
  engine: string;
  notice: string | null;
  facets: Array<{ facet: string; values: Array<{ value: string; count: number }> }>;
  edges: Array<{ node: Hit }>;
}

const SEARCH = `query ($query: String, $filter: SearchFilterInput) {
  searchPlacements(query: $query, filter: $filter, facets: [SECTOR], first: 50) {
    totalCount engine notice
    facets { facet values { value count } }
    edges { node { placement { id title sector freeSeats nextOpening employer { id name } site { place location { latitude longitude } } } } }
  } }`;

/** Placements: a search box, the sector facet with counts, and the results with free seats and next opening at a glance. */
export function PlacementsScreen({ t, language }: { t: (key: TextKey) => string; language: Language }) {
  const [sectorNames, setSectorNames] = useState<Record<string, { nl: string; en: string }>>({});
  useEffect(() => {
    void gql<{ sectors: Array<{ code: string; nameNl: string; nameEn: string }> }>(`{ sectors { code nameNl nameEn } }`).then((data) =>
      setSectorNames(Object.fromEntries(data.sectors.map((s) => [s.code, { nl: s.nameNl, en: s.nameEn }]))),
    );
  }, []);
  const sectorName = (code: string) => sectorNames[code]?.[language] ?? code;
  const [query, setQuery] = useState('');
  const [sector, setSector] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);

  const search = useCallback(
    async (text: string, sectorFilter: string | null) => {
      try {
        const data = await gql<{ searchPlacements: Result }>(SEARCH, { query: text, filter: sectorFilter ? { sectors: [sectorFilter] } : {} });
        setResult(data.searchPlacements);
        setError(null);
      } catch (e) {
        setError(e instanceof ApiError ? e.message : String(e));
      }
    },
    [],
  );
  useEffect(() => void search('', null), [search]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setWatching(false);
    void search(query, sector);
  };
  const chooseSector = (value: string | null) => {
    setSector(value);
    void search(query, value);
  };
  const [watching, setWatching] = useState(false);
  const watchSearch = async () => {
    try {
      await gql(`mutation ($input: WatchInput!) { watch(input: $input) { id } }`, { input: { search: { ...(query ? { query } : {}), ...(sector ? { sector } : {}) } } });
      setWatching(true);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const sectors = result?.facets.find((f) => f.facet === 'SECTOR')?.values ?? [];
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

  return (
    <section className="layout">
      <form className="search" role="search" onSubmit={submit}>
        <label htmlFor="query" className="visually-hidden">
          {t('search')}
        </label>
        <input id="query" type="search" value={query} placeholder={t('searchPlaceholder')} onChange={(e) => setQuery(e.target.value)} />
        <button type="submit">{t('search')}</button>
        <button type="button" aria-pressed={watching} disabled={watching || (!query && !sector)} onClick={() => void watchSearch()}>
          {watching ? t('watching') : t('watchSearch')}
        </button>
      </form>
      <aside aria-label={t('sector')}>
        <h2>{t('sector')}</h2>
        <ul className="plain">
          <li>
            <button type="button" aria-pressed={sector === null} onClick={() => chooseSector(null)}>
              {t('clearFilter')}
            </button>
          </li>
          {sectors.map((s) => (
            <li key={s.value}>
              <button type="button" aria-pressed={sector === s.value} onClick={() => chooseSector(s.value)} data-facet={s.value}>
                {sectorName(s.value)} ({s.count})
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <div className="results">
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {result && (
          <p aria-live="polite" data-testid="result-count">
            {result.totalCount} {t('results')}
          </p>
        )}
        {result?.edges.length === 0 && <p>{t('noResults')}</p>}
        <ol className="plain hits">
          {result?.edges.map(({ node: { placement } }) => (
            <li key={placement.id} className="card hit" data-sector={placement.sector}>
              <h3>{placement.title}</h3>
              <p>
                <a href={hrefOf({ name: 'employer', id: placement.employer.id })}>{placement.employer.name}</a>, {placement.site.place}
              </p>
              <p>
                <span className="seats">
                  {placement.freeSeats} {t('freeSeats')}
                </span>
                {placement.freeSeats === 0 && placement.nextOpening && (
                  <span>
                    {' '}
                    · {t('nextOpening')} {placement.nextOpening}
                  </span>
                )}
              </p>
            </li>
          ))}
        </ol>
      </div>
      <PlacementMap points={points} label={t('map')} />
    </section>
  );
}
