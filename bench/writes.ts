import type { Client } from 'pg';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `perSecond` writes a second (10 unless said) to matched data anywhere in the country, until stopped; returns how many were made. */
export function writer(pg: Client, placements: string[], employers: string[], studentId: string, organisationId: string, userId: string, perSecond = 10) {
  let running = true;
  let made = 0;
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
  const ours: string[] = [];
  const writes = [
    () => pg.query(`UPDATE placement SET seats = 1 + floor(random() * 3)::int WHERE id = $1`, [pick(placements)]),
    () =>
      pg.query(
        `UPDATE employer SET status = CASE status WHEN 'ACTIVE' THEN 'PAUSED' ELSE 'ACTIVE' END,
                paused_until = CASE status WHEN 'ACTIVE' THEN current_date + 30 ELSE NULL END WHERE id = $1 AND status <> 'STOPPED'`,
        [pick(employers)],
      ),
    async () => {
      if (ours.length > 20) await pg.query(`DELETE FROM internship WHERE id = $1`, [ours.shift()]);
      const { rows } = await pg.query(
        `INSERT INTO internship (placement_id, student_id, organisation_id, start_date, end_date, status)
         VALUES ($1, $2, $3, current_date + 10, current_date + 100, 'AGREED') RETURNING id`,
        [pick(placements), studentId, organisationId],
      );
      ours.push(rows[0].id);
    },
    () =>
      pg.query(
        `INSERT INTO sbb_recognition (employer_id, leerbedrijf_id, crebo_codes, valid_from, set_by_user_id) VALUES ($1, 'bench', '{25180}', current_date, $2)`,
        [pick(employers), userId],
      ),
  ];
  const done = (async () => {
    for (let i = 0; running; i++) {
      const next = Date.now() + 1000 / perSecond;
      await writes[i % writes.length]();
      made++;
      await sleep(Math.max(0, next - Date.now()));
    }
    for (const id of ours) await pg.query(`DELETE FROM internship WHERE id = $1`, [id]);
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return made;
    },
  };
}
