/**
 * Charts as plain HTML: every bar carries its number in text, so they read out and print, and
 * need no chart library. A withheld figure (null, fewer than 5 students) shows as "<5", no bar.
 */

export interface Bar {
  label: string;
  value: number | null;
  /** How the number reads (e.g. "62%"); default the value. */
  display?: string;
}

export function BarList({ title, bars, testId, withheld = '<5', empty }: { title: string; bars: Bar[]; testId?: string; withheld?: string; empty?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      {bars.length === 0 && empty && <p className="help">{empty}</p>}
      <ul className="plain">
        {bars.map((b) => (
          <li key={b.label} className="bar-row">
            <span className="bar-label">{b.label}</span>
            <span className="bar-track" aria-hidden="true">
              <span className="bar-fill" style={{ width: `${((b.value ?? 0) / max) * 100}%` }} />
            </span>
            <span className="bar-value">{b.value === null ? withheld : (b.display ?? String(b.value))}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

export interface Segment {
  key: string;
  label: string;
  value: number | null;
}

/** One bar per row, split into segments (completed, ended early …), with a legend. */
export function StackedBars({ title, rows, testId }: { title: string; rows: Array<{ label: string; segments: Segment[] }>; testId?: string }) {
  const max = Math.max(1, ...rows.map((r) => r.segments.reduce((sum, s) => sum + (s.value ?? 0), 0)));
  const legend = rows[0]?.segments ?? [];
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <ul className="plain legend">
        {legend.map((s) => (
          <li key={s.key}>
            <span className={`swatch segment-${s.key}`} aria-hidden="true" /> {s.label}
          </li>
        ))}
      </ul>
      <ul className="plain">
        {rows.map((r) => (
          <li key={r.label} className="bar-row">
            <span className="bar-label">{r.label}</span>
            <span className="bar-track" aria-hidden="true">
              {r.segments.map((s) => (
                <span key={s.key} className={`bar-fill segment-${s.key}`} style={{ width: `${((s.value ?? 0) / max) * 100}%` }} />
              ))}
            </span>
            <span className="bar-value">{r.segments.map((s) => (s.value === null ? '<5' : String(s.value))).join(' / ')}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
