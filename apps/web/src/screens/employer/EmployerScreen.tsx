import { lazy, Suspense } from 'react';
import { useQuery } from '../../api';
import { Message } from '../../components/Form';
import { useI18n } from '../../i18n';
import { ApproachCard, ContactsCard, ExperiencesCard, NotesCard } from './Collaboration';
import { EMPLOYER, EmployerView } from './employer.types';
import { EmployerLinkCard } from './EmployerLinkCard';
import { FlagsCard } from './FlagsCard';
import { HostingInterestCard } from './HostingInterestCard';
import { SbbCard } from './SbbCard';
import { SeatsCard } from './SeatsCard';
import { StatusCard } from './StatusCard';
import { SubSectorsCard } from './SubSectorsCard';

const PlacementMap = lazy(() => import('../../components/PlacementMap').then((m) => ({ default: m.PlacementMap })));

/**
 * An employer as the network knows it: what it is, its status and freshness, seats and who holds
 * them until when, its sites on a map, who is in contact, contact persons, notes, schools'
 * experiences and its track record, and SBB recognition and the Boris flag.
 */
export function EmployerScreen({ id }: { id: string }) {
  const { t, label, decimal } = useI18n();
  const { data, error, reload } = useQuery<{ employer: EmployerView }>(EMPLOYER, { id }, id);
  const employer = data?.employer;
  if (!employer) return error ? <Message error={error} /> : <p>{t('loading')}</p>;
  const card = { employer, reload };
  const track = employer.trackRecord;
  return (
    <div className="employer">
      <header className="page-header">
        <h1>{employer.name}</h1>
        <p className="tags">
          <span className="tag">{label('employerKind', employer.kind)}</span>
          <span className="tag">{label('sizeClass', employer.sizeClass)}</span>
          {employer.sectors.map((s) => (
            <span key={s} className="tag">
              {label('sector', s)}
            </span>
          ))}
          {employer.tags.map((s) => (
            <span key={s} className="tag subsector" data-subsector={s}>
              {label('subSector', s)}
            </span>
          ))}
          {employer.kvkNumber && (
            <span className="tag">
              {t('kvk')} {employer.kvkNumber}
            </span>
          )}
          {employer.borisFlag && <span className="tag boris">Boris</span>}
        </p>
        {employer.description && <p>{employer.description}</p>}
        <p data-testid="track-record">
          {t('trackRecord')}: {track.completed} {t('completed').toLowerCase()}, {track.endedEarly} {t('endedEarly').toLowerCase()}
          {track.paidJobsOffered !== null && `, ${track.paidJobsOffered} ${t('paidJobsOffered')}`}
          {track.averageExperience !== null && `, ${decimal(track.averageExperience)} / 5`}
        </p>
      </header>
      <Message error={error} />
      <div className="employer-grid">
        <div>
          <StatusCard {...card} />
          <SubSectorsCard {...card} />
          <SeatsCard {...card} />
          <FlagsCard {...card} />
          <HostingInterestCard {...card} />
          <EmployerLinkCard {...card} />
          <ApproachCard {...card} />
          <ExperiencesCard {...card} />
        </div>
        <div>
          <section className="card" aria-labelledby="sites-heading">
            <h2 id="sites-heading">{t('sites')}</h2>
            <Suspense fallback={<div className="map" style={{ height: '16rem' }} />}>
              <PlacementMap
                label={`${t('map')}: ${t('sites')}`}
                height="16rem"
                points={employer.sites.map((s) => ({
                  id: s.id,
                  latitude: s.location.latitude,
                  longitude: s.location.longitude,
                  label: `${s.name}, ${s.place}`,
                  free: s.placements.some((p) => p.freeSeats > 0),
                }))}
              />
            </Suspense>
          </section>
          <ContactsCard {...card} />
          <NotesCard {...card} />
          <SbbCard {...card} />
        </div>
      </div>
    </div>
  );
}
