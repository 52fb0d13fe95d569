import { FormEvent, useEffect, useState } from 'react';
import { ApiError, gql } from '../api';
import type { TextKey } from '../i18n';
import { PlacementMap } from '../components/PlacementMap';

interface EmployerView {
  id: string;
  name: string;
  status: string;
  statusReason: string | null;
  pausedUntil: string | null;
  lastVerifiedAt: string | null;
  seats: { seats: number; taken: number; free: number; nextOpening: string | null };
  sites: Array<{
    id: string;
    name: string;
    place: string;
    location: { latitude: number; longitude: number };
    placements: Array<{ id: string; title: string; seats: number; freeSeats: number; nextOpening: string | null; occupancy: Array<{ organisationName: string; coachName: string | null; endDate: string }> }>;
  }>;
  notes: Array<{ id: string; text: string; createdAt: string; author: { organisationName: string; userName: string | null } }>;
  contactPersons: Array<{ id: string; name: string; role: string | null; phone: string | null; email: string | null }>;
  currentApproaches: Array<{ id: string; purpose: string; until: string; author: { organisationName: string; userName: string | null } }>;
  experienceSummary: { count: number; overall: number | null };
  experiences: Array<{ id: string; supervisionQuality: number; audienceFit: number; wouldPlaceAgain: number; text: string | null; author: { organisationName: string } }>;
  recognitions: Array<{ id: string; leerbedrijfId: string; creboCodes: string[]; validFrom: string; validUntil: string | null; current: boolean }>;
  borisFlag: { id: string } | null;
  borisFlagHistory: Array<{ id: string; setAt: string; clearedAt: string | null; setBy: { displayName: string } }>;
}

const EMPLOYER = `query ($id: ID!) { employer(id: $id) {
  id name status statusReason pausedUntil lastVerifiedAt
  seats { seats taken free nextOpening }
  sites { id name place location { latitude longitude } placements { id title seats freeSeats nextOpening occupancy { organisationName coachName endDate } } }
  notes { id text createdAt author { organisationName userName } }
  contactPersons { id name role phone email }
  currentApproaches { id purpose until author { organisationName userName } }
  experienceSummary { count overall }
  experiences { id supervisionQuality audienceFit wouldPlaceAgain text author { organisationName } }
  recognitions { id leerbedrijfId creboCodes validFrom validUntil current }
  borisFlag { id } borisFlagHistory { id setAt clearedAt setBy { displayName } } } }`;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** An employer: seats and who holds them until when, status and freshness, notes, contacts, who is in contact. */
