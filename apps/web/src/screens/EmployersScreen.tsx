import { FormEvent, useState } from 'react';
import { gql, messageOf, useQuery } from '../api';
import { Message } from '../components/Form';
import { RegionSelect } from '../components/RegionSelect';
import { useI18n } from '../i18n';
import { hrefOf } from '../route';
import { useRegion } from '../viewer';

interface Hit {
  employer: { id: string; name: string; kind: string; status: string; sectors: string[]; borisFlag: { id: string } | null; seats: { free: number } };
  site: { place: string };
}

const SEARCH = `query ($query: String) { searchEmployers(query: $query, first: 30, filter: { includeClosed: true }) {
  totalCount edges { node { employer { id name kind status sectors borisFlag { id } seats { free } } site { place } } } } }`;
const STALE = `query ($region: LabourMarketRegion) { staleEmployers(region: $region, first: 50) {
  totalCount edges { node { id name lastVerifiedAt sites { place } } } } }`;

/** Employers: find one by name, place or trade; and the to-do list of employers nobody confirmed for a year. */
export function EmployersScreen() {
  const { t, label, count, date } = useI18n();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<{ totalCount: number; edges: Array<{ node: Hit }> } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [region, setRegion] = useRegion();
  const stale = useQuery<{
    staleEmployers: {
      totalCount: number;
      edges: Array<{ node: { id: string; name: string; lastVerifiedAt: string | null; sites: Array<{ place: string }> } }>;
    };
  }>(STALE, { region }, region);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      setHits((await gql<{ searchEmployers: typeof hits }>(SEARCH, { query })).searchEmployers);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <div className="two-columns">
      <section>
        <h1>{t('employers')}</h1>
        <form className="search" role="search" onSubmit={(e) => void submit(e)}>
          <label htmlFor="employer-query" className="visually-hidden">
            {t('search')}
          </label>
          <input id="employer-query" type="search" value={query} placeholder={t('employerSearchPlaceholder')} onChange={(e) => setQuery(e.target.value)} />
          <button type="submit">{t('search')}</button>
        </form>
        <Message error={error} />
        {hits && <p aria-live="polite">{count(hits.totalCount, 'employers')}</p>}
        <ul className="plain hits">
          {hits?.edges.map(({ node: { employer: e, site } }) => (
            <li key={e.id} className="card hit">
              <h3>
                <a href={hrefOf({ name: 'employer', id: e.id })}>{e.name}</a>
              </h3>
              <p>
                {site.place} · {label('employerKind', e.kind)}
              </p>
              <p className="tags">
                {e.status !== 'ACTIVE' && <span className="tag warn">{label('employerStatus', e.status)}</span>}
                {e.sectors.map((s) => (
                  <span key={s} className="tag">
                    {label('sector', s)}
                  </span>
                ))}
                {e.borisFlag && <span className="tag boris">Boris</span>}
                <span className="tag">{count(e.seats.free, 'freeSeats')}</span>
              </p>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" data-testid="stale">
        <h2>{t('staleEmployers')}</h2>
        <RegionSelect label={t('region')} value={region} onChange={setRegion} />
        <p>
          <a href={hrefOf({ name: 'rounds', region })}>{t('linkRounds')}</a>
        </p>
        <Message error={stale.error} />
        {stale.data && <p>{count(stale.data.staleEmployers.totalCount, 'employers')}</p>}
        <ul className="plain stack">
          {stale.data?.staleEmployers.edges.map(({ node: e }) => (
            <li key={e.id}>
              <a href={hrefOf({ name: 'employer', id: e.id })}>{e.name}</a>, {e.sites[0]?.place} · {t('lastVerified')}:{' '}
              {e.lastVerifiedAt ? date(e.lastVerifiedAt) : t('never')}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
