import { useId } from 'react';
import { useI18n } from '../i18n';

/** The employer's own cap on approaches a month, as the input holds it: '' for no cap. */
export const capText = (cap: number | null): string => (cap === null ? '' : String(cap));

/** The part of the listing's corrections for the cap: only when the employer changed it (null: no cap any more). */
export function capCorrection(text: string, before: number | null): { maxApproachesPerMonth?: number | null } {
  const cap = text.trim() === '' ? null : Number(text);
  return cap === before ? {} : { maxApproachesPerMonth: cap };
}

/** On the employer's own page: how many approaches by coaches a month it can handle. */
export function ListingApproachCap({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="card" data-testid="listing-approach-cap">
      <label htmlFor={id}>{t('listingApproachCap')}</label>{' '}
      <input id={id} type="number" min={1} max={100} value={value} aria-describedby={`${id}-help`} onChange={(e) => onChange(e.target.value)} />
      <p className="help" id={`${id}-help`}>
        {t('listingApproachCapHelp')}
      </p>
    </div>
  );
}
