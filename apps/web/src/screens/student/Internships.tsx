import { HOLD_REMINDER_DAYS, INTERNSHIP_TRANSITIONS, InternshipStatus } from '@stagebank/domain';
import { FormEvent, useState } from 'react';
import { gql } from '../../api';
import { EnumSelect, Field, FormProblem, Message, useSubmit } from '../../components/Form';
import { useI18n } from '../../i18n';
import { hrefOf } from '../../route';

export interface StudentInternship {
  id: string;
  status: InternshipStatus;
  startDate: string;
  endDate: string;
  endReason: string | null;
  /** While PROPOSED: when its hold on the seat runs out; kept once EXPIRED. */
  holdExpiresAt: string | null;
  placement: { title: string; employer: { id: string; name: string } };
  coach: { displayName: string } | null;
  outcome: { destination: string; earlyEndReason: string | null } | null;
}

export const INTERNSHIPS = `query ($id: ID!) { internships(filter: { studentId: $id }, first: 50) { edges { node {
  id status startDate endDate endReason holdExpiresAt placement { title employer { id name } } coach { displayName } outcome { destination earlyEndReason } } } } }`;

const UPDATE = `mutation ($id: ID!, $input: UpdateInternshipInput!) { updateInternship(id: $id, input: $input) { id } }`;
const RENEW = `mutation ($id: ID!) { renewInternshipHold(id: $id) { id holdExpiresAt } }`;
const ENDED = [InternshipStatus.COMPLETED, InternshipStatus.ENDED_EARLY];
const DAY_MS = 86_400_000;

/** The calendar day (YYYY-MM-DD) of a moment on the coach's own clock: a hold runs out at a time, shown as its day. */
const localDay = (iso: string) => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** The student's internships: move them along their lifecycle, and record where the student went when one ends. */
export function Internships({ internships, reload }: { internships: StudentInternship[]; reload: () => Promise<void> }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="internships-heading" data-testid="internships">
      <h2 id="internships-heading">{t('internships')}</h2>
      {internships.length === 0 && <p>{t('noInternships')}</p>}
      <ul className="plain stack">
        {internships.map((i) => (
          <InternshipItem key={i.id} internship={i} reload={reload} />
        ))}
      </ul>
    </section>
  );
}

function InternshipItem({ internship: i, reload }: { internship: StudentInternship; reload: () => Promise<void> }) {
  const { t, label, date } = useI18n();
  const { problem, busy, submit } = useSubmit();
  const [endingEarly, setEndingEarly] = useState(false);
  const [reason, setReason] = useState('');
  const move = (status: InternshipStatus, extra: Record<string, unknown> = {}) =>
    submit(async () => (await gql(UPDATE, { id: i.id, input: { status, ...extra } }), await reload()));
  const endEarly = (event: FormEvent) => {
    event.preventDefault();
    void move(InternshipStatus.ENDED_EARLY, { endReason: reason }).then((ok) => ok && setEndingEarly(false));
  };
  return (
    <li data-internship={i.id}>
      <p>
        <strong>{i.placement.title}</strong> — <a href={hrefOf({ name: 'employer', id: i.placement.employer.id })}>{i.placement.employer.name}</a>,{' '}
        {date(i.startDate)} – {date(i.endDate)} ·{' '}
        <span className="tag" data-status={i.status}>
          {label('internshipStatus', i.status)}
        </span>
        {i.coach && ` · ${i.coach.displayName}`}
        {i.endReason && ` · ${i.endReason}`}
      </p>
      <p className="inline">
        {/* EXPIRED is not a step to take: a hold expires by itself. */}
        {INTERNSHIP_TRANSITIONS[i.status]
          .filter((next) => next !== InternshipStatus.EXPIRED)
          .map((next) =>
            next === InternshipStatus.ENDED_EARLY ? (
              <button key={next} type="button" aria-expanded={endingEarly} onClick={() => setEndingEarly(!endingEarly)}>
                {t('moveTo')}: {label('internshipStatus', next)}
              </button>
            ) : (
              <button key={next} type="button" disabled={busy} onClick={() => void move(next)}>
                {t('moveTo')}: {label('internshipStatus', next)}
              </button>
            ),
          )}
      </p>
      <Hold internship={i} reload={reload} />
      {endingEarly && (
        <form className="inline" onSubmit={endEarly}>
          <Field label={t('endReason')} path="input.endReason" problem={problem}>
            <input value={reason} onChange={(e) => setReason(e.target.value)} />
          </Field>
          <button type="submit" disabled={busy}>
            {label('internshipStatus', InternshipStatus.ENDED_EARLY)}
          </button>
        </form>
      )}
      <FormProblem problem={problem} paths={['input.endReason']} />
      {ENDED.includes(i.status) && <OutcomeForm internship={i} reload={reload} />}
    </li>
  );
}

