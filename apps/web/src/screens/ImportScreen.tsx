import { FormEvent, useState } from 'react';
import { ApiError, gql } from '../api';
import type { TextKey } from '../i18n';

interface Report {
  applied: boolean;
  rowCount: number;
  problems: Array<{ row: number | null; column: string | null; message: string }>;
  created: { employers: number; sites: number; placements: number; contacts: number };
}

const IMPORT = `mutation ($file: String!, $dryRun: Boolean!) { importEmployers(file: $file, dryRun: $dryRun) {
  applied rowCount problems { row column message } created { employers sites placements contacts } } }`;

const toBase64 = async (file: File) => {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
};

/** Import wizard: choose a CSV, see the dry-run report per row, then import (all rows or none). */
export function ImportScreen({ t }: { t: (key: TextKey) => string }) {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async (dryRun: boolean) => {
    if (!file) return;
    try {
      const data = await gql<{ importEmployers: Report }>(IMPORT, { file: await toBase64(file), dryRun });
      setReport(data.importEmployers);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const check = (event: FormEvent) => {
    event.preventDefault();
    void send(true);
  };
  const counts = report && `${report.created.employers} / ${report.created.sites} / ${report.created.placements} / ${report.created.contacts}`;
  return (
    <section>
      <h1>{t('import')}</h1>
      <form onSubmit={check} className="card">
        <label htmlFor="csv">{t('chooseFile')}</label> <input id="csv" type="file" accept=".csv,text/csv" onChange={(e) => (setFile(e.target.files?.[0] ?? null), setReport(null))} />
        <button type="submit" disabled={!file}>
          {t('checkFile')}
        </button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {report && (
        <div className="card" data-testid="import-report">
          {report.applied ? (
            <p role="status">
              {t('imported')}: {counts}
            </p>
          ) : report.problems.length === 0 ? (
            <>
              <p>
                {t('noProblems')} {t('willCreate')}: {counts}
              </p>
              <button type="button" onClick={() => void send(false)}>
                {t('importNow')}
              </button>
            </>
          ) : (
            <>
              <h2>{t('problems')}</h2>
              <p>{t('fixFirst')}</p>
              <table>
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
        </div>
      )}
    </section>
  );
}