export function EmployerScreen({ id, t }: { id: string; t: (key: TextKey) => string }) {
  const [employer, setEmployer] = useState<EmployerView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState(inDays(60));
  const [watched, setWatched] = useState<string[]>([]);
  const [purpose, setPurpose] = useState('');
  const [recognition, setRecognition] = useState({ leerbedrijfId: '', crebos: '', validFrom: inDays(0) });
  const addRecognition = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await gql(`mutation ($id: ID!, $input: RecognitionInput!) { addRecognition(employerId: $id, input: $input) { id } }`, {
        id,
        input: { leerbedrijfId: recognition.leerbedrijfId.trim(), creboCodes: recognition.crebos.split(/[\s,]+/).filter(Boolean), validFrom: recognition.validFrom },
      });
      setRecognition({ leerbedrijfId: '', crebos: '', validFrom: inDays(0) });
    });
  };
  const withdraw = (recognitionId: string) =>
    void run(() => gql(`mutation ($id: ID!, $reason: String!) { withdrawRecognition(id: $id, reason: $reason) { id } }`, { id: recognitionId, reason: 'Ingetrokken door SBB' }));
  const [warnings, setWarnings] = useState<string[]>([]);
  const approach = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const data = await gql<{ startEmployerApproach: { warnings: Array<{ message: string }> } }>(
        `mutation ($input: EmployerApproachInput!) { startEmployerApproach(input: $input) { warnings { message } } }`,
        { input: { employerId: id, purpose, until: inDays(30) } },
      );
      setWarnings(data.startEmployerApproach.warnings.map((w) => w.message));
      setPurpose('');
    });
  };

  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setError(null);
      const data = await gql<{ employer: EmployerView }>(EMPLOYER, { id });
      setEmployer(data.employer);
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message}` : String(e));
    }
  };
  useEffect(() => void run(async () => undefined), [id]);

  const pause = (event: FormEvent) => {
    event.preventDefault();
    void run(() => gql(`mutation ($id: ID!, $input: EmployerStatusInput!) { setEmployerStatus(id: $id, input: $input) { id } }`, { id, input: { status: 'PAUSED', pausedUntil: until, reason } }));
  };
  const addNote = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await gql(`mutation ($id: ID!, $text: String!) { addEmployerNote(employerId: $id, text: $text) { id } }`, { id, text: note });
      setNote('');
    });
  };

  if (!employer) return error ? <p role="alert" className="error">{error}</p> : null;
  return (
    <section className="employer">
      <h1>{employer.name}</h1>
      {error && <p role="alert" className="error">{error}</p>}
      <div className="card">
        <p>
          {t('status')}: <strong data-testid="employer-status">{employer.status}</strong>
          {employer.pausedUntil && ` · ${t('pausedUntil')} ${employer.pausedUntil}`}
          {employer.statusReason && ` · ${employer.statusReason}`}
        </p>
        <p>
          {t('lastVerified')}: {employer.lastVerifiedAt ? employer.lastVerifiedAt.slice(0, 10) : t('never')}{' '}
          <button type="button" onClick={() => void run(() => gql(`mutation ($id: ID!) { confirmEmployerCurrent(id: $id) { id } }`, { id }))}>
            {t('stillCurrent')}
          </button>
        </p>
        {employer.status === 'ACTIVE' ? (
          <form onSubmit={pause} className="inline">
            <label>
              {t('pausedUntil')} <input type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
            </label>
            <label>
              {t('reason')} <input value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
            <button type="submit">{t('pause')}</button>
          </form>
        ) : (
          <button type="button" onClick={() => void run(() => gql(`mutation ($id: ID!) { setEmployerStatus(id: $id, input: { status: ACTIVE }) { id } }`, { id }))}>
            {t('resume')}
          </button>
        )}
      </div>
      <PlacementMap
        label={t('map')}
        height="14rem"
        points={employer.sites.map((site) => ({ id: site.id, latitude: site.location.latitude, longitude: site.location.longitude, label: `${site.name}, ${site.place}`, free: site.placements.some((p) => p.freeSeats > 0) }))}
      />
      <h2>
        {t('seats')}: {employer.seats.free}/{employer.seats.seats}
      </h2>
      {employer.sites.map((site) => (
        <div key={site.id} className="card">
          <h3>
            {site.name}, {site.place}
          </h3>
          <ul className="plain">
            {site.placements.map((p) => (
              <li key={p.id}>
                <strong>{p.title}</strong>: {p.freeSeats}/{p.seats} {t('freeSeats')}{' '}
                <button
                  type="button"
                  aria-pressed={watched.includes(p.id)}
                  onClick={() => void run(async () => {
                    await gql(`mutation ($id: ID!) { watch(input: { placementId: $id }) { id } }`, { id: p.id });
                    setWatched([...watched, p.id]);
                  })}
                  disabled={watched.includes(p.id)}
                >
                  {watched.includes(p.id) ? t('watching') : t('watch')}
                </button>
                <ul className="timeline" aria-label={t('occupancy')}>
                  {p.occupancy.map((o, i) => (
                    <li key={i}>
                      <span className="until" style={{ width: `${Math.min(100, Math.max(4, (Date.parse(o.endDate) - Date.now()) / (365 * 864_000)))}%` }} aria-hidden="true" />
                      {t('taken')}: {o.organisationName}
                      {o.coachName && ` (${o.coachName})`} {t('until')} {o.endDate}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {employer.currentApproaches.length > 0 && (
        <>
          <h2>{t('inContact')}</h2>
          <ul>
            {employer.currentApproaches.map((a) => (
              <li key={a.id}>
                {a.author.userName} ({a.author.organisationName}) {t('until')} {a.until}: {a.purpose}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('recognitions')}</h2>
      <ul data-testid="recognitions">
        {employer.recognitions.map((r) => (
          <li key={r.id}>
            {r.leerbedrijfId}: {r.creboCodes.join(', ')} ({r.validFrom} – {r.validUntil ?? '…'}){r.current ? '' : ' ✗'}{' '}
            {r.current && (
              <button type="button" onClick={() => withdraw(r.id)}>
                {t('withdraw')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form className="inline" onSubmit={addRecognition} aria-label={t('addRecognition')}>
        <label>
          {t('leerbedrijfId')} <input value={recognition.leerbedrijfId} onChange={(e) => setRecognition({ ...recognition, leerbedrijfId: e.target.value })} />
        </label>
        <label>
          {t('crebos')} <input value={recognition.crebos} onChange={(e) => setRecognition({ ...recognition, crebos: e.target.value })} />
        </label>
        <label>
          {t('from')} <input type="date" value={recognition.validFrom} onChange={(e) => setRecognition({ ...recognition, validFrom: e.target.value })} />
        </label>
        <button type="submit">{t('addRecognition')}</button>
      </form>
      <h2>{t('borisHistory')}</h2>
      <ul data-testid="boris-history">
        {employer.borisFlagHistory.map((b) => (
          <li key={b.id}>
            {b.setAt.slice(0, 10)} – {b.clearedAt ? b.clearedAt.slice(0, 10) : '…'} ({b.setBy.displayName})
          </li>
        ))}
      </ul>
      <button
        type="button"
        onClick={() =>
          void run(() => gql(employer.borisFlag ? `mutation ($id: ID!) { clearBorisFlag(employerId: $id) { id } }` : `mutation ($id: ID!) { setBorisFlag(employerId: $id) { id } }`, { id }))
        }
      >
        {employer.borisFlag ? t('clearBoris') : t('setBoris')}
      </button>
      {employer.experienceSummary.count > 0 && (
        <p>
          {t('experiences')}: {employer.experienceSummary.overall?.toFixed(1)} / 5 ({employer.experienceSummary.count}×)
        </p>
      )}
      <form className="card inline" onSubmit={approach}>
        <label>
          {t('approachPurpose')} <input value={purpose} onChange={(e) => setPurpose(e.target.value)} />
        </label>
        <button type="submit">{t('approach')}</button>
      </form>
      {warnings.map((w, i) => (
        <p key={i} role="alert" className="warning">
          {w}
        </p>
      ))}
      {employer.experiences.length > 0 && (
        <ul className="plain">
          {employer.experiences.map((x) => (
            <li key={x.id} className="card">
              {x.supervisionQuality}/{x.audienceFit}/{x.wouldPlaceAgain} — {x.text} <small>({x.author.organisationName})</small>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('contacts')}</h2>
      <ul>
        {employer.contactPersons.map((c) => (
          <li key={c.id}>
            {c.name}
            {c.role && ` (${c.role})`} {c.phone} {c.email}
          </li>
        ))}
      </ul>
      <h2>{t('notes')}</h2>
      <form onSubmit={addNote}>
        <label htmlFor="note" className="visually-hidden">
          {t('addNote')}
        </label>
        <textarea id="note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        <button type="submit">{t('addNote')}</button>
      </form>
      <ul className="plain">
        {employer.notes.map((n) => (
          <li key={n.id} className="card">
            {n.text} <small>— {n.author.userName}, {n.author.organisationName}</small>
          </li>
        ))}
      </ul>
    </section>
  );
}
