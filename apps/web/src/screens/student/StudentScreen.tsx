import { useQuery } from '../../api';
import { Message } from '../../components/Form';
import { WhyNot } from '../../components/WhyNot';
import { useI18n } from '../../i18n';
import { INTERNSHIPS, Internships, StudentInternship } from './Internships';
import { Matches } from './Matches';
import { PROFILE_FIELDS, Profile, ProfileEditor } from './ProfileEditor';

/** One student: the profile, their internships, ranked placements with the why, and "why not this one?". */
export function StudentScreen({ id }: { id: string }) {
  const { t, label } = useI18n();
  const student = useQuery<{ studentProfile: Profile & { updatedAt: string } }>(
    `query ($id: ID!) { studentProfile(id: $id) { ${PROFILE_FIELDS} updatedAt } }`,
    { id },
    id,
  );
  const internships = useQuery<{ internships: { edges: Array<{ node: StudentInternship }> } }>(INTERNSHIPS, { id }, id);
  const profile = student.data?.studentProfile;
  if (!profile) return student.error ? <Message error={student.error} /> : <p>{t('loading')}</p>;
  return (
    <div className="student">
      <header className="page-header">
        <h1>
          {profile.code} <small>{profile.homePlace}</small>
        </h1>
        <p className="tags">
          {profile.sectorPreferences.map((s, i) => (
            <span key={s} className="tag">
              {i + 1}. {label('sector', s)}
            </span>
          ))}
          <span className="tag">
            {t('supportNeed')}: {label('supportLevel', profile.supportNeed)}
          </span>
          {profile.finalYear && <span className="tag">{t('finalYear')}</span>}
        </p>
      </header>
      <div className="student-grid">
        <div>
          {/* Keyed by the save time, so the editor starts from what was saved. */}
          <ProfileEditor key={profile.updatedAt} id={id} profile={profile} onSaved={() => void student.reload()} />
          <Internships internships={internships.data?.internships.edges.map((e) => e.node) ?? []} reload={internships.reload} />
          <WhyNot studentId={id} />
        </div>
        <Matches key={profile.updatedAt} studentId={id} availableFrom={profile.availableFrom} onAgreed={() => void internships.reload()} />
      </div>
    </div>
  );
}