/**
 * A proposal's hold on its seat: when it expires (highlighted from the day the coach is reminded,
 * HOLD_REMINDER_DAYS before), with "Verlengen" to start it anew; and when it expired, once it has.
 */
function Hold({ internship: i, reload }: { internship: StudentInternship; reload: () => Promise<void> }) {
  const { t, date } = useI18n();
  const { problem, busy, submit } = useSubmit();
  const [renewed, setRenewed] = useState(false);
  if (!i.holdExpiresAt) return null;
  if (i.status === InternshipStatus.EXPIRED)
    return (
      <p className="help" data-testid="hold">
        {t('holdExpiredOn')} <time dateTime={i.holdExpiresAt}>{date(localDay(i.holdExpiresAt))}</time>
      </p>
    );
  if (i.status !== InternshipStatus.PROPOSED) return null;
  const soon = new Date(i.holdExpiresAt).getTime() - Date.now() <= HOLD_REMINDER_DAYS * DAY_MS;
  const renew = () => void submit(async () => (await gql(RENEW, { id: i.id }), await reload(), setRenewed(true)));
  return (
    <div className={soon ? 'warning' : undefined} data-testid="hold" data-soon={soon}>
      <p className="inline">
        <span title={t('holdExpiresHelp')}>
          {t('holdExpiresOn')} <time dateTime={i.holdExpiresAt}>{date(localDay(i.holdExpiresAt))}</time>
        </span>
        {soon && <strong>{t('holdExpiresSoon')}</strong>}
        <button type="button" disabled={busy} onClick={renew}>
          {t('renewHold')}
        </button>
      </p>
      <FormProblem problem={problem} paths={[]} />
      <Message status={renewed ? t('holdRenewed') : null} />
    </div>
  );
}

/** Where the student went after the internship (and why it ended early): the start of the results. */
function OutcomeForm({ internship: i, reload }: { internship: StudentInternship; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const { problem, busy, submit } = useSubmit();
  const early = i.status === InternshipStatus.ENDED_EARLY;
  const [destination, setDestination] = useState(i.outcome?.destination ?? 'UNKNOWN');
  const [earlyEndReason, setEarlyEndReason] = useState(i.outcome?.earlyEndReason ?? 'OTHER');
  const [saved, setSaved] = useState(false);
  const record = (event: FormEvent) => {
    event.preventDefault();
    void submit(async () => {
      await gql(`mutation ($id: ID!, $input: InternshipOutcomeInput!) { recordInternshipOutcome(internshipId: $id, input: $input) { destination } }`, {
        id: i.id,
        input: { destination, ...(early && { earlyEndReason }) },
      });
      setSaved(true);
      await reload();
    });
  };
  return (
    <form className="inline" onSubmit={record}>
      <Field label={t('destinations')} path="input.destination" problem={problem}>
        <EnumSelect kind="destination" value={destination} onChange={(value) => (setDestination(value), setSaved(false))} />
      </Field>
      {early && (
        <Field label={t('earlyEndReasons')} path="input.earlyEndReason" problem={problem}>
          <EnumSelect kind="earlyEndReason" value={earlyEndReason} onChange={(value) => (setEarlyEndReason(value), setSaved(false))} />
        </Field>
      )}
      <button type="submit" disabled={busy}>
        {t('save')}
      </button>
      <FormProblem problem={problem} paths={['input.destination', 'input.earlyEndReason']} />
      <Message status={saved ? t('saved') : null} />
    </form>
  );
}
