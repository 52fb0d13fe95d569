import { useState } from 'react';
import { gql, messageOf } from '../../api';
import { Message } from '../../components/Form';
import { ReservationControl, ReservationText } from '../../components/Reservation';
import { useI18n } from '../../i18n';
import type { CardProps, Claim } from './employer.types';

const DAY_MS = 86_400_000;
const WINDOW_DAYS = 365;

/** Where a claim sits in the coming year, as left and width in % of the timeline; null when it falls outside that year. */
function span(claim: Claim, today: number): { left: number; width: number } | null {
  const windowEnd = today + WINDOW_DAYS * DAY_MS;
  const clamp = (t: number) => Math.min(windowEnd, Math.max(today, t));
  const start = clamp(Date.parse(claim.startDate));
  const end = clamp(Date.parse(claim.endDate) + DAY_MS);
  if (end <= start) return null;
  const percent = (t: number) => ((t - today) / DAY_MS / WINDOW_DAYS) * 100;
  return { left: percent(start), width: Math.max(1, percent(end) - percent(start)) };
}

/** Months across the top of the timelines: where each of the next twelve starts. */
function monthTicks(today: number, language: 'nl' | 'en') {
  const first = new Date(today);
  const names = new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { month: 'short', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, i) => {
    const month = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + i + 1, 1);
    return { key: month, left: ((month - today) / DAY_MS / WINDOW_DAYS) * 100, name: names.format(month) };
  }).filter((m) => m.left < 100);
}

/**
 * Seats per site and placement: how many are free now, and who holds the taken ones (which school
 * and coach, until when: never which student) on a timeline of the coming year.
 */
export function SeatsCard({ employer, reload }: CardProps) {
  const { t, label, count, date, language } = useI18n();
  const [watched, setWatched] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const today = Date.parse(new Date().toISOString().slice(0, 10));
  const ticks = monthTicks(today, language);
  const watch = async (placementId: string) => {
    try {
      await gql(`mutation ($id: ID!) { watch(input: { placementId: $id }) { id } }`, { id: placementId });
      setWatched((current) => [...current, placementId]);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <section className="card" aria-labelledby="seats-heading">
      <h2 id="seats-heading">
        {t('seats')}: <span data-testid="employer-seats">{count(employer.seats.free, 'freeSeats')}</span> / {employer.seats.seats}
        {employer.seats.free === 0 && employer.seats.nextOpening && (
          <small>
            {' '}
            · {t('nextOpening')} {date(employer.seats.nextOpening)}
          </small>
        )}
      </h2>
      <Message error={error} />
      {employer.sites.map((site) => (
        <div key={site.id} className="site">
          <h3>
            {site.name}, {site.street} {site.houseNumber}, {site.postcode} {site.place}
          </h3>
          <ul className="plain stack">
            {site.placements.map((p) => (
              <li key={p.id} data-placement={p.id}>
                <strong>{p.title}</strong> · {label('placementType', p.type)} · {count(p.freeSeats, 'freeSeats')} / {p.seats}{' '}
                <button type="button" aria-pressed={watched.includes(p.id)} disabled={watched.includes(p.id)} onClick={() => void watch(p.id)}>
                  {watched.includes(p.id) ? t('watching') : t('watch')}
                </button>{' '}
                <ReservationText reservation={p.reservation} />{' '}
                <ReservationControl placementId={p.id} reservation={p.reservation} mayReserve={employer.mayReservePlacements} reload={reload} />
                {p.occupancy.length > 0 && (
                  <div className="timeline">
                    <div className="ticks" aria-hidden="true">
                      {ticks.map((m) => (
                        <span key={m.key} style={{ left: `${m.left}%` }}>
                          {m.name}
                        </span>
                      ))}
                    </div>
                    <ul className="plain" aria-label={`${t('occupancy')}: ${p.title}`}>
                      {p.occupancy.map((claim, i) => {
                        const bar = span(claim, today);
                        return (
                          <li key={i} className="claim">
                            {bar && (
                              <span
                                className={`claim-bar status-${claim.status}`}
                                style={{ left: `${bar.left}%`, width: `${bar.width}%` }}
                                aria-hidden="true"
                              />
                            )}
                            <span className="claim-text">
                              {t('taken')} {claim.organisationName}
                              {claim.coachName && ` (${claim.coachName})`}, {date(claim.startDate)} – {date(claim.endDate)}
                            </span>
                          </li>
                        );
                      })}
                    </ul>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
