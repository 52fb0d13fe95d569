import { ReactElement, SelectHTMLAttributes, cloneElement, useId, useState } from 'react';
import { ApiError, messageOf } from '../api';
import { useI18n } from '../i18n';
import { LabelKind, valuesOf } from '../labels';

/** A problem the API reported: its message, at the input it names (`extensions.field`). */
export interface Problem {
  field: string;
  message: string;
}

/**
 * Runs a change, keeping the API's problem (if any) for the form to show at its field.
 * `busy` is true while it runs, so a button cannot send twice.
 */
export function useSubmit(): { problem: Problem | null; busy: boolean; submit: (work: () => Promise<unknown>) => Promise<boolean>; clear: () => void } {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
      setProblem(null);
      return true;
    } catch (e) {
      setProblem({ field: e instanceof ApiError ? (e.field ?? '') : '', message: messageOf(e) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { problem, busy, submit, clear: () => setProblem(null) };
}

/**
 * A labelled input with its help and, when the API named this field (`path`, e.g. input.homePostcode),
 * the API's message right there, announced and linked to the input.
 */
export function Field({
  label,
  path,
  problem,
  help,
  children,
}: {
  label: string;
  path: string;
  problem: Problem | null;
  help?: string;
  children: ReactElement<Record<string, unknown>>;
}) {
  const id = useId();
  const invalid = problem?.field === path;
  const described = [help && `${id}-help`, invalid && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {help && (
        <small id={`${id}-help`} className="help">
          {help}
        </small>
      )}
      {cloneElement(children, { id, 'aria-invalid': invalid, 'aria-describedby': described })}
      {invalid && (
        <span id={`${id}-error`} className="error" role="alert" data-field={path}>
          {problem!.message}
        </span>
      )}
    </div>
  );
}

/** A problem no field of the form claims: shown at the form. */
export function FormProblem({ problem, paths }: { problem: Problem | null; paths: string[] }) {
  if (!problem || paths.includes(problem.field)) return null;
  return (
    <p role="alert" className="error">
      {problem.message}
    </p>
  );
}

/** A select of an enum's values by their names; `empty` adds a first option for none (value ""). */
export function EnumSelect({
  kind,
  value,
  onChange,
  empty,
  ...rest
}: { kind: LabelKind; value: string; onChange: (value: string) => void; empty?: string } & Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  'value' | 'onChange'
>) {
  const { label } = useI18n();
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} {...rest}>
      {empty !== undefined && <option value="">{empty}</option>}
      {valuesOf(kind).map((v) => (
        <option key={v} value={v}>
          {label(kind, v)}
        </option>
      ))}
    </select>
  );
}

export interface Choice {
  value: string;
  label: string;
  count?: number;
}

/** Checkboxes in a fieldset: several of a kind (sectors, days, constraints …), with counts when given. */
export function CheckboxGroup({
  legend,
  choices,
  chosen,
  onChange,
  name,
}: {
  legend: string;
  choices: Choice[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
  name?: string;
}) {
  const toggle = (value: string) => onChange(chosen.includes(value) ? chosen.filter((v) => v !== value) : [...chosen, value]);
  return (
    <fieldset className="choices" data-name={name}>
      <legend>{legend}</legend>
      {choices.map((c) => (
        <label key={c.value} className="choice" data-facet={c.value}>
          <input type="checkbox" checked={chosen.includes(c.value)} onChange={() => toggle(c.value)} />
          {c.label}
          {c.count !== undefined && ` (${c.count})`}
        </label>
      ))}
    </fieldset>
  );
}

/** A message from the API or the app: an alert for errors, a polite status otherwise. */
export function Message({ error, status }: { error?: string | null; status?: string | null }) {
  return (
    <>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {status && <p role="status">{status}</p>}
    </>
  );
}
