import { useQuery } from '../api';
import { Message } from '../components/Form';
import { RegionSelect } from '../components/RegionSelect';
import { useI18n } from '../i18n';
import { hrefOf } from '../route';
import { useRegion } from '../viewer';

interface BorisEmployer {
  id: string;
  name: string;
  sectors: string[];
  sites: Array<{ place: string }>;
  recognitions: Array<{ creboCodes: string[]; current: boolean }>;
}

const BORIS = `query ($region: LabourMarketRegion) { borisEmployers(region: $region, first: 100) {
  totalCount edges { node { id name sectors sites { place } recognitions { creboCodes current } } } } }`;

/** The Boris companies of a region, with their current crebos; flags and recognitions are changed on the employer page. */
export function SbbScreen() {
  const { t, label, count } = useI18n();
  const [region, setRegion] = useRegion();
  const { data, error } = useQuery<{ borisEmployers: { totalCount: number; edges: Array<{ node: BorisEmployer }> } }>(BORIS, { region }, region);
  return (
    <section>
      <h1>{t('borisCompanies')}</h1>
      <form className="card inline" onSubmit={(e) => e.preventDefault()}>
        <RegionSelect label={t('region')} value={region} onChange={setRegion} />
      </form>
      <Message error={error} />
      {data && <p aria-live="polite">{count(data.borisEmployers.totalCount, 'employers')}</p>}
      <ul className="card plain stack" data-testid="boris-list">
        {data?.borisEmployers.edges.map(({ node: e }) => (
          <li key={e.id}>
            <a href={hrefOf({ name: 'employer', id: e.id })}>{e.name}</a>, {e.sites[0]?.place} · {e.sectors.map((s) => label('sector', s)).join(', ')}
            {e.recognitions.some((r) => r.current) && (
              <small>
                {' '}
                · crebo{' '}
                {e.recognitions
                  .filter((r) => r.current)
                  .flatMap((r) => r.creboCodes)
                  .join(', ')}
              </small>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
