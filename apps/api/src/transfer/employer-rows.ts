import { Audience, EmployerKind, PlacementType, Sector, SizeClass, SupportLevel, normalisePostcode } from '@stagebank/domain';
import { isEmail } from 'class-validator';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Coordinates } from '../geo/geocoder';
import { EmployerColumn, audienceOf, kindOf, kvkOf, listOf, numberOf, placementTypeOf, sectorOf, sizeOf, supportOf } from './columns';
import { CsvRow, ImportProblem } from './csv';

/**
 * The employer file's rows checked one by one, with no database and no framework: this runs in the
 * import worker thread (import.worker.ts), off the request's event loop.
 */

export interface PlannedRow {
  row: number;
  employer: { key: string; name: string; kvk: string | null; kind: EmployerKind; size: SizeClass; sectors: Sector[] };
  site: { key: string; name: string; street: string; houseNumber: string; postcode: string; place: string; coordinates: Coordinates | null };
  placement: {
    key: string;
    title: string;
    sector: Sector;
    type: PlacementType;
    seats: number;
    hours: number;
    supervision: SupportLevel;
    audiences: Audience[];
  } | null;
  contact: { key: string; name: string; phone: string | null; email: string | null } | null;
}

export const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
/** Within the Netherlands, with a margin: a swapped latitude/longitude is caught. */
const inNetherlands = (c: Coordinates) => c.latitude >= 50.6 && c.latitude <= 53.7 && c.longitude >= 3.2 && c.longitude <= 7.3;

