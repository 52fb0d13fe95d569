import { FormEvent, useId, useState } from 'react';
import { gql, messageOf } from '../api';
import { useI18n } from '../i18n';
import { Message } from './Form';

interface Explanation {
  excluded: boolean;
  rank: number | null;
  totalMatches: number;
  exclusions: Array<{ limit: string; explanationNl: string; explanationEn: string }>;
}

/** "Why not this one?": find a placement by name, and see which hard limits keep it out (or where it ranks). */
export function WhyNot({ studentId }: { studentId: string }) {
  const { t, label, language } = useI18n();
  const inputId = useId();
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<Array<{ id: string; title: string; employer: string }>>([]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [explanation, setExplanation] = useState<Explanation | null>(null);
  const [error, setError] = useState<string | null>(null);

  const find = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const data = await gql<{ searchPlacements: { edges: Array<{ node: { placement: { id: string; title: string; employer: { name: string } } } }> } }>(
        `query ($q: String) { searchPlacements(query: $q, first: 5, filter: { includeClosed: true }) { edges { node { placement { id title employer { name } } } } } }`,
        { q: query },
      );
      setOptions(
        data.searchPlacements.edges.map((e) => ({ id: e.node.placement.id, title: e.node.placement.title, employer: e.node.placement.employer.name })),
      );
      setExplanation(null);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const explain = async (placementId: string, title: string) => {
    try {
      const data = await gql<{ explainMatch: Explanation }>(
        `query ($s: ID!, $p: ID!) { explainMatch(studentId: $s, placementId: $p) { excluded rank totalMatches exclusions { limit explanationNl explanationEn } } }`,
        { s: studentId, p: placementId },
      );
      setChosen(title);
      setExplanation(data.explainMatch);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <section className="card">
      <h2>{t('whyNot')}</h2>
      <form className="inline" onSubmit={(e) => void find(e)}>
        <label htmlFor={inputId}>{t('placement')}</label>
        <input id={inputId} value={query} onChange={(e) => setQuery(e.target.value)} />
        <button type="submit">{t('search')}</button>
      </form>
      <Message error={error} />
      <ul className="plain">
        {options.map((o) => (
          <li key={o.id}>
            <button type="button" className="link" onClick={() => void explain(o.id, o.title)}>
              {o.title} — {o.employer}
            </button>
          </li>
        ))}
      </ul>
      {explanation && (
        <div data-testid="why-not">
          <h3>{chosen}</h3>
          {explanation.excluded ? (
            <ul>
              {explanation.exclusions.map((x) => (
                <li key={x.limit}>
                  <strong>{label('hardLimit', x.limit)}</strong>: {language === 'nl' ? x.explanationNl : x.explanationEn}
                </li>
              ))}
            </ul>
          ) : (
            <p>
              {t('rank')} {explanation.rank} / {explanation.totalMatches}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
