import { createClient } from 'graphql-ws';
import { REGION_NAMES } from '@stagebank/domain';
import { useEffect, useState } from 'react';
import { gql, session } from '../api';
import { TextKey, useI18n } from '../i18n';
import { Route, hrefOf } from '../route';

interface Notification {
  id: string;
  kind: string;
  createdAt: string;
  /** Null for an employer-link round's notification. */
  employerId: string | null;
  placement: { title: string } | null;
  employer: { name: string } | null;
  linkRound: { region: keyof typeof REGION_NAMES; schoolYear: string; links: number; answered: number } | null;
}

const FIELDS = 'id kind createdAt employerId placement { title } employer { name } linkRound { region schoolYear links answered }';
const KINDS: Record<string, TextKey> = {
  SEAT_FREED: 'seatFreed',
  HOLD_EXPIRING: 'holdExpiring',
  OUTCOME_DUE: 'outcomeDue',
  PLACEMENT_OPENED: 'placementOpened',
  LINK_ROUND_STARTED: 'linkRoundStarted',
  LINK_ROUND_REPORT_READY: 'linkRoundReportReady',
};

/** What a notification is about: the placement and employer, or an employer-link round (region, school year, answers so far). */
function Subject({ n }: { n: Notification }) {
  const { t } = useI18n();
  if (n.linkRound)
    return (
      <>
        {REGION_NAMES[n.linkRound.region]} {n.linkRound.schoolYear}, {n.linkRound.answered} / {n.linkRound.links} {t('linkRoundAnswered')}
      </>
    );
  return (
    <>
      {n.placement?.title ?? '—'}, {n.employer?.name ?? '—'}
    </>
  );
}

/** Where a notification leads: its employer, or its round's report. */
const targetOf = (n: Notification): Route =>
  n.employerId
    ? { name: 'employer', id: n.employerId }
    : n.linkRound
      ? { name: 'rounds', region: n.linkRound.region, schoolYear: n.linkRound.schoolYear }
      : { name: 'employers' };

/** The bell: unread notifications, and new ones as they happen (graphql-ws), resuming after the last one seen. */
export function NotificationBell() {
  const { t, date } = useI18n();
  const [items, setItems] = useState<Notification[]>([]);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    let disposed = false;
    let dispose = () => {};
    void gql<{ notifications: Notification[] }>(`{ notifications(unreadOnly: true, first: 50) { ${FIELDS} } }`).then(({ notifications }) => {
      if (disposed) return;
      setItems(notifications);
      const client = createClient({
        url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
        connectionParams: () => ({ authorization: `Bearer ${session.token}`, ...(session.organisation && { organisation: session.organisation }) }),
        retryAttempts: Infinity,
      });
      let afterId = notifications.reduce((max, n) => (BigInt(n.id) > BigInt(max) ? n.id : max), '0');
      const stop = client.subscribe<{ notificationAdded: Notification }>(
        { query: `subscription ($afterId: ID) { notificationAdded(afterId: $afterId) { ${FIELDS} } }`, variables: { afterId } },
        {
          next: ({ data }) => {
            if (!data) return;
            afterId = data.notificationAdded.id;
            setItems((current) => (current.some((n) => n.id === data.notificationAdded.id) ? current : [data.notificationAdded, ...current]));
          },
          error: () => undefined,
          complete: () => undefined,
        },
      );
      dispose = () => (stop(), void client.dispose());
    });
    return () => {
      disposed = true;
      dispose();
    };
  }, []);

  const markRead = async () => {
    await gql(`mutation ($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`, { ids: items.map((n) => n.id) });
    setItems([]);
    setOpen(false);
  };
  return (
    <div className="bell">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} aria-label={`${t('notifications')}: ${items.length}`}>
        <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z" />
        </svg>{' '}
        <span data-testid="bell-count">{items.length}</span>
      </button>
      {open && (
        <div className="card dropdown" role="dialog" aria-label={t('notifications')}>
          {items.length === 0 && <p>{t('noNotifications')}</p>}
          <ul className="plain notifications">
            {items.map((n) => (
              <li key={n.id}>
                <a href={hrefOf(targetOf(n))} onClick={() => setOpen(false)}>
                  {t(KINDS[n.kind] ?? 'placementOpened')}
                </a>
                : <Subject n={n} /> <small>({date(n.createdAt)})</small>
              </li>
            ))}
          </ul>
          {items.length > 0 && (
            <button type="button" onClick={() => void markRead()}>
              {t('markRead')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
