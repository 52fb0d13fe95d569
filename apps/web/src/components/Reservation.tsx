import { FormEvent, useState } from 'react';
import { MembershipRole, addDays, todayIso } from '@stagebank/domain';
import { gql } from '../api';
import { Field, FormProblem, useSubmit } from './Form';
import { useI18n } from '../i18n';
import { useViewer } from '../viewer';

/** A placement's reservation as the API gives it (`reservation { organisationName until forViewer }`; null once its day has passed). */
export interface ReservationView {
  organisationName: string;
  until: string;
  forViewer: boolean;
}

/** "Gereserveerd voor jullie tot en met 1 mrt 2027", or for which school until when. */
export function ReservationText({ reservation }: { reservation: ReservationView | null }) {
  const { t, date } = useI18n();
  if (!reservation) return null;
  return (
    <span className={reservation.forViewer ? 'tag reserved own' : 'tag reserved warn'} data-testid="reservation">
      {reservation.forViewer
        ? `${t('reservedForYou')} ${date(reservation.until)}`
        : `${t('reservedFor')} ${reservation.organisationName} ${t('reservedUntil')} ${date(reservation.until)}`}
    </span>
  );
}

const RESERVE = `mutation ($id: ID!, $input: ReservePlacementInput!) { reservePlacement(id: $id, input: $input) { id } }`;
const RELEASE = `mutation ($id: ID!) { releasePlacementReservation(id: $id) { id } }`;

/**
 * Reserving a placement for the viewer's school or initiative until a day, offered only to the one
 * that recruited the employer (`mayReserve`: Employer.mayReservePlacements), and lifting it: offered
 * where the API allows it (auth/policy.ts assertCanReservePlacement).
 */
export function ReservationControl({
  placementId,
  reservation,
  mayReserve,
  reload,
}: {
  placementId: string;
  reservation: ReservationView | null;
  mayReserve: boolean;
  reload: () => Promise<void>;
}) {
  const { t } = useI18n();
  const viewer = useViewer();
  const { problem, busy, submit } = useSubmit();
  const [until, setUntil] = useState(addDays(todayIso(), 90));
  const admin = viewer?.role === MembershipRole.NETWORK_ADMIN;
  if (reservation) {
    if (!reservation.forViewer && !admin) return null;
    return (
      <>
        <button type="button" disabled={busy} onClick={() => void submit(async () => (await gql(RELEASE, { id: placementId }), await reload()))}>
          {t('releaseReservation')}
        </button>
        <FormProblem problem={problem} paths={[]} />
      </>
    );
  }
  if (!mayReserve) return null;
  const reserve = (event: FormEvent) => {
    event.preventDefault();
    void submit(async () => (await gql(RESERVE, { id: placementId, input: { until } }), await reload()));
  };
  return (
    <form onSubmit={reserve} className="inline reserve">
      <Field label={t('reserveUntil')} path="input.until" problem={problem}>
        <input type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
      </Field>
      <button type="submit" disabled={busy}>
        {t('reserve')}
      </button>
      <FormProblem problem={problem} paths={['input.until']} />
    </form>
  );
}
