import { FormEvent, useState } from 'react';
import { ApiError, gql } from '../api';
import type { TextKey } from '../i18n';
import { hrefOf } from '../route';
import { RegionSelect } from '../components/RegionSelect';

/** SBB advisers: the Boris companies of a region (flags and recognitions are set on the employer page). */
export function SbbScreen({ t }: { t: (key: TextKey) => string }) {
  const [region, setRegion] = useState('NOORDOOST_BRABANT');
  const [employers, setEmployers] = useState<Array<{ id: string; name: string }> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const data = await gql<{ borisEmployers: { edges: Array<{ node: { id: string; name: string } }> } }>(
        `query ($region: LabourMarketRegion) { borisEmployers(region: $region, first: 100) { edges { node { id name } } } }`,
        { region: region || null },
      );
      setEmployers(data.borisEmployers.edges.map((e) => e.node));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <section>
      <h1>{t('borisCompanies')}</h1>
      <form className="card inline" onSubmit={(e) => void load(e)}>
        <RegionSelect label={t('region')} value={region} onChange={setRegion} />
        <button type="submit">{t('show')}</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      <ul className="plain hits" data-testid="boris-list">
        {employers?.map((e) => (
          <li key={e.id} className="card">
            <a href={hrefOf({ name: 'employer', id: e.id })}>{e.name}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
