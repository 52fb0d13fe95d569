import { REGION_NAMES } from '@stagebank/domain';
import { useId } from 'react';

const REGIONS = Object.entries(REGION_NAMES).sort(([, a], [, b]) => a.localeCompare(b, 'nl'));

/** The 35 labour-market regions, by name. */
export function RegionSelect({ value, onChange, label }: { value: string; onChange: (code: string) => void; label: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {REGIONS.map(([code, name]) => (
          <option key={code} value={code}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}