/** One row checked: what it would create or match, or nothing and its problems added to `problems`. */
export function planEmployerRow(row: CsvRow<EmployerColumn>, problems: ImportProblem[]): PlannedRow[] {
  const before = problems.length;
  const problem = (column: EmployerColumn, message: string) => problems.push({ row: row.row, column, message });
  const required = (column: EmployerColumn, max = 200) => {
    const value = row.get(column);
    if (!value) problem(column, 'is empty');
    else if (value.length > max) problem(column, `is longer than ${max} characters`);
    return value;
  };

  const name = required('name');
  const kvkText = row.get('kvk');
  const kvk: string | null | undefined = kvkText ? kvkOf(kvkText) : null;
  if (kvk === undefined) problem('kvk', `"${kvkText}" is not a KvK number (8 digits)`);
  const kind = row.get('kind') ? kindOf(row.get('kind')) : EmployerKind.REGULAR;
  if (!kind) problem('kind', `unknown kind "${row.get('kind')}"`);
  const size = row.get('size') ? sizeOf(row.get('size')) : SizeClass.SMALL;
  if (!size) problem('size', `unknown size "${row.get('size')}" (klein, middel, groot)`);
  const sectors = row.get('sectors') ? listOf(row.get('sectors'), sectorOf, 'sector') : { problem: 'is empty' };
  if ('problem' in sectors) problem('sectors', sectors.problem);

  const street = required('street');
  const houseNumber = required('houseNumber', 12);
  if (houseNumber && !/^\d{1,5}\s?[a-zA-Z0-9-]{0,6}$/.test(houseNumber)) problem('houseNumber', `"${houseNumber}" is not a house number such as 12 or 12a`);
  const postcode = row.get('postcode') ? normalisePostcode(row.get('postcode')) : null;
  if (!row.get('postcode')) problem('postcode', 'is empty');
  else if (!postcode) problem('postcode', `"${row.get('postcode')}" is not a Dutch postcode (1234 AB)`);
  const place = required('place', 100);
  const latitude = numberOf(row.get('latitude'));
  const longitude = numberOf(row.get('longitude'));
  let coordinates: Coordinates | null = null;
  if (row.get('latitude') || row.get('longitude')) {
    if (latitude === undefined || longitude === undefined) problem('latitude', 'give both latitude and longitude as numbers, or neither');
    else if (!inNetherlands({ latitude, longitude })) problem('latitude', `${latitude}, ${longitude} is not in the Netherlands`);
    else coordinates = { latitude, longitude };
  }

  const employerKey = kvk ? `kvk:${kvk}` : `name:${fold(name)}|${postcode}`;
  const siteKey = `${employerKey}|${postcode}|${houseNumber.toLowerCase()}`;

  let placement: PlannedRow['placement'] = null;
  const title = row.get('title');
  if (title) {
    if (title.length > 200) problem('title', 'is longer than 200 characters');
    const sector = row.get('placementSector') ? sectorOf(row.get('placementSector')) : 'value' in sectors ? sectors.value[0] : undefined;
    if (row.get('placementSector') && !sector) problem('placementSector', `unknown sector "${row.get('placementSector')}"`);
    const type = row.get('placementType') ? placementTypeOf(row.get('placementType')) : PlacementType.STAGE;
    if (!type) problem('placementType', `unknown placement type "${row.get('placementType')}"`);
    const seats = row.get('seats') ? numberOf(row.get('seats')) : 1;
    if (seats === undefined || !Number.isInteger(seats) || seats < 1 || seats > 50)
      problem('seats', `"${row.get('seats')}" is not a number of seats from 1 to 50`);
    const hours = numberOf(row.get('hours'));
    if (hours === undefined || hours <= 0 || hours > 40)
      problem(
        'hours',
        row.get('hours') ? `"${row.get('hours')}" is not a number of hours per week up to 40` : 'is empty: hours per week are needed for a placement',
      );
    const supervision = row.get('supervision') ? supportOf(row.get('supervision')) : SupportLevel.MODERATE;
    if (!supervision) problem('supervision', `unknown supervision "${row.get('supervision')}" (licht, gemiddeld, intensief)`);
    const audiences = row.get('audiences') ? listOf(row.get('audiences'), audienceOf, 'audience') : { value: Object.values(Audience) };
    if ('problem' in audiences) problem('audiences', audiences.problem);
    if (sector && type && seats !== undefined && hours !== undefined && supervision && 'value' in audiences) {
      placement = { key: `${siteKey}|${fold(title)}`, title, sector, type, seats, hours, supervision, audiences: audiences.value };
    }
  }

  let contact: PlannedRow['contact'] = null;
  const contactName = row.get('contactName');
  const phoneText = row.get('contactPhone');
  const email = row.get('contactEmail').toLowerCase() || null;
  const phone = phoneText ? parsePhoneNumberFromString(phoneText, 'NL') : undefined;
  if (phoneText && !phone?.isValid()) problem('contactPhone', `"${phoneText}" is not a phone number`);
  if (email && !isEmail(email)) problem('contactEmail', `"${email}" is not an e-mail address`);
  if (contactName && !phoneText && !email) problem('contactName', 'a contact person needs a phone number or an e-mail address');
  if (!contactName && (phoneText || email)) problem('contactName', 'is empty, but a phone number or e-mail address is given');
  if (contactName && (phone?.isValid() || email))
    contact = { key: `${employerKey}|${fold(contactName)}`, name: contactName, phone: phone?.isValid() ? phone.number : null, email };

  if (problems.length > before || 'problem' in sectors || !kind || !size || !postcode) return [];
  return [
    {
      row: row.row,
      employer: { key: employerKey, name, kvk: kvk ?? null, kind, size, sectors: sectors.value },
      site: { key: siteKey, name: row.get('siteName') || name, street, houseNumber, postcode, place, coordinates },
      placement,
      contact,
    },
  ];
}

/** Rows that say the same thing twice: the same placement, or the same site without a placement. */
export function duplicates(planned: PlannedRow[]): ImportProblem[] {
  const seen = new Map<string, number>();
  const problems: ImportProblem[] = [];
  for (const p of planned) {
    const key = p.placement?.key ?? `${p.site.key}|`;
    const first = seen.get(key);
    if (first !== undefined) problems.push({ row: p.row, column: p.placement ? 'title' : 'name', message: `duplicate of row ${first}` });
    else seen.set(key, p.row);
  }
  return problems;
}
