/** KvK (Chamber of Commerce) numbers have exactly 8 digits. */
export const KVK_NUMBER = /^\d{8}$/;

/** Crebo qualification codes have 5 digits (e.g. 25254 Assistent logistiek). */
export const CREBO_CODE = /^\d{5}$/;

/** Dutch postcode: four digits (no leading zero), optional space, two letters (not SA, SD, SS). */
const POSTCODE = /^([1-9]\d{3})\s?(?!SA|SD|SS)([A-Z]{2})$/;

/** Normalises "1234ab" and "1234 AB" to "1234 AB"; returns null when it is not a Dutch postcode. */
export function normalisePostcode(input: string): string | null {
  const match = POSTCODE.exec(input.trim().toUpperCase());
  return match ? `${match[1]} ${match[2]}` : null;
}
