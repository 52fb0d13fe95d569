import { useId, useState } from 'react';
import { gql, useQuery } from '../../api';
import { FormProblem, useSubmit } from '../../components/Form';
import { useI18n } from '../../i18n';
import { may, useViewer } from '../../viewer';
import type { CardProps } from './employer.types';

const LINKS = `query ($id: ID!) { employerLinks(employerId: $id) { id status answer schoolYear createdAt expiresAt answeredAt path } }`;
const CREATE = `mutation ($id: ID!) { createEmployerLink(employerId: $id) { link { id path } } }`;
const REVOKE = `mutation ($id: ID!) { revokeEmployerLink(id: $id) { id } }`;

interface Link {
  id: string;
  status: string;
  answer: string | null;
  schoolYear: string;
  createdAt: string;
  expiresAt: string;
  answeredAt: string | null;
  path: string | null;
}

/** Coordinators: a signed link for the employer to keep its own listing current, and how earlier links were answered. */
export function EmployerLinkCard({ employer, reload }: CardProps) {
  const { t, date } = useI18n();
  const viewer = useViewer();
  const urlId = useId();
  const { problem, busy, submit } = useSubmit();
  const links = useQuery<{ employerLinks: Link[] }>(LINKS, { id: employer.id }, employer.id);
  const [fresh, setFresh] = useState<string | null>(null);
  if (!may.editNetwork(viewer)) return null;
  const open = links.data?.employerLinks.find((l) => l.path);
  const url = fresh ?? (open?.path ? `${location.origin}${open.path}` : null);
  return (
    <section className="card" aria-labelledby="link-heading">
      <h2 id="link-heading">{t('employerLink')}</h2>
      <p className="help">{t('employerLinkHelp')}</p>
      {url && (
        <div className="field">
          <label htmlFor={urlId}>{t('employerLink')}</label>
          <input id={urlId} readOnly value={url} data-testid="employer-link-url" onFocus={(e) => e.target.select()} />
        </div>
      )}
      <button
        type="button"
        disabled={busy}
        onClick={() =>
          void submit(async () => {
            const made = await gql<{ createEmployerLink: { link: { path: string } } }>(CREATE, { id: employer.id });
            setFresh(`${location.origin}${made.createEmployerLink.link.path}`);
            await links.reload();
          })
        }
      >
        {t('makeEmployerLink')}
      </button>
      <ul className="plain" data-testid="employer-links">
        {links.data?.employerLinks.map((l) => (
          <li key={l.id} data-status={l.status}>
            {l.schoolYear}: {l.status}
            {l.answer && ` (${l.answer})`} · {date(l.createdAt)}–{date(l.expiresAt)}
            {l.path && (
              <>
                {' '}
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => void submit(async () => (await gql(REVOKE, { id: l.id }), setFresh(null), await links.reload(), await reload()))}
                >
                  {t('revoke')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <FormProblem problem={problem} paths={[]} />
    </section>
  );
}
