import { gql } from '../../api';
import { FormProblem, useSubmit } from '../../components/Form';
import { useI18n } from '../../i18n';
import { may, useViewer } from '../../viewer';
import type { CardProps, FlagVerification } from './employer.types';

const VERIFY_WHEELCHAIR = `mutation ($id: ID!, $ok: Boolean!) { verifyWheelchairAccess(id: $id, input: { wheelchairAccessible: $ok }) { id } }`;
const VERIFY_AUDIENCES = `mutation ($id: ID!, $audiences: [Audience!]!) { verifyAudienceSuitability(id: $id, input: { audiences: $audiences }) { id } }`;
const VERIFY_TRAINING = `mutation ($id: ID!, $trained: Boolean!) { verifySupervisorTraining(id: $id, input: { trained: $trained }) { id } }`;

/** One flag: its value, whether a coach checked it (who, when) or it is only declared, and a button for the coach who visited. */
function Flag({ what, flag, verify, testId }: { what: string; flag: FlagVerification; verify: (() => Promise<unknown>) | null; testId: string }) {
  const { t, date } = useI18n();
  const { problem, busy, submit } = useSubmit();
  const verified = flag.source === 'VERIFIED';
  return (
    <li data-testid={testId} data-source={flag.source}>
      {what}:{' '}
      <span className={verified ? 'tag verified' : 'tag declared'}>
        {verified
          ? `${t('flagVerified')} ${[flag.verifiedBy?.displayName, flag.verifiedAt && date(flag.verifiedAt)].filter(Boolean).join(', ')}`
          : t('flagDeclared')}
      </span>{' '}
      {verify && (
        <button type="button" disabled={busy} onClick={() => void submit(verify)}>
          {t('flagVerifyButton')}
        </button>
      )}
      <FormProblem problem={problem} paths={[]} />
    </li>
  );
}

/** Per site, supervisor and placement: the flags a coach can verify on a visit, and whether one did. */
export function FlagsCard({ employer, reload }: CardProps) {
  const { t, label } = useI18n();
  const viewer = useViewer();
  const can = may.editNetwork(viewer);
  const then = (work: () => Promise<unknown>) => (can ? async () => (await work(), await reload()) : null);
  return (
    <section className="card" aria-labelledby="flags-heading" data-testid="flags">
      <h2 id="flags-heading">{t('flagsHeading')}</h2>
      <p className="muted">{t('flagsIntro')}</p>
      {employer.sites.map((site) => (
        <div key={site.id}>
          <h3>{site.name}</h3>
          <ul>
            <Flag
              testId={`flag-wheelchair-${site.id}`}
              what={site.wheelchairAccessible ? t('wheelchairYes') : t('wheelchairNo')}
              flag={site.wheelchairAccess}
              verify={then(() => gql(VERIFY_WHEELCHAIR, { id: site.id, ok: site.wheelchairAccessible }))}
            />
            {site.supervisors.map((s) => (
              <Flag
                key={s.id}
                testId={`flag-training-${s.id}`}
                what={`${s.name ?? t('supervisors')}: ${s.trained ? t('trainedYes') : t('trainedNo')}`}
                flag={s.trainingVerification}
                verify={then(() => gql(VERIFY_TRAINING, { id: s.id, trained: s.trained }))}
              />
            ))}
            {site.placements.map((p) => (
              <Flag
                key={p.id}
                testId={`flag-audiences-${p.id}`}
                what={`${p.title}: ${t('suitableFor')} ${p.audiences.map((a) => label('audience', a)).join(', ')}`}
                flag={p.audienceSuitability}
                verify={then(() => gql(VERIFY_AUDIENCES, { id: p.id, audiences: p.audiences }))}
              />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
