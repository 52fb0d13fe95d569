import { FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { ApiError, linkGql, messageOf, useLatest } from '../api';
import { EnumSelect, Message } from '../components/Form';
import { TextKey, useI18n } from '../i18n';
import { LinkedContact, useContactEdits } from './listing/ContactEdits';
import { NotHostingReasons, useHostingAnswer } from './listing/HostingAnswer';
import { LinkedSupervisor, SUPERVISOR_FIELDS, useSupervisorEdits } from './listing/SupervisorEdits';
import { ListingApproachCap, capCorrection, capText } from './ListingApproachCap';

const LISTING = `query { linkedListing { employerId name status pausedUntil lastVerifiedAt schoolYear linkExpiresAt answer
  sites { id name street houseNumber postcode place wheelchairAccessible supervisors { ${SUPERVISOR_FIELDS} } placements { id title seats seatsTaken } }
  contactPersons { id name role phone email } hostingInterest { interest reasons note } maxApproachesPerMonth } }`;
type Address = { street: string; houseNumber: string; postcode: string; place: string };
type NewPlacement = { title: string; sector: string; seats: number };
const NEW: NewPlacement = { title: '', sector: 'RETAIL', seats: 1 };
const ADDRESS_FIELDS: Array<[keyof Address, TextKey]> = [
  ['street', 'street'],
  ['houseNumber', 'houseNumber'],
  ['postcode', 'postcode'],
  ['place', 'placeName'],
];
const addressOf = (s: Address): Address => ({ street: s.street, houseNumber: s.houseNumber, postcode: s.postcode, place: s.place });
const moved = (s: Address, a: Address | undefined) => !!a && ADDRESS_FIELDS.some(([field]) => a[field].trim() !== s[field]);
const CONFIRM = `mutation ($input: LinkedListingInput) { confirmLinkedListing(input: $input) { answer lastVerifiedAt } }`;
const PAUSE = `mutation ($input: PauseLinkedListingInput!) { pauseLinkedListing(input: $input) { answer pausedUntil } }`;

interface Listing {
  employerId: string;
  name: string;
  status: string;
  pausedUntil: string | null;
  lastVerifiedAt: string | null;
  schoolYear: string;
  linkExpiresAt: string;
  answer: string | null;
  sites: Array<{
    id: string;
    name: string;
    street: string;
    houseNumber: string;
    postcode: string;
    place: string;
    wheelchairAccessible: boolean;
    supervisors: LinkedSupervisor[];
    placements: Array<{ id: string; title: string; seats: number; seatsTaken: number }>;
  }>;
  contactPersons: LinkedContact[];
  hostingInterest: { interest: string; reasons: string[]; note: string | null } | null;
  maxApproachesPerMonth: number | null;
}

/** Why a link does not open, in words for the employer. */
const LINK_PROBLEMS: Record<string, TextKey> = { LINK_EXPIRED: 'linkExpired', LINK_REVOKED: 'linkRevoked', LINK_INVALID: 'linkInvalid' };

/**
 * The employer's own page, opened from a coordinator's link (no account): confirm or correct the
 * sites, placements and seats for the coming school year, supervisors and contact person, say
 * whether they mean to host, or pause ("not this year, ask again in …").
 */
export function ListingScreen({ token }: { token: string }) {
  const { t, date } = useI18n();
  const ids = { months: useId(), reason: useId() };
  const [listing, setListing] = useState<Listing | null>(null);
  // What went wrong, kept untranslated so that switching language shows it in the new one.
  const [problem, setProblem] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [siteNames, setSiteNames] = useState<Record<string, string>>({});
  const [seats, setSeats] = useState<Record<string, number>>({});
  const [addresses, setAddresses] = useState<Record<string, Address>>({});
  const [wheelchair, setWheelchair] = useState<Record<string, boolean>>({});
  const [added, setAdded] = useState<Record<string, NewPlacement>>({});
  const [months, setMonths] = useState(12);
  const [reason, setReason] = useState('');
  const [pauseReasons, setPauseReasons] = useState<string[]>([]);
  const supervisors = useSupervisorEdits(listing?.sites);
  const contacts = useContactEdits(listing?.contactPersons);
  const hosting = useHostingAnswer(listing?.hostingInterest, listing?.schoolYear ?? '');
  const [cap, setCap] = useState('');

  // The form is filled from the server only on opening and after the employer's own confirm or pause
  // (whose edits the server then holds): a load for any other reason would silently throw away what
  // the employer typed. Only the latest load's answer counts, so a slow earlier one cannot win.
  const begin = useLatest();
  const load = useCallback(async () => {
    const latest = begin();
    try {
      const { linkedListing } = await linkGql<{ linkedListing: Listing }>(LISTING, {}, token);
      if (!latest()) return;
      setListing(linkedListing);
      setSiteNames(Object.fromEntries(linkedListing.sites.map((s) => [s.id, s.name])));
      setAddresses(Object.fromEntries(linkedListing.sites.map((s) => [s.id, addressOf(s)])));
      setWheelchair(Object.fromEntries(linkedListing.sites.map((s) => [s.id, s.wheelchairAccessible])));
      setAdded({});
      setSeats(Object.fromEntries(linkedListing.sites.flatMap((s) => s.placements.map((p) => [p.id, p.seats]))));
      setCap(capText(linkedListing.maxApproachesPerMonth));
    } catch (e) {
      if (latest()) setProblem(e);
    }
  }, [token, begin]);
  useEffect(() => void load(), [load]);
  const problemText =
    problem === null ? null : problem instanceof ApiError && LINK_PROBLEMS[problem.code] ? t(LINK_PROBLEMS[problem.code]) : messageOf(problem);

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setProblem(null);
    try {
      setDone(await work());
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  };
  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (!listing) return;
    void run(async () => {
      const input = {
        // A changed address is placed on the map again by the server (PDOK); wheelchair access is sent
        // only when changed, as the employer's own statement (a coach's check of it no longer holds).
        sites: listing.sites
          .filter((s) => siteNames[s.id] !== s.name || moved(s, addresses[s.id]) || wheelchair[s.id] !== s.wheelchairAccessible)
          .map((s) => ({
            id: s.id,
            name: siteNames[s.id],
            ...(moved(s, addresses[s.id]) && addresses[s.id]),
            ...(wheelchair[s.id] !== s.wheelchairAccessible && { wheelchairAccessible: wheelchair[s.id] }),
          })),
        newPlacements: Object.entries(added)
          .filter(([, p]) => p.title.trim())
          .map(([siteId, p]) => ({ siteId, title: p.title, sector: p.sector, seats: p.seats, audiences: ['PRO', 'VSO', 'PLP'] })),
        placements: listing.sites.flatMap((s) => s.placements.filter((p) => seats[p.id] !== p.seats).map((p) => ({ id: p.id, seats: seats[p.id] }))),
        supervisors: supervisors.input(),
        contactPersons: contacts.input(),
        hostingInterest: hosting.input(),
        ...capCorrection(cap, listing.maxApproachesPerMonth),
      };
      await linkGql(CONFIRM, { input }, token);
      await load();
      return t('listingConfirmed');
    });
  };
  const pause = () =>
    void run(async () => {
      const { pauseLinkedListing } = await linkGql<{ pauseLinkedListing: { pausedUntil: string } }>(
        PAUSE,
        { input: { askAgainInMonths: months, reason: reason || null, reasons: pauseReasons } },
        token,
      );
      await load();
      return `${t('listingPaused')} ${date(pauseLinkedListing.pausedUntil)}.`;
    });

  if (!listing)
    return problemText ? (
      <section className="card" data-testid="link-problem">
        <Message error={problemText} />
      </section>
    ) : (
      <p>{t('loading')}</p>
    );
  return (
    <section className="listing">
      <h1>{listing.name}</h1>
      <p>
        {t('listingIntro')} <strong>{listing.schoolYear}</strong>.
      </p>
      <p className="help">
        {t('lastVerified')}: {listing.lastVerifiedAt ? date(listing.lastVerifiedAt) : t('never')} · {t('linkValidUntil')} {date(listing.linkExpiresAt)}
      </p>
      <form onSubmit={confirm}>
        {listing.sites.map((s) => (
          <fieldset key={s.id} className="card">
            <legend>
              {s.street} {s.houseNumber}, {s.postcode} {s.place}
            </legend>
            <label>
              {t('siteName')}
              <input value={siteNames[s.id] ?? ''} onChange={(e) => setSiteNames({ ...siteNames, [s.id]: e.target.value })} />
            </label>
            <div className="address" data-site={s.id}>
              {ADDRESS_FIELDS.map(([field, text]) => (
                <label key={field}>
                  {t(text)}
                  <input
                    value={addresses[s.id]?.[field] ?? ''}
                    name={field}
                    onChange={(e) => setAddresses({ ...addresses, [s.id]: { ...addresses[s.id], [field]: e.target.value } })}
                  />
                </label>
              ))}
            </div>
            <label className="choice">
              <input
                type="checkbox"
                checked={wheelchair[s.id] ?? false}
                data-wheelchair={s.id}
                aria-describedby={`wheelchair-help-${s.id}`}
                onChange={(e) => setWheelchair({ ...wheelchair, [s.id]: e.target.checked })}
              />{' '}
              {t('wheelchairYes')}
            </label>
            <p className="help" id={`wheelchair-help-${s.id}`}>
              {t('listingWheelchairHelp')}
            </p>
            <h2>{t('placements')}</h2>
            <ul className="plain">
              {s.placements.map((p) => (
                <li key={p.id}>
                  <label>
                    {p.title}: {t('seatsFor')} {listing.schoolYear}{' '}
                    <input
                      type="number"
                      min={p.seatsTaken}
                      max={50}
                      value={seats[p.id] ?? 0}
                      data-placement={p.id}
                      onChange={(e) => setSeats({ ...seats, [p.id]: Number(e.target.value) })}
                    />
                  </label>{' '}
                  {p.seatsTaken > 0 && (
                    <small>
                      ({p.seatsTaken} {t('seatsTakenNow')})
                    </small>
                  )}
                </li>
              ))}
            </ul>
            <fieldset className="new-placement" data-new-placement={s.id}>
              <legend>{t('newPlacement')}</legend>
              <label>
                {t('placementTitle')}
                <input value={added[s.id]?.title ?? ''} onChange={(e) => setAdded({ ...added, [s.id]: { ...(added[s.id] ?? NEW), title: e.target.value } })} />
              </label>
              <label>
                {t('sector')}
                <EnumSelect
                  kind="sector"
                  value={added[s.id]?.sector ?? NEW.sector}
                  onChange={(sector) => setAdded({ ...added, [s.id]: { ...(added[s.id] ?? NEW), sector } })}
                />
              </label>
              <label>
                {t('seats')}
                <input
                  type="number"
                  min={1}
                  max={50}
                  value={added[s.id]?.seats ?? NEW.seats}
                  onChange={(e) => setAdded({ ...added, [s.id]: { ...(added[s.id] ?? NEW), seats: Number(e.target.value) } })}
                />
              </label>
            </fieldset>
            <h2>{t('supervisors')}</h2>
            {supervisors.fields(s.id)}
          </fieldset>
        ))}
        <fieldset className="card">
          <legend>{t('contactPersons')}</legend>
          {contacts.fields()}
        </fieldset>
        <div className="card">{hosting.fields()}</div>
        <ListingApproachCap value={cap} onChange={setCap} />
        <button type="submit" className="primary" disabled={busy}>
          {t('confirmListing')}
        </button>
      </form>
      <div className="card inline">
        <label htmlFor={ids.months}>{t('notThisYearAskAgainIn')}</label>
        <select id={ids.months} value={months} onChange={(e) => setMonths(Number(e.target.value))}>
          {[3, 6, 9, 12, 18, 24].map((m) => (
            <option key={m} value={m}>
              {m} {t('months')}
            </option>
          ))}
        </select>
        <label htmlFor={ids.reason}>{t('reason')}</label>
        <input id={ids.reason} value={reason} onChange={(e) => setReason(e.target.value)} />
        <NotHostingReasons name="pause-reasons" chosen={pauseReasons} onChange={setPauseReasons} />
        <button type="button" disabled={busy} onClick={pause}>
          {t('notThisYear')}
        </button>
      </div>
      <Message error={problemText} />
      {done && (
        <p role="status" data-testid="answered">
          {done}
        </p>
      )}
    </section>
  );
}
