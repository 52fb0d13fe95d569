import { useState } from 'react';
import { gql } from '../../api';
import { CheckboxGroup, FormProblem, useSubmit } from '../../components/Form';
import { useI18n } from '../../i18n';
import { valuesOf } from '../../labels';
import { may, useViewer } from '../../viewer';
import type { CardProps } from './employer.types';

const UPDATE_EMPLOYER = `mutation ($id: ID!, $input: UpdateEmployerInput!) { updateEmployer(id: $id, input: $input) { id tags } }`;
const UPDATE_PLACEMENT = `mutation ($id: ID!, $input: UpdatePlacementInput!) { updatePlacement(id: $id, input: $input) { id tags } }`;

/** One set of sub-sector tags: shown, and for network editors a checkbox list with a save button. */
function TagEditor({
  name,
  tags,
  editable,
  save,
  testId,
}: {
  name: string;
  tags: string[];
  editable: boolean;
  save: (tags: string[]) => Promise<unknown>;
  testId: string;
}) {
  const { t, label } = useI18n();
  const { problem, busy, submit } = useSubmit();
  const [editing, setEditing] = useState(false);
  const [chosen, setChosen] = useState(tags);
  return (
    <div data-testid={testId}>
      <p>
        <strong>{name}</strong>:{' '}
        <span className="tags">
          {tags.length === 0
            ? t('none')
            : tags.map((s) => (
                <span key={s} className="tag subsector" data-subsector={s}>
                  {label('subSector', s)}
                </span>
              ))}
        </span>{' '}
        {editable && !editing && (
          <button type="button" onClick={() => (setChosen(tags), setEditing(true))}>
            {t('editTags')}
          </button>
        )}
      </p>
      {editing && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit(async () => (await save(chosen), setEditing(false)));
          }}
        >
          <CheckboxGroup
            legend={`${t('subSectors')}: ${name}`}
            choices={valuesOf('subSector').map((value) => ({ value, label: label('subSector', value) }))}
            chosen={chosen}
            onChange={setChosen}
          />
          <FormProblem problem={problem} paths={[]} />
          <button type="submit" disabled={busy}>
            {t('save')}
          </button>{' '}
          <button type="button" onClick={() => setEditing(false)}>
            {t('cancel')}
          </button>
        </form>
      )}
    </div>
  );
}

/**
 * Sub-sector tags of the employer and of each of its placements: what matching offers as a close
 * alternative ("tuincentrum: verwant aan groen") and search filters by. A placement counts with its
 * own tags and its employer's.
 */
export function SubSectorsCard({ employer, reload }: CardProps) {
  const { t } = useI18n();
  const viewer = useViewer();
  const editable = may.editNetwork(viewer);
  const placements = employer.sites.flatMap((s) => s.placements);
  return (
    <section className="card" aria-labelledby="subsectors-heading">
      <h2 id="subsectors-heading">{t('subSectors')}</h2>
      <p className="help">{t('subSectorsHelp')}</p>
      <TagEditor
        key={`employer-${employer.tags.join()}`}
        name={t('employerTags')}
        tags={employer.tags}
        editable={editable}
        testId="employer-tags"
        save={async (tags) => (await gql(UPDATE_EMPLOYER, { id: employer.id, input: { tags } }), await reload())}
      />
      {placements.map((p) => (
        <TagEditor
          key={`${p.id}-${p.tags.join()}`}
          name={p.title}
          tags={p.tags}
          editable={editable}
          testId={`placement-tags-${p.id}`}
          save={async (tags) => (await gql(UPDATE_PLACEMENT, { id: p.id, input: { tags } }), await reload())}
        />
      ))}
    </section>
  );
}
