import { FormEvent, useId, useState } from 'react';
import { gql, messageOf } from '../api';
import { Message } from '../components/Form';
import { TextKey, useI18n } from '../i18n';
import { may, useViewer } from '../viewer';

interface Problem {
  row: number | null;
  column: string | null;
  message: string;
}
/** One row's plan: what each of its parts will do (CREATE, EXISTING …), by column. */
type Plan = { row: number } & Record<string, string | number | null>;
interface Report {
  applied: boolean;
  rowCount: number;
  encoding: string | null;
  problems: Problem[];
  rows: Plan[];
  summary: string;
}

/** The two imports: what they send and how their report reads. */
const KINDS = {
  employers: {
    text: 'importEmployers' as TextKey,
    columns: ['employer', 'site', 'placement', 'contact'] as TextKey[],
    query: `mutation ($file: String!, $dryRun: Boolean!) { importEmployers(file: $file, dryRun: $dryRun) {
      applied rowCount encoding problems { row column message } rows { row employer site placement contact } created { employers sites placements contacts } } }`,
    read: (data: Record<string, any>) => {
      const r = data.importEmployers;
      return { ...r, summary: `${r.created.employers} / ${r.created.sites} / ${r.created.placements} / ${r.created.contacts}` } as Report;
    },
  },
  recognitions: {
    text: 'importRecognitions' as TextKey,
    columns: ['recognition', 'borisFlag'] as TextKey[],
    query: `mutation ($file: String!, $dryRun: Boolean!) { importRecognitions(file: $file, dryRun: $dryRun) {
      applied rowCount encoding problems { row column message } rows { row recognition borisFlag } recognitionsCreated borisFlagsSet } }`,
    read: (data: Record<string, any>) => {
      const r = data.importRecognitions;
      return { ...r, summary: `${r.recognitionsCreated} / ${r.borisFlagsSet}` } as Report;
    },
  },
};

const toBase64 = async (file: File) => {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
};

/** Import wizard: choose a CSV, see the dry-run report per row (what happens, or what is wrong), then import all rows or none. */
export function ImportScreen() {
  const { t, label } = useI18n();
  const fileId = useId();
  const adviser = may.recognise(useViewer());
  const [kind, setKind] = useState<keyof typeof KINDS>('employers');
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    try {
      setReport(KINDS[kind].read(await gql(KINDS[kind].query, { file: await toBase64(file), dryRun })));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const check = (event: FormEvent) => {
    event.preventDefault();
    void send(true);
  };
  const columns = KINDS[kind].columns;
  return (
    <section>
      <h1>{t('import')}</h1>
      <form onSubmit={check} className="card">
        {adviser && (
          <fieldset className="choices">
            <legend>{t('importKind')}</legend>
            {(Object.keys(KINDS) as Array<keyof typeof KINDS>).map((k) => (
              <label key={k} className="choice">
                <input type="radio" name="kind" checked={kind === k} onChange={() => (setKind(k), setReport(null))} /> {t(KINDS[k].text)}
              </label>
            ))}
          </fieldset>
        )}
        <div className="field">
          <label htmlFor={fileId}>{t('chooseFile')}</label>
          <input id={fileId} type="file" accept=".csv,text/csv" onChange={(e) => (setFile(e.target.files?.[0] ?? null), setReport(null))} />
        </div>
        <button type="submit" disabled={!file || busy}>
          {t('checkFile')}
        </button>
      </form>
      <Message error={error} />
      {report && (
        <div className="card" data-testid="import-report">
          {report.applied ? (
            <p role="status">
              {t('imported')}: {report.summary}
            </p>
          ) : report.problems.length === 0 ? (
            <>
              <p>
                {t('noProblems')} {t('willCreate')}: {report.summary}
              </p>
              <button type="button" className="primary" disabled={busy} onClick={() => void send(false)}>
                {t('importNow')}
              </button>
            </>
          ) : (
            <>
              <h2>{t('problems')}</h2>
              <p>{t('fixFirst')}</p>
              <table className="list">
                <thead>
                  <tr>
                    <th scope="col">{t('row')}</th>
                    <th scope="col">{t('column')}</th>
                    <th scope="col" />
                  </tr>
                </thead>
                <tbody>
                  {report.problems.map((p, i) => (
                    <tr key={i} data-row={p.row ?? ''}>
                      <td>{p.row}</td>
                      <td>{p.column}</td>
                      <td>{p.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {report.rows.length > 0 && (
            <table className="list" data-testid="import-plan">
              <caption>{t('plan')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('row')}</th>
                  {columns.map((c) => (
                    <th key={c} scope="col">
                      {t(c)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.rows.map((r) => (
                  <tr key={r.row}>
                    <td>{r.row}</td>
                    {columns.map((c) => (
                      <td key={c}>{r[c] ? label('importAction', String(r[c])) : ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
