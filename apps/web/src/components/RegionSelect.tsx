import { useEffect, useState } from 'react';
import { gql } from '../api';

let regions: Promise<Array<{ code: string; name: string }>> | null = null;

/** The 35 labour-market regions, by name. */
export function RegionSelect({ value, onChange, label }: { value: string; onChange: (code: string) => void; label: string }) {
  const [options, setOptions] = useState<Array<{ code: string; name: string }>>([]);
  useEffect(() => {
    regions ??= gql<{ labourMarketRegions: Array<{ code: string; name: string }> }>(`{ labourMarketRegions { code name } }`).then((d) => d.labourMarketRegions);
    void regions.then(setOptions);
  }, []);
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((r) => (
          <option key={r.code} value={r.code}>
            {r.name}
          </option>
        ))}
      </select>
    </label>
  );
}
